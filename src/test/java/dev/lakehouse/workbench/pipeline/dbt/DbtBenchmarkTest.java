package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dbt benchmark measures like with like: the script is the build's own statements, and every node passes. */
class DbtBenchmarkTest {

  @TempDir Path work;

  @Test
  void aSmallRunBuildsEveryNodeAndComparesWithItsOwnStatements() throws Exception {
    StringWriter text = new StringWriter();
    DbtBenchmark.Result r = new DbtBenchmark(work, new PrintWriter(text), 2_000, 20).run();
    assertThat(r.failedNodes()).isZero();
    // 7 tables and 3 views built, 20 tests run: 30 statements, each in the script
    assertThat(r.statements()).isEqualTo(30);
    String script = Files.readString(work.resolve("dbt-bench-compiled.sql"));
    assertThat(script).contains("CREATE OR REPLACE TABLE bench_dbt.top_customers AS", "cast(round(amount * 100) as bigint)")
        .doesNotContain("{{");
    assertThat(r.ratio()).isEqualTo(r.buildMs() / r.directMs());
    assertThat(r.compiledModels()).isEqualTo(20);
    assertThat(work.resolve("dbt-bench-200/target/compiled/bench_compile/models/g00/m19.sql")).exists();
    assertThat(text.toString()).contains("dbt build of 10 models and 20 tests (median of 3)", "goal <= 1.5x",
        "dbt compile of 20 models, warm (median of 3)", "goal <= 1000 ms");
  }
}
