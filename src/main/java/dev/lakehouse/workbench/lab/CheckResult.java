package dev.lakehouse.workbench.lab;

/** The outcome of one check: pass or fail, with what was expected and what was measured. */
public record CheckResult(String id, String title, boolean passed, String expected, String measured) {

  /** "expected at least 3 versions, found 1" style line. */
  public String line() {
    return (passed ? "PASS " : "FAIL ") + title + ": expected " + expected + ", found " + measured;
  }
}
