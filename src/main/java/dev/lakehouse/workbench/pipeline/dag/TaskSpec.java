package dev.lakehouse.workbench.pipeline.dag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One task: its id (with its task group's prefix, as Airflow names it), the operator's name, the
 * upstream task ids, the trigger rule, retry settings, and the operator's own fields (templated
 * before each try).
 *
 * @param retryOnTimeout whether a try that ran past its execution timeout is retried: Airflow retries
 *     it (true for DAG tasks); a Databricks job task only with {@code retry_on_timeout: true}
 */
public record TaskSpec(String taskId, String operator, List<String> upstream, TriggerRule triggerRule, int retries,
    Duration retryDelay, boolean exponentialBackoff, Duration maxRetryDelay, Duration executionTimeout, Duration sla,
    Map<String, Object> fields, boolean retryOnTimeout) {

  /** The delay before try {@code nextTry} (2 = the first retry), with Airflow's exponential backoff. */
  public Duration delayBefore(int nextTry) {
    if (!exponentialBackoff) {
      return retryDelay;
    }
    long seconds = Math.max(1, retryDelay.toSeconds()) * (1L << Math.min(30, nextTry - 2));
    Duration d = Duration.ofSeconds(seconds);
    return maxRetryDelay != null && d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
  }
}
