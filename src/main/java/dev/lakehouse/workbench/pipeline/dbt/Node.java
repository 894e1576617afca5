package dev.lakehouse.workbench.pipeline.dbt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One node of a dbt project: a model, seed, snapshot or test, as dbt's manifest names it. */
public final class Node {

  /** dbt's resource types that we build. */
  public enum Type { model, seed, snapshot, test }

  final Type type;
  final String name;
  /** Path of the file relative to the project folder, with '/' separators. */
  final String originalFilePath;
  /** Path relative to its resource folder (models/, seeds/, ...). */
  final String path;
  final String rawCode;
  final Map<String, Object> config = new LinkedHashMap<>();
  final Set<String> tags = new LinkedHashSet<>();
  /** Names given to ref(). */
  final List<String> refs = new ArrayList<>();
  /** (source, table) pairs given to source(). */
  final List<List<String>> sources = new ArrayList<>();
  /** unique_ids this node depends on (models, seeds, snapshots, sources). */
  final Set<String> dependsOn = new LinkedHashSet<>();
  final Set<String> macros = new LinkedHashSet<>();
  /** For generic tests: test name, arguments, the model it is attached to, and the column. */
  String testName;
  Map<String, Object> testArgs = Map.of();
  String attachedTo;
  String columnName;
  String description = "";
  final Map<String, String> columns = new LinkedHashMap<>();
  String compiledCode;
  String schema;

  Node(Type type, String name, String originalFilePath, String path, String rawCode) {
    this.type = type;
    this.name = name;
    this.originalFilePath = originalFilePath;
    this.path = path;
    this.rawCode = rawCode;
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String uniqueId(String project) {
    return type + "." + project + "." + name;
  }

  public String originalFilePath() {
    return originalFilePath;
  }

  public String compiledCode() {
    return compiledCode;
  }

  public Set<String> tags() {
    return tags;
  }

  public String materialized() {
    Object m = config.get("materialized");
    return m == null ? (type == Type.model ? "view" : type.name()) : m.toString();
  }

  /** The relation this node builds, {@code schema.name} (null for ephemeral models and tests). */
  public String relation() {
    if (type == Type.test || "ephemeral".equals(materialized())) {
      return null;
    }
    Object alias = config.get("alias");
    return schema + "." + (alias == null ? name : alias.toString());
  }
}
