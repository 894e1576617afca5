package dev.lakehouse.workbench.pipeline.ci;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One CI run, as kept under the data folder's {@code ci/runs/NNNN/} ({@code run.json}, {@code log.txt}
 * and the dbt artifacts of the checkout's {@code target/}).
 *
 * @param repo the repository as the command named it (relative to the data folder when it is under it)
 * @param verdict {@code passed} or {@code failed}
 * @param failedStep the step that failed, or null
 */
public record CiRun(int id, String repo, String branch, String commit, String base, String baseCommit, String workflow,
    String verdict, Instant started, double seconds, List<StepResult> steps, String failedStep, Path dir) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  /** A step as it ran: its exit code (0 = success) and the one line that says why it failed, if it did. */
  public record StepResult(String job, String name, int exitCode, double seconds, String message) {}

  public boolean passed() {
    return PASSED.equals(verdict);
  }

  /** The run's log. */
  public Path log() {
    return dir.resolve("log.txt");
  }
}
