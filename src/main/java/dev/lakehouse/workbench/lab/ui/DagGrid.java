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
 * backfill and bundle job writes.
 *
 * @param dags every DAG with a recorded run, by name
 * @param dag the DAG shown ("" when none)
 * @param runs its runs, oldest first (at most {@link #MAX_RUNS}, the newest)
 * @param tasks its tasks, in the order they first started
 */
public record DagGrid(List<String> dags, String dag, List<Run> runs, List<String> tasks, Map<String, Cell> cells) {

  static final int MAX_RUNS = 31;

  /** One run: its logical date and final state. */
  public record Run(String runId, String date, String state) {}

  /** One task in one run: the state of its last try, how many tries, how long the last took. */
  public record Cell(String state, int tries, double seconds) {}

  public static DagGrid empty() {
    return new DagGrid(List.of(), "", List.of(), List.of(), Map.of());
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
        cells.put(key, new Cell(String.valueOf(r.get(2)), tries, ((Number) r.get(4)).doubleValue()));
      }
    }
    return new DagGrid(List.copyOf(dags), shown, List.copyOf(runs), List.copyOf(tasks), Map.copyOf(cells));
  }
}
