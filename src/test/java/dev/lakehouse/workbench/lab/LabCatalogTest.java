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
        "day-01-first-lake", "day-02-acid-writes", "day-06-expectations", "day-08-time-travel", "day-12-drift",
        "day-17-cost-drivers", "day-23-anomalies", "day-24-contracts");
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
