package dev.lakehouse.workbench.lab;

import java.util.List;

/** The result of checking a lab: each check's result, whether all pass, and the hint that fits. */
public record LabReport(String labId, List<CheckResult> results, boolean passed, String hint, boolean diagnosed,
    boolean solutionApplied) {

  public LabReport(String labId, List<CheckResult> results, boolean passed, String hint, boolean diagnosed) {
    this(labId, results, passed, hint, diagnosed, false);
  }

  /** Whether this check marks the day done: every check passed on the learner's own work. */
  public boolean counts() {
    return passed && !solutionApplied;
  }

  /** How the end of a check reads: done, passing on the applied solution, or not yet. */
  public String verdict(int day) {
    if (!passed) {
      return "";
    }
    return solutionApplied ? ": they pass on the applied reference solution, so day " + day
        + " is not marked done (set the lab up again and do it yourself to count it)" : ": lab done, day marked done";
  }

  public long passedCount() {
    return results.stream().filter(CheckResult::passed).count();
  }
}
