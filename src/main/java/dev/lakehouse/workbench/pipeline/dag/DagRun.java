package dev.lakehouse.workbench.pipeline.dag;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One DAG run on the simulated clock: its tries (task instances), final task states and alerts. */
public final class DagRun {

  /** One try of one task. */
  public record Try(String taskId, int tryNumber, TaskState state, String operator, LocalDateTime start,
      LocalDateTime end, String log) {}

  /**
   * One try of one iteration of a for-each task ({@code taskTry}: the try of the for-each task it ran
   * in): a child of that task instance, as Airflow's mapped task instances are of their task.
   */
  public record Iteration(String taskId, int taskTry, int iteration, String input, int tryNumber, TaskState state,
      LocalDateTime start, LocalDateTime end, String log) {}

  /** An alert: DEADLINE_MISS, SLA_MISS, TASK_FAILED (the failure callback), DAGRUN_TIMEOUT. */
  public record Alert(String taskId, String kind, LocalDateTime at, String message) {}

  private final String dagId;
  private final String runId;
  private final String runType;
  private final LocalDateTime logicalDate;
  private final LocalDateTime intervalStart;
  private final LocalDateTime intervalEnd;
  private final LocalDateTime start;
  private LocalDateTime end;
  private String state = "running";
  private boolean deadlineMissed;
  private final List<Try> tries = new ArrayList<>();
  private final Map<String, TaskState> states = new LinkedHashMap<>();
  private final List<Alert> alerts = new ArrayList<>();
  private final List<Iteration> iterations = new ArrayList<>();
  private final Map<String, List<Map<String, Object>>> outputs = new LinkedHashMap<>();

  DagRun(String dagId, String runId, String runType, LocalDateTime logicalDate, LocalDateTime intervalStart,
      LocalDateTime intervalEnd, LocalDateTime start) {
    this.dagId = dagId;
    this.runId = runId;
    this.runType = runType;
    this.logicalDate = logicalDate;
    this.intervalStart = intervalStart;
    this.intervalEnd = intervalEnd;
    this.start = start;
  }

  public String dagId() {
    return dagId;
  }

  public String runId() {
    return runId;
  }

  public String runType() {
    return runType;
  }

  public LocalDateTime logicalDate() {
    return logicalDate;
  }

  public LocalDateTime intervalStart() {
    return intervalStart;
  }

  public LocalDateTime intervalEnd() {
    return intervalEnd;
  }

  public LocalDateTime start() {
    return start;
  }

  public LocalDateTime end() {
    return end;
  }

  public String state() {
    return state;
  }

  public boolean deadlineMissed() {
    return deadlineMissed;
  }

  public List<Try> tries() {
    return tries;
  }

  /** Each task's final state, in the order the tasks finished. */
  public Map<String, TaskState> states() {
    return states;
  }

  /** Every try of every for-each iteration, in the order they ran. */
  public List<Iteration> iterations() {
    return iterations;
  }

  public List<Alert> alerts() {
    return alerts;
  }

  /** What each finished task returned for later tasks (a job's SQL task: its last query's rows). */
  public Map<String, List<Map<String, Object>>> outputs() {
    return outputs;
  }

  void finish(LocalDateTime at, String finalState) {
    end = at;
    state = finalState;
  }

  void missedDeadline() {
    deadlineMissed = true;
  }
}
