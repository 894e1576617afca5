package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.app.cli.WorkbenchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user scripts it: verbs, output, exit codes, one-line errors. */
class CliTest {

  @TempDir Path dataDir;

  record Run(int code, String out, String err) {}

  private final List<Path> opened = new ArrayList<>();

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    System.setProperty(Content.PROPERTY, System.getProperty("workbench.project.dir", "."));
    int code = WorkbenchCli.run(args, opened::add, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void progressJsonListsThirtyDaysWithTitleAndState() throws Exception {
    Run r = run("--data-dir", dataDir.toString(), "progress", "--json");
    assertThat(r.code()).isZero();
    JsonNode days = new ObjectMapper().readTree(r.out());
    assertThat(days).hasSize(30);
    assertThat(days.get(0).get("day").asInt()).isEqualTo(1);
    assertThat(days.get(1).get("title").asText()).isNotBlank();
    assertThat(days.get(1).get("state").asText()).isEqualTo("not started");
  }

  @Test
  void aNoteSetIsShownBackAndTheDataDirMayFollowTheVerb() {
    assertThat(run("note", "set", "3", "dbt models are SELECTs", "--data-dir", dataDir.toString()).code()).isZero();
    Run shown = run("--data-dir", dataDir.toString(), "note", "show", "3");
    assertThat(shown.code()).isZero();
    assertThat(shown.out()).isEqualTo("dbt models are SELECTs\n");
  }

  @Test
  void badInputExitsTwoWithOneLineAndNoStackTrace() {
    Run r = run("--data-dir", dataDir.toString(), "note", "show", "31");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: there is no day 31: the plan has days 1 to 30. Give a day between 1 and 30.");

    Run unknown = run("--data-dir", dataDir.toString(), "progess");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("progess").doesNotContain("\tat ");

    Run notANumber = run("--data-dir", dataDir.toString(), "note", "show", "two");
    assertThat(notANumber.code()).isEqualTo(2);
    assertThat(notANumber.err().lines().count()).isEqualTo(1);
  }

  @Test
  void noVerbOpensTheWorkbenchOnTheDataDir() {
    Run r = run("--data-dir", dataDir.toString());
    assertThat(r.code()).isZero();
    assertThat(opened).containsExactly(dataDir.toAbsolutePath().normalize());
  }

  @Test
  void theEnvironmentVariableSetsTheDataDirWhenTheOptionIsAbsent() {
    assertThat(DataDir.resolve(null, java.util.Map.of(DataDir.ENV, dataDir.toString()))).isEqualTo(dataDir.toAbsolutePath());
    assertThat(DataDir.resolve(Path.of("x"), java.util.Map.of(DataDir.ENV, "/elsewhere")).getFileName().toString()).isEqualTo("x");
  }
}
