package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.Checkpoint;
import dev.lakehouse.workbench.quality.DriftAnalyzer;
import dev.lakehouse.workbench.quality.DriftReport;
import dev.lakehouse.workbench.quality.DriftSpec;
import dev.lakehouse.workbench.quality.ExpectationResult;
import dev.lakehouse.workbench.quality.ExpectationSuite;
import dev.lakehouse.workbench.quality.Profiler;
import dev.lakehouse.workbench.quality.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quality validate|drift|profile}: data quality checks on the lake, headless. */
@Command(name = "quality", mixinStandardHelpOptions = true,
    description = "Data quality on the lake: validate an expectation suite, measure drift, profile a table.",
    subcommands = {QualityCommand.Validate.class, QualityCommand.Drift.class, QualityCommand.Profile.class,
        QualityCommand.Metrics.class, QualityCommand.Anomalies.class, QualityCommand.Contract.class,
        QualityCommand.Observe.class, QualityCommand.Monitor.class})
final class QualityCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return WorkbenchCli.BAD_INPUT;
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Validate a table against a suite (GX JSON); exit 1 when a critical expectation fails with --action fail.")
  static final class Validate implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUITE", description = "the suite, GX 1.x or 0.x JSON") private Path suite;

    @Parameters(index = "1", paramLabel = "TABLE", description = "schema.name") private String table;

    @Option(names = "--version", paramLabel = "N", description = "validate this version (default: the latest)") private Long version;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "fail",
        description = "fail (exit 1 on a critical failure), warn, or quarantine (copy failed rows, then pass)")
    private String action;

    @Option(names = "--quarantine-table", paramLabel = "TABLE", description = "where quarantined rows go (default quality.<schema>_<name>_quarantine)")
    private String quarantine;

    @Option(names = "--no-record", description = "do not append the results to quality.validation_results") private boolean noRecord;

    @Option(names = "--json", description = "Print the GX-shaped validation result.") private boolean json;

    @Override
    public Integer call() throws Exception {
      AppContext ctx = WorkbenchCli.context(spec);
      Checkpoint.Action a;
      try {
        a = Checkpoint.Action.valueOf(action.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new dev.lakehouse.workbench.common.WorkbenchException(dev.lakehouse.workbench.common.WorkbenchException.Kind.BAD_INPUT,
            "there is no action '" + action + "'", "a checkpoint fails, warns or quarantines", "use --action fail, warn or quarantine");
      }
      Checkpoint cp = new Checkpoint("cli", ExpectationSuite.read(suite), TableId.parse(table), version, a,
          quarantine == null ? null : TableId.parse(quarantine), !noRecord);
      Checkpoint.Outcome o = cp.run(new Validator(ctx.lake(), ctx.clock()));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode n = o.validation().toJson(JSON);
        ObjectNode c = n.putObject("checkpoint");
        c.put("action", a.name().toLowerCase(Locale.ROOT));
        c.put("passed", o.passed());
        c.put("quarantined", o.quarantined());
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      } else {
        o.validation().results().forEach(r -> out.println(r.line()));
        out.printf(Locale.ROOT, "%d of %d expectations met (%.1f%%) on %s version %d%s%n", o.validation().successful(),
            o.validation().results().size(), o.validation().successPercent(), o.validation().table(), o.validation().version(),
            o.resultsVersion() == null ? "" : "; results in " + Validator.RESULTS + " version " + o.resultsVersion());
        if (a == Checkpoint.Action.QUARANTINE) {
          out.println(o.quarantined() + " failed rows quarantined");
        }
        if (!o.passed()) {
          out.println("checkpoint failed: a critical expectation is not met");
        }
      }
      return o.passed() ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "drift", mixinStandardHelpOptions = true,
      description = "Compare the newest batch with a reference (settings in YAML); exit 1 when a column drifts.")
  static final class Drift implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SETTINGS", description = "drift settings (YAML)") private Path settings;

    @Option(names = "--version", paramLabel = "N", description = "the newest batch as of this version (default: the latest)") private Long version;

    @Option(names = "--no-record", description = "do not append to quality.drift_history") private boolean noRecord;

    @Option(names = "--json", description = "Print {table, reference, current, verdict, columns: [...]}.") private boolean json;

    @Override
    public Integer call() throws Exception {
      AppContext ctx = WorkbenchCli.context(spec);
      DriftAnalyzer analyzer = new DriftAnalyzer(ctx.lake(), ctx.clock());
      DriftReport r = analyzer.analyze(DriftSpec.read(settings), version == null ? TimeTravel.LATEST : TimeTravel.version(version));
      Long recorded = noRecord ? null : analyzer.record(r);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode n = JSON.createObjectNode();
        n.put("table", r.table());
        n.put("version", r.version());
        n.put("reference", r.reference());
        n.put("current", r.current());
        n.put("referenceRows", r.referenceRows());
        n.put("currentRows", r.currentRows());
        n.put("verdict", r.verdict());
        ArrayNode cols = n.putArray("columns");
        for (DriftReport.ColumnDrift c : r.columns()) {
          ObjectNode o = cols.addObject();
          o.put("column", c.column());
          o.put("kind", c.kind());
          o.put("psi", c.psi());
          if (c.ksStatistic() != null) {
            o.put("ksStatistic", c.ksStatistic());
          }
          o.put("pValue", c.pValue());
          o.put("referenceNullRate", c.referenceNullRate());
          o.put("currentNullRate", c.currentNullRate());
          o.put("referenceDistinct", c.referenceDistinct());
          o.put("currentDistinct", c.currentDistinct());
          o.put("drifted", c.drifted());
          o.set("reasons", JSON.valueToTree(c.reasons()));
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      } else {
        out.println(r.table() + ": " + r.current() + " (" + r.currentRows() + " rows) against " + r.reference() + " ("
            + r.referenceRows() + " rows)");
        for (DriftReport.ColumnDrift c : r.columns()) {
          out.printf(Locale.ROOT, "%-6s %-14s PSI %.3f  p %.3g  nulls %.1f%% -> %.1f%%%s%n", c.drifted() ? "DRIFT" : "ok",
              c.column(), c.psi(), c.pValue(), 100 * c.referenceNullRate(), 100 * c.currentNullRate(),
              c.reasons().isEmpty() ? "" : "  (" + String.join("; ", c.reasons()) + ")");
        }
        out.println("verdict: " + r.verdict() + (recorded == null ? "" : "; kept in " + DriftAnalyzer.HISTORY + " version " + recorded));
      }
      return r.drifted() ? WorkbenchCli.CHECK_FAILED : WorkbenchCli.OK;
    }
  }

  @Command(name = "profile", mixinStandardHelpOptions = true, description = "Profile a table: per column nulls, distinct values, min, max, mean.")
  static final class Profile implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE") private String table;

    @Option(names = "--version", paramLabel = "N") private Long version;

    @Option(names = "--json", description = "Print {table, version, rows, columns: [...]}.") private boolean json;

    @Override
    public Integer call() throws Exception {
      Profiler.Profile p = new Profiler(WorkbenchCli.context(spec).lake())
          .profile(TableId.parse(table), version == null ? TimeTravel.LATEST : TimeTravel.version(version));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p));
      } else {
        out.println(p.table() + " version " + p.version() + ": " + p.rows() + " rows");
        for (Profiler.ColumnProfile c : p.columns()) {
          out.printf(Locale.ROOT, "%-16s %-14s nulls %5.1f%%  distinct %-6d min %-12s max %-12s%s%n", c.column(), c.type(),
              c.nullPercent(), c.distinct(), c.min(), c.max(), c.mean() == null ? "" : String.format(Locale.ROOT, " mean %.3f", c.mean()));
        }
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "metrics", mixinStandardHelpOptions = true,
      description = "Daily metrics of a table by a date column (row count, null rates, means), kept in quality.metrics.")
  static final class Metrics implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE") private String table;

    @Option(names = "--batch-column", paramLabel = "COLUMN", required = true, description = "the date column that names each day's batch")
    private String column;

    @Option(names = "--no-record", description = "do not write quality.metrics") private boolean noRecord;

    @Option(names = "--json", description = "Print {table, version, days: {date: {metric: value}}}.") private boolean json;

    @Override
    public Integer call() throws Exception {
      AppContext ctx = WorkbenchCli.context(spec);
      dev.lakehouse.workbench.quality.DailyMetrics m = new dev.lakehouse.workbench.quality.DailyMetrics(ctx.lake());
      dev.lakehouse.workbench.quality.DailyMetrics.Series s = m.compute(TableId.parse(table), column, TimeTravel.LATEST);
      Long v = noRecord ? null : m.record(s);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
        return WorkbenchCli.OK;
      }
      List<String> names = s.names();
      out.println("day        " + String.join("  ", names));
      s.days().forEach((d, row) -> out.println(d + " " + names.stream().map(n -> row.get(n) == null ? "-"
          : String.format(Locale.ROOT, "%.3f", row.get(n))).collect(java.util.stream.Collectors.joining("  "))));
      if (v != null) {
        out.println(s.days().size() + " days kept in " + dev.lakehouse.workbench.quality.DailyMetrics.TABLE + " version " + v);
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "anomalies", mixinStandardHelpOptions = true,
      description = "Run anomaly detector settings (YAML) over a table's daily metrics; exit 1 when a day is flagged.")
  static final class Anomalies implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SETTINGS") private Path settings;

    @Option(names = "--json", description = "Print [{day, metric, observed, low, high, score, version, operation, committedAt}].")
    private boolean json;

    @Override
    public Integer call() throws Exception {
      List<dev.lakehouse.workbench.quality.AnomalyDetector.Alert> alerts =
          new dev.lakehouse.workbench.quality.AnomalyDetector(WorkbenchCli.context(spec).lake())
              .detect(dev.lakehouse.workbench.quality.DetectorSpec.read(settings));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ArrayNode a = JSON.createArrayNode();
        for (var x : alerts) {
          ObjectNode o = a.addObject();
          o.put("day", x.day().toString());
          o.put("metric", x.metric());
          o.put("observed", x.observed());
          o.put("low", x.low());
          o.put("high", x.high());
          o.put("score", x.score());
          if (x.version() != null) {
            o.put("version", x.version());
            o.put("operation", x.operation());
            o.put("committedAt", String.valueOf(x.committedAt()));
          }
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      } else {
        alerts.forEach(a -> out.println(a.line()));
        out.println(alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s") + " on "
            + alerts.stream().map(a -> a.day()).distinct().count() + " days");
      }
      return alerts.isEmpty() ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "monitor", mixinStandardHelpOptions = true,
      description = "Run observability monitors (YAML: freshness, volume, schema per table) commit by commit over each"
          + " table's history; exit 1 when one alerts. A relative SETTINGS path not found here is read from the data folder.")
  static final class Monitor implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SETTINGS") private Path settings;

    @Option(names = "--json", description = "Print [{table, alerts: [{day, monitor, version, committedAt, detail}],"
        + " observations: [{version, committedAt, day, rows, low, high, lagHours, schemaChange}]}].")
    private boolean json;

    @Override
    public Integer call() throws Exception {
      var ctx = WorkbenchCli.context(spec);
      Path file = settings;
      if (!java.nio.file.Files.exists(file) && !file.isAbsolute() && java.nio.file.Files.exists(ctx.dataDir().resolve(file))) {
        file = ctx.dataDir().resolve(file);
      }
      List<dev.lakehouse.workbench.quality.Monitors.Report> reports = new dev.lakehouse.workbench.quality.Monitors(ctx.lake())
          .run(dev.lakehouse.workbench.quality.MonitorSpec.read(file));
      PrintWriter out = spec.commandLine().getOut();
      long alerts = reports.stream().mapToLong(r -> r.alerts().size()).sum();
      if (json) {
        ArrayNode a = JSON.createArrayNode();
        for (var r : reports) {
          ObjectNode t = a.addObject();
          t.put("table", r.table());
          ArrayNode al = t.putArray("alerts");
          for (var x : r.alerts()) {
            ObjectNode o = al.addObject();
            o.put("day", x.day().toString());
            o.put("monitor", x.monitor());
            o.put("version", x.version());
            o.put("committedAt", String.valueOf(x.committedAt()));
            o.put("detail", x.detail());
          }
          ArrayNode obs = t.putArray("observations");
          for (var x : r.observations()) {
            ObjectNode o = obs.addObject();
            o.put("version", x.version());
            o.put("committedAt", String.valueOf(x.committedAt()));
            o.put("day", x.day().toString());
            o.put("rows", x.rows());
            if (!Double.isNaN(x.low())) {
              o.put("low", x.low());
              o.put("high", x.high());
            }
            if (!Double.isNaN(x.lagHours())) {
              o.put("lagHours", x.lagHours());
            }
            o.put("schemaChange", x.schemaChange());
          }
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      } else {
        for (var r : reports) {
          out.println(r.table() + ": " + r.observations().size() + " batches in " + r.observations().stream()
              .map(o -> o.version()).distinct().count() + " commits watched");
          r.alerts().forEach(x -> out.println("  " + x.line()));
        }
        out.println(alerts + " alert" + (alerts == 1 ? "" : "s") + " on " + reports.stream()
            .flatMap(r -> r.alerts().stream()).map(x -> x.day()).distinct().count() + " days");
      }
      return alerts == 0 ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "contract", mixinStandardHelpOptions = true,
      description = "Data contracts (ODCS v3 YAML): check one against the lake, or compare two versions.",
      subcommands = {QualityCommand.ContractCheck.class, QualityCommand.ContractDiff.class})
  static final class Contract implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return WorkbenchCli.BAD_INPUT;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Enforce a contract on its tables (schema, required, unique, primary key, quality rules); exit 1 when a clause fails.")
  static final class ContractCheck implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTRACT") private Path file;

    @Option(names = "--json", description = "Print [{field, clause, passed, found}].") private boolean json;

    @Override
    public Integer call() throws Exception {
      List<dev.lakehouse.workbench.quality.ContractChecker.Finding> findings =
          new dev.lakehouse.workbench.quality.ContractChecker(WorkbenchCli.context(spec).lake())
              .check(dev.lakehouse.workbench.quality.DataContract.read(file));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(findings));
      } else {
        findings.forEach(f -> out.println(f.line()));
        out.println(findings.stream().filter(f -> f.passed()).count() + " of " + findings.size() + " clauses hold");
      }
      return findings.stream().allMatch(f -> f.passed()) ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Compare two versions of a contract; exit 1 when a change breaks consumers.")
  static final class ContractDiff implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD") private Path before;

    @Parameters(index = "1", paramLabel = "NEW") private Path after;

    @Option(names = "--json", description = "Print [{breaking, field, description}].") private boolean json;

    @Override
    public Integer call() throws Exception {
      List<dev.lakehouse.workbench.quality.ContractChecker.Change> changes = dev.lakehouse.workbench.quality.ContractChecker.diff(
          dev.lakehouse.workbench.quality.DataContract.read(before), dev.lakehouse.workbench.quality.DataContract.read(after));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(changes));
      } else {
        changes.forEach(c -> out.println(c.line()));
        out.println(changes.size() + " change" + (changes.size() == 1 ? "" : "s") + ", "
            + changes.stream().filter(c -> c.breaking()).count() + " breaking");
      }
      return changes.stream().anyMatch(c -> c.breaking()) ? WorkbenchCli.CHECK_FAILED : WorkbenchCli.OK;
    }
  }

  @Command(name = "observe", mixinStandardHelpOptions = true,
      description = "A table's timeline: each commit (time, operation, rows written, schema change) and the pass rate of its recorded validations.")
  static final class Observe implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE") private String table;

    @Option(names = "--json", description = "Print {table, commits: [...], quality: [...]}.") private boolean json;

    @Override
    public Integer call() throws Exception {
      dev.lakehouse.workbench.quality.Observability.Timeline t =
          new dev.lakehouse.workbench.quality.Observability(WorkbenchCli.context(spec).lake()).timeline(TableId.parse(table));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode n = JSON.createObjectNode();
        n.put("table", t.table());
        ArrayNode commits = n.putArray("commits");
        for (var c : t.commits()) {
          ObjectNode o = commits.addObject();
          o.put("version", c.version());
          o.put("time", String.valueOf(c.time()));
          o.put("operation", c.operation());
          o.put("rowsWritten", c.rowsWritten());
          o.put("schemaChange", c.schemaChange());
        }
        ArrayNode q = n.putArray("quality");
        for (var r : t.quality()) {
          ObjectNode o = q.addObject();
          o.put("runId", r.runId());
          o.put("time", String.valueOf(r.time()));
          o.put("tableVersion", r.tableVersion());
          o.put("expectations", r.expectations());
          o.put("passed", r.passed());
          o.put("passRate", r.passRate());
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      } else {
        for (var c : t.commits()) {
          out.printf(Locale.ROOT, "v%-4d %s  %-22s %8s rows%s%n", c.version(), c.time(), c.operation(), c.rowsWritten(),
              c.schemaChange().isEmpty() ? "" : "  schema: " + c.schemaChange());
        }
        for (var r : t.quality()) {
          out.printf(Locale.ROOT, "quality %s on v%d: %d of %d expectations met (%.0f%%)%n", r.time(), r.tableVersion(),
              r.passed(), r.expectations(), 100 * r.passRate());
        }
      }
      return WorkbenchCli.OK;
    }
  }

  static String line(ExpectationResult r) {
    return r.line();
  }
}
