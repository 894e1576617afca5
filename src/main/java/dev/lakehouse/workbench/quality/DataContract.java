package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A data contract in the Open Data Contract Standard v3 YAML: {@code apiVersion}, {@code kind:
 * DataContract}, {@code id}, {@code status}, {@code schema[]} (objects with {@code physicalName} and
 * {@code properties[]}: {@code name}, {@code logicalType}, {@code physicalType}, {@code required},
 * {@code unique}, {@code primaryKey}, {@code quality[]}) and object-level {@code quality[]} rules
 * ({@code metric} from the library, or {@code type: sql} with a {@code query}) with {@code mustBe...}
 * operators. The required top-level fields and types are checked here, naming the field; validation
 * against the published JSON Schema is not done yet (see decision 0013).
 */
public record DataContract(String apiVersion, String id, String name, String version, String status,
    List<SchemaObject> objects, String source) {

  public record SchemaObject(String name, String physicalName, List<Property> properties, List<Rule> quality, String field) {}

  public record Property(String name, String logicalType, String physicalType, boolean required, boolean unique,
      boolean primaryKey, Integer primaryKeyPosition, List<Rule> quality, String field) {}

  /** A quality rule: a library {@code metric} (nullValues, duplicateValues, rowCount) or {@code sql}, and its operator. */
  public record Rule(String metric, String query, String operator, Object value, String field) {}

  static final Set<String> LOGICAL = Set.of("string", "date", "timestamp", "time", "number", "integer", "object",
      "array", "boolean");
  static final Set<String> OPERATORS = Set.of("mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo",
      "mustBeLessThan", "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween");
  static final Set<String> METRICS = Set.of("nullValues", "duplicateValues", "rowCount");

  public static DataContract read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw bad(file.toString(), "", "the file does not exist", "write the contract there (apiVersion, kind: DataContract, id, status, schema)");
    } catch (IOException e) {
      throw bad(file.toString(), "", "it cannot be read (" + e.getMessage() + ")", "check the file's permissions");
    }
  }

  public static DataContract parse(String text, String source) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw bad(source, "", "it is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")",
          "fix the YAML syntax: key: value, lists with - items");
    }
    if (!(loaded instanceof Map<?, ?> m)) {
      throw bad(source, "", "the top level is not a mapping", "start with apiVersion: v3.1.0 and kind: DataContract");
    }
    String api = text(source, m, "apiVersion", "");
    if (!api.matches("v3\\.\\d+\\.\\d+")) {
      throw bad(source, "apiVersion", "'" + api + "' is not an ODCS v3 version", "write apiVersion: v3.1.0");
    }
    if (!"DataContract".equals(String.valueOf(m.get("kind")))) {
      throw bad(source, "kind", "kind is '" + m.get("kind") + "'", "write kind: DataContract");
    }
    String id = text(source, m, "id", "");
    String status = text(source, m, "status", "");
    if (!(m.get("schema") instanceof List<?> schema) || schema.isEmpty()) {
      throw bad(source, "schema", "there is no list of schema objects", "add schema: - name: orders, physicalName: lab.orders, properties: [...]");
    }
    List<SchemaObject> objects = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      String f = "schema[" + i + "]";
      if (!(schema.get(i) instanceof Map<?, ?> o)) {
        throw bad(source, f, "it is not a mapping", "write - name: ..., physicalName: ..., properties: [...]");
      }
      String oname = text(source, o, "name", f + ".");
      String physical = o.get("physicalName") == null ? oname : String.valueOf(o.get("physicalName"));
      List<Property> props = new ArrayList<>();
      if (!(o.get("properties") instanceof List<?> pl)) {
        throw bad(source, f + ".properties", "there is no list of properties", "add properties: - name: order_id, logicalType: integer");
      }
      for (int j = 0; j < pl.size(); j++) {
        String pf = f + ".properties[" + j + "]";
        if (!(pl.get(j) instanceof Map<?, ?> p)) {
          throw bad(source, pf, "it is not a mapping", "write - name: ..., logicalType: ...");
        }
        String lt = p.get("logicalType") == null ? null : String.valueOf(p.get("logicalType"));
        if (lt != null && !LOGICAL.contains(lt)) {
          throw bad(source, pf + ".logicalType", "'" + lt + "' is not an ODCS logical type", "use one of " + String.join(", ", LOGICAL.stream().sorted().toList()));
        }
        props.add(new Property(text(source, p, "name", pf + "."), lt,
            p.get("physicalType") == null ? null : String.valueOf(p.get("physicalType")), bool(source, p, "required", pf),
            bool(source, p, "unique", pf), bool(source, p, "primaryKey", pf),
            p.get("primaryKeyPosition") instanceof Integer k ? k : null, rules(source, p.get("quality"), pf + ".quality"), pf));
      }
      objects.add(new SchemaObject(oname, physical, props, rules(source, o.get("quality"), f + ".quality"), f));
    }
    // then everything the standard itself requires, by its published JSON Schema
    java.util.Optional<dev.lakehouse.workbench.quality.internal.OdcsSchema.Violation> v =
        dev.lakehouse.workbench.quality.internal.OdcsSchema.firstViolation(text);
    if (v.isPresent()) {
      throw bad(source, v.get().path(), "the ODCS v3.1.0 JSON Schema says: " + v.get().message(),
          "fix that field as the standard defines it (bitol-io.github.io/open-data-contract-standard)");
    }
    return new DataContract(api, id, m.get("name") == null ? null : String.valueOf(m.get("name")),
        m.get("version") == null ? null : String.valueOf(m.get("version")), status, objects, source);
  }

  private static List<Rule> rules(String source, Object raw, String field) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> l)) {
      throw bad(source, field, "quality is not a list", "write quality: - metric: nullValues, mustBe: 0");
    }
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      String f = field + "[" + i + "]";
      if (!(l.get(i) instanceof Map<?, ?> r)) {
        throw bad(source, f, "it is not a mapping", "write - metric: nullValues, mustBe: 0");
      }
      String metric = r.get("metric") == null ? null : String.valueOf(r.get("metric"));
      String query = r.get("query") == null ? null : String.valueOf(r.get("query"));
      if (metric == null && query == null) {
        throw bad(source, f, "the rule has neither a metric nor a query", "add metric: nullValues (or type: sql with query:)");
      }
      if (metric != null && !METRICS.contains(metric)) {
        throw bad(source, f + ".metric", "'" + metric + "' is not a metric this workbench computes", "use " + String.join(", ", METRICS.stream().sorted().toList()));
      }
      Map<String, Object> ops = new LinkedHashMap<>();
      r.forEach((k, v) -> {
        if (OPERATORS.contains(String.valueOf(k))) {
          ops.put(String.valueOf(k), v);
        }
      });
      if (ops.size() != 1) {
        throw bad(source, f, "a rule needs exactly one operator", "use one of " + String.join(", ", OPERATORS.stream().sorted().toList()));
      }
      var e = ops.entrySet().iterator().next();
      out.add(new Rule(metric, query, e.getKey(), e.getValue(), f));
    }
    return List.copyOf(out);
  }

  private static String text(String source, Map<?, ?> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw bad(source, prefix + key, "it is missing", "add " + key + ": ...");
    }
    return String.valueOf(v);
  }

  private static boolean bool(String source, Map<?, ?> m, String key, String field) {
    Object v = m.get(key);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw bad(source, field + "." + key, "'" + v + "' is not true or false", "write " + key + ": true");
    }
    return b;
  }

  static WorkbenchException bad(String source, String field, String why, String fix) {
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT,
        "the contract " + (field.isEmpty() ? source : source + ", field " + field) + " cannot be used", why, fix);
  }
}
