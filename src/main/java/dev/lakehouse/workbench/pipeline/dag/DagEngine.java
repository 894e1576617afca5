package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.CommitWatch;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs DAGs with Airflow 3's semantics on a simulated clock. A run starts at its logical date (or
 * when a slot frees up under {@code max_active_runs}); each task starts when its upstream tasks have
 * ended (as if the workers ran independent tasks side by side) and lasts the real time its work took
 * plus the simulated waits (retry delays, a sensor's pokes). The work itself is real: statements run
 * against the lake one task after another. A failed try leaves no partial write: the tables it
 * changed are restored to the versions they had before it (a table it created is dropped).
 */
public final class DagEngine {

  /** Template context keys a job's tasks read earlier tasks' outputs and final states from. */
  static final String OUTPUTS = "__task_outputs";
  static final String STATES = "__task_states";

  private final SqlSession session;
  private final OperatorRegistry operators;
  private final Path workDir;
  private final DbtRunner dbt;
  private final RunStore store;
  /** Time spent inside the operators' own work, for the benchmark's scheduling overhead. */
  private final java.util.concurrent.atomic.LongAdder workNanos = new java.util.concurrent.atomic.LongAdder();
  private final Templates templates = new Templates();
  private volatile boolean cancelled;

  public DagEngine(SqlSession session, OperatorRegistry operators, Path workDir, DbtRunner dbt) {
    this.session = session;
    this.operators = operators;
    this.workDir = workDir;
    this.dbt = dbt;
    this.store = new RunStore(session);
  }

  /** Stops a long backfill after the run in progress (and cancels its statement). */
  public void cancel() {
    cancelled = true;
    session.cancel();
  }

  /** {@code dag test}: one run for a logical date, run now, not recorded in the run history. */
  public DagRun test(DagSpec dag, LocalDateTime logicalDate) {
    return run(dag, logicalDate, "manual", logicalDate, Map.of());
  }

  /** Milliseconds spent inside operators (their statements, builds, checks) since this engine was made. */
  public double workMillis() {
    return workNanos.sum() / 1e6;
  }

  /** {@code dag trigger}: one manual run, recorded. */
  public DagRun trigger(DagSpec dag, LocalDateTime logicalDate, Map<String, Object> conf) {
    DagRun r = run(dag, logicalDate, "manual", logicalDate, conf);
    store.save(List.of(r));
    return r;
  }

  /**
   * {@code dag backfill}: a run for each tick of the schedule from {@code from} to {@code to}
   * (whole days, inclusive), oldest first, under {@code max_active_runs}; recorded at the end (or
   * when cancelled, with the runs done so far).
   */
  public List<DagRun> backfill(DagSpec dag, LocalDate from, LocalDate to, Consumer<DagRun> progress) {
    if (dag.schedule().manualOnly()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, dag.where() + ": the DAG has no schedule",
          "a backfill replays the schedule's ticks", "give it `schedule: \"@daily\"` or use `dag trigger`");
    }
    List<LocalDateTime> ticks = dag.schedule().ticks(from.atStartOfDay(), to.atTime(23, 59, 59));
    return runTicks(dag, ticks, "backfill", progress);
  }

  /**
   * The scheduler's view at {@code now}: with {@code catchup: true} every tick since the start date
   * that has no run yet; with {@code catchup: false} (Airflow 3's default) only the newest tick.
   */
  public List<DagRun> schedule(DagSpec dag, LocalDateTime now, Set<String> existingRunIds, Consumer<DagRun> progress) {
    if (dag.schedule().manualOnly() || dag.startDate() == null) {
      return List.of();
    }
    LocalDateTime until = dag.endDate() != null && dag.endDate().isBefore(now) ? dag.endDate() : now;
    List<LocalDateTime> ticks = dag.catchup() ? dag.schedule().ticks(dag.startDate(), until)
        : dag.schedule().latestAtOrBefore(until).filter(t -> !t.isBefore(dag.startDate())).map(List::of).orElse(List.of());
    List<LocalDateTime> todo = ticks.stream().filter(t -> !existingRunIds.contains(runId("scheduled", t))).toList();
    return runTicks(dag, todo, "scheduled", progress);
  }

  private List<DagRun> runTicks(DagSpec dag, List<LocalDateTime> ticks, String type, Consumer<DagRun> progress) {
    cancelled = false;
    List<DagRun> done = new ArrayList<>();
    List<LocalDateTime> activeEnds = new ArrayList<>();
    try {
      for (LocalDateTime tick : ticks) {
        if (cancelled) {
          break;
        }
        LocalDateTime startAt = tick;
        activeEnds.removeIf(e -> !e.isAfter(tick));
        if (activeEnds.size() >= dag.maxActiveRuns()) {
          activeEnds.sort(null);
          startAt = activeEnds.remove(0);
        }
        DagRun r = run(dag, tick, type, startAt, Map.of());
        activeEnds.add(r.end());
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

  static String runId(String type, LocalDateTime logical) {
    return type + "__" + logical + (logical.getSecond() == 0 && logical.toString().length() == 16 ? ":00" : "") + "+00:00";
  }

  /** One run, start to end. */
  DagRun run(DagSpec dag, LocalDateTime logical, String type, LocalDateTime startAt, Map<String, Object> conf) {
    Map<String, Object> params = new LinkedHashMap<>(dag.params());
    params.putAll(conf);
    DagRun run = new DagRun(dag.dagId(), runId(type, logical), type, logical, logical, logical, startAt);
    Map<String, LocalDateTime> endAt = new HashMap<>();
    Set<String> branchSkipped = new HashSet<>();
    Map<String, List<String>> downstream = new HashMap<>();
    for (TaskSpec t : dag.tasks()) {
      for (String u : t.upstream()) {
        downstream.computeIfAbsent(u, k -> new ArrayList<>()).add(t.taskId());
      }
    }
    boolean timedOut = false;
    LocalDateTime runDeadline = dag.dagrunTimeout() == null ? null : startAt.plus(dag.dagrunTimeout());
    for (TaskSpec task : DagFiles.topological(dag)) {
      LocalDateTime at = startAt;
      List<TaskState> ups = new ArrayList<>();
      for (String u : task.upstream()) {
        ups.add(run.states().get(u));
        if (endAt.get(u).isAfter(at)) {
          at = endAt.get(u);
        }
      }
      TaskState decision = branchSkipped.contains(task.taskId()) ? TaskState.SKIPPED : task.triggerRule().decide(ups);
      if (decision == TaskState.RUNNING && runDeadline != null && at.isAfter(runDeadline)) {
        timedOut = true;
        decision = TaskState.SKIPPED;
      }
      if (decision != TaskState.RUNNING) {
        run.states().put(task.taskId(), decision);
        endAt.put(task.taskId(), at);
        run.tries().add(new DagRun.Try(task.taskId(), 0, decision, task.operator(), at, at,
            decision == TaskState.SKIPPED && timedOut ? "not started: the run passed its dagrun_timeout" : "not started: trigger rule "
                + task.triggerRule().yamlName() + " with upstream states " + ups.stream().map(TaskState::label).toList()));
        continue;
      }
      Operator.Result result = runTask(dag, run, task, at, params, endAt);
      TaskState state = run.states().get(task.taskId());
      if (state == TaskState.SUCCESS && result != null && result.follow() != null) {
        for (String d : downstream.getOrDefault(task.taskId(), List.of())) {
          if (!result.follow().contains(d)) {
            branchSkipped.add(d);
          }
        }
      }
      if (task.sla() != null && endAt.get(task.taskId()).isAfter(logical.plus(task.sla()))) {
        run.alerts().add(new DagRun.Alert(task.taskId(), "SLA_MISS", logical.plus(task.sla()),
            "task " + task.taskId() + " ended at " + endAt.get(task.taskId()) + ", after its SLA of " + human(task.sla())
                + " from the logical date"));
      }
    }
    LocalDateTime end = endAt.values().stream().max(LocalDateTime::compareTo).orElse(startAt);
    if (runDeadline != null && end.isAfter(runDeadline)) {
      timedOut = true;
    }
    boolean failed = timedOut;
    for (TaskSpec t : dag.tasks()) {
      boolean leaf = !downstream.containsKey(t.taskId());
      TaskState s = run.states().get(t.taskId());
      if (leaf && (s == TaskState.FAILED || s == TaskState.UPSTREAM_FAILED)) {
        failed = true;
      }
    }
    if (timedOut) {
      run.alerts().add(new DagRun.Alert(null, "DAGRUN_TIMEOUT", runDeadline,
          "the run passed its dagrun_timeout of " + human(dag.dagrunTimeout())));
    }
    run.finish(end, failed ? "failed" : "success");
    if (dag.deadline() != null && end.isAfter(logical.plus(dag.deadline()))) {
      run.missedDeadline();
      run.alerts().add(new DagRun.Alert(null, "DEADLINE_MISS", logical.plus(dag.deadline()),
          "the run was not done " + human(dag.deadline()) + " after its logical date " + logical + " (it ended " + end + ")"));
    }
    return run;
  }

  private Operator.Result runTask(DagSpec dag, DagRun run, TaskSpec task, LocalDateTime at, Map<String, Object> params,
      Map<String, LocalDateTime> endAt) {
    OperatorRegistry.Resolved op = operators.resolve(task.operator());
    LocalDateTime now = at;
    for (int tryNumber = 1; ; tryNumber++) {
      StringBuilder log = new StringBuilder();
      Map<String, Object> context = Templates.context(dag.dagId(), run.runId(), task.taskId(), tryNumber,
          run.logicalDate(), run.intervalStart(), run.intervalEnd(), params);
      context.put(OUTPUTS, run.outputs());
      context.put(STATES, run.states());
      Map<String, Object> fields = new LinkedHashMap<>(task.fields());
      Operator.Context ctx = null;
      CommitWatch watch = op.writes() ? session.lake().watchCommits() : null;
      long t0 = System.nanoTime();
      String failure = null;
      boolean retryable = true;
      Operator.Result result = null;
      try {
        for (String f : op.templated()) {
          if (fields.containsKey(f)) {
            fields.put(f, templates.renderValue(fields.get(f), context));
          }
        }
        ctx = new Operator.Context(session, fields, context, workDir, dbt, log, tryNumber, now, task.executionTimeout());
        ctx.log("try " + tryNumber + " of " + (task.retries() + 1) + ": " + op.shortName());
        long work0 = System.nanoTime();
        try {
          result = op.operator().execute(ctx);
        } finally {
          workNanos.add(System.nanoTime() - work0);
        }
      } catch (Operator.TaskFailure e) {
        failure = e.getMessage();
        retryable = e.retryable();
      } catch (Operator.TaskTimeout e) {
        failure = e.getMessage();
        retryable = task.retryOnTimeout();
      } catch (IllegalArgumentException e) {
        failure = e.getMessage();
        retryable = false;
      } catch (WorkbenchException e) {
        failure = e.getMessage();
      } catch (RuntimeException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
      } finally {
        if (watch != null) {
          watch.close();
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ctx != null) {
        for (Operator.Iteration it : ctx.iterations()) {
          run.iterations().add(new DagRun.Iteration(task.taskId(), tryNumber, it.iteration(), it.input(), it.tryNumber(),
              it.state(), it.start(), it.end(), it.log()));
        }
      }
      LocalDateTime simNow = ctx == null ? now : ctx.now();
      LocalDateTime end = ctx != null && ctx.finishAt() != null ? ctx.finishAt() : simNow.plus(Duration.ofMillis(ms));
      if (failure == null && task.executionTimeout() != null && Duration.between(now, end).compareTo(task.executionTimeout()) > 0) {
        failure = "the try ran longer than its execution_timeout of " + human(task.executionTimeout());
        retryable = task.retryOnTimeout();
      }
      if (task.executionTimeout() != null && Duration.between(now, end).compareTo(task.executionTimeout()) > 0) {
        end = now.plus(task.executionTimeout()); // stopped at its timeout
      }
      if (failure != null) {
        if (watch != null) {
          rollback(session, watch.before(), log);
        }
        log.append('[').append(end).append("] failed: ").append(failure).append('\n');
        boolean retry = retryable && tryNumber <= task.retries();
        run.tries().add(new DagRun.Try(task.taskId(), tryNumber, retry ? TaskState.UP_FOR_RETRY : TaskState.FAILED,
            task.operator(), now, end, log.toString()));
        if (retry) {
          now = end.plus(task.delayBefore(tryNumber + 1));
          continue;
        }
        run.states().put(task.taskId(), TaskState.FAILED);
        endAt.put(task.taskId(), end);
        run.alerts().add(new DagRun.Alert(task.taskId(), "TASK_FAILED", end, "task " + task.taskId() + " failed after "
            + tryNumber + (tryNumber == 1 ? " try: " : " tries: ") + failure));
        return null;
      }
      run.tries().add(new DagRun.Try(task.taskId(), tryNumber, TaskState.SUCCESS, task.operator(), now, end, log.toString()));
      if (result != null && result.rows() != null) {
        run.outputs().put(task.taskId(), result.rows());
      }
      run.states().put(task.taskId(), TaskState.SUCCESS);
      endAt.put(task.taskId(), end);
      return result;
    }
  }

  /**
   * Undoes what a failed try committed, as the commit watch saw it: each table it wrote goes back to
   * its version before the try, and a table it created is dropped. The run history and the quality
   * results keep their rows (they record the failure).
   */
  static void rollback(SqlSession session, Map<TableId, Long> before, StringBuilder log) {
    for (Map.Entry<TableId, Long> e : before.entrySet()) {
      TableId t = e.getKey();
      long v = e.getValue();
      if (t.schema().equals("pipeline") || t.equals(dev.lakehouse.workbench.quality.Validator.RESULTS)) {
        continue;
      }
      try {
        if (v < 0) {
          session.execute("DROP TABLE IF EXISTS " + t);
          log.append("rolled back: dropped ").append(t).append(", which the failed try created\n");
        } else if (session.lake().exists(t) && session.lake().latestVersion(t) != v) {
          session.execute("RESTORE TABLE " + t + " TO VERSION AS OF " + v);
          log.append("rolled back: restored ").append(t).append(" to version ").append(v).append('\n');
        }
      } catch (RuntimeException ex) {
        log.append("could not roll back ").append(t).append(": ").append(ex.getMessage()).append('\n');
      }
    }
  }

  static String human(Duration d) {
    if (d.toSeconds() % 3600 == 0 && d.toHours() > 0) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() % 60 == 0 && d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
