package dev.lakehouse.workbench.lab;

import java.util.List;

/** The result of checking a lab: each check's result, whether all pass, and the hint that fits. */
public record LabReport(String labId, List<CheckResult> results, boolean passed, String hint, boolean diagnosed) {

  public long passedCount() {
    return results.stream().filter(CheckResult::passed).count();
  }
}
