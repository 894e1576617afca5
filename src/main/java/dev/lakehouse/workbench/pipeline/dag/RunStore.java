package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Run history as Delta tables in the lake, queryable with SQL like any other table:
 * {@code pipeline.dag_run}, {@code pipeline.task_instance} (one row per try) and
 * {@code pipeline.alerts} (deadline and SLA misses, failure callbacks, run timeouts), and
 * {@code pipeline.task_iteration} (one row per try of each iteration of a job's for-each task, under
 * the task instance it ran in). Rerunning a run
 * replaces its rows, as clearing it in Airflow does.
 */
public final class RunStore {

  public static final TableId DAG_RUN = TableId.of("pipeline", "dag_run");
  public static final TableId TASK_INSTANCE = TableId.of("pipeline", "task_instance");
  public static final TableId ALERTS = TableId.of("pipeline", "alerts");
  public static final TableId TASK_ITERATION = TableId.of("pipeline", "task_iteration");

  private final SqlSession session;

  public RunStore(SqlSession session) {
    this.session = session;
  }

  private void ensure() {
    if (session.lake().exists(DAG_RUN) && session.lake().exists(TASK_INSTANCE) && session.lake().exists(ALERTS)
        && session.lake().exists(TASK_ITERATION)) {
      return;
    }
    session.execute("""
        CREATE TABLE IF NOT EXISTS pipeline.dag_run (dag_id STRING, run_id STRING, run_type STRING,
          logical_date TIMESTAMP, data_interval_start TIMESTAMP, data_interval_end TIMESTAMP,
          start_date TIMESTAMP, end_date TIMESTAMP, state STRING, deadline_missed BOOLEAN);
        CREATE TABLE IF NOT EXISTS pipeline.task_instance (dag_id STRING, run_id STRING, task_id STRING,
          try_number INT, state STRING, operator STRING, start_date TIMESTAMP, end_date TIMESTAMP,
          duration DOUBLE, log STRING);
        CREATE TABLE IF NOT EXISTS pipeline.alerts (dag_id STRING, run_id STRING, task_id STRING, kind STRING,
          at TIMESTAMP, message STRING);
        CREATE TABLE IF NOT EXISTS pipeline.task_iteration (dag_id STRING, run_id STRING, task_id STRING,
          task_try INT, iteration INT, input STRING, try_number INT, state STRING, start_date TIMESTAMP,
          end_date TIMESTAMP, duration DOUBLE, log STRING);
        """);
  }

  /** Writes runs (replacing earlier rows of the same runs): at most three commits per table. */
  public void save(List<DagRun> runs) {
    if (runs.isEmpty()) {
      return;
    }
    ensure();
    String dagIds = runs.stream().map(r -> q(r.dagId())).distinct().collect(Collectors.joining(", "));
    String runIds = runs.stream().map(r -> q(r.runId())).distinct().collect(Collectors.joining(", "));
    String where = " WHERE dag_id IN (" + dagIds + ") AND run_id IN (" + runIds + ")";
    List<String> runRows = new ArrayList<>();
    List<String> tiRows = new ArrayList<>();
    List<String> alertRows = new ArrayList<>();
    List<String> iterationRows = new ArrayList<>();
    for (DagRun r : runs) {
      runRows.add("(" + String.join(", ", q(r.dagId()), q(r.runId()), q(r.runType()), ts(r.logicalDate()),
          ts(r.intervalStart()), ts(r.intervalEnd()), ts(r.start()), ts(r.end()), q(r.state()),
          String.valueOf(r.deadlineMissed())) + ")");
      for (DagRun.Try t : r.tries()) {
        tiRows.add("(" + String.join(", ", q(r.dagId()), q(r.runId()), q(t.taskId()), String.valueOf(t.tryNumber()),
            q(t.state().label()), q(t.operator()), ts(t.start()), ts(t.end()),
            String.valueOf(java.time.Duration.between(t.start(), t.end()).toMillis() / 1000.0), q(t.log())) + ")");
      }
      for (DagRun.Iteration i : r.iterations()) {
        iterationRows.add("(" + String.join(", ", q(r.dagId()), q(r.runId()), q(i.taskId()), String.valueOf(i.taskTry()),
            String.valueOf(i.iteration()), q(i.input()), String.valueOf(i.tryNumber()), q(i.state().label()), ts(i.start()),
            ts(i.end()), String.valueOf(java.time.Duration.between(i.start(), i.end()).toMillis() / 1000.0), q(i.log())) + ")");
      }
      for (DagRun.Alert a : r.alerts()) {
        alertRows.add("(" + String.join(", ", q(r.dagId()), q(r.runId()), q(a.taskId()), q(a.kind()), ts(a.at()),
            q(a.message())) + ")");
      }
    }
    StringBuilder sql = new StringBuilder();
    if (session.lake().latestVersion(DAG_RUN) > 0) {
      sql.append("DELETE FROM pipeline.dag_run").append(where).append(";\n");
      sql.append("DELETE FROM pipeline.task_instance").append(where).append(";\n");
      sql.append("DELETE FROM pipeline.alerts").append(where).append(";\n");
    }
    if (session.lake().latestVersion(TASK_ITERATION) > 0) {
      sql.append("DELETE FROM pipeline.task_iteration").append(where).append(";\n");
    }
    sql.append("INSERT INTO pipeline.dag_run VALUES ").append(String.join(",\n", runRows)).append(";\n");
    if (!tiRows.isEmpty()) {
      sql.append("INSERT INTO pipeline.task_instance VALUES ").append(String.join(",\n", tiRows)).append(";\n");
    }
    if (!iterationRows.isEmpty()) {
      sql.append("INSERT INTO pipeline.task_iteration VALUES ").append(String.join(",\n", iterationRows)).append(";\n");
    }
    if (!alertRows.isEmpty()) {
      sql.append("INSERT INTO pipeline.alerts VALUES ").append(String.join(",\n", alertRows)).append(";\n");
    }
    session.execute(sql.toString());
  }

  static String q(String s) {
    // Spark SQL escapes with a backslash ('a''b' would be two literals run together: "ab")
    return s == null ? "NULL" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String ts(LocalDateTime t) {
    return t == null ? "NULL" : "TIMESTAMP '" + t.toString().replace('T', ' ') + "'";
  }
}
