package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Our reader's key sets and the bundles the lab ships, held to the property names and required
 * fields of Databricks' bundle JSON schema (a snapshot in {@code bundle-schema-keys.yaml}): a bundle
 * the workbench accepts deploys in a workspace as written, for the fields we use.
 */
class JobBundleSchemaTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @SuppressWarnings("unchecked")
  static Map<String, Object> schema() throws Exception {
    try (InputStream in = JobBundleSchemaTest.class.getResourceAsStream("/bundle-schema-keys.yaml")) {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }

  @SuppressWarnings("unchecked")
  static Set<String> keys(Map<String, Object> schema, String part) {
    return new HashSet<>((List<String>) schema.get(part));
  }

  @Test
  void ourKeySetsAreTheSchemasPropertyNames() throws Exception {
    Map<String, Object> s = schema();
    assertThat(JobBundles.TOP_KEYS).isEqualTo(keys(s, "root"));
    assertThat(JobBundles.TARGET_KEYS).isEqualTo(keys(s, "target"));
    assertThat(JobBundles.JOB_KEYS).isEqualTo(keys(s, "job"));
    Set<String> task = new HashSet<>(JobBundles.TASK_KEYS);
    task.addAll(JobBundles.RUNNABLE);
    task.addAll(JobBundles.WORKSPACE_ONLY);
    assertThat(task).as("task keys, the runnable task types and the workspace-only ones").isEqualTo(keys(s, "task"));
    assertThat(JobBundles.SQL_TASK_KEYS).isEqualTo(keys(s, "sql_task"));
    assertThat(JobBundles.NOTEBOOK_TASK_KEYS).isEqualTo(keys(s, "notebook_task"));
    assertThat(JobBundles.EMAIL_KEYS).isEqualTo(keys(s, "job_email_notifications")).isEqualTo(keys(s, "task_email_notifications"));
    assertThat(JobBundles.RUN_IF.keySet()).isEqualTo(keys(s, "run_if"));
    assertThat(JobBundles.CONDITION_TASK_KEYS).isEqualTo(keys(s, "condition_task"));
    assertThat(JobBundles.FOR_EACH_TASK_KEYS).isEqualTo(keys(s, "for_each_task"));
    assertThat(JobBundles.DBT_TASK_KEYS).isEqualTo(keys(s, "dbt_task"));
    assertThat(new HashSet<>(JobBundles.CONDITION_OPS)).isEqualTo(keys(s, "condition_task_op"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLabsAndTheLessonsBundlesUseOnlySchemaKeysAndHaveTheRequiredOnes() throws Exception {
    Map<String, Object> s = schema();
    Map<String, Object> lab = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(PROJECT.resolve("labs/day-15-databricks-job/lab.yaml")));
    Map<String, Object> file = ((List<Map<String, Object>>) lab.get("files")).get(0);
    assertThat(file.get("path")).isEqualTo("work/day-15/databricks.yml");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?ms)^```yaml\\n(bundle:.*?)^```")
        .matcher(Files.readString(PROJECT.resolve("curriculum/day-15-databricks-jobs-workflows.md")));
    assertThat(m.find()).as("the lesson shows a bundle").isTrue();
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    texts.put("starter", (String) file.get("starter"));
    texts.put("solution", (String) file.get("solution"));
    texts.put("lesson", m.group(1));
    texts.put("control flow test", JobControlFlowTest.JOB);
    for (String which : texts.keySet()) {
      List<String> out = new ArrayList<>();
      Map<String, Object> b = new Yaml(new SafeConstructor(new LoaderOptions())).load(texts.get(which));
      walk(s, "root", b, which, out);
      walk(s, "bundle", b.get("bundle"), which + ".bundle", out);
      for (Map.Entry<String, Object> v : ((Map<String, Object>) b.getOrDefault("variables", Map.of())).entrySet()) {
        walk(s, "variable", v.getValue(), which + ".variables." + v.getKey(), out);
      }
      for (Map.Entry<String, Object> t : ((Map<String, Object>) b.getOrDefault("targets", Map.of())).entrySet()) {
        walk(s, "target", t.getValue(), which + ".targets." + t.getKey(), out);
      }
      Map<String, Object> jobs = (Map<String, Object>) ((Map<String, Object>) b.get("resources")).get("jobs");
      assertThat(jobs).isNotEmpty();
      for (Map.Entry<String, Object> j : jobs.entrySet()) {
        Map<String, Object> job = (Map<String, Object>) j.getValue();
        String at = which + ".jobs." + j.getKey();
        walk(s, "job", job, at, out);
        walk(s, "cron_schedule", job.get("schedule"), at + ".schedule", out);
        walk(s, "job_email_notifications", job.get("email_notifications"), at + ".email_notifications", out);
        for (Object p : (List<Object>) job.getOrDefault("parameters", List.of())) {
          walk(s, "job_parameter", p, at + ".parameters", out);
        }
        List<Object> tasks = new ArrayList<>((List<Object>) job.get("tasks"));
        for (int i = 0; i < tasks.size(); i++) {
          Map<String, Object> t = (Map<String, Object>) tasks.get(i);
          String ta = at + ".tasks." + t.get("task_key");
          walk(s, "task", t, ta, out);
          if (t.get("condition_task") != null) {
            walk(s, "condition_task", t.get("condition_task"), ta + ".condition_task", out);
            assertThat(keys(s, "condition_task_op")).as(ta).contains((String) ((Map<String, Object>) t.get("condition_task")).get("op"));
          }
          if (t.get("dbt_task") != null) {
            walk(s, "dbt_task", t.get("dbt_task"), ta + ".dbt_task", out);
          }
          if (t.get("for_each_task") != null) {
            Map<String, Object> fe = (Map<String, Object>) t.get("for_each_task");
            walk(s, "for_each_task", fe, ta + ".for_each_task", out);
            assertThat(fe.get("inputs")).as(ta + ": inputs is a string in the schema").isInstanceOf(String.class);
            tasks.add(fe.get("task")); // the inner task is a task like the others
          }
          if (t.get("depends_on") != null) {
            for (Object d : (List<Object>) t.get("depends_on")) {
              walk(s, "task_dependency", d, ta + ".depends_on", out);
            }
          }
          if (t.get("run_if") != null) {
            assertThat(keys(s, "run_if")).as(ta).contains((String) t.get("run_if"));
          }
          if (t.get("sql_task") != null) {
            walk(s, "sql_task", t.get("sql_task"), ta + ".sql_task", out);
            walk(s, "sql_task_file", ((Map<String, Object>) t.get("sql_task")).get("file"), ta + ".sql_task.file", out);
          }
          if (t.get("notebook_task") != null) {
            walk(s, "notebook_task", t.get("notebook_task"), ta + ".notebook_task", out);
          }
        }
      }
      assertThat(out).as(which + ": keys outside the schema, or required ones missing").isEmpty();
    }
  }

  @SuppressWarnings("unchecked")
  private static void walk(Map<String, Object> s, String part, Object value, String at, List<String> out) {
    if (value == null) {
      return;
    }
    Map<String, Object> m = (Map<String, Object>) value;
    Set<String> allowed = keys(s, part);
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        out.add(at + ": `" + k + "` is not a property of " + part);
      }
    }
    Map<String, List<String>> required = (Map<String, List<String>>) s.get("required");
    for (String r : required.getOrDefault(part, List.of())) {
      if (!m.containsKey(r)) {
        out.add(at + ": the required `" + r + "` is missing");
      }
    }
  }
}
