package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.LabAttempt;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every shipped lab, on a real lake: its solution passes every check; its starter fails with the fitting hint. */
class LabsSolveTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;

  private AppContext open() {
    return AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC());
  }

  @ParameterizedTest
  @ValueSource(strings = {"day-01-first-lake", "day-02-acid-writes", "day-08-time-travel", "day-17-cost-drivers"})
  void setupThenTheSolutionPassesEveryCheckAndMarksTheDayDone(String id) {
    try (AppContext ctx = open()) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require(id);
      labs.setup(lab);
      labs.run(lab, lab.solution());
      LabReport report = labs.check(lab);
      assertThat(report.results()).as(report.results().stream().map(CheckResult::line)
          .collect(Collectors.joining("\n"))).allMatch(CheckResult::passed);
      assertThat(report.passed()).isTrue();
      assertThat(report.hint()).isNull();
      assertThat(ctx.progress().day(lab.day()).state()).isEqualTo(DayState.DONE);
      assertThat(ctx.progress().labAttempts(id)).extracting(LabAttempt::kind)
          .contains(LabAttempt.Kind.SETUP, LabAttempt.Kind.RUN, LabAttempt.Kind.CHECK);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "day-01-first-lake   | There is no table lab01.orders yet",
      "day-02-acid-writes  | Only the seeded version of lab02.orders exists: nothing was appended yet",
      "day-08-time-travel  | lab08.orders has no column discount yet",
      "day-17-cost-drivers | lab17.orders still has its twelve small files"})
  void afterAResetTheStarterFailsWithTheFittingHint(String id, String hint) {
    try (AppContext ctx = open()) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require(id);
      labs.setup(lab);
      labs.run(lab, lab.solution());
      labs.reset(lab);
      List<StatementOutcome> ran = labs.run(lab, lab.starter());
      assertThat(ran).noneMatch(StatementOutcome::failed);
      LabReport report = labs.check(lab);
      assertThat(report.passed()).isFalse();
      assertThat(report.diagnosed()).isTrue();
      assertThat(report.hint()).startsWith(hint);
    }
  }
}
