package dev.lakehouse.workbench.pipeline.dag;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One DAG as read from a dag-factory file: the DAG-level settings and its tasks in file order.
 *
 * @param deadline Airflow 3.1's Deadline Alert, simplified: a run that has not finished this long
 *     after its logical date raises a deadline miss (null: none)
 */
public record DagSpec(Path file, String dagId, String description, Schedule schedule, LocalDateTime startDate,
    LocalDateTime endDate, boolean catchup, int maxActiveRuns, Duration dagrunTimeout, Duration deadline,
    List<String> tags, Map<String, Object> params, List<TaskSpec> tasks) {

  public Optional<TaskSpec> task(String taskId) {
    return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
  }

  /** Where this DAG comes from, for messages: "file, DAG id". */
  public String where() {
    return (file == null ? "<text>" : file.getFileName().toString()) + ", DAG " + dagId;
  }
}
