package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.pipeline.dag.DagEngine;
import dev.lakehouse.workbench.pipeline.dag.DagFiles;
import dev.lakehouse.workbench.pipeline.dag.DagRun;
import dev.lakehouse.workbench.pipeline.dag.DagSpec;
import dev.lakehouse.workbench.pipeline.dag.OperatorRegistry;
import dev.lakehouse.workbench.pipeline.dag.RunStore;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dag list|validate|test|trigger|backfill|runs|tasks|operators}: DAG files on the simulated clock, headless. */
@Command(name = "dag", mixinStandardHelpOptions = true,
    description = "DAGs in dag-factory YAML: validate, test, trigger and backfill them on a simulated clock; read their runs.",
    subcommands = {DagCommand.ListDags.class, DagCommand.Validate.class, DagCommand.Test.class, DagCommand.Trigger.class,
        DagCommand.Backfill.class, DagCommand.Runs.class, DagCommand.Tasks.class, DagCommand.Operators.class})
final class DagCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return WorkbenchCli.BAD_INPUT;
  }

  static final ObjectMapper JSON = new ObjectMapper();

  /** Where DAG files and custom operators are found; shared by the verbs. */
  static final class Where {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--operators", paramLabel = "DIR",
        description = "custom operators (YAML) to register (default: <data>/work/operators)")
    Path operators;

    AppContext ctx() {
      return WorkbenchCli.context(spec);
    }

    OperatorRegistry registry() {
      OperatorRegistry r = new OperatorRegistry();
      r.registerFolder(operators != null ? operators : ctx().dataDir().resolve("work").resolve("operators"));
      return r;
    }

    /** A path as given, else under the data folder. */
    Path file(Path p) {
      if (p.isAbsolute() || Files.exists(p)) {
        return p;
      }
      return ctx().dataDir().resolve(p);
    }

    DagSpec dag(Path file, String dagId, OperatorRegistry ops) {
      List<DagSpec> dags = new DagFiles(ops).read(file(file));
      if (dagId == null) {
        if (dags.size() == 1) {
          return dags.get(0);
        }
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, file + " holds " + dags.size() + " DAGs",
            "the command needs one", "name it with --dag (" + String.join(", ", dags.stream().map(DagSpec::dagId).toList()) + ")");
      }
      return dags.stream().filter(d -> d.dagId().equals(dagId)).findFirst().orElseThrow(() -> new WorkbenchException(
          WorkbenchException.Kind.BAD_INPUT, "no DAG " + dagId + " in " + file, "the file holds "
              + String.join(", ", dags.stream().map(DagSpec::dagId).toList()), "check the dag_id"));
    }

    DagEngine engine(OperatorRegistry ops) {
      SqlSession session = ctx().governedSession();
      return new DagEngine(session, ops, ctx().dataDir(), new DagDbt(session));
    }
  }

  static LocalDateTime when(String s) {
    try {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "`" + s + "` is not a date",
          "dates are ISO 8601", "write 2024-03-09 or 2024-03-09T06:00");
    }
  }

  static void printRun(PrintWriter out, DagRun r) {
    StringBuilder tasks = new StringBuilder();
    r.states().forEach((t, s) -> tasks.append(' ').append(t).append('=').append(s.label()));
    long retries = r.tries().stream().filter(t -> t.tryNumber() > 1).count();
    out.println(r.logicalDate().toLocalDate() + "  " + String.format("%-7s", r.state()) + tasks
        + (retries > 0 ? "  (" + retries + " retr" + (retries == 1 ? "y)" : "ies)") : "")
        + (r.deadlineMissed() ? "  DEADLINE MISSED" : ""));
  }

  static ObjectNode runJson(DagRun r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("dagId", r.dagId());
    o.put("runId", r.runId());
    o.put("logicalDate", r.logicalDate().toString());
    o.put("state", r.state());
    o.put("start", r.start().toString());
    o.put("end", r.end().toString());
    o.put("deadlineMissed", r.deadlineMissed());
    ObjectNode states = o.putObject("tasks");
    r.states().forEach((t, s) -> states.put(t, s.label()));
    ArrayNode tries = o.putArray("tries");
    for (DagRun.Try t : r.tries()) {
      ObjectNode n = tries.addObject();
      n.put("taskId", t.taskId());
      n.put("try", t.tryNumber());
      n.put("state", t.state().label());
      n.put("start", t.start().toString());
      n.put("end", t.end().toString());
    }
    ArrayNode alerts = o.putArray("alerts");
    r.alerts().forEach(a -> alerts.addObject().put("kind", a.kind()).put("taskId", a.taskId()).put("message", a.message()));
    return o;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The DAGs in the DAG files of a folder (default: <data>/work).")
  static final class ListDags implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(arity = "0..1", paramLabel = "DIR") private Path dir;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path root = dir == null ? where.ctx().dataDir().resolve("work") : where.file(dir);
      OperatorRegistry ops = where.registry();
      int n = 0;
      if (Files.isDirectory(root)) {
        try (Stream<Path> s = Files.walk(root)) {
          for (Path f : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
            String text = Files.readString(f);
            if (!text.contains("tasks:") || f.getParent().getFileName().toString().equals("operators")
                || text.matches("(?s)(.*\n)?bundle:\s*\n.*")) { // a Databricks bundle: `job validate` reads it
              continue;
            }
            DagFiles.Parsed p = new DagFiles(ops).parse(f, text);
            for (DagSpec d : p.dags()) {
              out.printf("%-24s %-12s %2d tasks  %s%n", d.dagId(), d.schedule(), d.tasks().size(), root.relativize(f));
              n++;
            }
            p.problems().forEach(line -> out.println("invalid: " + line));
          }
        }
      }
      if (n == 0) {
        out.println("no DAG files under " + root);
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check DAG files; one line per problem; exit 2 when any.")
  static final class Validate implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(arity = "1..*", paramLabel = "FILE") private List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      OperatorRegistry ops = where.registry();
      int bad = 0;
      for (Path f : files) {
        Path p = where.file(f);
        List<String> problems = new DagFiles(ops).problems(p);
        if (problems.isEmpty()) {
          out.println("ok: " + f + " (" + new DagFiles(ops).read(p).stream().map(DagSpec::dagId).toList() + ")");
        } else {
          problems.forEach(out::println);
          bad += problems.size();
        }
      }
      return bad == 0 ? WorkbenchCli.OK : WorkbenchCli.BAD_INPUT;
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = "Run a DAG once for a logical date, now, without recording the run (Airflow's `dags test`).")
  static final class Test implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(index = "0", paramLabel = "FILE") private Path file;
    @Parameters(index = "1", paramLabel = "DATE", description = "the logical date, e.g. 2024-03-09") private String date;
    @Option(names = "--dag", paramLabel = "DAG_ID") private String dagId;
    @Option(names = "--log", description = "print each try's log") private boolean log;

    @Override
    public Integer call() {
      OperatorRegistry ops = where.registry();
      DagRun r = where.engine(ops).test(where.dag(file, dagId, ops), when(date));
      PrintWriter out = spec.commandLine().getOut();
      printRun(out, r);
      if (log) {
        r.tries().forEach(t -> out.print("--- " + t.taskId() + " try " + t.tryNumber() + " (" + t.state().label() + ")\n" + t.log()
            + (t.log().endsWith("\n") || t.log().isEmpty() ? "" : "\n")));
      }
      r.alerts().forEach(a -> out.println("alert " + a.kind() + ": " + a.message()));
      return r.state().equals("success") ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true, description = "One manual run, recorded in pipeline.dag_run.")
  static final class Trigger implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(index = "0", paramLabel = "FILE") private Path file;
    @Option(names = "--dag", paramLabel = "DAG_ID") private String dagId;
    @Option(names = "--logical-date", paramLabel = "DATE", required = true) private String date;
    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "override a param") private Map<String, String> conf = new LinkedHashMap<>();
    @Option(names = "--json") private boolean json;

    @Override
    public Integer call() throws Exception {
      OperatorRegistry ops = where.registry();
      DagRun r = where.engine(ops).trigger(where.dag(file, dagId, ops), when(date), new LinkedHashMap<>(conf));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(runJson(r)));
      } else {
        printRun(out, r);
        r.alerts().forEach(a -> out.println("alert " + a.kind() + ": " + a.message()));
      }
      return r.state().equals("success") ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "backfill", mixinStandardHelpOptions = true,
      description = "Run every tick of the schedule between two dates (inclusive) on the simulated clock; exit 1 when a run failed.")
  static final class Backfill implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(index = "0", paramLabel = "FILE") private Path file;
    @Option(names = "--dag", paramLabel = "DAG_ID") private String dagId;
    @Option(names = "--from", paramLabel = "DATE", required = true) private String from;
    @Option(names = "--to", paramLabel = "DATE", required = true) private String to;
    @Option(names = "--json") private boolean json;

    @Override
    public Integer call() throws Exception {
      OperatorRegistry ops = where.registry();
      PrintWriter out = spec.commandLine().getOut();
      DagSpec dag = where.dag(file, dagId, ops);
      List<DagRun> runs = where.engine(ops).backfill(dag, when(from).toLocalDate(), when(to).toLocalDate(), r -> {
        if (!json) {
          printRun(out, r);
          out.flush();
        }
      });
      if (json) {
        ArrayNode a = JSON.createArrayNode();
        runs.forEach(r -> a.add(runJson(r)));
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      } else {
        long failed = runs.stream().filter(r -> !r.state().equals("success")).count();
        long alerts = runs.stream().mapToLong(r -> r.alerts().size()).sum();
        out.println(runs.size() + " runs, " + failed + " failed, " + alerts + " alerts; history in " + RunStore.DAG_RUN + ", "
            + RunStore.TASK_INSTANCE + ", " + RunStore.ALERTS);
      }
      return runs.stream().allMatch(r -> r.state().equals("success")) ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  private static void table(PrintWriter out, StatementResult r) {
    out.println(String.join("  ", r.columns()));
    for (List<Object> row : r.rows()) {
      List<String> cells = new ArrayList<>();
      row.forEach(c -> cells.add(String.valueOf(c)));
      out.println(String.join("  ", cells));
    }
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, description = "The recorded runs (pipeline.dag_run), newest first.")
  static final class Runs implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(arity = "0..1", paramLabel = "DAG_ID") private String dagId;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (!where.ctx().lake().exists(RunStore.DAG_RUN)) {
        out.println("no runs yet: trigger or backfill a DAG first");
        return WorkbenchCli.OK;
      }
      table(out, new SqlSession(where.ctx().lake()).query("SELECT dag_id, run_id, state, start_date, end_date, deadline_missed"
          + " FROM pipeline.dag_run" + (dagId == null ? "" : " WHERE dag_id = " + quote(dagId)) + " ORDER BY logical_date DESC, dag_id"));
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "tasks", mixinStandardHelpOptions = true, description = "The task instances of one run (every try), with --log their logs.")
  static final class Tasks implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;
    @Parameters(index = "0", paramLabel = "DAG_ID") private String dagId;
    @Parameters(index = "1", paramLabel = "RUN", description = "a run_id or its logical date (2024-03-09)") private String run;
    @Option(names = "--log") private boolean log;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (!where.ctx().lake().exists(RunStore.TASK_INSTANCE)) {
        out.println("no runs yet: trigger or backfill a DAG first");
        return WorkbenchCli.OK;
      }
      String runFilter = run.contains("__") ? "run_id = " + quote(run) : "run_id LIKE " + quote("%__" + run + "%");
      table(out, new SqlSession(where.ctx().lake()).query("SELECT task_id, try_number, state, start_date, end_date, duration"
          + (log ? ", log" : "") + " FROM pipeline.task_instance WHERE dag_id = " + quote(dagId) + " AND " + runFilter
          + " ORDER BY start_date, task_id, try_number"));
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "operators", mixinStandardHelpOptions = true, description = "The operators a DAG may name, with their fields.")
  static final class Operators implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Where where;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (OperatorRegistry.Resolved r : where.registry().all()) {
        out.println(r.name() + (r.custom() != null ? "  (custom, " + r.custom().file().getFileName() + ")" : "")
            + "\n    required: " + r.required() + "  templated: " + r.templated()
            + (r.defaultRetries() > 0 ? "  retries: " + r.defaultRetries() : ""));
      }
      return WorkbenchCli.OK;
    }
  }

  /** Runs a lab's reference backfill ({@code lab solution --apply}). */
  static void applyRun(AppContext ctx, dev.lakehouse.workbench.lab.LabDefinition.SolutionRun run, PrintWriter out) {
    OperatorRegistry ops = new OperatorRegistry();
    ops.registerFolder(ctx.dataDir().resolve("work").resolve("operators"));
    Path file = ctx.dataDir().resolve(run.dagFile());
    SqlSession session = ctx.governedSession();
    DagEngine engine = new DagEngine(session, ops, ctx.dataDir(), new DagDbt(session));
    for (DagSpec dag : new DagFiles(ops).read(file)) {
      List<DagRun> runs = engine.backfill(dag, run.from(), run.to(), null);
      out.println("backfilled " + dag.dagId() + ": " + runs.size() + " runs, "
          + runs.stream().filter(r -> !r.state().equals("success")).count() + " failed");
    }
  }

  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
