package dev.lakehouse.workbench.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * An expectation suite in Great Expectations JSON: 1.x ({@code name}, {@code expectations[].type})
 * and 0.x ({@code expectation_suite_name}, {@code expectations[].expectation_type}) are both read;
 * {@link #toJson} writes 1.x. Every problem is one line naming the file, the field and the fix.
 */
public record ExpectationSuite(String name, List<Expectation> expectations, String source) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ExpectationSuite {
    expectations = List.copyOf(expectations);
  }

  public static ExpectationSuite read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw bad(file.toString(), "", "the file does not exist", "write the suite there (GX JSON: {\"name\": ..., \"expectations\": [...]})");
    } catch (IOException e) {
      throw bad(file.toString(), "", "it cannot be read (" + e.getMessage() + ")", "check the file's permissions");
    }
    return parse(text, file.toString());
  }

  public static ExpectationSuite parse(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw bad(source, "", "it is not valid JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column "
          + loc.getColumnNr() + ")"), "fix the JSON syntax there: quotes around keys and text, commas between items");
    }
    if (root == null || !root.isObject()) {
      throw bad(source, "", "the top level is not a JSON object", "write {\"name\": \"my_suite\", \"expectations\": [...]}");
    }
    String name = root.hasNonNull("name") ? root.get("name").asText()
        : root.hasNonNull("expectation_suite_name") ? root.get("expectation_suite_name").asText() : null;
    if (name == null || name.isBlank()) {
      throw bad(source, "name", "the suite has no name", "add \"name\": \"orders_suite\" at the top level");
    }
    JsonNode list = root.get("expectations");
    if (list == null || !list.isArray()) {
      throw bad(source, "expectations", "there is no list of expectations", "add \"expectations\": [ {\"type\": ..., \"kwargs\": {...}} ]");
    }
    List<Expectation> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(expectation(source, "expectations[" + i + "]", list.get(i)));
    }
    return new ExpectationSuite(name, out, source);
  }

  private static Expectation expectation(String source, String field, JsonNode e) {
    if (!e.isObject()) {
      throw bad(source, field, "it is not an object", "write {\"type\": \"expect_...\", \"kwargs\": {...}}");
    }
    String type = e.hasNonNull("type") ? e.get("type").asText()
        : e.hasNonNull("expectation_type") ? e.get("expectation_type").asText() : null;
    if (type == null) {
      throw bad(source, field + ".type", "the expectation has no type", "add \"type\": one of " + known());
    }
    ExpectationTypes.Type t = ExpectationTypes.get(type);
    if (t == null) {
      throw bad(source, field + ".type", "'" + type + "' is not an expectation this workbench knows",
          "use one of " + known());
    }
    JsonNode kw = e.get("kwargs");
    if (kw != null && !kw.isObject()) {
      throw bad(source, field + ".kwargs", "kwargs is not an object", "write \"kwargs\": {\"column\": \"...\"}");
    }
    Map<String, Object> kwargs = kw == null ? Map.of() : toMap(kw);
    for (String r : t.required()) {
      if (!kwargs.containsKey(r) || kwargs.get(r) == null) {
        throw bad(source, field + ".kwargs." + r, type + " needs " + r, "add \"" + r + "\" to its kwargs");
      }
    }
    for (String k : kwargs.keySet()) {
      if (!t.required().contains(k) && !t.optional().contains(k) && !ExpectationTypes.STANDARD.contains(k)) {
        List<String> allowed = new ArrayList<>(t.required());
        allowed.addAll(t.optional().stream().sorted().toList());
        throw bad(source, field + ".kwargs." + k, type + " takes no '" + k + "'", "use " + String.join(", ", allowed));
      }
    }
    if (kwargs.containsKey("mostly")) {
      Object m = kwargs.get("mostly");
      if (!(m instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        throw bad(source, field + ".kwargs.mostly", "mostly is " + m, "give a fraction between 0 and 1, e.g. 0.95");
      }
    }
    for (String k : List.of("min_value", "max_value")) {
      Object v = kwargs.get(k);
      if (v != null && !(v instanceof Number) && !(v instanceof String)) {
        throw bad(source, field + ".kwargs." + k, k + " is not a number", "give a number, e.g. 0");
      }
    }
    for (String k : List.of("value_set", "column_list", "column_set")) {
      if (kwargs.containsKey(k) && !(kwargs.get(k) instanceof List)) {
        throw bad(source, field + ".kwargs." + k, k + " is not a list", "write a JSON list, e.g. [\"a\", \"b\"]");
      }
    }
    if (kwargs.containsKey("regex")) {
      try {
        java.util.regex.Pattern.compile(kwargs.get("regex").toString());
      } catch (java.util.regex.PatternSyntaxException x) {
        throw bad(source, field + ".kwargs.regex", "the regex does not compile (" + x.getDescription() + ")",
            "fix the pattern; in JSON a backslash is written \\\\");
      }
    }
    Expectation.Severity severity = Expectation.Severity.CRITICAL;
    if (e.hasNonNull("severity")) {
      try {
        severity = Expectation.Severity.valueOf(e.get("severity").asText().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException x) {
        throw bad(source, field + ".severity", "'" + e.get("severity").asText() + "' is not a severity",
            "use critical, warning or info");
      }
    }
    Map<String, Object> meta = e.has("meta") && e.get("meta").isObject() ? toMap(e.get("meta")) : Map.of();
    return new Expectation(type, kwargs, meta, severity, field);
  }

  private static String known() {
    return String.join(", ", ExpectationTypes.names());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode n) {
    return JSON.convertValue(n, LinkedHashMap.class);
  }

  static WorkbenchException bad(String source, String field, String why, String fix) {
    String where = field.isEmpty() ? source : source + ", field " + field;
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the suite " + where + " cannot be used", why, fix);
  }

  /** The suite as GX 1.x JSON. */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", name);
    ArrayNode list = root.putArray("expectations");
    for (Expectation e : expectations) {
      ObjectNode o = list.addObject();
      o.put("type", e.type());
      o.set("kwargs", JSON.valueToTree(e.kwargs()));
      o.set("meta", JSON.valueToTree(e.meta()));
      o.put("severity", e.severity().json());
    }
    root.putObject("meta");
    return root;
  }
}
