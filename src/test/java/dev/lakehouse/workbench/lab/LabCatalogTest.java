package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCatalogTest {

  static final Path LABS = Path.of(System.getProperty("workbench.project.dir", ".")).resolve("labs");

  @TempDir Path dir;

  @Test
  void theShippedLabsAllLoadWithoutProblems() {
    LabCatalog catalog = LabCatalog.load(LABS);
    assertThat(catalog.problems()).isEmpty();
    assertThat(catalog.labs()).extracting(LabDefinition::id).containsExactly(
        "day-01-first-lake", "day-01-stack-diagram", "day-02-acid-writes", "day-03-dbt-project",
        "day-04-airflow-dag", "day-05-access-control", "day-06-expectations", "day-07-pipeline-map",
        "day-08-time-travel", "day-09-dbt-macros-tests", "day-10-airflow-operator", "day-11-lineage-audit",
        "day-12-drift", "day-13-dbt-ci", "day-14-reproducible-snapshot", "day-15-databricks-job",
        "day-16-pipeline-health", "day-17-cost-drivers", "day-18-cloud-portability", "day-19-iceberg-beside-delta",
        "day-20-delta-sharing", "day-21-production-readiness", "day-22-observability", "day-23-anomalies",
        "day-24-contracts", "day-25-contribution-card", "day-26-research-brief", "day-27-brand-kit",
        "day-28-month-recap", "day-29-month-two-plan", "day-30-reflection");
    LabDefinition day2 = catalog.forDay(2).orElseThrow();
    assertThat(day2.tables()).containsExactly("lab02.orders", "lab02.scratch");
    assertThat(day2.checks()).extracting(Check::id).contains("appended", "one-version", "failed-write");
    assertThat(day2.hints()).hasSize(3);
  }

  @Test
  void aBadLabIsReportedWithFileAndFieldWhileTheOthersLoad() throws IOException {
    write("day-03-good", LAB.replace("ID", "day-03-good").replace("DAY", "3"));
    write("day-04-bad", LAB.replace("ID", "day-04-bad").replace("DAY", "4").replace("type: tableExists", "type: tableExist"));
    LabCatalog catalog = LabCatalog.load(dir);
    assertThat(catalog.labs()).extracting(LabDefinition::id).containsExactly("day-03-good");
    assertThat(catalog.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(dir.resolve("day-04-bad/lab.yaml"));
      assertThat(p.field()).isEqualTo("checks[0].type");
      assertThat(p.message()).contains("one of tableExists, versionCount").contains("not 'tableExist'");
    });
    assertThatThrownBy(() -> catalog.require("day-04-bad"))
        .isInstanceOf(WorkbenchException.class)
        .hasMessageContaining("lab day-04-bad cannot be loaded")
        .hasMessageContaining("checks[0].type");
  }

  @Test
  void missingFieldsWrongTypesAndAMismatchedDayAreNamed() throws IOException {
    String good = LAB.replace("ID", "day-05-x").replace("DAY", "5");
    assertThat(problem(good.replace("title: T\n", ""))).isEqualTo("title: a value: the field is missing");
    assertThat(problem(good.replace("day: 5", "day: five"))).isEqualTo("day: a whole number, not 'five'");
    assertThat(problem(good.replace("day: 5", "day: 6"))).startsWith("day: the day number in the id (5)");
    assertThat(problem(good.replace("table: s.t", "table: t"))).isEqualTo("checks[0].table: a table name written schema.name, not 't'");
    assertThat(problem(good + "colour: red\n")).startsWith("colour: an unknown field");
    assertThat(problem("id: [unclosed")).startsWith(": not valid YAML");
  }

  @Test
  void asksForAnUnknownLabNameTheLabsThereAre() {
    LabCatalog catalog = LabCatalog.load(LABS);
    assertThatThrownBy(() -> catalog.require("day-99-nope"))
        .hasMessageContaining("no lab day-99-nope").hasMessageContaining("day-02-acid-writes");
  }

  @Test
  void aCheckQueryThatWouldChangeTheLakeIsRefusedWhenTheLabLoads() throws IOException {
    String good = LAB.replace("ID", "day-05-x").replace("DAY", "5");
    String rowCount = good.replace("""
        - type: tableExists
            table: s.t""", """
        - type: rowCount
            table: s.t
            equalsQuery: QUERY""");
    assertThat(problem(rowCount.replace("QUERY", "DROP TABLE shop.products")))
        .isEqualTo("checks[0].equalsQuery: one read-only query (SELECT ...): checks never change the lake");
    assertThat(problem(rowCount.replace("QUERY", "SELECT 1; DELETE FROM s.t"))).startsWith("checks[0].equalsQuery: one read-only query");
    String query = good.replace("""
        - type: tableExists
            table: s.t""", """
        - type: query
            sql: SELECT 1
            expectedQuery: QUERY""");
    assertThat(problem(query.replace("QUERY", "INSERT INTO s.t VALUES (1)"))).startsWith("checks[0].expectedQuery: one read-only query");
    assertThat(problem(query.replace("sql: SELECT 1", "sql: VACUUM s.t").replace("QUERY", "SELECT 1")))
        .startsWith("checks[0].sql: one read-only query");
    assertThat(LabCatalog.load(dir).labs()).isEmpty();
  }

  @Test
  void generatorSizesALaptopCannotHoldAreRefusedWhenTheLabLoads() throws IOException {
    String good = LAB.replace("ID", "day-05-x").replace("DAY", "5").replace("""
        setup:
        """, """
        setup:
          shop: {seed: 1, days: DAYS, ordersPerDay: 100}
        """);
    assertThat(problem(good.replace("DAYS", "1000000"))).isEqualTo("setup.shop.days: at most 366 (it is 1,000,000)");
    assertThat(problem(good.replace("DAYS", "10000000000"))).startsWith("setup.shop.days: a whole number");
    assertThat(problem(good.replace("DAYS", "300").replace("ordersPerDay: 100", "ordersPerDay: 20000")))
        .startsWith("setup.shop.ordersPerDay: at most 2,000,000 orders in all");
  }

  @Test
  void aLabFileThatIsAFolderOrNotUtf8IsReportedNotDropped() throws IOException {
    Files.createDirectories(dir.resolve("day-05-x/lab.yaml"));
    Files.createDirectories(dir.resolve("day-06-y"));
    Files.write(dir.resolve("day-06-y/lab.yaml"), new byte[] {'i', 'd', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    LabCatalog catalog = LabCatalog.load(dir);
    assertThat(catalog.problems()).hasSize(2);
    assertThat(catalog.problem("day-05-x").orElseThrow().expected()).contains("this one is a folder");
    assertThat(catalog.problem("day-06-y").orElseThrow().expected()).contains("not UTF-8").doesNotContain("Input length");
  }

  private String problem(String text) throws IOException {
    Path folder = dir.resolve("day-05-x");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("lab.yaml"), text);
    LabProblem p = LabCatalog.load(dir).problems().get(0);
    return p.field() + ": " + p.expected();
  }

  private void write(String id, String text) throws IOException {
    Files.createDirectories(dir.resolve(id));
    Files.writeString(dir.resolve(id).resolve("lab.yaml"), text);
  }

  static final String LAB = """
      id: ID
      day: DAY
      title: T
      goal: G
      tables: [s.t]
      setup:
        sql: CREATE TABLE s.t (a INT)
      instructions: Do it.
      checks:
        - type: tableExists
          table: s.t
      hints: [one]
      solution: SELECT 1
      """;
}
