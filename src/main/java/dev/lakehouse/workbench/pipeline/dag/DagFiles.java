package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads DAG files written in dag-factory's YAML (version 1.0 and later): each top-level key is a
 * {@code dag_id} (except {@code default}, merged into every DAG of the file), tasks and task groups
 * as lists. Every problem is one line naming the file, the DAG, the task and the fix; {@link #problems}
 * lists them all, {@link #read} throws on the first.
 */
public final class DagFiles {

  /** DAG-level keys we read (dag-factory passes the same names to Airflow's DAG). */
  public static final Set<String> DAG_KEYS = Set.of("default_args", "description", "schedule", "start_date",
      "end_date", "catchup", "max_active_runs", "max_active_tasks", "dagrun_timeout", "dagrun_timeout_sec", "tags",
      "params", "task_groups", "tasks", "deadline", "doc_md", "render_template_as_native_obj", "is_paused_upon_creation",
      "owner_links", "max_consecutive_failed_dag_runs");
  /** Task keys the engine interprets itself; every other key is the operator's field. */
  public static final Set<String> TASK_KEYS = Set.of("task_id", "operator", "dependencies", "task_group_name",
      "trigger_rule", "retries", "retry_delay", "retry_delay_sec", "retry_exponential_backoff", "max_retry_delay",
      "execution_timeout", "execution_timeout_secs", "sla", "sla_secs", "owner", "doc_md", "pool", "priority_weight",
      "start_date", "end_date", "email", "email_on_failure", "email_on_retry", "depends_on_past");

  private final OperatorRegistry operators;

  public DagFiles(OperatorRegistry operators) {
    this.operators = operators;
  }

  /** The DAGs of one file, validated; throws a one-line WorkbenchException on the first problem. */
  public List<DagSpec> read(Path file) {
    Parsed p = parse(file, text(file));
    if (!p.problems.isEmpty()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, p.problems.get(0), null);
    }
    return p.dags;
  }

  /** Every problem of the file, one line each (empty when it is valid). */
  public List<String> problems(Path file) {
    return parse(file, text(file)).problems;
  }

  /** Parses text as if it were {@code file}. */
  public Parsed parse(Path file, String text) {
    Parsed out = new Parsed(new ArrayList<>(), new ArrayList<>());
    String name = file == null ? "<text>" : file.getFileName().toString();
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? "not YAML" : e.getMessage().lines().findFirst().orElse("not YAML");
      out.problems.add(name + ": not valid YAML (" + why.trim() + "). Check the indentation and the quotes near that line.");
      return out;
    }
    if (!(loaded instanceof Map<?, ?> top)) {
      out.problems.add(name + ": the file is not a mapping of dag_id to DAG. Start it with a line `my_dag:` and indent the DAG's keys under it.");
      return out;
    }
    Map<String, Object> defaults = top.get("default") instanceof Map<?, ?> d ? map(d) : Map.of();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String dagId = String.valueOf(e.getKey());
      if (dagId.equals("default")) {
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> body)) {
        out.problems.add(name + ", DAG " + dagId + ": its value is not a mapping. Indent the DAG's keys (schedule, tasks, ...) under `" + dagId + ":`.");
        continue;
      }
      Map<String, Object> merged = merge(defaults, map(body));
      new DagReader(file, name, dagId, merged, out.problems).read().ifPresent(out.dags::add);
    }
    return out;
  }

  /** The outcome of parsing a file: the valid DAGs, and one line per problem. */
  public record Parsed(List<DagSpec> dags, List<String> problems) {}

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot read the DAG file " + file,
          "it does not exist or is not readable", "check the path (relative paths start at the data folder's work/)");
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((k, v) -> {
      if (v instanceof Map<?, ?> vm && out.get(k) instanceof Map<?, ?> bm) {
        out.put(k, merge(map(bm), map(vm)));
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** A timedelta in dag-factory's forms: seconds as a number, or {__type__: datetime.timedelta, days/hours/minutes/seconds}. */
  static Duration duration(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    if (v instanceof Map<?, ?> m) {
      Object type = m.get("__type__");
      if (type != null && !"datetime.timedelta".equals(type) && !"timedelta".equals(type)) {
        throw new IllegalArgumentException("__type__ " + type + " is not datetime.timedelta");
      }
      long ms = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        if (k.equals("__type__")) {
          continue;
        }
        if (!(e.getValue() instanceof Number n)) {
          throw new IllegalArgumentException(k + " is not a number");
        }
        double x = n.doubleValue();
        ms += switch (k) {
          case "weeks" -> Math.round(x * 7 * 86_400_000);
          case "days" -> Math.round(x * 86_400_000);
          case "hours" -> Math.round(x * 3_600_000);
          case "minutes" -> Math.round(x * 60_000);
          case "seconds" -> Math.round(x * 1000);
          case "milliseconds" -> Math.round(x);
          default -> throw new IllegalArgumentException("unknown timedelta field " + k + " (use days, hours, minutes, seconds)");
        };
      }
      return Duration.ofMillis(ms);
    }
    throw new IllegalArgumentException("`" + v + "` is not a duration (write seconds as a number, or {__type__: datetime.timedelta, minutes: 5})");
  }

  static LocalDateTime dateTime(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Date d) {
      return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
    }
    String s = String.valueOf(v).trim();
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay();
      }
      return LocalDateTime.parse(s.replace(' ', 'T').replaceAll("(Z|[+-]00:?00)$", ""));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("`" + s + "` is not a date (write 2024-03-01 or 2024-03-01T06:00:00)");
    }
  }

  /** Reads one DAG, adding problems instead of stopping at the first, where it can. */
  private final class DagReader {
    private final Path file;
    private final String fileName;
    private final String dagId;
    private final Map<String, Object> body;
    private final List<String> problems;

    DagReader(Path file, String fileName, String dagId, Map<String, Object> body, List<String> problems) {
      this.file = file;
      this.fileName = fileName;
      this.dagId = dagId;
      this.body = body;
      this.problems = problems;
    }

    private void problem(String task, String what, String fix) {
      problems.add(fileName + ", DAG " + dagId + (task == null ? "" : ", task " + task) + ": " + what + ". " + fix);
    }

    java.util.Optional<DagSpec> read() {
      int before = problems.size();
      if (!dagId.matches("[A-Za-z0-9_.-]+")) {
        problem(null, "the dag_id `" + dagId + "` has characters Airflow refuses", "Use letters, digits, _ . and - only.");
      }
      for (String k : body.keySet()) {
        if (k.equals("schedule_interval")) {
          problem(null, "`schedule_interval` was removed in Airflow 3", "Rename it to `schedule`.");
        } else if (!DAG_KEYS.contains(k)) {
          problem(null, "unknown DAG key `" + k + "`", "Use one of " + String.join(", ", new java.util.TreeSet<>(DAG_KEYS)) + ".");
        }
      }
      Map<String, Object> defaultArgs = body.get("default_args") instanceof Map<?, ?> m ? map(m) : Map.of();
      Schedule schedule = null;
      try {
        schedule = Schedule.parse(body.containsKey("schedule") && body.get("schedule") != null ? String.valueOf(body.get("schedule")) : null);
      } catch (IllegalArgumentException e) {
        problem(null, "the schedule `" + body.get("schedule") + "` is not a valid cron (" + e.getMessage() + ")",
            "Write five fields, minute hour day-of-month month day-of-week (\"0 6 * * *\" is 06:00 daily), or a preset such as @daily.");
      }
      LocalDateTime start = null;
      LocalDateTime end = null;
      Duration timeout = null;
      Duration deadline = null;
      try {
        start = dateTime(body.getOrDefault("start_date", defaultArgs.get("start_date")));
        end = dateTime(body.getOrDefault("end_date", defaultArgs.get("end_date")));
      } catch (IllegalArgumentException e) {
        problem(null, "bad start_date or end_date: " + e.getMessage(), "Quote nothing; write the date as 2024-03-01.");
      }
      if (schedule != null && !schedule.manualOnly() && start == null) {
        problem(null, "a scheduled DAG needs a start_date", "Add `start_date: 2024-03-01` to the DAG or to its default_args.");
      }
      try {
        timeout = duration(body.containsKey("dagrun_timeout") ? body.get("dagrun_timeout") : body.get("dagrun_timeout_sec"));
        Object dl = body.get("deadline");
        if (dl instanceof Map<?, ?> dm) {
          Object ref = dm.get("reference");
          if (ref != null && !String.valueOf(ref).endsWith("DAGRUN_LOGICAL_DATE")) {
            throw new IllegalArgumentException("deadline reference " + ref + " is not supported (use DAGRUN_LOGICAL_DATE)");
          }
          deadline = duration(dm.get("interval"));
        } else if (dl != null) {
          deadline = duration(dl);
        }
      } catch (IllegalArgumentException e) {
        problem(null, "bad dagrun_timeout or deadline: " + e.getMessage(), "Write {__type__: datetime.timedelta, hours: 2}.");
      }
      int maxActive = intValue(body.get("max_active_runs"), 16, null, "max_active_runs");
      boolean catchup = body.get("catchup") instanceof Boolean b ? b : false;
      List<String> tags = body.get("tags") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
      Map<String, Object> params = new LinkedHashMap<>();
      if (body.get("params") instanceof Map<?, ?> pm) {
        map(pm).forEach((k, v) -> params.put(k, v instanceof Map<?, ?> vm && vm.containsKey("default") ? vm.get("default") : v));
      }
      List<TaskSpec> tasks = tasks(defaultArgs);
      if (problems.size() > before) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new DagSpec(file, dagId, String.valueOf(body.getOrDefault("description", "")),
          schedule, start, end, catchup, maxActive, timeout, deadline, tags, params, tasks));
    }

    private int intValue(Object v, int dflt, String task, String key) {
      if (v == null) {
        return dflt;
      }
      if (v instanceof Integer i && i >= 0) {
        return i;
      }
      problem(task, "`" + key + ": " + v + "` is not a whole number", "Write a number such as 2.");
      return dflt;
    }

    private List<TaskSpec> tasks(Map<String, Object> defaultArgs) {
      Object raw = body.get("tasks");
      if (raw instanceof Map<?, ?>) {
        problem(null, "`tasks` is a mapping (dag-factory before 1.0)", "Write tasks as a list: `- task_id: load` with the task's keys under it.");
        return List.of();
      }
      if (!(raw instanceof List<?> list) || list.isEmpty()) {
        problem(null, "the DAG has no tasks", "Add `tasks:` with a list of `- task_id: ...` entries.");
        return List.of();
      }
      // task groups: name -> dependencies
      Map<String, List<String>> groupDeps = new LinkedHashMap<>();
      if (body.get("task_groups") instanceof List<?> gl) {
        for (Object g : gl) {
          if (g instanceof Map<?, ?> gm && gm.get("group_name") != null) {
            groupDeps.put(String.valueOf(gm.get("group_name")),
                gm.get("dependencies") instanceof List<?> dl ? dl.stream().map(String::valueOf).toList() : List.of());
          } else {
            problem(null, "a task group without group_name", "Write task groups as `- group_name: transform`.");
          }
        }
      } else if (body.get("task_groups") instanceof Map<?, ?>) {
        problem(null, "`task_groups` is a mapping (dag-factory before 1.0)", "Write task groups as a list: `- group_name: transform`.");
      }
      Map<String, String> groupOf = new HashMap<>();
      List<Map<String, Object>> bodies = new ArrayList<>();
      Set<String> ids = new LinkedHashSet<>();
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> tm) || tm.get("task_id") == null) {
          problem(null, "a task without task_id", "Start each task with `- task_id: name`.");
          continue;
        }
        Map<String, Object> t = map(tm);
        String id = String.valueOf(t.get("task_id"));
        if (!ids.add(id)) {
          problem(id, "the task_id is used twice", "Give each task its own task_id.");
        }
        if (t.get("task_group_name") != null) {
          String g = String.valueOf(t.get("task_group_name"));
          if (!groupDeps.containsKey(g)) {
            problem(id, "task_group_name `" + g + "` is not in task_groups", "Add `- group_name: " + g + "` under task_groups.");
          }
          groupOf.put(id, g);
        }
        bodies.add(t);
      }
      // upstream lists, with group dependencies expanded
      Map<String, List<String>> upstream = new LinkedHashMap<>();
      for (Map<String, Object> t : bodies) {
        String id = String.valueOf(t.get("task_id"));
        List<String> deps = t.get("dependencies") instanceof List<?> dl ? dl.stream().map(String::valueOf).toList() : List.of();
        if (t.get("dependencies") != null && !(t.get("dependencies") instanceof List<?>)) {
          problem(id, "`dependencies` is not a list", "Write `dependencies: [load]`.");
        }
        Set<String> ups = new LinkedHashSet<>();
        for (String d : deps) {
          if (ids.contains(d)) {
            ups.add(d);
          } else if (groupDeps.containsKey(d)) {
            groupOf.forEach((task, g) -> {
              if (g.equals(d)) {
                ups.add(task);
              }
            });
          } else {
            problem(id, "its upstream `" + d + "` is not a task or task group of this DAG",
                "Fix the name in `dependencies` (tasks: " + String.join(", ", ids) + ").");
          }
        }
        String g = groupOf.get(id);
        if (g != null) {
          for (String d : groupDeps.get(g)) {
            if (ids.contains(d)) {
              ups.add(d);
            } else if (groupDeps.containsKey(d)) {
              groupOf.forEach((task, gg) -> {
                if (gg.equals(d)) {
                  ups.add(task);
                }
              });
            } else {
              problem(id, "its group `" + g + "` depends on `" + d + "`, which is not a task or task group",
                  "Fix the group's dependencies.");
            }
          }
        }
        ups.remove(id);
        upstream.put(id, new ArrayList<>(ups));
      }
      cycle(upstream);
      List<TaskSpec> out = new ArrayList<>();
      for (Map<String, Object> t : bodies) {
        out.add(task(t, defaultArgs, upstream.getOrDefault(String.valueOf(t.get("task_id")), List.of())));
      }
      return out;
    }

    private void cycle(Map<String, List<String>> upstream) {
      Map<String, Integer> state = new HashMap<>();
      for (String start : upstream.keySet()) {
        Deque<String> path = new ArrayDeque<>();
        if (visit(start, upstream, state, path)) {
          return;
        }
      }
    }

    private boolean visit(String id, Map<String, List<String>> up, Map<String, Integer> state, Deque<String> path) {
      Integer s = state.get(id);
      if (s != null && s == 2) {
        return false;
      }
      if (s != null && s == 1) {
        List<String> loop = new ArrayList<>();
        boolean in = false;
        for (java.util.Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
          String x = it.next();
          in |= x.equals(id);
          if (in) {
            loop.add(x);
          }
        }
        loop.add(id);
        java.util.Collections.reverse(loop);
        problem(id, "the dependencies make a cycle (" + String.join(" -> ", loop) + ")",
            "Remove one of these dependencies; a DAG must not loop back.");
        return true;
      }
      state.put(id, 1);
      path.push(id);
      for (String u : up.getOrDefault(id, List.of())) {
        if (visit(u, up, state, path)) {
          return true;
        }
      }
      path.pop();
      state.put(id, 2);
      return false;
    }

    private TaskSpec task(Map<String, Object> raw, Map<String, Object> defaultArgs, List<String> upstream) {
      String id = String.valueOf(raw.get("task_id"));
      Map<String, Object> t = new LinkedHashMap<>(defaultArgs);
      t.putAll(raw);
      String op = raw.get("operator") == null ? null : String.valueOf(raw.get("operator"));
      OperatorRegistry.Resolved resolved = null;
      if (op == null) {
        problem(id, "the task has no operator", "Add `operator: " + OperatorRegistry.SQL + "` (or another operator).");
      } else {
        resolved = operators.resolve(op);
        if (resolved == null) {
          problem(id, "unknown operator `" + op + "`", "Use one of: " + String.join(", ", operators.names()) + ".");
        }
      }
      String ruleText = t.get("trigger_rule") == null ? "all_success" : String.valueOf(t.get("trigger_rule"));
      TriggerRule rule = TriggerRule.parse(ruleText);
      if (rule == null) {
        problem(id, "unknown trigger_rule `" + ruleText + "`", "Use one of: all_success, all_done, all_failed, one_success, one_failed, one_done, none_failed, none_failed_min_one_success, none_skipped, always.");
        rule = TriggerRule.ALL_SUCCESS;
      }
      int retries = intValue(t.get("retries"), resolved == null ? 0 : resolved.defaultRetries(), id, "retries");
      Duration delay = Duration.ofMinutes(5);
      Duration maxDelay = null;
      Duration timeout = null;
      Duration sla = null;
      try {
        Duration d = duration(t.containsKey("retry_delay") ? t.get("retry_delay") : t.get("retry_delay_sec"));
        delay = d == null ? delay : d;
        maxDelay = duration(t.get("max_retry_delay"));
        timeout = duration(t.containsKey("execution_timeout") ? t.get("execution_timeout") : t.get("execution_timeout_secs"));
        sla = duration(t.containsKey("sla") ? t.get("sla") : t.get("sla_secs"));
      } catch (IllegalArgumentException e) {
        problem(id, e.getMessage(), "Write a duration as seconds or {__type__: datetime.timedelta, minutes: 5}.");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      raw.forEach((k, v) -> {
        if (!TASK_KEYS.contains(k)) {
          fields.put(k, v);
        }
      });
      if (resolved != null) {
        for (String problem : resolved.check(fields)) {
          problem(id, problem, "See the operator's fields with `dag operators`.");
        }
      }
      return new TaskSpec(id, op, List.copyOf(upstream), rule, retries, delay,
          Boolean.TRUE.equals(t.get("retry_exponential_backoff")), maxDelay, timeout, sla, fields, true);
    }
  }

  /** The tasks in an order where every task comes after its upstream tasks (file order otherwise). */
  public static List<TaskSpec> topological(DagSpec dag) {
    List<TaskSpec> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (out.size() < dag.tasks().size()) {
      boolean progress = false;
      for (TaskSpec t : dag.tasks()) {
        if (!done.contains(t.taskId()) && done.containsAll(t.upstream())) {
          out.add(t);
          done.add(t.taskId());
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("cycle in " + dag.dagId());
      }
    }
    return out;
  }
}
