package dev.lakehouse.workbench.pipeline.dag;

import java.nio.file.Path;
import java.util.List;

/**
 * The seam the dbt half of the pipeline part implements: build a selection of a dbt project on the
 * lake. The DAG engine only calls it; without an implementation a dbt task fails saying so.
 */
public interface DbtRunner {

  /** What one build did: a line per node (model, test, seed) and whether all passed. */
  record Outcome(boolean success, List<String> lines) {}

  /**
   * Builds the nodes {@code select} picks (dbt's selection syntax) of the project in
   * {@code projectDir}, with {@code vars} passed as dbt's {@code --vars}.
   */
  Outcome build(Path projectDir, String select, java.util.Map<String, Object> vars);
}
