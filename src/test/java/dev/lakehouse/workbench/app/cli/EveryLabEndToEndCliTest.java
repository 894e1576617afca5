package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lab in {@code labs/}, as a script would verify it from the command line: set up, the check
 * fails, the applied solution makes it pass without marking the day done, reset brings back the
 * failing state. A lab added later is covered without touching this test.
 */
class EveryLabEndToEndCliTest {

  static final String PROJECT = CliRun.PROJECT;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  static List<String> labs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(PROJECT, "labs"))) {
      return s.filter(p -> Files.isRegularFile(p.resolve("lab.yaml"))).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("labs")
  void setupFailsTheCheckTheAppliedSolutionPassesItResetFailsItAgain(String id) throws Exception {
    // a month's learner has notes; day 30's reference reflection quotes the one of day 2
    assertThat(run("note", "set", "2", "Today I learned that a failed write commits nothing at all.").code()).isZero();
    CliRun setup = run("lab", "setup", id);
    assertThat(setup.code()).as(setup.err()).isZero();
    CliRun before = run("lab", "check", id, "--json");
    assertThat(before.code()).as("a fresh lab is not done yet: " + before.out() + before.err()).isEqualTo(1);

    CliRun applied = run("lab", "solution", id, "--apply");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.err()).isEmpty();
    CliRun after = run("lab", "check", id, "--json");
    assertThat(after.code()).as(after.out() + after.err()).isZero();
    JsonNode report = JSON.readTree(after.out());
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("solutionApplied").asBoolean()).isTrue();
    CliRun plain = run("lab", "check", id);
    assertThat(plain.out()).contains("applied reference solution").doesNotContain("day marked done");
    int day = Integer.parseInt(id.substring(4, 6));
    JsonNode days = JSON.readTree(run("progress", "--json").out());
    assertThat(days.get(day - 1).path("day").asInt()).isEqualTo(day);
    assertThat(days.get(day - 1).path("state").asText()).as("the applied solution never marks the day done").isNotEqualTo("done");

    CliRun reset = run("lab", "reset", id, "--yes");
    assertThat(reset.code()).as(reset.err()).isZero();
    CliRun again = run("lab", "check", id, "--json");
    assertThat(again.code()).as("after reset the lab is back at its start: " + again.out()).isEqualTo(1);
  }
}
