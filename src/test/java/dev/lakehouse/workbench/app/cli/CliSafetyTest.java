package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.Content;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's destructive cases through the command line: a check that would drop, a drop that fails. */
class CliSafetyTest {

  @TempDir Path dataDir;
  @TempDir Path project;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = WorkbenchCli.run(all, p -> { }, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @AfterEach
  void restoreContent() {
    System.setProperty(Content.PROPERTY, System.getProperty("workbench.project.dir", "."));
  }

  @Test
  void aLabWhoseCheckWouldDropATableCannotBeCheckedAndDropsNothing() throws Exception {
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
          - type: query
            sql: SELECT 1
            expectedQuery: DROP TABLE shop.products
        hints: [one]
        solution: SELECT 1
        """);
    System.setProperty(Content.PROPERTY, project.toString());
    assertThat(run("sql", "CREATE TABLE shop.products (id INT)").code()).isZero();
    Run r = run("lab", "check", "day-05-evil");
    assertThat(r.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(r.err().strip()).contains("day-05-evil").contains("checks[0].expectedQuery").doesNotContain("\n");
    assertThat(run("sql", "SELECT count(*) FROM shop.products").code()).isZero();
  }

  @Test
  void aDropThatCannotCompleteLeavesTheTableWhole() throws Exception {
    assertThat(run("sql", "CREATE TABLE s.t (id INT); INSERT INTO s.t VALUES (1), (2)").code()).isZero();
    Files.writeString(dataDir.resolve("lake/_dropped"), "in the way");
    Run r = run("sql", "DROP TABLE s.t");
    assertThat(r.code()).isEqualTo(WorkbenchCli.FAILURE);
    assertThat(r.err().strip()).contains("nothing was deleted").doesNotContain("\n");
    Run count = run("sql", "--format", "csv", "SELECT count(*) FROM s.t");
    assertThat(count.out()).contains("\n2\n");
  }
}
