package dev.lakehouse.workbench.lab.ui;

import dev.lakehouse.workbench.lab.LabLake;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The recorded runs of one DAG as Airflow's Grid view shows them: a column per run (by logical
 * date), a row per task, each cell the task's final state in that run with its tries. Read from the
 * lake's {@code pipeline.dag_run} and {@code pipeline.task_instance} tables, which every DAG run,
 * backfill and bundle job writes. A job's for-each task has a row per iteration under it
 * ({@code task[1]}, {@code task[2]}, ...) from {@code pipeline.task_iteration}, each cell the
 * iteration's input, last state and tries.
 *
 * @param dags every DAG with a recorded run, by name
 * @param dag the DAG shown ("" when none)
 * @param runs its runs, oldest first (at most {@link #MAX_RUNS}, the newest)
 * @param tasks its tasks, in the order they first started, each for-each task followed by its iterations' rows
 * @param alerts its alerts from {@code pipeline.alerts} (failure callbacks, deadline and SLA misses, run
 *     timeouts, e-mails a job would send), newest first, at most {@link #MAX_ALERTS}
 */
public record DagGrid(List<String> dags, String dag, List<Run> runs, List<String> tasks, Map<String, Cell> cells,
    List<Alert> alerts) {

  static final int MAX_RUNS = 31;
  /** The most iteration rows drawn under one for-each task. */
  static final int MAX_ITERATIONS = 30;
  static final int MAX_ALERTS = 200;

  /** One alert: the run's logical date, its kind, the task (null: the run) and what it says. */
  public record Alert(String date, String kind, String task, String message) {
    /** One line for the list beside the grid. */
    public String line() {
      return date + " · " + kind + (task == null ? "" : " · " + task) + " · " + message;
    }
  }

  /** One run: its logical date and final state. */
  public record Run(String runId, String date, String state) {}

  /**
   * One task (or iteration) in one run: the state of its last try, how many tries, how long the last
   * took; an iteration's input (null for a task).
   */
  public record Cell(String state, int tries, double seconds, String input) {}

  /** Whether a row is an iteration of a for-each task ({@code task[n]}). */
  public static boolean isIteration(String row) {
    return row.endsWith("]") && row.indexOf('[') > 0;
  }

  /** The row of iteration {@code n} of a for-each task. */
  static String iterationRow(String task, int n) {
    return task + "[" + n + "]";
  }

  /** How many rows are tasks (not iterations). */
  public long taskCount() {
    return tasks.stream().filter(t -> !isIteration(t)).count();
  }

  public static DagGrid empty() {
    return new DagGrid(List.of(), "", List.of(), List.of(), Map.of(), List.of());
  }

  public Cell cell(String task, String runId) {
    return cells.get(task + "\u0000" + runId);
  }

  /** Reads the grid of {@code dag} (or of the DAG run last when null or unknown). */
  static DagGrid read(LabLake lake, String dag) {
    if (!lake.exists("pipeline.dag_run") || !lake.exists("pipeline.task_instance")) {
      return empty();
    }
    LabLake.Result runRows = lake.query("SELECT dag_id, run_id, CAST(CAST(logical_date AS DATE) AS STRING) AS d, state"
        + " FROM pipeline.dag_run ORDER BY logical_date, run_id");
    LinkedHashSet<String> dags = new LinkedHashSet<>();
    String last = "";
    for (List<Object> r : runRows.rows()) {
      dags.add(String.valueOf(r.get(0)));
      last = String.valueOf(r.get(0));
    }
    if (dags.isEmpty()) {
      return empty();
    }
    String shown = dag != null && dags.contains(dag) ? dag : last;
    List<Run> runs = new ArrayList<>();
    for (List<Object> r : runRows.rows()) {
      if (shown.equals(String.valueOf(r.get(0)))) {
        runs.add(new Run(String.valueOf(r.get(1)), String.valueOf(r.get(2)), String.valueOf(r.get(3))));
      }
    }
    if (runs.size() > MAX_RUNS) {
      runs = new ArrayList<>(runs.subList(runs.size() - MAX_RUNS, runs.size()));
    }
    LabLake.Result taskRows = lake.query("SELECT run_id, task_id, state, try_number, coalesce(duration, 0) AS secs"
        + " FROM pipeline.task_instance WHERE dag_id = '" + shown.replace("'", "''") + "'"
        + " ORDER BY start_date NULLS LAST, task_id, try_number");
    LinkedHashSet<String> tasks = new LinkedHashSet<>();
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (List<Object> r : taskRows.rows()) {
      String task = String.valueOf(r.get(1));
      tasks.add(task);
      int tries = ((Number) r.get(3)).intValue();
      String key = task + "\u0000" + r.get(0);
      Cell before = cells.get(key);
      if (before == null || before.tries() <= tries) {
        cells.put(key, new Cell(String.valueOf(r.get(2)), tries, ((Number) r.get(4)).doubleValue(), null));
      }
    }
    List<String> rows = new ArrayList<>(tasks);
    if (lake.exists("pipeline.task_iteration")) {
      // the last try of each iteration in each run (a later try of the for-each task replaces the earlier's)
      LabLake.Result its = lake.query("SELECT run_id, task_id, iteration, coalesce(input, ''), try_number, state,"
          + " coalesce(duration, 0) FROM pipeline.task_iteration WHERE dag_id = '" + shown.replace("'", "''") + "'"
          + " AND iteration <= " + MAX_ITERATIONS + " ORDER BY task_id, iteration, task_try, try_number");
      Map<String, Integer> most = new LinkedHashMap<>();
      for (List<Object> r : its.rows()) {
        String task = String.valueOf(r.get(1));
        int n = ((Number) r.get(2)).intValue();
        most.merge(task, n, Math::max);
        cells.put(iterationRow(task, n) + "\u0000" + r.get(0), new Cell(String.valueOf(r.get(5)), ((Number) r.get(4)).intValue(),
            ((Number) r.get(6)).doubleValue(), String.valueOf(r.get(3))));
      }
      most.forEach((task, n) -> {
        int at = rows.indexOf(task);
        for (int i = n; i >= 1; i--) {
          rows.add(at < 0 ? rows.size() : at + 1, iterationRow(task, i));
        }
      });
    }
    List<Alert> alerts = new ArrayList<>();
    if (lake.exists("pipeline.alerts")) {
      LabLake.Result a = lake.query("SELECT CAST(CAST(r.logical_date AS DATE) AS STRING), a.kind, a.task_id, a.message"
          + " FROM pipeline.alerts a JOIN pipeline.dag_run r ON r.dag_id = a.dag_id AND r.run_id = a.run_id"
          + " WHERE a.dag_id = '" + shown.replace("'", "''") + "' ORDER BY r.logical_date DESC, a.at DESC LIMIT " + MAX_ALERTS);
      for (List<Object> r : a.rows()) {
        alerts.add(new Alert(String.valueOf(r.get(0)), String.valueOf(r.get(1)), r.get(2) == null ? null : String.valueOf(r.get(2)),
            String.valueOf(r.get(3))));
      }
    }
    return new DagGrid(List.copyOf(dags), shown, List.copyOf(runs), List.copyOf(rows), Map.copyOf(cells), List.copyOf(alerts));
  }
}
