package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The DAG files the labs ship (their reference solutions and starters) use only keys and value forms
 * that dag-factory 1.x documents ("Configuring your workflows", "Defaults", "Task groups"): a
 * top-level {@code dag_id} per DAG plus an optional {@code default} block; tasks and task groups as
 * lists ({@code task_id}, {@code group_name}); {@code operator} an importable dotted path whose other
 * keys are that operator's keyword arguments; timedeltas as {@code __type__: datetime.timedelta}.
 * The keys are written here from those documents and Airflow's operator signatures, not from our reader.
 */
class DagFactorySchemaTest {

  static final Path LABS = Path.of(System.getProperty("workbench.project.dir", ".")).resolve("labs");

  /** DAG keyword arguments (Airflow's DAG) that dag-factory passes through, plus its own list keys. */
  static final Set<String> DAG_KEYS = Set.of("default_args", "description", "schedule", "start_date", "end_date",
      "catchup", "max_active_runs", "max_active_tasks", "dagrun_timeout", "dagrun_timeout_sec", "tags", "params",
      "task_groups", "tasks", "doc_md", "render_template_as_native_obj", "is_paused_upon_creation", "deadline");
  /** BaseOperator keyword arguments used in default_args and tasks, and dag-factory's task keys. */
  static final Set<String> BASE_TASK_KEYS = Set.of("task_id", "operator", "dependencies", "task_group_name", "owner",
      "retries", "retry_delay", "retry_delay_sec", "retry_exponential_backoff", "max_retry_delay", "execution_timeout",
      "execution_timeout_secs", "trigger_rule", "start_date", "end_date", "email", "email_on_failure", "email_on_retry",
      "depends_on_past", "pool", "priority_weight", "doc_md", "sla", "sla_secs");
  /** Keyword arguments of the Airflow operators the labs use (apache-airflow-providers-common-sql, -standard). */
  static final Map<String, Set<String>> OPERATOR_KWARGS = Map.of(
      "airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator",
      Set.of("sql", "conn_id", "database", "parameters", "autocommit", "split_statements", "return_last", "handler"),
      "airflow.providers.common.sql.operators.sql.SQLCheckOperator", Set.of("sql", "conn_id", "database", "parameters"),
      "airflow.providers.common.sql.operators.sql.BranchSQLOperator",
      Set.of("sql", "follow_task_ids_if_true", "follow_task_ids_if_false", "conn_id", "database", "parameters"),
      "airflow.providers.common.sql.sensors.sql.SqlSensor",
      Set.of("sql", "conn_id", "parameters", "success", "failure", "fail_on_empty", "poke_interval", "timeout", "mode",
          "soft_fail", "exponential_backoff"),
      "airflow.providers.standard.operators.empty.EmptyOperator", Set.of(),
      // lake-only operators (decision 0025): valid dag-factory shape, importable only where the workbench package is
      "workbench.operators.TransientFailureOperator", Set.of("fail_tries", "sql"),
      "workbench.operators.DbtBuildOperator", Set.of("project_dir", "select", "vars"));

  @SuppressWarnings("unchecked")
  private static void assertDagFactoryShape(String source, String text) {
    Map<String, Object> top = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    assertThat(top).as(source).isNotEmpty();
    for (Map.Entry<String, Object> e : top.entrySet()) {
      assertThat(e.getKey()).as(source + ": a dag_id").matches("[A-Za-z0-9_.-]+");
      Map<String, Object> dag = (Map<String, Object>) e.getValue();
      assertThat(DAG_KEYS).as(source + ": DAG keys").containsAll(dag.keySet());
      if (dag.containsKey("schedule")) {
        assertThat(String.valueOf(dag.get("schedule"))).as(source + ": schedule")
            .matches("@(once|hourly|daily|weekly|monthly|yearly)|(\\S+ ){4}\\S+|None|null");
      }
      if (dag.containsKey("catchup")) {
        assertThat(dag.get("catchup")).as(source + ": catchup").isInstanceOf(Boolean.class);
      }
      Map<String, Object> defaults = (Map<String, Object>) dag.getOrDefault("default_args", Map.of());
      assertThat(BASE_TASK_KEYS).as(source + ": default_args").containsAll(defaults.keySet());
      List<Object> tasks = (List<Object>) dag.get("tasks");
      assertThat(tasks).as(source + ": tasks is a list (dag-factory 1.0)").isNotEmpty();
      for (Object o : tasks) {
        Map<String, Object> t = (Map<String, Object>) o;
        assertThat(t).as(source + ": every task has task_id and operator").containsKeys("task_id", "operator");
        String op = String.valueOf(t.get("operator"));
        if (op.startsWith("include.operators.")) {
          continue;   // the learner's own operator (day 10): its parameters are checked against its declaration by DagFiles
        }
        assertThat(OPERATOR_KWARGS).as(source + ": " + op + " is an Airflow operator's import path").containsKey(op);
        for (String k : t.keySet()) {
          assertThat(BASE_TASK_KEYS.contains(k) || OPERATOR_KWARGS.get(op).contains(k))
              .as(source + ": task " + t.get("task_id") + " key " + k + " is a keyword argument of " + op).isTrue();
        }
        if (t.containsKey("dependencies")) {
          assertThat(t.get("dependencies")).as(source + ": dependencies").isInstanceOf(List.class);
        }
        for (String k : List.of("retry_delay", "execution_timeout", "dagrun_timeout")) {
          if (t.get(k) instanceof Map<?, ?> m) {
            assertThat(m.get("__type__")).isEqualTo("datetime.timedelta");
          }
        }
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLabsDagFilesUseOnlyDagFactorysDocumentedKeys() throws Exception {
    int files = 0;
    try (var dirs = Files.list(LABS)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        Map<String, Object> lab = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(dir.resolve("lab.yaml")));
        for (Object f : (List<Object>) lab.getOrDefault("files", List.of())) {
          Map<String, Object> file = (Map<String, Object>) f;
          String text = String.valueOf(file.get("solution"));
          if (String.valueOf(file.get("path")).endsWith(".yaml") && text.contains("tasks:") && text.contains("operator:")
              && !String.valueOf(file.get("path")).contains("/operators/")) {
            assertDagFactoryShape(dir.getFileName() + "/" + file.get("path") + " (solution)", text);
            assertDagFactoryShape(dir.getFileName() + "/" + file.get("path") + " (starter)", String.valueOf(file.get("starter")));
            files++;
          }
        }
      }
    }
    assertThat(files).as("DAG files in the labs").isGreaterThanOrEqualTo(1);
  }

  @Test
  void aPreOneZeroFileFailsTheShapeCheck() {
    String old = """
        d:
          schedule_interval: "@daily"
          tasks:
            load: {operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator, sql: SELECT 1}
        """;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertDagFactoryShape("old", old)).isInstanceOf(AssertionError.class);
  }
}
