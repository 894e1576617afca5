package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.Launcher;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.pipeline.dag.DagBenchmark;
import dev.lakehouse.workbench.pipeline.dbt.DbtBenchmark;
import dev.lakehouse.workbench.quality.QualityBenchmark;
import dev.lakehouse.workbench.sql.SqlBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench [--work DIR]}: the lake benchmark, each number beside its baseline. Exit 1 if a goal is missed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the lake (bulk insert vs DuckDB alone, small commits, time travel, a cold sql process),"
        + " quality (a 20-expectation suite vs one hand-written query, a 90-day metrics backfill), dag (a 30-day backfill over an aged lake vs its"
        + " statements run directly), dbt (a 10-model 20-test build vs its compiled SQL run as a script; compiling 200 models)"
        + " and governance (the privilege check; a sharing query vs listing the snapshot locally).")
final class BenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--work", paramLabel = "DIR", description = "scratch folder (default: a new temp folder)")
  private Path work;

  @Option(names = "--only", paramLabel = "PART", description = "run one part: lake, quality, dag, dbt or governance (default: all)")
  private String only;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("lake-bench");
    if (only != null && !List.of("lake", "quality", "dag", "dbt", "governance").contains(only)) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "there is no bench part '" + only + "'",
          "the parts are lake, quality, dag, dbt and governance",
          "use --only lake, --only quality, --only dag, --only dbt or --only governance, or leave it out for all");
    }
    if ("governance".equals(only)) {
      return new dev.lakehouse.workbench.governance.GovernanceBenchmark(dir, spec.commandLine().getOut()).run()
          ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
    if ("dag".equals(only)) {
      return dag(dir) ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
    if ("dbt".equals(only)) {
      return new DbtBenchmark(dir, spec.commandLine().getOut()).run().met() ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
    if ("quality".equals(only)) {
      return quality(dir) ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cold = List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Launcher.class.getName());
    try {
      boolean ok = new SqlBenchmark(dir, spec.commandLine().getOut()).run(cold);
      if (only == null) {
        ok &= quality(dir);
        ok &= dag(dir);
        ok &= new DbtBenchmark(dir, spec.commandLine().getOut()).run().met();
        ok &= new dev.lakehouse.workbench.governance.GovernanceBenchmark(dir, spec.commandLine().getOut()).run();
      }
      return ok ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    } catch (WorkbenchException e) {
      throw e;
    }
  }

  /**
   * A 30-day backfill of a five-task DAG over a lake the shop's feed aged (5 seeded days, then the
   * feed's days 6 to 35 with their incidents), against the same statements run directly.
   */
  private boolean dag(Path dir) throws Exception {
    Path aged = dir.resolve("dag-aged-lake");
    if (Files.isDirectory(aged)) { // a fresh lake each time: the feed lands where it stands, so an old lake would age further
      try (var walk = Files.walk(aged)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    age(aged, 20);
    return DagBenchmark.overAgedLake(aged, spec.commandLine().getOut(), java.time.LocalDate.of(2024, 3, 6), 30).run().met();
  }

  /** A data folder whose {@code shop.orders} the feed aged: day 6's lab set up (days 1 to 15), then {@code days} more. */
  private static Path age(Path aged, int days) throws Exception {
    Files.createDirectories(aged);
    java.io.StringWriter log = new java.io.StringWriter();
    for (String[] args : new String[][] {{"lab", "setup", "day-06-expectations"}, {"shop", "advance", "--days", String.valueOf(days)}}) {
      String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--data-dir", aged.toString()),
          java.util.Arrays.stream(args)).toArray(String[]::new);
      if (WorkbenchCli.run(all, d -> { }, new java.io.PrintWriter(log), new java.io.PrintWriter(log)) != WorkbenchCli.OK) {
        throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "cannot age the bench lake: " + log.toString().strip(),
            "the shop's feed did not land", "run 'shop advance --days " + days + "' on a lab's data folder to see why");
      }
    }
    return aged;
  }

  /** The suite comparison, then a metrics backfill over a lake aged 90 days by the shop's feed. */
  private boolean quality(Path dir) throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    QualityBenchmark bench = new QualityBenchmark(dir, out);
    boolean ok = bench.run();
    Path aged = age(dir.resolve("aged-lake"), 90);
    try (dev.lakehouse.workbench.lake.Lake lake = dev.lakehouse.workbench.lake.Lake.open(aged)) {
      ok &= bench.backfill(lake, dev.lakehouse.workbench.lake.TableId.parse("shop.orders"), "order_date");
    }
    return ok;
  }
}
