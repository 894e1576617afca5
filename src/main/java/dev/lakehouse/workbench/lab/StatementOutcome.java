package dev.lakehouse.workbench.lab;

/** What running one statement of the learner's script gave: a result, or the error saying why not. */
public record StatementOutcome(String statement, LabLake.Result result, String error) {

  public boolean failed() {
    return error != null;
  }
}
