package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration benchmark measures like with like: every run succeeds and both sides build the same days. */
class DagBenchmarkTest {

  @TempDir Path work;

  @Test
  void aShortBackfillSucceedsAndPrintsTheRatioAndTheOverheadPerTaskInstance() throws Exception {
    StringWriter text = new StringWriter();
    DagBenchmark.Result r = new DagBenchmark(work, new PrintWriter(text), 3).run();
    assertThat(r.failedRuns()).isZero();
    assertThat(r.revenueRows()).as("both sides built the same three days, once each").isEqualTo(3);
    assertThat(r.dagMs()).isPositive();
    assertThat(r.directMs()).isPositive();
    assertThat(r.ratio()).isEqualTo(r.dagMs() / r.directMs());
    assertThat(text.toString()).contains("backfill a 5-task DAG over 3 days, runs recorded (median of 3)",
        "scheduling overhead per task instance (15 per backfill)", "goal <= 1.5x", "goal <= 5 ms");
  }
}
