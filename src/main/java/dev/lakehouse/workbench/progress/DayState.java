package dev.lakehouse.workbench.progress;

/** Where a learner stands on one day of the plan. */
public enum DayState {
  NOT_STARTED("not started"),
  IN_PROGRESS("in progress"),
  DONE("done");

  private final String label;

  DayState(String label) {
    this.label = label;
  }

  /** The words shown to people ("in progress"). */
  public String label() {
    return label;
  }
}
