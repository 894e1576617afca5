package dev.lakehouse.workbench.pipeline.dag;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Databricks job of a bundle, resolved for a target: its key under {@code resources.jobs}, the
 * name it deploys under (prefixed in development mode), its schedule as written, its job parameters
 * and notifications, and the DAG the engine runs (a task per {@code task_key}).
 *
 * @param paused true when the schedule does not fire: {@code pause_status: PAUSED}, or the target is
 *     in development mode (as a deployed dev job's schedule is paused)
 * @param emailOnFailure addresses of the job's and its tasks' {@code email_notifications.on_failure}
 * @param emailOnSuccess addresses of the job's {@code email_notifications.on_success}
 */
public record JobSpec(Path file, String bundle, String target, String mode, String key, String name,
    String quartzCron, String timezoneId, boolean paused, Map<String, String> parameters, List<String> emailOnFailure,
    List<String> emailOnSuccess, DagSpec dag) {

  /** Where this job comes from, for messages: "file, job key". */
  public String where() {
    return file.getFileName() + ", job " + key;
  }
}
