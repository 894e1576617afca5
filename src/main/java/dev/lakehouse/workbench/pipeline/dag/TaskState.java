package dev.lakehouse.workbench.pipeline.dag;

import java.util.Locale;

/** Airflow's task-instance states that a run on the simulated clock can reach. */
public enum TaskState {
  RUNNING, SUCCESS, FAILED, UPSTREAM_FAILED, SKIPPED, UP_FOR_RETRY;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
