package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad DAG files: one line each, naming the file, the DAG, the task and the fix. */
class DagFilesTest {

  final DagFiles files = new DagFiles(new OperatorRegistry());

  private List<String> problems(String yaml) {
    return files.parse(Path.of("work/day-04/orders.yaml"), yaml).problems();
  }

  static final String SQL = "airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator";

  @Test
  void aCycleIsNamedWithItsPath() {
    assertThat(problems("""
        d:
          schedule: null
          tasks:
            - {task_id: a, operator: %s, sql: "SELECT 1", dependencies: [c]}
            - {task_id: b, operator: %s, sql: "SELECT 1", dependencies: [a]}
            - {task_id: c, operator: %s, sql: "SELECT 1", dependencies: [b]}
        """.formatted(SQL, SQL, SQL)))
        .containsExactly("orders.yaml, DAG d, task a: the dependencies make a cycle (a -> b -> c -> a). "
            + "Remove one of these dependencies; a DAG must not loop back.");
  }

  @Test
  void anUnknownOperatorABadCronAndAMissingUpstreamAreOneLineEach() {
    List<String> p = problems("""
        d:
          schedule: "0 25 * * *"
          start_date: 2024-03-01
          tasks:
            - task_id: load
              operator: airflow.operators.bash.BashOperator
              bash_command: echo
            - task_id: check
              operator: %s
              sql: SELECT 1
              dependencies: [lod]
        """.formatted(SQL));
    assertThat(p).hasSize(3);
    assertThat(p.get(0)).startsWith("orders.yaml, DAG d: the schedule `0 25 * * *` is not a valid cron (")
        .endsWith("or a preset such as @daily.");
    assertThat(p.get(1)).isEqualTo("orders.yaml, DAG d, task check: its upstream `lod` is not a task or task group of this DAG. "
        + "Fix the name in `dependencies` (tasks: load, check).");
    assertThat(p.get(2)).startsWith("orders.yaml, DAG d, task load: unknown operator `airflow.operators.bash.BashOperator`. Use one of: "
        + OperatorRegistry.SQL);
    assertThat(p).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
  }

  @Test
  void airflowTwoHabitsAreNamed() {
    assertThat(problems("""
        d:
          schedule_interval: "@daily"
          tasks:
            load: {operator: %s, sql: SELECT 1}
        """.formatted(SQL)))
        .containsExactly("orders.yaml, DAG d: `schedule_interval` was removed in Airflow 3. Rename it to `schedule`.",
            "orders.yaml, DAG d: `tasks` is a mapping (dag-factory before 1.0). Write tasks as a list: `- task_id: load` with the task's keys under it.");
  }

  @Test
  void defaultsTaskGroupsAndPresetsAreRead() {
    var parsed = files.parse(Path.of("x.yaml"), """
        default:
          default_args: {retries: 2, retry_delay_sec: 30, start_date: 2024-03-01}
          catchup: false
        d:
          schedule: "@daily"
          dagrun_timeout: {__type__: datetime.timedelta, hours: 1}
          task_groups:
            - group_name: transform
              dependencies: [load]
          tasks:
            - {task_id: load, operator: %s, sql: SELECT 1}
            - {task_id: a, operator: %s, sql: SELECT 1, task_group_name: transform}
            - {task_id: b, operator: %s, sql: SELECT 1, task_group_name: transform, retries: 0}
            - {task_id: publish, operator: %s, sql: SELECT 1, dependencies: [transform]}
        """.formatted(SQL, SQL, SQL, SQL));
    assertThat(parsed.problems()).isEmpty();
    DagSpec d = parsed.dags().get(0);
    assertThat(d.startDate()).hasToString("2024-03-01T00:00");
    assertThat(d.dagrunTimeout()).hasHours(1);
    assertThat(d.task("a").get().upstream()).containsExactly("load");
    assertThat(d.task("publish").get().upstream()).containsExactly("a", "b");
    assertThat(d.task("a").get().retries()).isEqualTo(2);
    assertThat(d.task("a").get().retryDelay()).hasSeconds(30);
    assertThat(d.task("b").get().retries()).isZero();
  }
}
