package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A reusable operator the learner defines in YAML, the same parts as a Python {@code BaseOperator}
 * subclass: a name (the import path DAGs use), typed parameters (the constructor's arguments),
 * {@code template_fields}, default retries, and {@code steps} (the {@code execute} body) built from
 * the lake's operations: {@code sql} (statements), {@code check} (a query whose first row must be
 * all true) and {@code optimize} (a table). Steps are rendered with the task's context plus the
 * parameters; parameters listed in {@code template_fields} are rendered first.
 *
 * <pre>
 * name: include.operators.LoadDayOperator
 * params:
 *   source: {type: table, required: true}
 *   target: {type: table, required: true}
 *   date_column: {type: string, default: order_date}
 * template_fields: [source, target]
 * retries: 2
 * retry_delay: 60
 * steps:
 *   - sql: DELETE FROM {{ target }} WHERE {{ date_column }} = DATE '{{ ds }}'
 *   - sql: INSERT INTO {{ target }} SELECT * FROM {{ source }} WHERE {{ date_column }} = DATE '{{ ds }}'
 * </pre>
 */
public final class CustomOperator implements Operator {

  /** The parameter types a custom operator may declare. */
  public static final Set<String> TYPES = Set.of("string", "int", "float", "bool", "table", "date", "list");

  /** One declared parameter. */
  public record Param(String name, String type, boolean required, Object defaultValue) {}

  /** One step of the body: kind (sql, check, optimize) and its templated text. */
  public record Step(String kind, String text) {}

  private final Path file;
  private final String name;
  private final Map<String, Param> params;
  private final List<String> templateFields;
  private final int retries;
  private final Duration retryDelay;
  private final List<Step> steps;
  private final Templates templates = new Templates();

  private CustomOperator(Path file, String name, Map<String, Param> params, List<String> templateFields, int retries,
      Duration retryDelay, List<Step> steps) {
    this.file = file;
    this.name = name;
    this.params = params;
    this.templateFields = templateFields;
    this.retries = retries;
    this.retryDelay = retryDelay;
    this.steps = steps;
  }

  public static CustomOperator read(Path file) {
    try {
      return parse(Files.readString(file), file);
    } catch (IOException e) {
      throw bad(file, "cannot read the file", "check the path");
    }
  }

  private static WorkbenchException bad(Path file, String what, String fix) {
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT,
        (file == null ? "<operator>" : file.getFileName().toString()) + ": " + what + ". " + fix, null);
  }

  public static CustomOperator parse(String text, Path file) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw bad(file, "not valid YAML", "check the indentation");
    }
    if (!(loaded instanceof Map<?, ?> raw)) {
      throw bad(file, "the operator is not a mapping", "start with `name: include.operators.MyOperator`");
    }
    Map<String, Object> m = DagFiles.map(raw);
    String name = m.get("name") == null ? null : String.valueOf(m.get("name"));
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
      throw bad(file, "`name` is missing or not an import path", "write `name: include.operators.LoadDayOperator`");
    }
    Map<String, Param> params = new LinkedHashMap<>();
    if (m.get("params") instanceof Map<?, ?> pm) {
      for (Map.Entry<?, ?> e : pm.entrySet()) {
        String p = String.valueOf(e.getKey());
        Map<String, Object> spec = e.getValue() instanceof Map<?, ?> sm ? DagFiles.map(sm) : Map.of("type", String.valueOf(e.getValue()));
        String type = String.valueOf(spec.getOrDefault("type", "string"));
        if (!TYPES.contains(type)) {
          throw bad(file, "parameter `" + p + "` has unknown type `" + type + "`", "use one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
        }
        params.put(p, new Param(p, type, Boolean.TRUE.equals(spec.get("required")), spec.get("default")));
      }
    }
    List<String> templ = m.get("template_fields") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    for (String t : templ) {
      if (!params.containsKey(t)) {
        throw bad(file, "template field `" + t + "` is not a parameter", "declare it under params or remove it from template_fields");
      }
    }
    int retries = m.get("retries") instanceof Integer i ? i : 0;
    Duration delay = DagFiles.duration(m.get("retry_delay"));
    List<Step> steps = new ArrayList<>();
    if (m.get("steps") instanceof List<?> sl) {
      for (Object o : sl) {
        if (!(o instanceof Map<?, ?> sm) || sm.size() != 1) {
          throw bad(file, "a step is not one of `- sql: ...`, `- check: ...`, `- optimize: table`", "write one key per step");
        }
        Map.Entry<?, ?> e = sm.entrySet().iterator().next();
        String kind = String.valueOf(e.getKey());
        if (!Set.of("sql", "check", "optimize").contains(kind)) {
          throw bad(file, "unknown step `" + kind + "`", "use sql, check or optimize");
        }
        steps.add(new Step(kind, String.valueOf(e.getValue())));
      }
    }
    if (steps.isEmpty()) {
      throw bad(file, "the operator has no steps", "add `steps:` with `- sql: ...` entries");
    }
    return new CustomOperator(file, name, params, templ, retries, delay, steps);
  }

  public String name() {
    return name;
  }

  public Path file() {
    return file;
  }

  public Map<String, Param> params() {
    return params;
  }

  public List<String> templateFields() {
    return templateFields;
  }

  public int retries() {
    return retries;
  }

  public Duration retryDelay() {
    return retryDelay;
  }

  public List<Step> steps() {
    return steps;
  }

  List<String> required() {
    return params.values().stream().filter(Param::required).map(Param::name).toList();
  }

  /** Unknown fields and values that do not fit their declared type. */
  List<String> check(Map<String, Object> fields) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      Param p = params.get(e.getKey());
      if (p == null) {
        out.add("operator " + name + " has no parameter `" + e.getKey() + "` (it has " + String.join(", ", params.keySet()) + ")");
        continue;
      }
      Object v = e.getValue();
      if (v instanceof String s && s.contains("{{")) {
        continue;
      }
      String problem = typeProblem(p, v);
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  private static String typeProblem(Param p, Object v) {
    boolean ok = switch (p.type()) {
      case "int" -> v instanceof Integer || v instanceof Long;
      case "float" -> v instanceof Number;
      case "bool" -> v instanceof Boolean;
      case "list" -> v instanceof List<?>;
      case "table" -> String.valueOf(v).matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
      case "date" -> {
        try {
          LocalDate.parse(String.valueOf(v).substring(0, Math.min(10, String.valueOf(v).length())));
          yield true;
        } catch (RuntimeException e) {
          yield false;
        }
      }
      default -> true;
    };
    return ok ? null : "parameter `" + p.name() + "` must be a " + p.type() + ", found `" + v + "`";
  }

  @Override
  public Result execute(Context ctx) {
    Map<String, Object> vars = new LinkedHashMap<>(ctx.template());
    for (Param p : params.values()) {
      Object v = ctx.fields().containsKey(p.name()) ? ctx.fields().get(p.name()) : p.defaultValue();
      vars.put(p.name(), v);
    }
    for (String f : templateFields) {
      vars.put(f, templates.renderValue(vars.get(f), vars));
    }
    int n = 0;
    for (Step s : steps) {
      n++;
      String text;
      try {
        text = templates.render(s.text(), vars);
      } catch (IllegalArgumentException e) {
        throw new TaskFailure("step " + n + ": " + e.getMessage(), false);
      }
      ctx.log("step " + n + " (" + s.kind() + "): " + text.strip().lines().findFirst().orElse(""));
      switch (s.kind()) {
        case "sql" -> Operators.runStatements(ctx, text);
        case "optimize" -> Operators.runStatements(ctx, "OPTIMIZE " + text.strip());
        default -> {
          if (!Operators.truthy(ctx, text)) {
            throw new TaskFailure("step " + n + " (check) is false: " + text.strip().lines().findFirst().orElse(""));
          }
        }
      }
    }
    return Result.success();
  }
}
