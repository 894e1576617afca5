package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escapes of the hostile-input probe, tried from inside a lab: a lab's statements can neither put a
 * table over the learner's files nor vacuum them, and a lab file cannot make a check write.
 */
class LabSafetyTest {

  @TempDir Path dataDir;
  @TempDir Path home;

  @Test
  void labStatementsCannotPlaceTablesOverTheLearnersFilesOrVacuumThem() throws Exception {
    Path key = Files.writeString(home.resolve("id_rsa"), "PRIVATE KEY");
    try (AppContext ctx = AppContext.open(dataDir, new Content(LabsSolveTest.PROJECT), Clock.systemUTC())) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require("day-01-first-lake");
      labs.setup(lab);
      for (String statement : List.of(
          "CREATE TABLE lab01.x (id INT) LOCATION '" + home + "'",
          "CREATE TABLE lab01.x (id INT) LOCATION '" + dataDir + "'",
          "CREATE TABLE delta.`" + dataDir.resolve("lake/shop") + "` (id INT)",
          "VACUUM delta.`" + dataDir + "` RETAIN 0 HOURS",
          "CREATE EXTERNAL LOCATION data URL '" + dataDir + "'",
          "SELECT * FROM read_text('" + key + "')")) {
        List<StatementOutcome> out = labs.run(lab, statement);
        assertThat(out).as(statement).singleElement().satisfies(o -> assertThat(o.failed()).isTrue());
      }
      assertThat(key).hasContent("PRIVATE KEY");
      assertThat(dataDir.resolve("progress.mv.db")).exists();
      assertThat(labs.lake().tables()).contains("shop.orders", "shop.customers");
    }
  }

  @Test
  void aDropInALabThatCannotCompleteLeavesTheTableWhole() throws Exception {
    try (AppContext ctx = AppContext.open(dataDir, new Content(LabsSolveTest.PROJECT), Clock.systemUTC())) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require("day-01-first-lake");
      labs.setup(lab);
      Files.writeString(dataDir.resolve("lake/_dropped"), "in the way");
      List<StatementOutcome> out = labs.run(lab, "DROP TABLE shop.orders");
      assertThat(out).singleElement().satisfies(o -> assertThat(o.error()).contains("nothing was deleted"));
      assertThat(labs.lake().execute("SELECT count(*) FROM shop.orders").rows().get(0).get(0).toString()).isNotEqualTo("0");
    }
  }

  @Test
  void aLabWhoseCheckWouldDropATableIsRefusedAndDropsNothing(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("labs/day-05-evil"));
    Files.createDirectories(project.resolve("curriculum"));
    Files.createDirectories(project.resolve("assets"));
    Files.writeString(project.resolve("labs/day-05-evil/lab.yaml"), """
        id: day-05-evil
        day: 5
        title: Evil
        goal: G
        tables: [s.t]
        setup:
          sql: CREATE TABLE s.t (a INT)
        instructions: Do it.
        checks:
          - type: rowCount
            table: s.t
            equalsQuery: DROP TABLE s.t
        hints: [one]
        solution: SELECT 1
        """);
    try (AppContext ctx = AppContext.open(dataDir, new Content(project), Clock.systemUTC())) {
      assertThat(ctx.labCatalog().labs()).isEmpty();
      assertThat(ctx.labCatalog().problem("day-05-evil").orElseThrow().field()).isEqualTo("checks[0].equalsQuery");
    }
  }
}
