package dev.lakehouse.workbench.lab.ui;

import dev.lakehouse.workbench.lab.LabLake;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One recorded run of a DAG or job as Airflow's Gantt view shows it: a row per task, a bar per try
 * from its start to its end on the simulated clock (so a retry is a second bar after the retry
 * delay), coloured by the try's state. Read from {@code pipeline.dag_run} and
 * {@code pipeline.task_instance}; a job's for-each task has a row per iteration under it
 * ({@code task[1]}, ...) with a bar per try of that iteration, from {@code pipeline.task_iteration}.
 *
 * @param tasks the run's tasks, in the order they first started, each for-each task followed by its iterations' rows
 * @param bars every try, in start order
 */
public record DagGantt(String dag, String runId, String date, String state, LocalDateTime start, LocalDateTime end,
    List<String> tasks, List<Bar> bars) {

  /**
   * One try of one task or iteration ({@code tryNumber} 0: the task did not start, and the bar is a
   * mark at its decision time); {@code input}: an iteration's input (null for a task).
   */
  public record Bar(String task, int tryNumber, String state, LocalDateTime start, LocalDateTime end, String log, String input) {
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  public static DagGantt empty() {
    return new DagGantt("", "", "", "", null, null, List.of(), List.of());
  }

  public boolean isEmpty() {
    return bars.isEmpty();
  }

  /** How many rows are tasks (not iterations). */
  public long taskCount() {
    return tasks.stream().filter(t -> !DagGrid.isIteration(t)).count();
  }

  /** The last try drawn on a row (a task or an iteration), or null. */
  public Bar lastOn(String row) {
    Bar last = null;
    for (Bar b : bars) {
      if (b.task().equals(row)) {
        last = b;
      }
    }
    return last;
  }

  /** The run's span on the simulated clock: from its start (or first try) to its last try's end. */
  public Duration span() {
    return start == null ? Duration.ZERO : Duration.between(start, end);
  }

  /** Reads run {@code runId} of {@code dag} (null or unknown: the DAG's newest run by logical date). */
  static DagGantt read(LabLake lake, String dag, String runId) {
    if (dag == null || dag.isEmpty() || !lake.exists("pipeline.dag_run") || !lake.exists("pipeline.task_instance")) {
      return empty();
    }
    String d = q(dag);
    LabLake.Result runs = lake.query("SELECT run_id, CAST(CAST(logical_date AS DATE) AS STRING), state, CAST(start_date AS STRING),"
        + " CAST(end_date AS STRING) FROM pipeline.dag_run WHERE dag_id = " + d + " ORDER BY logical_date DESC, run_id DESC");
    List<Object> run = null;
    for (List<Object> r : runs.rows()) {
      if (run == null || String.valueOf(r.get(0)).equals(runId)) {
        run = r;
        if (String.valueOf(r.get(0)).equals(runId)) {
          break;
        }
      }
    }
    if (run == null) {
      return empty();
    }
    String id = String.valueOf(run.get(0));
    LabLake.Result tries = lake.query("SELECT task_id, try_number, state, CAST(start_date AS STRING), CAST(end_date AS STRING),"
        + " coalesce(log, '') FROM pipeline.task_instance WHERE dag_id = " + d + " AND run_id = " + q(id)
        + " ORDER BY start_date NULLS LAST, try_number, task_id");
    List<Bar> bars = new ArrayList<>();
    LinkedHashSet<String> tasks = new LinkedHashSet<>();
    LocalDateTime start = time(run.get(3));
    LocalDateTime end = time(run.get(4));
    for (List<Object> r : tries.rows()) {
      LocalDateTime s = time(r.get(3));
      LocalDateTime e = time(r.get(4));
      if (s == null) {
        continue;
      }
      e = e == null || e.isBefore(s) ? s : e;
      tasks.add(String.valueOf(r.get(0)));
      bars.add(new Bar(String.valueOf(r.get(0)), ((Number) r.get(1)).intValue(), String.valueOf(r.get(2)), s, e, String.valueOf(r.get(5)),
          null));
      start = start == null || s.isBefore(start) ? s : start;
      end = end == null || e.isAfter(end) ? e : end;
    }
    List<String> rows = new ArrayList<>(tasks);
    if (lake.exists("pipeline.task_iteration")) {
      LabLake.Result its = lake.query("SELECT task_id, iteration, try_number, state, CAST(start_date AS STRING), CAST(end_date AS STRING),"
          + " coalesce(log, ''), coalesce(input, '') FROM pipeline.task_iteration WHERE dag_id = " + d + " AND run_id = " + q(id)
          + " AND iteration <= " + DagGrid.MAX_ITERATIONS + " ORDER BY task_id, iteration, task_try, try_number");
      java.util.Map<String, Integer> most = new java.util.LinkedHashMap<>();
      for (List<Object> r : its.rows()) {
        LocalDateTime s = time(r.get(4));
        LocalDateTime e = time(r.get(5));
        if (s == null) {
          continue;
        }
        e = e == null || e.isBefore(s) ? s : e;
        String task = String.valueOf(r.get(0));
        int n = ((Number) r.get(1)).intValue();
        most.merge(task, n, Math::max);
        bars.add(new Bar(DagGrid.iterationRow(task, n), ((Number) r.get(2)).intValue(), String.valueOf(r.get(3)), s, e,
            String.valueOf(r.get(6)), String.valueOf(r.get(7))));
        start = start == null || s.isBefore(start) ? s : start;
        end = end == null || e.isAfter(end) ? e : end;
      }
      most.forEach((task, n) -> {
        int at = rows.indexOf(task);
        for (int i = n; i >= 1; i--) {
          rows.add(at < 0 ? rows.size() : at + 1, DagGrid.iterationRow(task, i));
        }
      });
    }
    return new DagGantt(dag, id, String.valueOf(run.get(1)), String.valueOf(run.get(2)), start, end, List.copyOf(rows),
        List.copyOf(bars));
  }

  private static LocalDateTime time(Object v) {
    if (v == null) {
      return null;
    }
    String s = String.valueOf(v).trim().replace(' ', 'T');
    int zone = Math.max(s.indexOf('+', 10), s.indexOf('Z'));
    return LocalDateTime.parse(zone > 0 ? s.substring(0, zone) : s);
  }

  private static String q(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
