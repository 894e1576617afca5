package dev.lakehouse.workbench.lab;

/**
 * The pipeline verbs a lab's editor runs beside SQL ({@code dbt build ...}, {@code dag backfill ...},
 * {@code job run ...}), so the dbt, DAG and job labs can be done in the app as on the command line.
 * The app implements it over the pipeline part; {@link LabService} only recognises the lines.
 */
public interface PipelineCommands {

  /** The verbs a line may start with. */
  java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("(?s)\\s*(dbt|dag|job)\\s+\\S.*");

  /**
   * Runs one command line and returns what it printed; throws a {@code WorkbenchException} with one
   * line for a command it cannot run.
   */
  String run(String commandLine);
}
