package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Deploys and runs a bundle's jobs on the lake with the DAG engine, on its simulated clock. A
 * deploy records the job as the target deploys it in {@code pipeline.jobs} (one row per deployed
 * name, replaced on each deploy); runs go to the same run history as DAGs ({@code pipeline.dag_run},
 * {@code pipeline.task_instance}, {@code pipeline.alerts}) under the deployed job's name, with the
 * job's {@code email_notifications} recorded as alerts ({@code EMAIL_ON_FAILURE}, {@code EMAIL_ON_SUCCESS}).
 * Rerunning a day replaces that run's rows, so the history of a day stays one run.
 */
public final class JobRunner {

  public static final TableId JOBS = TableId.of("pipeline", "jobs");
  /** A run's state when some tasks failed but all its leaf tasks succeeded (a workspace's "Succeeded with failures"). */
  public static final String SUCCESS_WITH_FAILURES = "success_with_failures";

  private final SqlSession session;
  private final DagEngine engine;
  private final RunStore store;

  public JobRunner(SqlSession session, Path workDir) {
    this(session, workDir, null);
  }

  /** With {@code dbt} building a dbt_task's selections (null: a dbt_task fails saying no dbt is available). */
  public JobRunner(SqlSession session, Path workDir, DbtRunner dbt) {
    this.session = session;
    this.engine = new DagEngine(session, JobBundles.register(new OperatorRegistry()), workDir, dbt);
    this.store = new RunStore(session);
  }

  /** Stops a run of many days after the one in progress. */
  public void cancel() {
    engine.cancel();
  }

  /** Records the job as deployed to its target (replacing an earlier deploy of the same name). */
  public void deploy(JobSpec job) {
    session.execute("""
        CREATE TABLE IF NOT EXISTS pipeline.jobs (job_name STRING, job_key STRING, bundle STRING, target STRING,
          mode STRING, quartz_cron_expression STRING, timezone_id STRING, paused BOOLEAN, tasks STRING,
          file STRING, deployed_at TIMESTAMP)""");
    String tasks = String.join(",", job.dag().tasks().stream().map(TaskSpec::taskId).toList());
    session.execute("DELETE FROM pipeline.jobs WHERE job_name = " + RunStore.q(job.name()) + ";\n"
        + "INSERT INTO pipeline.jobs VALUES (" + String.join(", ", RunStore.q(job.name()), RunStore.q(job.key()),
            RunStore.q(job.bundle()), RunStore.q(job.target()), RunStore.q(job.mode()), RunStore.q(job.quartzCron()),
            RunStore.q(job.timezoneId()), String.valueOf(job.paused()), RunStore.q(tasks),
            RunStore.q(job.file().getFileName().toString()), "current_timestamp()") + ")");
  }

  /**
   * "Run now" for a day: one run that starts at the job's first scheduled time on {@code day} (or
   * at midnight UTC when it has no schedule), trigger type {@code one_time}.
   */
  public DagRun runDay(JobSpec job, LocalDate day, Map<String, String> parameterOverrides) {
    LocalDateTime at = firstTick(job, day);
    DagRun r = run(job, at, "one_time", parameterOverrides);
    store.save(List.of(r));
    return r;
  }

  /**
   * The schedule's runs from {@code from} to {@code to} (whole days, inclusive), oldest first, trigger
   * type {@code periodic}, as the scheduler would have made them (a paused schedule too: the learner
   * asked for them); recorded at the end, or when cancelled with the runs done so far.
   */
  public List<DagRun> runSchedule(JobSpec job, LocalDate from, LocalDate to, Map<String, String> overrides,
      Consumer<DagRun> progress) {
    if (job.dag().schedule().manualOnly()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, job.where() + ": the job has no schedule",
          "--from/--to replay a schedule's ticks", "give it `schedule: {quartz_cron_expression: \"0 0 6 * * ?\", timezone_id: UTC}` or run one day with --date");
    }
    List<DagRun> done = new ArrayList<>();
    try {
      for (LocalDateTime tick : job.dag().schedule().ticks(from.atStartOfDay(), to.atTime(23, 59, 59))) {
        DagRun r = run(job, tick, "periodic", overrides);
        done.add(r);
        if (progress != null) {
          progress.accept(r);
        }
      }
    } finally {
      store.save(done);
    }
    return done;
  }

  /** The first tick of the job's schedule on a day (UTC), or midnight. */
  public static LocalDateTime firstTick(JobSpec job, LocalDate day) {
    List<LocalDateTime> ticks = job.dag().schedule().ticks(day.atStartOfDay(), day.atTime(23, 59, 59));
    return ticks.isEmpty() ? day.atStartOfDay() : ticks.get(0);
  }

  private DagRun run(JobSpec job, LocalDateTime at, String type, Map<String, String> overrides) {
    for (String k : overrides.keySet()) {
      if (!job.parameters().containsKey(k)) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, job.where() + ": there is no job parameter " + k,
            "--param overrides the job's `parameters`", "use one of: " + (job.parameters().isEmpty() ? "(none)"
                : String.join(", ", job.parameters().keySet())));
      }
    }
    DagRun r = engine.run(job.dag(), at, type, at, new LinkedHashMap<>(overrides));
    if (r.state().equals("success") && r.states().containsValue(TaskState.FAILED)) {
      // a job is judged by its leaf tasks: some failed but every leaf succeeded
      r.finish(r.end(), SUCCESS_WITH_FAILURES);
    }
    List<String> to = r.state().equals("success") ? job.emailOnSuccess() : job.emailOnFailure();
    if (!to.isEmpty()) {
      String failedTasks = String.join(", ", r.states().entrySet().stream()
          .filter(e -> e.getValue() == TaskState.FAILED).map(Map.Entry::getKey).toList());
      r.alerts().add(new DagRun.Alert(null, r.state().equals("success") ? "EMAIL_ON_SUCCESS" : "EMAIL_ON_FAILURE", r.end(),
          "would email " + String.join(", ", to) + ": job " + job.name() + " run of " + at.toLocalDate() + " "
              + (r.state().equals("success") ? "succeeded" : "failed" + (failedTasks.isEmpty() ? "" : " in " + failedTasks))));
    }
    return r;
  }
}
