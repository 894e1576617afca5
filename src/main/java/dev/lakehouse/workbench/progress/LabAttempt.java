package dev.lakehouse.workbench.progress;

import java.time.Instant;
import java.util.List;

/**
 * One thing the learner did in a lab, with its outcome: a setup, a run of statements, a check (with
 * each check's result), a hint, a reset or a request for the solution. {@code id} is 0 before it is
 * recorded.
 */
public record LabAttempt(
    long id, String labId, int day, Instant at, Kind kind, Outcome outcome, String detail, List<CheckRecord> checks) {

  public LabAttempt {
    checks = List.copyOf(checks);
    detail = detail == null ? "" : detail;
  }

  /** What the learner did. */
  public enum Kind { SETUP, RUN, CHECK, HINT, RESET, SOLUTION }

  /** How it went: OK/ERROR for actions, PASS/FAIL for checks. */
  public enum Outcome { OK, ERROR, PASS, FAIL }

  /** The recorded result of one check. */
  public record CheckRecord(String checkId, boolean passed, String expected, String measured) {}
}
