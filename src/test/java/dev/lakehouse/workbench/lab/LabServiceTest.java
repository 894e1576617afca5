package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.LabAttempt;
import dev.lakehouse.workbench.progress.ProgressEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabServiceTest {

  @TempDir Path dataDir;

  @Test
  void anOverwriteInsteadOfAnAppendIsDiagnosedAndResetRestoresKeepingTheAttemptInHistory() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(LabsSolveTest.PROJECT), Clock.systemUTC())) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require("day-02-acid-writes");
      assertThatThrownBy(() -> labs.check(lab)).hasMessageContaining("Run 'lab setup day-02-acid-writes'");
      labs.setup(lab);

      labs.run(lab, "INSERT OVERWRITE lab02.orders SELECT * FROM shop.orders_day_6");
      LabReport report = labs.check(lab);
      assertThat(report.passed()).isFalse();
      assertThat(report.hint()).startsWith("Your new version of lab02.orders is an overwrite, not an append");
      assertThat(report.results()).filteredOn(r -> r.id().equals("rows")).singleElement()
          .satisfies(r -> assertThat(r.line()).isEqualTo(
              "FAIL lab02.orders holds days 1 to 6: expected 120 rows, found 20 rows"));

      labs.reset(lab);
      assertThat(labs.lake().history("lab02.orders")).extracting(LabLake.Version::operation)
          .containsExactly("RESTORE", "WRITE", "CREATE TABLE AS SELECT");
      assertThat(labs.lake().execute("SELECT count(*) FROM lab02.orders").rows().get(0).get(0).toString())
          .isEqualTo("100");
      // the overwrite before the reset no longer counts: the learner starts over
      assertThat(labs.check(lab).hint()).startsWith("Only the seeded version of lab02.orders exists");
      assertThat(ctx.progress().day(2).state()).isEqualTo(DayState.IN_PROGRESS);
      assertThat(ctx.progress().events(Instant.EPOCH)).extracting(ProgressEvent::kind).contains(LabService.CHECKED_EVENT);
    }
  }

  @Test
  void generalHintsEscalateAndTheSolutionRequestIsRecorded() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(LabsSolveTest.PROJECT), Clock.systemUTC())) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require("day-01-first-lake");
      labs.setup(lab);
      labs.run(lab, "CREATE TABLE lab01.orders AS SELECT * FROM shop.orders LIMIT 3");
      // a diagnosed state: rows missing
      assertThat(labs.hint(lab)).startsWith("lab01.orders does not have every order");
      labs.run(lab, "DROP TABLE lab01.orders");
      labs.run(lab, "CREATE TABLE lab01.orders AS SELECT * FROM shop.orders");
      assertThat(labs.check(lab).passed()).isTrue();
      assertThat(labs.solution(lab)).contains("CREATE TABLE lab01.orders AS SELECT");
      assertThat(ctx.progress().labAttempts(lab.id())).filteredOn(a -> a.kind() == LabAttempt.Kind.SOLUTION)
          .singleElement().satisfies(a -> assertThat(a.detail()).isEqualTo("after passing"));
      assertThat(ctx.progress().day(1).state()).isEqualTo(DayState.DONE);
    }
  }

  @Test
  void askingAgainGivesTheNextHintNeverTheSameOneTwice() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(LabsSolveTest.PROJECT), Clock.systemUTC())) {
      LabService labs = ctx.labs();
      LabDefinition lab = ctx.labCatalog().require("day-02-acid-writes");
      labs.setup(lab);
      String first = labs.hint(lab);
      assertThat(first).startsWith("Only the seeded version of lab02.orders exists");
      String second = labs.hint(lab);
      assertThat(second).isNotEqualTo(first).isEqualTo(lab.hints().get(0));
      assertThat(labs.hint(lab)).isEqualTo(lab.hints().get(1));
      assertThat(labs.hint(lab)).isEqualTo(lab.hints().get(2));
      assertThat(labs.hint(lab)).startsWith(lab.hints().get(2)).endsWith("Solution shows a worked answer.)");
      labs.reset(lab);
      assertThat(labs.hint(lab)).isEqualTo(first);
    }
  }
}
