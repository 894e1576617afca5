package dev.lakehouse.workbench.lab;

/**
 * What running one statement of the learner's script gave: a result, or the error saying why not.
 * {@code expectedError} marks a statement of a lab's solution that fails on purpose (its comment says
 * "fails on purpose") and did: its error is part of the exercise, not a failed run.
 */
public record StatementOutcome(String statement, LabLake.Result result, String error, boolean expectedError) {

  public StatementOutcome(String statement, LabLake.Result result, String error) {
    this(statement, result, error, false);
  }

  public boolean failed() {
    return error != null && !expectedError;
  }
}
