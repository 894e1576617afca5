package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.pipeline.dag.DagRun;
import dev.lakehouse.workbench.pipeline.dag.JobBundles;
import dev.lakehouse.workbench.pipeline.dag.JobRunner;
import dev.lakehouse.workbench.pipeline.dag.JobSpec;
import dev.lakehouse.workbench.pipeline.dag.RunStore;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code job validate|deploy|run}: Databricks Asset Bundle jobs, run on the local lake on the simulated clock. */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "Jobs in Databricks Asset Bundle YAML: validate them, deploy them to a target, run them on the lake.",
    subcommands = {JobCommand.Validate.class, JobCommand.Deploy.class, JobCommand.Run.class})
final class JobCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return WorkbenchCli.BAD_INPUT;
  }

  static Path file(AppContext ctx, Path p) {
    return p.isAbsolute() || Files.exists(p) ? p : ctx.dataDir().resolve(p);
  }

  static JobSpec pick(List<JobSpec> jobs, String key, Path file) {
    if (key == null) {
      if (jobs.size() == 1) {
        return jobs.get(0);
      }
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, file + " defines " + jobs.size() + " jobs",
          "the command runs one", "name it with --job (" + String.join(", ", jobs.stream().map(JobSpec::key).toList()) + ")");
    }
    return jobs.stream().filter(j -> j.key().equals(key)).findFirst().orElseThrow(() -> new WorkbenchException(
        WorkbenchException.Kind.BAD_INPUT, "no job " + key + " in " + file, "the bundle defines "
            + String.join(", ", jobs.stream().map(JobSpec::key).toList()), "use the key under resources.jobs"));
  }

  static String describe(JobSpec j) {
    return j.name() + " (" + j.dag().tasks().size() + " task" + (j.dag().tasks().size() == 1 ? "" : "s")
        + (j.quartzCron() == null ? ", no schedule" : ", " + j.quartzCron() + " " + j.timezoneId() + (j.paused() ? " paused" : "")) + ")";
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Check a bundle file for a target; one line per problem (file, job, task, field, fix); exit 2 when any.")
  static final class Validate implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE") private Path file;
    @Option(names = {"-t", "--target"}, paramLabel = "TARGET", description = "the target (default: the bundle's default)") private String target;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      JobBundles.Parsed p = JobBundles.parse(file(WorkbenchCli.context(spec), file), target);
      if (!p.problems().isEmpty()) {
        p.problems().forEach(out::println);
        return WorkbenchCli.BAD_INPUT;
      }
      out.println("ok: bundle " + p.bundle() + ", target " + p.target());
      p.jobs().forEach(j -> out.println("  job " + j.key() + ": " + describe(j)));
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = "Validate a bundle and record its jobs as deployed to a target (pipeline.jobs).")
  static final class Deploy implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE") private Path file;
    @Option(names = {"-t", "--target"}, paramLabel = "TARGET") private String target;

    @Override
    public Integer call() {
      AppContext ctx = WorkbenchCli.context(spec);
      SqlSession session = ctx.governedSession();
      JobRunner runner = new JobRunner(session, ctx.dataDir(), new DagDbt(session));
      for (JobSpec j : JobBundles.read(file(ctx, file), target)) {
        runner.deploy(j);
        spec.commandLine().getOut().println("deployed " + j.key() + " to " + j.target() + " as " + describe(j));
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Deploy a bundle's job to a target and run it on the lake: one day (--date, default today), or every "
          + "scheduled tick from --from to --to; exit 1 when a run failed.")
  static final class Run implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE") private Path file;
    @Option(names = {"-t", "--target"}, paramLabel = "TARGET") private String target;
    @Option(names = "--job", paramLabel = "KEY", description = "the job's key under resources.jobs (when the bundle has several)") private String job;
    @Option(names = "--date", paramLabel = "DATE", description = "the day to run (the job starts at its first scheduled time that day)") private String date;
    @Option(names = "--from", paramLabel = "DATE") private String from;
    @Option(names = "--to", paramLabel = "DATE") private String to;
    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "override a job parameter") private Map<String, String> params = new LinkedHashMap<>();
    @Option(names = "--json") private boolean json;

    @Override
    public Integer call() throws Exception {
      AppContext ctx = WorkbenchCli.context(spec);
      PrintWriter out = spec.commandLine().getOut();
      if ((from == null) != (to == null) || (from != null && date != null)) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "give either --date, or both --from and --to",
            "--date runs one day; --from/--to replay the schedule", "e.g. --date 2024-03-20, or --from 2024-03-20 --to 2024-03-26");
      }
      Path f = file(ctx, file);
      JobSpec j = pick(JobBundles.read(f, target), job, f);
      SqlSession session = ctx.governedSession();
      JobRunner runner = new JobRunner(session, ctx.dataDir(), new DagDbt(session));
      runner.deploy(j);
      List<DagRun> runs = new ArrayList<>();
      if (from != null) {
        runs.addAll(runner.runSchedule(j, DagCommand.when(from).toLocalDate(), DagCommand.when(to).toLocalDate(), params, r -> {
          if (!json) {
            DagCommand.printRun(out, r);
            out.flush();
          }
        }));
      } else {
        DagRun r = runner.runDay(j, date == null ? LocalDate.now(java.time.ZoneOffset.UTC) : DagCommand.when(date).toLocalDate(), params);
        runs.add(r);
        if (!json) {
          DagCommand.printRun(out, r);
        }
      }
      if (json) {
        ObjectNode o = DagCommand.JSON.createObjectNode();
        o.put("bundle", j.bundle());
        o.put("target", j.target());
        o.put("job", j.key());
        o.put("jobName", j.name());
        ArrayNode a = o.putArray("runs");
        runs.forEach(r -> a.add(DagCommand.runJson(r)));
        out.println(DagCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      } else {
        runs.forEach(r -> r.alerts().forEach(a -> out.println("alert " + a.kind() + ": " + a.message())));
        long failed = runs.stream().filter(r -> !r.state().equals("success")).count();
        out.println(runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " of " + j.name() + " (target " + j.target() + "), "
            + failed + " failed; history in " + RunStore.DAG_RUN + " and " + RunStore.TASK_INSTANCE + " (dag_id = '" + j.name() + "')");
      }
      return runs.stream().allMatch(r -> r.state().equals("success")) ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  /** Runs a lab's reference job ({@code lab solution --apply}): its schedule's ticks from/to in the target (each day when it has none). */
  static void applyRun(AppContext ctx, dev.lakehouse.workbench.lab.LabDefinition.SolutionRun run, PrintWriter out) {
    Path f = ctx.dataDir().resolve(run.jobFile());
    SqlSession session = ctx.governedSession();
    JobRunner runner = new JobRunner(session, ctx.dataDir(), new DagDbt(session));
    for (JobSpec j : JobBundles.read(f, run.target())) {
      runner.deploy(j);
      List<DagRun> runs = new ArrayList<>();
      if (!j.dag().schedule().manualOnly()) {
        runs.addAll(runner.runSchedule(j, run.from(), run.to(), Map.of(), null));
      } else {
        for (LocalDate d = run.from(); !d.isAfter(run.to()); d = d.plusDays(1)) {
          runs.add(runner.runDay(j, d, Map.of()));
        }
      }
      out.println("ran " + j.name() + ": " + runs.size() + " runs, " + runs.stream().filter(r -> !r.state().equals("success")).count() + " failed");
    }
  }
}
