package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.CommitWatch;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads Databricks Asset Bundle files ({@code databricks.yml}) for their jobs: {@code bundle.name},
 * {@code variables}, {@code resources.jobs.<key>} with {@code tasks}, and {@code targets} whose
 * settings are merged over the top level (tasks by {@code task_key}); {@code mode: development}
 * prefixes the job's name with {@code [dev <user>]} and pauses its schedule, as a deploy does.
 * Each job becomes a DAG the same engine runs: a task per {@code task_key}, {@code depends_on} as
 * upstream tasks, {@code run_if} as a trigger rule, {@code max_retries} and
 * {@code min_retry_interval_millis} as retries, {@code timeout_seconds} as timeouts, and the Quartz
 * {@code schedule} read with cron-utils. The workbench runs {@code sql_task} with a {@code file},
 * {@code notebook_task} on a SQL notebook, {@code condition_task} (its {@code outcome} picks the
 * downstream tasks that run), {@code for_each_task} over a SQL or notebook task and {@code dbt_task}
 * ({@code dbt build} through {@link DbtRunner}) (decision 0041);
 * every other task type only a workspace can run, and says so. {@code retry_on_timeout} decides
 * whether a try stopped by {@code timeout_seconds} is retried (a workspace's default: no).
 * Every problem is one line naming the file, the job, the task, the field and the fix.
 */
public final class JobBundles {

  /**
   * Planted transient failures, for teaching retries (a lab's setup writes them): the first
   * {@code fail_tries} tries of a job's task on a run date fail with {@code message}, as an unreachable
   * warehouse would, before any statement runs.
   */
  public static final TableId FAULTS = TableId.of("pipeline", "faults");

  /** The operator a job's SQL file or SQL notebook task runs as. */
  public static final String SQL_TASK = "workbench.jobs.SqlFileTask";
  /** The operator a job's condition_task (If/else) runs as. */
  public static final String CONDITION_TASK = "workbench.jobs.ConditionTask";
  /** The operator a job's dbt_task runs as. */
  public static final String DBT_TASK = "workbench.jobs.DbtTask";
  /** The operator a job's for_each_task runs as. */
  public static final String FOR_EACH_TASK = "workbench.jobs.ForEachTask";
  /** The user a development deployment prefixes names with ({@code ${workspace.current_user.short_name}}). */
  public static final String USER = "learner";

  static final Set<String> TOP_KEYS = Set.of("bundle", "include", "variables", "resources", "targets", "workspace",
      "artifacts", "sync", "permissions", "run_as", "presets", "experimental", "scripts", "python", "environments");
  static final Set<String> TARGET_KEYS = Set.of("mode", "default", "workspace", "variables", "resources", "presets",
      "run_as", "artifacts", "sync", "permissions", "cluster_id", "compute_id", "bundle", "git");
  static final Set<String> JOB_KEYS = Set.of("name", "description", "tasks", "job_clusters", "schedule", "trigger",
      "triggers", "continuous", "email_notifications", "webhook_notifications", "notification_settings", "timeout_seconds",
      "max_concurrent_runs", "health", "parameters", "tags", "queue", "run_as", "permissions", "git_source",
      "environments", "budget_policy_id", "performance_target", "usage_policy_id", "lifecycle", "parent_path");
  static final Set<String> TASK_KEYS = Set.of("task_key", "description", "depends_on", "run_if", "job_cluster_key",
      "existing_cluster_id", "new_cluster", "environment_key", "libraries", "max_retries", "min_retry_interval_millis",
      "retry_on_timeout", "timeout_seconds", "email_notifications", "notification_settings", "webhook_notifications",
      "health", "disable_auto_optimization", "compute", "disabled");
  /** Task types: the two the workbench runs, and the ones only a workspace can. */
  static final List<String> RUNNABLE = List.of("sql_task", "notebook_task", "condition_task", "for_each_task", "dbt_task");
  static final List<String> WORKSPACE_ONLY = List.of("spark_python_task", "python_wheel_task", "spark_jar_task",
      "spark_submit_task", "pipeline_task", "run_job_task",
      "dashboard_task", "clean_rooms_notebook_task", "power_bi_task", "gen_ai_compute_task", "dbt_cloud_task", "alert_task",
      "ai_runtime_task", "dbt_platform_task", "python_operator_task");
  static final Set<String> SQL_TASK_KEYS = Set.of("warehouse_id", "file", "query", "dashboard", "alert", "parameters");
  static final Set<String> DBT_TASK_KEYS = Set.of("commands", "project_directory", "warehouse_id", "source", "schema",
      "catalog", "profiles_directory");
  static final Set<String> CONDITION_TASK_KEYS = Set.of("op", "left", "right");
  static final Set<String> FOR_EACH_TASK_KEYS = Set.of("inputs", "concurrency", "task");
  /** A condition_task's operators: the first two compare text, the others numbers (as a workspace does). */
  static final List<String> CONDITION_OPS = List.of("EQUAL_TO", "NOT_EQUAL", "GREATER_THAN", "GREATER_THAN_OR_EQUAL",
      "LESS_THAN", "LESS_THAN_OR_EQUAL");
  /** The most iterations of a for_each_task a workspace runs at once. */
  static final int MAX_CONCURRENCY = 100;
  static final Set<String> NOTEBOOK_TASK_KEYS = Set.of("notebook_path", "base_parameters", "source", "warehouse_id");
  static final Set<String> EMAIL_KEYS = Set.of("on_start", "on_success", "on_failure",
      "on_duration_warning_threshold_exceeded", "on_streaming_backlog_exceeded", "no_alert_for_skipped_runs");
  /** Databricks' run_if values and the trigger rule each is. */
  static final Map<String, TriggerRule> RUN_IF = Map.of("ALL_SUCCESS", TriggerRule.ALL_SUCCESS,
      "AT_LEAST_ONE_SUCCESS", TriggerRule.ONE_SUCCESS, "NONE_FAILED", TriggerRule.NONE_FAILED,
      "ALL_DONE", TriggerRule.ALL_DONE, "AT_LEAST_ONE_FAILED", TriggerRule.ONE_FAILED, "ALL_FAILED", TriggerRule.ALL_FAILED);

  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]+)}");

  /** The outcome of reading a bundle for one target: its valid jobs, and one line per problem. */
  public record Parsed(String bundle, String target, List<String> targets, List<JobSpec> jobs, List<String> problems) {}

  /** Adds the job task operator to a registry (once). */
  public static OperatorRegistry register(OperatorRegistry ops) {
    if (ops.resolve(SQL_TASK) == null) {
      ops.registerBuiltin(SQL_TASK, JobBundles::runSqlTask, List.of("sql_file"), true);
    }
    if (ops.resolve(CONDITION_TASK) == null) {
      // no templated fields: {{...}} in a job's fields are dynamic value references, resolved when the task runs
      ops.registerBuiltin(CONDITION_TASK, JobBundles::runCondition, List.of(), false);
    }
    if (ops.resolve(DBT_TASK) == null) {
      ops.registerBuiltin(DBT_TASK, JobBundles::runDbt, List.of(), true);
    }
    if (ops.resolve(FOR_EACH_TASK) == null) {
      ops.registerBuiltin(FOR_EACH_TASK, JobBundles::runForEach, List.of(), true);
    }
    return ops;
  }

  /** The jobs of a bundle file for a target (null: the bundle's default); throws a one-line error on the first problem. */
  public static List<JobSpec> read(Path file, String target) {
    Parsed p = parse(file, text(file), target);
    if (!p.problems().isEmpty()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, p.problems().get(0), null);
    }
    return p.jobs();
  }

  /** Reads a bundle file for a target; never throws for a problem in the file. */
  public static Parsed parse(Path file, String target) {
    return parse(file, text(file), target);
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot read the bundle file " + file,
          "it does not exist or is not readable", "check the path (relative paths start at the data folder)");
    }
  }

  /** Reads bundle text as if it were {@code file} (SQL files are found beside it). */
  public static Parsed parse(Path file, String text, String target) {
    return new Reader(file, target).read(text);
  }

  private static final class Reader {
    private final Path file;
    private final Path dir;
    private final String fileName;
    private final String wantedTarget;
    private final List<String> problems = new ArrayList<>();
    /** For the job being read: each task's type, the tasks that run before each (with their types), each condition's downstream outcomes. */
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, Map<String, String>> before = new HashMap<>();
    private final Map<String, Map<String, String>> outcomes = new HashMap<>();
    /** True while reading the task a for_each_task runs ({{input}} has a value there). */
    private boolean inForEach;

    Reader(Path file, String target) {
      this.file = file.toAbsolutePath().normalize();
      this.dir = this.file.getParent();
      this.fileName = file.getFileName().toString();
      this.wantedTarget = target;
    }

    private void problem(String job, String task, String field, String what, String fix) {
      problems.add(fileName + (job == null ? "" : ", job " + job) + (task == null ? "" : ", task " + task)
          + (field == null ? "" : ", field " + field) + ": " + what + ". " + fix);
    }

    Parsed read(String text) {
      Object loaded;
      try {
        loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? "not YAML" : e.getMessage().lines().findFirst().orElse("not YAML");
        problem(null, null, null, "not valid YAML (" + why.trim() + ")", "Check the indentation and the quotes near that line.");
        return new Parsed(null, wantedTarget, List.of(), List.of(), problems);
      }
      if (!(loaded instanceof Map<?, ?> rawTop)) {
        problem(null, null, null, "the file is not a mapping", "Start it with `bundle:` and `name: my_bundle` under it.");
        return new Parsed(null, wantedTarget, List.of(), List.of(), problems);
      }
      Map<String, Object> top = DagFiles.map(rawTop);
      for (String k : top.keySet()) {
        if (!TOP_KEYS.contains(k)) {
          problem(null, null, k, "unknown top-level key", "Use " + String.join(", ", new TreeSet<>(TOP_KEYS)) + ".");
        }
      }
      if (top.get("include") instanceof List<?> inc && !inc.isEmpty()) {
        problem(null, null, "include", "the workbench reads one bundle file, not included ones",
            "Move the jobs of " + inc + " under `resources: jobs:` in " + fileName + ".");
      }
      String bundle = top.get("bundle") instanceof Map<?, ?> b && b.get("name") != null ? String.valueOf(b.get("name")) : null;
      if (bundle == null) {
        problem(null, null, "bundle.name", "the bundle has no name", "Start the file with `bundle:` and `  name: shop_jobs` under it.");
      }
      // targets
      Map<String, Object> targets = top.get("targets") instanceof Map<?, ?> t ? DagFiles.map(t) : new LinkedHashMap<>();
      if (top.get("targets") != null && !(top.get("targets") instanceof Map<?, ?>)) {
        problem(null, null, "targets", "`targets` is not a mapping", "Write `targets:` with `dev:` and `prod:` under it.");
      }
      List<String> defaults = new ArrayList<>();
      for (Map.Entry<String, Object> e : targets.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> tm)) {
          if (e.getValue() != null) {
            problem(null, null, "targets." + e.getKey(), "the target is not a mapping", "Indent its keys (mode, default, variables) under it.");
          }
          continue;
        }
        Map<String, Object> tb = DagFiles.map(tm);
        for (String k : tb.keySet()) {
          if (!TARGET_KEYS.contains(k)) {
            problem(null, null, "targets." + e.getKey() + "." + k, "unknown target key", "Use " + String.join(", ", new TreeSet<>(TARGET_KEYS)) + ".");
          }
        }
        Object mode = tb.get("mode");
        if (mode != null && !mode.equals("development") && !mode.equals("production")) {
          problem(null, null, "targets." + e.getKey() + ".mode", "`" + mode + "` is not a deployment mode", "Write `mode: development` or `mode: production`.");
        }
        if (Boolean.TRUE.equals(tb.get("default"))) {
          defaults.add(e.getKey());
        }
      }
      if (defaults.size() > 1) {
        problem(null, null, "targets", "more than one target says `default: true` (" + String.join(", ", defaults) + ")", "Keep `default: true` on one target.");
      }
      String target = wantedTarget;
      if (target == null) {
        target = !defaults.isEmpty() ? defaults.get(0) : targets.size() == 1 ? targets.keySet().iterator().next()
            : targets.isEmpty() ? "default" : null;
        if (target == null) {
          problem(null, null, "targets", "no target is the default and none was named", "Name one with --target ("
              + String.join(", ", targets.keySet()) + ") or give one `default: true`.");
        }
      } else if (!targets.containsKey(target) && !(targets.isEmpty() && target.equals("default"))) {
        problem(null, null, "targets", "there is no target `" + target + "`", "Use one of: "
            + (targets.isEmpty() ? "default (the bundle defines no targets)" : String.join(", ", targets.keySet())) + ".");
        target = null;
      }
      List<String> targetNames = List.copyOf(targets.keySet());
      if (target == null || bundle == null) {
        return new Parsed(bundle, target, targetNames, List.of(), problems);
      }
      Map<String, Object> tb = targets.get(target) instanceof Map<?, ?> m ? DagFiles.map(m) : Map.of();
      String mode = tb.get("mode") == null ? null : String.valueOf(tb.get("mode"));
      // variables: declared at the top, valued by their default or the target
      Map<String, Object> declared = top.get("variables") instanceof Map<?, ?> v ? DagFiles.map(v) : Map.of();
      Map<String, Object> targetVars = tb.get("variables") instanceof Map<?, ?> v ? DagFiles.map(v) : Map.of();
      Map<String, String> vars = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : declared.entrySet()) {
        Object d = e.getValue() instanceof Map<?, ?> dm ? dm.get("default") : e.getValue();
        if (d != null) {
          vars.put(e.getKey(), String.valueOf(d));
        }
      }
      for (Map.Entry<String, Object> e : targetVars.entrySet()) {
        if (!declared.containsKey(e.getKey())) {
          problem(null, null, "targets." + target + ".variables." + e.getKey(), "the variable is not declared",
              "Declare it at the top: `variables: {" + e.getKey() + ": {description: ...}}`.");
        }
        Object val = e.getValue() instanceof Map<?, ?> vm ? vm.get("default") : e.getValue();
        if (val != null) {
          vars.put(e.getKey(), String.valueOf(val));
        }
      }
      Map<String, Object> resources = top.get("resources") instanceof Map<?, ?> r ? DagFiles.map(r) : new LinkedHashMap<>();
      if (tb.get("resources") instanceof Map<?, ?> tr) {
        resources = merge(resources, DagFiles.map(tr));
      }
      Map<String, String> builtins = new HashMap<>();
      builtins.put("bundle.name", bundle);
      builtins.put("bundle.target", target);
      builtins.put("workspace.current_user.short_name", USER);
      builtins.put("workspace.current_user.userName", USER + "@localhost");
      builtins.put("workspace.root_path", "/Workspace/Users/" + USER + "@localhost/.bundle/" + bundle + "/" + target);
      builtins.put("workspace.file_path", builtins.get("workspace.root_path") + "/files");
      Object interpolated = interpolate(resources, vars, builtins, declared.keySet());
      resources = interpolated instanceof Map<?, ?> im ? DagFiles.map(im) : Map.of();
      Object jobsRaw = resources.get("jobs");
      List<JobSpec> jobs = new ArrayList<>();
      if (!(jobsRaw instanceof Map<?, ?> jm) || jm.isEmpty()) {
        problem(null, null, "resources.jobs", "the bundle defines no job", "Add `resources:` / `  jobs:` / `    my_job:` with its `tasks`.");
      } else {
        for (Map.Entry<String, Object> e : DagFiles.map(jm).entrySet()) {
          if (!(e.getValue() instanceof Map<?, ?> body)) {
            problem(e.getKey(), null, null, "the job is not a mapping", "Indent its keys (name, tasks, schedule) under `" + e.getKey() + ":`.");
            continue;
          }
          int before = problems.size();
          JobSpec j = job(bundle, target, mode, e.getKey(), DagFiles.map(body));
          if (problems.size() == before && j != null) {
            jobs.add(j);
          }
        }
      }
      return new Parsed(bundle, target, targetNames, problems.isEmpty() ? jobs : List.of(), problems);
    }

    private Object interpolate(Object v, Map<String, String> vars, Map<String, String> builtins, Set<String> declared) {
      if (v instanceof String s && s.contains("${")) {
        Matcher m = INTERPOLATION.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          String ref = m.group(1).strip();
          String value = null;
          if (ref.startsWith("var.") || ref.startsWith("variables.")) {
            String name = ref.startsWith("var.") ? ref.substring(4) : ref.substring(10).replaceAll("\\.value$", "");
            value = vars.get(name);
            if (value == null) {
              problem(null, null, "${" + ref + "}", declared.contains(name) ? "the variable `" + name + "` has no value in this target"
                  : "there is no variable `" + name + "`", declared.contains(name) ? "Give it a `default`, or a value under the target's `variables`."
                  : "Declare it under `variables:` at the top of the file.");
            }
          } else {
            value = builtins.get(ref);
            if (value == null) {
              problem(null, null, "${" + ref + "}", "the workbench cannot substitute this reference",
                  "Use ${var.<name>}, ${bundle.name}, ${bundle.target}, ${workspace.current_user.short_name} or ${workspace.file_path}.");
            }
          }
          m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
      }
      if (v instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), interpolate(x, vars, builtins, declared)));
        return out;
      }
      if (v instanceof List<?> l) {
        List<Object> out = new ArrayList<>();
        l.forEach(x -> out.add(interpolate(x, vars, builtins, declared)));
        return out;
      }
      return v;
    }

    private JobSpec job(String bundle, String target, String mode, String key, Map<String, Object> body) {
      if (!key.matches("[A-Za-z0-9_-]+")) {
        problem(key, null, null, "the job key has characters a bundle refuses", "Use letters, digits, _ and - only.");
      }
      for (String k : body.keySet()) {
        if (!JOB_KEYS.contains(k)) {
          problem(key, null, k, "unknown job key", k.equals("schedule_interval") || k.equals("retries") || k.equals("max_retries")
              ? "Retries are set on each task (`max_retries`); the schedule is `schedule: {quartz_cron_expression, timezone_id}`."
              : "Use one of " + String.join(", ", new TreeSet<>(JOB_KEYS)) + ".");
        }
      }
      boolean dev = "development".equals(mode);
      String name = String.valueOf(body.getOrDefault("name", key));
      String deployed = dev ? "[dev " + USER + "] " + name : name;
      // schedule (Quartz)
      String cron = null;
      String tz = null;
      boolean paused = dev;
      Schedule schedule = Schedule.parse(null);
      if (body.get("schedule") instanceof Map<?, ?> sm) {
        Map<String, Object> s = DagFiles.map(sm);
        for (String k : s.keySet()) {
          if (!Set.of("quartz_cron_expression", "timezone_id", "pause_status", "sql_condition").contains(k)) {
            problem(key, null, "schedule." + k, "unknown schedule key", "Use quartz_cron_expression, timezone_id and pause_status.");
          }
        }
        cron = s.get("quartz_cron_expression") == null ? null : String.valueOf(s.get("quartz_cron_expression"));
        tz = s.get("timezone_id") == null ? null : String.valueOf(s.get("timezone_id"));
        if (cron == null) {
          problem(key, null, "schedule.quartz_cron_expression", "the schedule has no cron expression",
              "Add `quartz_cron_expression: \"0 0 6 * * ?\"` (06:00 every day).");
        }
        if (tz == null) {
          problem(key, null, "schedule.timezone_id", "the schedule has no time zone", "Add `timezone_id: UTC` (or Europe/Amsterdam, ...).");
        }
        if (cron != null && tz != null) {
          try {
            Schedule q = Schedule.quartz(cron, tz);
            schedule = q;
          } catch (IllegalArgumentException e) {
            int fields = cron.trim().split("\\s+").length;
            if (e.getMessage() != null && e.getMessage().startsWith("unknown time zone")) {
              problem(key, null, "schedule.timezone_id", "`" + tz + "` is not a time zone", "Write a Java time zone id such as UTC or Europe/Amsterdam.");
            } else if (fields == 5) {
              problem(key, null, "schedule.quartz_cron_expression", "`" + cron + "` has five fields: that is UNIX cron, not Quartz",
                  "Quartz starts with seconds and puts ? in day-of-month or day-of-week: 06:00 daily is \"0 0 6 * * ?\".");
            } else {
              problem(key, null, "schedule.quartz_cron_expression", "`" + cron + "` is not a Quartz cron expression (" + e.getMessage() + ")",
                  "Write seconds minutes hours day-of-month month day-of-week, with ? in one day field (\"0 0 6 * * ?\").");
            }
          }
        }
        Object ps = s.get("pause_status");
        if (ps != null && !ps.equals("PAUSED") && !ps.equals("UNPAUSED")) {
          problem(key, null, "schedule.pause_status", "`" + ps + "` is not a pause status", "Write PAUSED or UNPAUSED.");
        }
        paused |= "PAUSED".equals(ps);
      } else if (body.get("schedule") != null) {
        problem(key, null, "schedule", "`schedule` is not a mapping", "Write `schedule: {quartz_cron_expression: \"0 0 6 * * ?\", timezone_id: UTC}`.");
      }
      // parameters
      Map<String, String> params = new LinkedHashMap<>();
      if (body.get("parameters") instanceof List<?> pl) {
        for (Object o : pl) {
          if (o instanceof Map<?, ?> pm && pm.get("name") != null && pm.containsKey("default")) {
            params.put(String.valueOf(pm.get("name")), pm.get("default") == null ? "" : String.valueOf(pm.get("default")));
          } else {
            problem(key, null, "parameters", "a job parameter needs `name` and `default`", "Write `- {name: run_date, default: \"{{job.start_time.iso_date}}\"}`.");
          }
        }
      } else if (body.get("parameters") != null) {
        problem(key, null, "parameters", "`parameters` is not a list", "Write `parameters: [{name: run_date, default: \"{{job.start_time.iso_date}}\"}]`.");
      }
      for (Map.Entry<String, String> p : params.entrySet()) {
        for (String bad : JobSql.referenceProblems(p.getValue(), Set.of())) {
          problem(key, null, "parameters." + p.getKey(), bad, "Fix the reference (see Databricks' dynamic value references).");
        }
      }
      List<String> onFailure = new ArrayList<>(emails(key, null, body.get("email_notifications"), "on_failure"));
      List<String> onSuccess = emails(key, null, body.get("email_notifications"), "on_success");
      int timeout = whole(key, null, "timeout_seconds", body.get("timeout_seconds"), 0);
      int concurrent = whole(key, null, "max_concurrent_runs", body.get("max_concurrent_runs"), 1);
      Set<String> clusters = new LinkedHashSet<>();
      if (body.get("job_clusters") instanceof List<?> cl) {
        for (Object o : cl) {
          if (o instanceof Map<?, ?> cm && cm.get("job_cluster_key") != null) {
            clusters.add(String.valueOf(cm.get("job_cluster_key")));
          } else {
            problem(key, null, "job_clusters", "a job cluster without job_cluster_key", "Write `- job_cluster_key: main` with its `new_cluster` under it.");
          }
        }
      }
      List<TaskSpec> tasks = tasks(key, body, params.keySet(), clusters, onFailure);
      Map<String, Object> dagParams = new LinkedHashMap<>(params);
      List<String> tags = body.get("tags") instanceof Map<?, ?> tm ? tm.keySet().stream().map(String::valueOf).toList() : List.of();
      if (dev) {
        tags = new ArrayList<>(tags);
        tags.add("dev");
      }
      DagSpec dag = new DagSpec(file, deployed, String.valueOf(body.getOrDefault("description", "")), schedule, null, null,
          false, Math.max(1, concurrent), timeout > 0 ? Duration.ofSeconds(timeout) : null, null, tags, dagParams, tasks);
      return new JobSpec(file, bundle, target, mode, key, deployed, cron, tz, paused, params, List.copyOf(new LinkedHashSet<>(onFailure)),
          onSuccess, dag);
    }

    private List<String> emails(String job, String task, Object block, String kind) {
      if (block == null) {
        return List.of();
      }
      String field = "email_notifications";
      if (!(block instanceof Map<?, ?> m)) {
        problem(job, task, field, "`email_notifications` is not a mapping", "Write `email_notifications: {on_failure: [you@example.com]}`.");
        return List.of();
      }
      if (kind.equals("on_failure")) {
        for (Object k : m.keySet()) {
          if (!EMAIL_KEYS.contains(String.valueOf(k))) {
            problem(job, task, field + "." + k, "unknown notification", "Use " + String.join(", ", new TreeSet<>(EMAIL_KEYS)) + ".");
          }
        }
      }
      Object v = m.get(kind);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> l)) {
        problem(job, task, field + "." + kind, "the addresses are not a list", "Write `" + kind + ": [you@example.com]`.");
        return List.of();
      }
      return l.stream().map(String::valueOf).toList();
    }

    private int whole(String job, String task, String field, Object v, int dflt) {
      if (v == null) {
        return dflt;
      }
      if (v instanceof Integer i && i >= (field.equals("max_retries") ? -1 : 0)) {
        return i;
      }
      problem(job, task, field, "`" + v + "` is not a whole number of the right size", "Write a number such as "
          + (field.endsWith("millis") ? "60000" : field.equals("max_retries") ? "2" : "3600") + ".");
      return dflt;
    }

    private List<TaskSpec> tasks(String job, Map<String, Object> body, Set<String> jobParams, Set<String> clusters,
        List<String> onFailure) {
      types.clear();
      before.clear();
      outcomes.clear();
      if (!(body.get("tasks") instanceof List<?> list) || list.isEmpty()) {
        problem(job, null, "tasks", "the job has no tasks", "Add `tasks:` with a list of `- task_key: ...` entries.");
        return List.of();
      }
      List<Map<String, Object>> bodies = new ArrayList<>();
      Set<String> keys = new LinkedHashSet<>();
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> tm) || tm.get("task_key") == null) {
          problem(job, null, "tasks", "a task without task_key", "Start each task with `- task_key: name`.");
          continue;
        }
        Map<String, Object> t = DagFiles.map(tm);
        String k = String.valueOf(t.get("task_key"));
        t.keySet().stream().filter(x -> RUNNABLE.contains(x) || WORKSPACE_ONLY.contains(x)).findFirst()
            .ifPresent(type -> types.putIfAbsent(k, type));
        if (!keys.add(k)) {
          problem(job, k, "task_key", "the task_key is used twice", "Give each task its own task_key.");
        }
        if (!k.matches("[A-Za-z0-9_-]{1,100}")) {
          problem(job, k, "task_key", "the task_key has characters a job refuses", "Use letters, digits, _ and - only (at most 100).");
        }
        bodies.add(t);
      }
      Map<String, List<String>> upstream = new LinkedHashMap<>();
      for (Map<String, Object> t : bodies) {
        String k = String.valueOf(t.get("task_key"));
        List<String> ups = new ArrayList<>();
        if (t.get("depends_on") instanceof List<?> dl) {
          for (Object d : dl) {
            if (d instanceof Map<?, ?> dm && dm.get("task_key") != null) {
              String u = String.valueOf(dm.get("task_key"));
              Object outcome = dm.get("outcome");
              if (outcome != null && keys.contains(u)) {
                if (!"condition_task".equals(types.get(u))) {
                  problem(job, k, "depends_on.outcome", "`outcome` only follows a condition_task, and " + u + " is a "
                      + types.getOrDefault(u, "task without a type"), "Drop `outcome`, or use `run_if` for what to do after a failure.");
                } else if (!outcome.toString().equals("true") && !outcome.toString().equals("false")) {
                  problem(job, k, "depends_on.outcome", "`" + outcome + "` is not an outcome of a condition", "Write `outcome: \"true\"` or `outcome: \"false\"`.");
                } else {
                  outcomes.computeIfAbsent(u, x -> new LinkedHashMap<>()).put(k, outcome.toString());
                }
              } else if (keys.contains(u) && "condition_task".equals(types.get(u))) {
                outcomes.computeIfAbsent(u, x -> new LinkedHashMap<>()).put(k, "");
              }
              if (!keys.contains(u)) {
                problem(job, k, "depends_on", "its upstream `" + u + "` is not a task of this job",
                    "Fix the task_key (tasks: " + String.join(", ", keys) + ").");
              } else if (!u.equals(k)) {
                ups.add(u);
              }
            } else {
              problem(job, k, "depends_on", "`" + d + "` is not `{task_key: ...}`", "Write `depends_on: [{task_key: load}]`.");
            }
          }
        } else if (t.get("depends_on") != null) {
          problem(job, k, "depends_on", "`depends_on` is not a list", "Write `depends_on: [{task_key: load}]`.");
        }
        upstream.put(k, ups);
      }
      String loop = cycle(upstream);
      if (loop != null) {
        problem(job, loop.substring(0, loop.indexOf(' ')), "depends_on", "the dependencies make a cycle (" + loop + ")",
            "Remove one of these depends_on entries; a job's tasks must not loop back.");
      }
      if (loop == null) {
        for (String k : upstream.keySet()) {
          Map<String, String> seen = new LinkedHashMap<>();
          List<String> todo = new ArrayList<>(upstream.get(k));
          while (!todo.isEmpty()) {
            String u = todo.remove(todo.size() - 1);
            if (seen.put(u, types.getOrDefault(u, "task")) == null) {
              todo.addAll(upstream.getOrDefault(u, List.of()));
            }
          }
          before.put(k, seen);
        }
      }
      List<TaskSpec> out = new ArrayList<>();
      for (Map<String, Object> t : bodies) {
        String k = String.valueOf(t.get("task_key"));
        TaskSpec spec = task(job, k, t, upstream.getOrDefault(k, List.of()), jobParams, clusters, onFailure);
        if (spec != null) {
          out.add(spec);
        }
      }
      return out;
    }

    private String cycle(Map<String, List<String>> upstream) {
      Map<String, Integer> state = new HashMap<>();
      for (String start : upstream.keySet()) {
        List<String> path = new ArrayList<>();
        String loop = visit(start, upstream, state, path);
        if (loop != null) {
          return loop;
        }
      }
      return null;
    }

    private String visit(String id, Map<String, List<String>> up, Map<String, Integer> state, List<String> path) {
      Integer s = state.get(id);
      if (s != null && s == 2) {
        return null;
      }
      if (s != null && s == 1) {
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
        loop.add(id);
        return String.join(" -> ", loop);
      }
      state.put(id, 1);
      path.add(id);
      for (String u : up.getOrDefault(id, List.of())) {
        String loop = visit(u, up, state, path);
        if (loop != null) {
          return loop;
        }
      }
      path.remove(path.size() - 1);
      state.put(id, 2);
      return null;
    }

    private TaskSpec task(String job, String k, Map<String, Object> t, List<String> upstream, Set<String> jobParams,
        Set<String> clusters, List<String> onFailure) {
      List<String> types = new ArrayList<>();
      for (String key : t.keySet()) {
        if (RUNNABLE.contains(key) || WORKSPACE_ONLY.contains(key)) {
          types.add(key);
        } else if (!TASK_KEYS.contains(key)) {
          problem(job, k, key, "unknown task key", key.equals("retries") ? "Write `max_retries: 2`."
              : key.equals("dependencies") ? "Write `depends_on: [{task_key: load}]`."
              : "Use one of " + String.join(", ", new TreeSet<>(TASK_KEYS)) + ", or a task type such as sql_task.");
        }
      }
      if (types.size() != 1) {
        problem(job, k, types.isEmpty() ? "sql_task" : String.join(", ", types), types.isEmpty() ? "the task has no task type"
            : "the task has more than one task type", "Give it exactly one, e.g. `sql_task: {warehouse_id: ..., file: {path: src/load.sql}}`.");
        return null;
      }
      String type = types.get(0);
      if (WORKSPACE_ONLY.contains(type)) {
        problem(job, k, type, "only a Databricks workspace runs a " + type,
            "In the workbench use a sql_task with a file, or a notebook_task on a SQL notebook (.sql).");
        return null;
      }
      String ruleText = t.get("run_if") == null ? "ALL_SUCCESS" : String.valueOf(t.get("run_if"));
      TriggerRule rule = RUN_IF.get(ruleText);
      if (rule == null) {
        problem(job, k, "run_if", "`" + ruleText + "` is not a run_if condition", "Use one of " + String.join(", ", new TreeSet<>(RUN_IF.keySet())) + ".");
        rule = TriggerRule.ALL_SUCCESS;
      }
      if (t.get("job_cluster_key") != null && !clusters.contains(String.valueOf(t.get("job_cluster_key")))) {
        problem(job, k, "job_cluster_key", "the job has no job cluster `" + t.get("job_cluster_key") + "`",
            clusters.isEmpty() ? "Add it under the job's `job_clusters`, or drop job_cluster_key (a SQL task runs on a warehouse)."
                : "Use one of " + String.join(", ", clusters) + ".");
      }
      int retries = whole(job, k, "max_retries", t.get("max_retries"), 0);
      if (retries < 0) {
        problem(job, k, "max_retries", "-1 retries forever, which a simulated clock cannot replay", "Give a number such as 3.");
      }
      int interval = whole(job, k, "min_retry_interval_millis", t.get("min_retry_interval_millis"), 0);
      int timeout = whole(job, k, "timeout_seconds", t.get("timeout_seconds"), 0);
      boolean retryOnTimeout = false;
      if (t.get("retry_on_timeout") instanceof Boolean b) {
        retryOnTimeout = b;
      } else if (t.get("retry_on_timeout") != null) {
        problem(job, k, "retry_on_timeout", "`" + t.get("retry_on_timeout") + "` is not true or false",
            "Write `retry_on_timeout: true` to retry a try stopped by timeout_seconds (the default is not to).");
      }
      onFailure.addAll(emails(job, k, t.get("email_notifications"), "on_failure"));
      Duration timeoutDuration = timeout > 0 ? Duration.ofSeconds(timeout) : null;
      if (type.equals("condition_task")) {
        if (retries != 0) {
          problem(job, k, "max_retries", "a condition_task does not retry (it only compares two values)", "Drop max_retries from this task.");
        }
        Map<String, Object> fields = condition(job, k, t.get(type), jobParams);
        return fields == null ? null : new TaskSpec(k, CONDITION_TASK, List.copyOf(upstream), rule, 0, Duration.ZERO, false,
            null, null, null, fields, false);
      }
      if (type.equals("dbt_task")) {
        Map<String, Object> fields = dbt(job, k, t.get(type), jobParams);
        return fields == null ? null : new TaskSpec(k, DBT_TASK, List.copyOf(upstream), rule, Math.max(0, retries),
            Duration.ofMillis(interval), false, null, timeoutDuration, null, fields, retryOnTimeout);
      }
      if (type.equals("for_each_task")) {
        Map<String, Object> fields = forEach(job, k, t.get(type), jobParams, clusters, onFailure);
        return fields == null ? null : new TaskSpec(k, FOR_EACH_TASK, List.copyOf(upstream), rule, Math.max(0, retries),
            Duration.ofMillis(interval), false, null, timeoutDuration, null, fields, retryOnTimeout);
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      Map<String, String> taskParams = new LinkedHashMap<>();
      Path sqlFile = null;
      boolean notebook = type.equals("notebook_task");
      if (!(t.get(type) instanceof Map<?, ?> tm)) {
        problem(job, k, type, "`" + type + "` is not a mapping", notebook ? "Write `notebook_task: {notebook_path: ../src/report.sql}`."
            : "Write `sql_task: {warehouse_id: ${var.warehouse_id}, file: {path: ../src/load.sql}}`.");
        return null;
      }
      Map<String, Object> body = DagFiles.map(tm);
      String paramsKey = notebook ? "base_parameters" : "parameters";
      if (notebook) {
        for (String key : body.keySet()) {
          if (!NOTEBOOK_TASK_KEYS.contains(key)) {
            problem(job, k, "notebook_task." + key, "unknown notebook_task key", "Use notebook_path, base_parameters, source and warehouse_id.");
          }
        }
        if (body.get("notebook_path") == null) {
          problem(job, k, "notebook_task.notebook_path", "the notebook task names no notebook", "Add `notebook_path: ../src/report.sql`.");
        } else {
          sqlFile = resolve(String.valueOf(body.get("notebook_path")));
        }
      } else {
        for (String key : body.keySet()) {
          if (!SQL_TASK_KEYS.contains(key)) {
            problem(job, k, "sql_task." + key, "unknown sql_task key", "Use warehouse_id, file and parameters.");
          }
        }
        if (body.get("warehouse_id") == null) {
          problem(job, k, "sql_task.warehouse_id", "a SQL task runs on a SQL warehouse and names none",
              "Add `warehouse_id: ${var.warehouse_id}` (any id works in the workbench, which runs on the local lake).");
        }
        for (String ws : List.of("query", "dashboard", "alert")) {
          if (body.get(ws) != null) {
            problem(job, k, "sql_task." + ws, "a saved " + ws + " lives in a workspace", "Put the SQL in a file and write `file: {path: ../src/" + k + ".sql}`.");
          }
        }
        if (body.get("file") instanceof Map<?, ?> fm && fm.get("path") != null) {
          sqlFile = resolve(String.valueOf(fm.get("path")));
          if (fm.get("source") != null && !"WORKSPACE".equals(fm.get("source"))) {
            problem(job, k, "sql_task.file.source", "`" + fm.get("source") + "` files come from a Git repository the workbench does not fetch",
                "Drop `source` (the file is deployed with the bundle).");
          }
        } else if (body.get("query") == null && body.get("dashboard") == null && body.get("alert") == null) {
          problem(job, k, "sql_task.file", "the SQL task names no file", "Add `file: {path: ../src/" + k + ".sql}` (relative to " + fileName + ").");
        }
      }
      if (body.get(paramsKey) instanceof Map<?, ?> pm) {
        pm.forEach((pk, pv) -> taskParams.put(String.valueOf(pk), pv == null ? "" : String.valueOf(pv)));
      } else if (body.get(paramsKey) != null) {
        problem(job, k, type + "." + paramsKey, "the parameters are not a mapping", "Write `" + paramsKey + ": {run_date: \"{{job.parameters.run_date}}\"}`.");
      }
      for (Map.Entry<String, String> p : taskParams.entrySet()) {
        for (String bad : JobSql.referenceProblems(p.getValue(), jobParams, before.getOrDefault(k, Map.of()), inForEach)) {
          problem(job, k, type + "." + paramsKey + "." + p.getKey(), bad, "Fix the reference (see Databricks' dynamic value references).");
        }
      }
      if (sqlFile != null) {
        String field = notebook ? "notebook_task.notebook_path" : "sql_task.file.path";
        if (!Files.isRegularFile(sqlFile)) {
          problem(job, k, field, "the file " + dir.relativize(sqlFile) + " does not exist",
              "Write a path relative to " + fileName + ", or create the file.");
        } else {
          String sql;
          try {
            sql = Files.readString(sqlFile);
          } catch (IOException e) {
            sql = "";
            problem(job, k, field, "the file " + sqlFile.getFileName() + " cannot be read", "Check its permissions.");
          }
          String lang = notebook ? JobSql.otherLanguage(sql) : null;
          if (lang != null) {
            problem(job, k, field, "the notebook has a %" + lang + " cell, which only a workspace runs", "Keep the notebook to SQL cells.");
          }
          if (sql.contains("{{")) {
            problem(job, k, field, "the SQL uses {{...}}: dynamic value references work in the job's YAML, not inside a file",
                "Pass the value as a parameter (`" + paramsKey + ": {run_date: \"{{job.start_time.iso_date}}\"}`) and write :run_date in the SQL.");
          }
          Set<String> known = new LinkedHashSet<>(taskParams.keySet());
          known.addAll(jobParams);
          for (String marker : JobSql.markers(sql)) {
            if (!known.contains(marker)) {
              problem(job, k, field, "the SQL uses the parameter marker :" + marker + ", which the task does not pass",
                  "Add `" + marker + ": ...` under the task's " + paramsKey + " or a job parameter `" + marker + "`.");
            }
          }
        }
      }
      fields.put("sql_file", sqlFile == null ? null : sqlFile.toString());
      fields.put("notebook", notebook);
      fields.put("task_parameters", taskParams);
      fields.put("job_key", job);
      return new TaskSpec(k, SQL_TASK, List.copyOf(upstream), rule, Math.max(0, retries), Duration.ofMillis(interval), false, null,
          timeoutDuration, null, fields, retryOnTimeout);
    }

    /** A condition_task's fields (op, left, right, the downstream tasks' outcomes), or null when it cannot run. */
    private Map<String, Object> condition(String job, String k, Object raw, Set<String> jobParams) {
      if (!(raw instanceof Map<?, ?> rm)) {
        problem(job, k, "condition_task", "`condition_task` is not a mapping",
            "Write `condition_task: {op: GREATER_THAN, left: \"{{tasks.count_bad.output.first_row.bad}}\", right: \"0\"}`.");
        return null;
      }
      Map<String, Object> body = DagFiles.map(rm);
      boolean ok = true;
      for (String key : body.keySet()) {
        if (!CONDITION_TASK_KEYS.contains(key)) {
          problem(job, k, "condition_task." + key, "unknown condition_task key", "Use op, left and right.");
        }
      }
      for (String key : List.of("op", "left", "right")) {
        Object v = body.get(key);
        if (v == null) {
          problem(job, k, "condition_task." + key, "the condition has no `" + key + "`", key.equals("op")
              ? "Add `op: EQUAL_TO` (or " + String.join(", ", CONDITION_OPS.subList(1, CONDITION_OPS.size())) + ")."
              : "Add `" + key + ": \"...\"`, a value or a reference such as \"{{job.parameters.mode}}\".");
          ok = false;
        } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
          problem(job, k, "condition_task." + key, "`" + key + "` is not a single value", "Write one value in quotes, e.g. `" + key + ": \"0\"`.");
          ok = false;
        }
      }
      String op = body.get("op") == null ? null : String.valueOf(body.get("op"));
      if (op != null && !CONDITION_OPS.contains(op)) {
        String fix = switch (op) {
          case "==", "=", "EQUALS", "EQUAL" -> "EQUAL_TO";
          case "!=", "<>", "NOT_EQUAL_TO" -> "NOT_EQUAL";
          case ">" -> "GREATER_THAN";
          case ">=" -> "GREATER_THAN_OR_EQUAL";
          case "<" -> "LESS_THAN";
          case "<=" -> "LESS_THAN_OR_EQUAL";
          default -> null;
        };
        problem(job, k, "condition_task.op", "`" + op + "` is not a condition operator",
            fix != null ? "Write `op: " + fix + "`." : "Use one of " + String.join(", ", CONDITION_OPS) + ".");
        ok = false;
      }
      for (String side : List.of("left", "right")) {
        if (body.get(side) != null) {
          for (String bad : JobSql.referenceProblems(String.valueOf(body.get(side)), jobParams, before.getOrDefault(k, Map.of()), false)) {
            problem(job, k, "condition_task." + side, bad, "Fix the reference (see Databricks' dynamic value references).");
          }
        }
      }
      if (!ok) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("op", op);
      fields.put("left", String.valueOf(body.get("left")));
      fields.put("right", String.valueOf(body.get("right")));
      fields.put("outcomes", new LinkedHashMap<>(outcomes.getOrDefault(k, Map.of())));
      fields.put("job_key", job);
      return fields;
    }

    /** A dbt_task's fields (the project folder and its commands), or null when it cannot run. */
    private Map<String, Object> dbt(String job, String k, Object raw, Set<String> jobParams) {
      String example = "Write `dbt_task: {project_directory: ../shop_dbt, warehouse_id: ..., commands: [\"dbt build -s +daily_revenue\"]}`.";
      if (!(raw instanceof Map<?, ?> rm)) {
        problem(job, k, "dbt_task", "`dbt_task` is not a mapping", example);
        return null;
      }
      Map<String, Object> body = DagFiles.map(rm);
      boolean ok = true;
      for (String key : body.keySet()) {
        if (!DBT_TASK_KEYS.contains(key)) {
          problem(job, k, "dbt_task." + key, "unknown dbt_task key", "Use project_directory, commands and warehouse_id.");
        } else if (Set.of("schema", "catalog", "profiles_directory").contains(key)) {
          problem(job, k, "dbt_task." + key, "`" + key + "` sets up a workspace's dbt profile, which the workbench's dbt does not read",
              "Drop it: the models write where the project's dbt_project.yml and model configs say.");
        }
      }
      if (body.get("source") != null && !"WORKSPACE".equals(body.get("source"))) {
        problem(job, k, "dbt_task.source", "`" + body.get("source") + "` projects come from a Git repository the workbench does not fetch",
            "Drop `source` (the project is deployed with the bundle).");
      }
      Path project = null;
      if (body.get("project_directory") == null) {
        problem(job, k, "dbt_task.project_directory", "the dbt task names no project", "Add `project_directory: ../shop_dbt` (relative to " + fileName + ").");
        ok = false;
      } else {
        project = resolve(String.valueOf(body.get("project_directory")));
        if (!Files.isRegularFile(project.resolve("dbt_project.yml"))) {
          problem(job, k, "dbt_task.project_directory", "there is no dbt_project.yml in " + dir.relativize(project),
              "Write the folder of the dbt project, relative to " + fileName + ".");
          ok = false;
        }
      }
      List<String> commands = new ArrayList<>();
      if (!(body.get("commands") instanceof List<?> cl) || cl.isEmpty()) {
        problem(job, k, "dbt_task.commands", "the dbt task has no commands", example);
        return null;
      } else {
        if (cl.size() > 10) {
          problem(job, k, "dbt_task.commands", "a dbt task runs at most 10 commands", "Split the work into two dbt tasks.");
        }
        for (Object c : cl) {
          String cmd = String.valueOf(c);
          String bad = DbtCommand.parse(cmd).problem();
          if (bad != null) {
            problem(job, k, "dbt_task.commands", "`" + cmd + "`: " + bad, DbtCommand.FIX);
            ok = false;
          }
          for (String ref : JobSql.referenceProblems(cmd, jobParams, before.getOrDefault(k, Map.of()), inForEach)) {
            problem(job, k, "dbt_task.commands", ref, "Fix the reference (see Databricks' dynamic value references).");
            ok = false;
          }
          commands.add(cmd);
        }
      }
      if (!ok) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("project_dir", project.toString());
      fields.put("commands", commands);
      fields.put("job_key", job);
      return fields;
    }

    /** A for_each_task's fields (inputs, concurrency, the inner task's), or null when it cannot run. */
    private Map<String, Object> forEach(String job, String k, Object raw, Set<String> jobParams, Set<String> clusters,
        List<String> onFailure) {
      String example = "Write `for_each_task: {inputs: '[\"2024-03-01\", \"2024-03-02\"]', concurrency: 2, task: {task_key: "
          + k + "_iteration, sql_task: {warehouse_id: ..., file: {path: ../src/day.sql}, parameters: {day: \"{{input}}\"}}}}`.";
      if (!(raw instanceof Map<?, ?> rm)) {
        problem(job, k, "for_each_task", "`for_each_task` is not a mapping", example);
        return null;
      }
      Map<String, Object> body = DagFiles.map(rm);
      for (String key : body.keySet()) {
        if (!FOR_EACH_TASK_KEYS.contains(key)) {
          problem(job, k, "for_each_task." + key, "unknown for_each_task key", "Use inputs, concurrency and task.");
        }
      }
      boolean ok = true;
      Object inputs = body.get("inputs");
      if (inputs == null) {
        problem(job, k, "for_each_task.inputs", "the task has no inputs to loop over", example);
        ok = false;
      } else if (inputs instanceof List<?>) {
        problem(job, k, "for_each_task.inputs", "`inputs` is a YAML list, and a bundle wants a string",
            "Write the list as JSON in quotes: `inputs: '" + JobSql.text(inputs) + "'`.");
        ok = false;
      } else if (!String.valueOf(inputs).contains("{{")) {
        if (JobSql.jsonArray(String.valueOf(inputs)) == null) {
          problem(job, k, "for_each_task.inputs", "`" + inputs + "` is not a JSON array",
              "Write a JSON array in quotes, e.g. `inputs: '[\"2024-03-01\", \"2024-03-02\"]'`, or a reference such as \"{{tasks.list_days.output.rows}}\".");
          ok = false;
        }
      } else {
        for (String bad : JobSql.referenceProblems(String.valueOf(inputs), jobParams, before.getOrDefault(k, Map.of()), false)) {
          problem(job, k, "for_each_task.inputs", bad, "Fix the reference (see Databricks' dynamic value references).");
          ok = false;
        }
      }
      int concurrency = 1;
      if (body.get("concurrency") != null) {
        if (body.get("concurrency") instanceof Integer c && c >= 1 && c <= MAX_CONCURRENCY) {
          concurrency = c;
        } else {
          problem(job, k, "for_each_task.concurrency", "`" + body.get("concurrency") + "` is not a number of iterations from 1 to "
              + MAX_CONCURRENCY, "Write `concurrency: 2` (how many inputs run at once).");
        }
      }
      if (!(body.get("task") instanceof Map<?, ?> im) || im.get("task_key") == null) {
        problem(job, k, "for_each_task.task", "the for_each_task names no task to run for each input", example);
        return null;
      }
      Map<String, Object> inner = DagFiles.map(im);
      String innerKey = String.valueOf(inner.get("task_key"));
      String label = k + " > " + innerKey;
      if (innerKey.equals(k)) {
        problem(job, k, "for_each_task.task.task_key", "the inner task has the for_each_task's own task_key", "Name it `" + k + "_iteration`.");
      }
      if (inner.get("depends_on") != null) {
        problem(job, label, "depends_on", "the task a for_each_task runs has no dependencies of its own",
            "Move depends_on to the for_each_task " + k + ".");
      }
      String innerType = inner.keySet().stream().filter(x -> RUNNABLE.contains(x) || WORKSPACE_ONLY.contains(x)).findFirst().orElse(null);
      if ("for_each_task".equals(innerType) || "condition_task".equals(innerType)) {
        problem(job, label, innerType, "a for_each_task runs a sql_task or a notebook_task for each input, not a " + innerType,
            "Run a sql_task with `parameters: {day: \"{{input}}\"}`.");
        return null;
      }
      if (!innerKey.matches("[A-Za-z0-9_-]{1,100}")) {
        problem(job, label, "task_key", "the task_key has characters a job refuses", "Use letters, digits, _ and - only (at most 100).");
      }
      before.put(label, before.getOrDefault(k, Map.of()));
      inForEach = true;
      TaskSpec spec;
      try {
        spec = task(job, label, inner, List.of(), jobParams, clusters, onFailure);
      } finally {
        inForEach = false;
        before.remove(label);
      }
      if (spec == null || !ok) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("inputs", String.valueOf(inputs));
      fields.put("concurrency", concurrency);
      fields.put("inner_key", innerKey);
      fields.put("inner_fields", spec.fields());
      fields.put("inner_retries", spec.retries());
      fields.put("inner_retry_interval_millis", spec.retryDelay().toMillis());
      fields.put("inner_timeout_seconds", spec.executionTimeout() == null ? 0L : spec.executionTimeout().toSeconds());
      fields.put("inner_retry_on_timeout", spec.retryOnTimeout());
      fields.put("job_key", job);
      return fields;
    }

    private Path resolve(String path) {
      String p = path.startsWith("./") ? path.substring(2) : path;
      return dir.resolve(p).normalize();
    }
  }

  /** Merges a target's resources over the top level: mappings key by key, tasks by task_key, job clusters by job_cluster_key. */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((k, v) -> {
      Object b = out.get(k);
      if (v instanceof Map<?, ?> vm && b instanceof Map<?, ?> bm) {
        out.put(k, merge(DagFiles.map(bm), DagFiles.map(vm)));
      } else if (v instanceof List<?> vl && b instanceof List<?> bl && (k.equals("tasks") || k.equals("job_clusters"))) {
        String id = k.equals("tasks") ? "task_key" : "job_cluster_key";
        List<Object> merged = new ArrayList<>(bl);
        for (Object o : vl) {
          int at = -1;
          for (int i = 0; i < merged.size(); i++) {
            if (o instanceof Map<?, ?> om && merged.get(i) instanceof Map<?, ?> mm && om.get(id) != null && om.get(id).equals(mm.get(id))) {
              at = i;
            }
          }
          if (at >= 0) {
            merged.set(at, merge(DagFiles.map((Map<?, ?>) merged.get(at)), DagFiles.map((Map<?, ?>) o)));
          } else {
            merged.add(o);
          }
        }
        out.put(k, merged);
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** What a task's try knows of its run: the job's facts with the job parameters resolved. */
  private static JobSql.RunFacts facts(Operator.Context ctx) {
    Map<String, Object> t = ctx.template();
    String runId = String.valueOf(t.get("run_id"));
    String jobName = String.valueOf(((Map<?, ?>) t.get("dag")).get("dag_id"));
    String taskName = String.valueOf(((Map<?, ?>) t.get("task")).get("task_id"));
    LocalDateTime start = LocalDateTime.parse(String.valueOf(t.get("ts")).substring(0, 19));
    String trigger = runId.contains("__") ? runId.substring(0, runId.indexOf("__")) : "one_time";
    @SuppressWarnings("unchecked")
    Map<String, Object> jobParamValues = t.get("params") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    JobSql.RunFacts base = new JobSql.RunFacts(JobSql.runNumber(jobName), jobName, runId, trigger, start, taskName,
        ctx.tryNumber(), Map.of());
    Map<String, String> jobParams = new LinkedHashMap<>();
    jobParamValues.forEach((k, v) -> jobParams.put(k, JobSql.references(String.valueOf(v), base)));
    @SuppressWarnings("unchecked")
    Map<String, List<Map<String, Object>>> outputs = t.get(DagEngine.OUTPUTS) instanceof Map<?, ?> o
        ? (Map<String, List<Map<String, Object>>>) o : Map.of();
    @SuppressWarnings("unchecked")
    Map<String, TaskState> states = t.get(DagEngine.STATES) instanceof Map<?, ?> st ? (Map<String, TaskState>) st : Map.of();
    return new JobSql.RunFacts(base.jobId(), jobName, runId, trigger, start, taskName, ctx.tryNumber(), jobParams, outputs,
        states, JobSql.NO_INPUT);
  }

  /** One try of a job's SQL file or SQL notebook task: resolve references, bind markers, run the statements. */
  private static Operator.Result runSqlTask(Operator.Context ctx) {
    JobSql.RunFacts facts = facts(ctx);
    plantedFaultOrHang(ctx, facts);
    List<Map<String, Object>> rows = runSql(ctx, ctx.fields(), facts);
    return new Operator.Result(null, rows);
  }

  /** A planted fault of this try: fails it, or hangs it on the simulated clock (stopped at the task's timeout). */
  private static void plantedFaultOrHang(Operator.Context ctx, JobSql.RunFacts facts) {
    Duration hang = plantedFault(ctx, ctx.text("job_key"), facts.taskName(), facts.startTime().toLocalDate(), ctx.tryNumber());
    if (!hang.isZero()) {
      ctx.log("hangs for " + DagEngine.human(hang) + " (planted in pipeline.faults)");
      ctx.sleep(hang);
      if (ctx.timeout() != null && hang.compareTo(ctx.timeout()) >= 0) {
        throw new Operator.TaskTimeout("timed out: stopped at its timeout_seconds of " + ctx.timeout().toSeconds() + " s");
      }
    }
  }

  /** Runs a SQL task's file with its parameters resolved against {@code facts}; returns its last query's rows (null: none). */
  private static List<Map<String, Object>> runSql(Operator.Context ctx, Map<String, Object> fields, JobSql.RunFacts facts) {
    Map<String, String> params = new LinkedHashMap<>();
    if (fields.get("task_parameters") instanceof Map<?, ?> tp) {
      tp.forEach((k, v) -> params.put(String.valueOf(k), JobSql.references(String.valueOf(v), facts)));
    }
    params.putAll(facts.jobParameters());
    Path file = Path.of(String.valueOf(fields.get("sql_file")));
    String source;
    try {
      source = Files.readString(file);
    } catch (IOException e) {
      throw new Operator.TaskFailure("cannot read " + file.getFileName() + ": it was moved or deleted since the job was read", false);
    }
    boolean notebook = Boolean.TRUE.equals(fields.get("notebook"));
    String sql = notebook ? JobSql.notebook(source) : source;
    ctx.log((notebook ? "notebook " : "SQL file ") + file.getFileName() + (params.isEmpty() ? "" : " with " + params));
    dev.lakehouse.workbench.sql.StatementResult last = Operators.runStatements(ctx, JobSql.bind(sql, params));
    return last == null ? null : JobSql.rows(last);
  }

  /**
   * A planted transient failure for this try: throws it when it fails outright, returns how long the
   * try hangs when the fault row has {@code hang_seconds} (zero: no fault, or no hang).
   */
  private static Duration plantedFault(Operator.Context ctx, String jobKey, String taskKey, java.time.LocalDate day, int tryNumber) {
    if (!ctx.lake().exists(FAULTS)) {
      return Duration.ZERO;
    }
    dev.lakehouse.workbench.sql.StatementResult r = ctx.session().query("SELECT * FROM pipeline.faults WHERE job_key = "
        + RunStore.q(jobKey) + " AND task_key = " + RunStore.q(taskKey) + " AND run_date = DATE '" + day + "'");
    if (r.rows().isEmpty()) {
      return Duration.ZERO;
    }
    List<Object> row = r.rows().get(0);
    int failTries = ((Number) row.get(r.columns().indexOf("fail_tries"))).intValue();
    if (tryNumber > failTries) {
      return Duration.ZERO;
    }
    int hangAt = r.columns().indexOf("hang_seconds");
    if (hangAt >= 0 && row.get(hangAt) instanceof Number n && n.longValue() > 0) {
      return Duration.ofSeconds(n.longValue());
    }
    throw new Operator.TaskFailure(String.valueOf(row.get(r.columns().indexOf("message"))));
  }

  /** A dbt_task: each command in turn ({@code dbt deps} has nothing to install; {@code dbt build} builds its selection). */
  private static Operator.Result runDbt(Operator.Context ctx) {
    JobSql.RunFacts facts = facts(ctx);
    plantedFaultOrHang(ctx, facts);
    for (Object c : (List<?>) ctx.fields().get("commands")) {
      String cmd = JobSql.references(String.valueOf(c), facts);
      DbtCommand d = DbtCommand.parse(cmd);
      if (d.problem() != null) {
        throw new Operator.TaskFailure("`" + cmd + "`: " + d.problem(), false);
      }
      ctx.log(cmd);
      if (d.subcommand().equals("deps")) {
        ctx.log("nothing to install: the workbench's dbt reads the project's own macros only");
        continue;
      }
      if (ctx.dbt() == null) {
        throw new Operator.TaskFailure("no dbt runner is available here: run the job with `job run` from the command line", false);
      }
      DbtRunner.Outcome o = ctx.dbt().build(Path.of(ctx.text("project_dir")), d.select(), d.vars());
      o.lines().forEach(ctx::log);
      if (!o.success()) {
        throw new Operator.TaskFailure("`" + cmd + "` failed: " + o.lines().stream()
            .filter(l -> l.startsWith("FAIL") || l.startsWith("ERROR") || l.contains("picked no node")).findFirst().orElse("see the log"));
      }
    }
    return Operator.Result.success();
  }

  /** A condition_task: resolves both sides, compares them as a workspace does, and follows the downstream tasks of its outcome. */
  private static Operator.Result runCondition(Operator.Context ctx) {
    JobSql.RunFacts facts = facts(ctx);
    String op = ctx.text("op");
    String left = JobSql.references(ctx.text("left"), facts);
    String right = JobSql.references(ctx.text("right"), facts);
    for (String side : List.of(left, right)) {
      if (side.contains("{{tasks.")) {
        throw new Operator.TaskFailure("the condition's " + side + " has no value: the task it names did not return it", false);
      }
    }
    boolean outcome;
    if (op.equals("EQUAL_TO") || op.equals("NOT_EQUAL")) {
      outcome = left.equals(right) == op.equals("EQUAL_TO");
    } else {
      java.math.BigDecimal l = number(left, "left");
      java.math.BigDecimal r = number(right, "right");
      int c = l.compareTo(r);
      outcome = switch (op) {
        case "GREATER_THAN" -> c > 0;
        case "GREATER_THAN_OR_EQUAL" -> c >= 0;
        case "LESS_THAN" -> c < 0;
        default -> c <= 0;
      };
    }
    String result = String.valueOf(outcome);
    List<String> follow = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    if (ctx.fields().get("outcomes") instanceof Map<?, ?> m) {
      m.forEach((task, want) -> (String.valueOf(want).isEmpty() || result.equals(want) ? follow : excluded).add(String.valueOf(task)));
    }
    ctx.log("condition \"" + left + "\" " + op + " \"" + right + "\" is " + result
        + (excluded.isEmpty() ? "" : "; excluded: " + String.join(", ", excluded)));
    return new Operator.Result(follow, List.of(Map.of("outcome", result)));
  }

  private static java.math.BigDecimal number(String v, String side) {
    try {
      return new java.math.BigDecimal(v.strip());
    } catch (NumberFormatException e) {
      throw new Operator.TaskFailure("the condition's " + side + " side `" + v + "` is not a number, and GREATER_THAN and LESS_THAN"
          + " compare numbers (EQUAL_TO and NOT_EQUAL compare text)", false);
    }
  }

  /**
   * A for_each_task: resolves its inputs to a JSON array and runs the inner task once per input with
   * {@code {{input}}} bound, each iteration with its own retries; on the simulated clock up to
   * {@code concurrency} iterations run side by side (the work itself runs one after another). An
   * iteration that fails for good leaves no write behind; the task fails when any iteration did.
   */
  @SuppressWarnings("unchecked")
  private static Operator.Result runForEach(Operator.Context ctx) {
    JobSql.RunFacts facts = facts(ctx);
    String raw = JobSql.references(ctx.text("inputs"), facts);
    List<Object> inputs = JobSql.jsonArray(raw);
    if (inputs == null) {
      throw new Operator.TaskFailure("the inputs `" + ctx.text("inputs") + "` came to `" + (raw.length() > 80 ? raw.substring(0, 80) + "..." : raw)
          + "`, which is not a JSON array", false);
    }
    String innerKey = ctx.text("inner_key");
    Map<String, Object> inner = (Map<String, Object>) ctx.fields().get("inner_fields");
    int concurrency = ((Number) ctx.fields().get("concurrency")).intValue();
    int retries = ((Number) ctx.fields().get("inner_retries")).intValue();
    Duration interval = Duration.ofMillis(((Number) ctx.fields().get("inner_retry_interval_millis")).longValue());
    long timeoutSeconds = ((Number) ctx.fields().get("inner_timeout_seconds")).longValue();
    Duration timeout = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : null;
    boolean retryOnTimeout = Boolean.TRUE.equals(ctx.fields().get("inner_retry_on_timeout"));
    LocalDateTime[] lanes = new LocalDateTime[Math.min(concurrency, Math.max(1, inputs.size()))];
    java.util.Arrays.fill(lanes, ctx.now());
    ctx.log(inputs.size() + " input" + (inputs.size() == 1 ? "" : "s") + ", up to " + concurrency + " at once: " + innerKey);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      int lane = 0;
      for (int j = 1; j < lanes.length; j++) {
        if (lanes[j].isBefore(lanes[lane])) {
          lane = j;
        }
      }
      Object input = inputs.get(i);
      JobSql.RunFacts itFacts = facts.withInput(input);
      LocalDateTime at = lanes[lane];
      String label = "iteration " + (i + 1) + " of " + inputs.size() + " (input " + JobSql.text(input) + ")";
      for (int attempt = 1; ; attempt++) {
        int mark = ctx.logMark();
        CommitWatch watch = ctx.session().lake().watchCommits();
        long t0 = System.nanoTime();
        String failure = null;
        boolean retryable = true;
        Duration hang = Duration.ZERO;
        try {
          hang = plantedFault(ctx, ctx.text("job_key"), innerKey, facts.startTime().toLocalDate(), attempt);
          if (timeout != null && hang.compareTo(timeout) >= 0) {
            hang = timeout;
            retryable = retryOnTimeout;
            failure = "timed out: stopped at its timeout_seconds of " + timeoutSeconds + " s";
          } else {
            runSql(ctx, inner, itFacts);
          }
        } catch (Operator.TaskFailure e) {
          failure = e.getMessage();
          retryable = e.retryable();
        } catch (WorkbenchException | IllegalArgumentException e) {
          failure = e.getMessage();
          retryable = !(e instanceof IllegalArgumentException);
        } finally {
          watch.close();
        }
        LocalDateTime end = at.plus(hang).plus(Duration.ofNanos(System.nanoTime() - t0));
        if (failure == null) {
          ctx.log(label + ": success on try " + attempt + " (" + at + " to " + end + ")");
          ctx.iteration(new Operator.Iteration(i + 1, JobSql.text(input), attempt, TaskState.SUCCESS, at, end, ctx.logSince(mark)));
          lanes[lane] = end;
          break;
        }
        StringBuilder rolled = new StringBuilder();
        DagEngine.rollback(ctx.session(), watch.before(), rolled);
        if (retryable && attempt <= retries) {
          ctx.log(label + ": try " + attempt + " failed (" + failure + "), retrying after " + DagEngine.human(interval));
          ctx.iteration(new Operator.Iteration(i + 1, JobSql.text(input), attempt, TaskState.UP_FOR_RETRY, at, end,
              ctx.logSince(mark) + rolled));
          at = end.plus(interval);
          continue;
        }
        ctx.log(label + ": failed on try " + attempt + ": " + failure);
        ctx.iteration(new Operator.Iteration(i + 1, JobSql.text(input), attempt, TaskState.FAILED, at, end, ctx.logSince(mark) + rolled));
        failed.add(JobSql.text(input));
        lanes[lane] = end;
        break;
      }
    }
    LocalDateTime finish = ctx.now();
    for (LocalDateTime l : lanes) {
      finish = l.isAfter(finish) ? l : finish;
    }
    ctx.finishAt(finish);
    if (!failed.isEmpty()) {
      throw new Operator.TaskFailure(failed.size() + " of " + inputs.size() + " iterations failed (inputs " + String.join(", ", failed)
          + "); their writes and the others' were undone");
    }
    return Operator.Result.success();
  }
}
