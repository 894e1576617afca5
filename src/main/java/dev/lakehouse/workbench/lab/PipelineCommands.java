package dev.lakehouse.workbench.lab;

/**
 * The pipeline verbs a lab's editor runs beside SQL ({@code dbt build ...}, {@code dag backfill ...},
 * {@code job run ...}, {@code ci run ...}), so the dbt, DAG and job labs can be done in the app as on the command line.
 * The app implements it over the pipeline part; {@link LabService} only recognises the lines.
 */
public interface PipelineCommands {

  /** The verbs a line may start with. */
  java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("(?s)\\s*(dbt|dag|job|ci)\\s+\\S.*");

  /**
   * Runs one command line and returns what it printed; throws a {@code WorkbenchException} with one
   * line for a command it cannot run.
   */
  String run(String commandLine);

  /**
   * Makes {@code dir} a new git repository whose first commit on {@code main} holds its files (a
   * lab's {@code setup.repo}, decision 0046); the app implements it with the pipeline part's git.
   */
  default void startRepository(java.nio.file.Path dir, String message) {
    throw new dev.lakehouse.workbench.common.WorkbenchException(dev.lakehouse.workbench.common.WorkbenchException.Kind.FAILURE,
        "cannot create the lab's git repository in " + dir, "this copy of the workbench runs labs without git",
        "set the lab up from the command line or the app");
  }
}
