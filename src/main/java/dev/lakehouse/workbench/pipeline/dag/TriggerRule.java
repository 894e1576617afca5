package dev.lakehouse.workbench.pipeline.dag;

import java.util.Collection;
import java.util.Locale;

/** Airflow's trigger rules: when a task runs, given the final states of its direct upstream tasks. */
public enum TriggerRule {
  ALL_SUCCESS, ALL_FAILED, ALL_DONE, ALL_SKIPPED, ONE_SUCCESS, ONE_FAILED, ONE_DONE, NONE_FAILED,
  NONE_FAILED_MIN_ONE_SUCCESS, NONE_SKIPPED, ALWAYS;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TriggerRule parse(String s) {
    for (TriggerRule r : values()) {
      if (r.yamlName().equals(s)) {
        return r;
      }
    }
    return null;
  }

  /**
   * What the task becomes given its upstream states (all final): RUN, SKIPPED or UPSTREAM_FAILED.
   * Airflow's rule: ALL_SUCCESS skips when an upstream was skipped and fails (upstream_failed) when
   * one failed; the "none_failed" family skips when nothing qualifies.
   */
  public TaskState decide(Collection<TaskState> up) {
    long success = up.stream().filter(s -> s == TaskState.SUCCESS).count();
    long failed = up.stream().filter(s -> s == TaskState.FAILED || s == TaskState.UPSTREAM_FAILED).count();
    long skipped = up.stream().filter(s -> s == TaskState.SKIPPED).count();
    int n = up.size();
    return switch (this) {
      case ALWAYS, ALL_DONE -> TaskState.RUNNING;
      case ALL_SUCCESS -> failed > 0 ? TaskState.UPSTREAM_FAILED : skipped > 0 ? TaskState.SKIPPED : TaskState.RUNNING;
      case ALL_FAILED -> failed == n ? TaskState.RUNNING : TaskState.SKIPPED;
      case ALL_SKIPPED -> skipped == n ? TaskState.RUNNING : TaskState.SKIPPED;
      case ONE_SUCCESS -> success > 0 ? TaskState.RUNNING : failed == n ? TaskState.UPSTREAM_FAILED : TaskState.SKIPPED;
      case ONE_FAILED -> failed > 0 ? TaskState.RUNNING : TaskState.SKIPPED;
      case ONE_DONE -> success + failed > 0 ? TaskState.RUNNING : TaskState.SKIPPED;
      case NONE_FAILED -> failed > 0 ? TaskState.UPSTREAM_FAILED : TaskState.RUNNING;
      case NONE_FAILED_MIN_ONE_SUCCESS -> failed > 0 ? TaskState.UPSTREAM_FAILED
          : success > 0 || n == 0 ? TaskState.RUNNING : TaskState.SKIPPED;
      case NONE_SKIPPED -> skipped > 0 ? TaskState.SKIPPED : TaskState.RUNNING;
    };
  }
}
