package dev.lakehouse.workbench.pipeline.dbt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code target/manifest.json} (schema v12) and {@code target/run_results.json} (schema v6) with the
 * fields dbt's published schemas require, so dbt's own tools (state:modified, docs) can read them.
 */
final class Artifacts {

  static final String MANIFEST_SCHEMA = "https://schemas.getdbt.com/dbt/manifest/v12.json";
  static final String RUN_RESULTS_SCHEMA = "https://schemas.getdbt.com/dbt/run-results/v6.json";
  static final String DBT_VERSION = "1.10.0";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String INVOCATION = UUID.randomUUID().toString();

  private Artifacts() {}

  private static Map<String, Object> metadata(String schema) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dbt_schema_version", schema);
    m.put("dbt_version", DBT_VERSION);
    m.put("generated_at", Instant.now().toString());
    m.put("invocation_id", INVOCATION);
    m.put("invocation_started_at", Instant.now().toString());
    m.put("env", Map.of());
    return m;
  }

  static String manifest(DbtRunner runner, String target) {
    DbtProject p = runner.project();
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> meta = metadata(MANIFEST_SCHEMA);
    meta.put("project_name", p.name);
    meta.put("adapter_type", "databricks");
    root.put("metadata", meta);
    Map<String, Object> nodes = new LinkedHashMap<>();
    for (String id : runner.order()) {
      Node n = runner.node(id);
      nodes.put(id, node(p, n, id, target));
    }
    root.put("nodes", nodes);
    Map<String, Object> sources = new LinkedHashMap<>();
    for (Map.Entry<String, String> s : p.sources.entrySet()) {
      String[] parts = s.getKey().split("\\.");
      String[] rel = s.getValue().split("\\.");
      Map<String, Object> src = new LinkedHashMap<>();
      src.put("database", null);
      src.put("schema", rel[0]);
      src.put("name", parts[3]);
      src.put("resource_type", "source");
      src.put("package_name", p.name);
      src.put("path", "models");
      src.put("original_file_path", "models");
      src.put("unique_id", s.getKey());
      src.put("fqn", List.of(p.name, parts[2], parts[3]));
      src.put("source_name", parts[2]);
      src.put("source_description", "");
      src.put("loader", "");
      src.put("identifier", rel[1]);
      src.put("relation_name", s.getValue());
      sources.put(s.getKey(), src);
    }
    root.put("sources", sources);
    root.put("macros", Map.of());
    root.put("docs", Map.of());
    root.put("exposures", Map.of());
    root.put("metrics", Map.of());
    root.put("groups", Map.of());
    root.put("selectors", Map.of());
    root.put("disabled", Map.of());
    Map<String, Object> parentMap = new TreeMap<>();
    Map<String, Object> childMap = new TreeMap<>();
    for (String id : runner.order()) {
      parentMap.put(id, new ArrayList<>(runner.parents.getOrDefault(id, Set.of())));
      childMap.put(id, new ArrayList<>(runner.children.getOrDefault(id, Set.of())));
    }
    for (String s : p.sources.keySet()) {
      parentMap.put(s, List.of());
      childMap.put(s, new ArrayList<>(runner.children.getOrDefault(s, Set.of())));
    }
    root.put("parent_map", parentMap);
    root.put("child_map", childMap);
    root.put("group_map", Map.of());
    root.put("saved_queries", Map.of());
    root.put("semantic_models", Map.of());
    root.put("unit_tests", Map.of());
    return json(root);
  }

  private static Map<String, Object> node(DbtProject p, Node n, String id, String target) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", null);
    m.put("schema", n.schema);
    m.put("name", n.name);
    m.put("resource_type", n.type.name());
    m.put("package_name", p.name);
    m.put("path", n.path);
    m.put("original_file_path", n.originalFilePath);
    m.put("unique_id", id);
    m.put("fqn", fqn(p, n));
    Object alias = n.config.get("alias");
    m.put("alias", alias == null ? n.name : alias.toString());
    m.put("checksum", checksum(p, n));
    Map<String, Object> config = new LinkedHashMap<>(n.config);
    config.putIfAbsent("enabled", true);
    config.put("materialized", n.materialized());
    config.put("tags", new ArrayList<>(n.tags));
    for (String hook : List.of("pre-hook", "post-hook")) {
      if (n.type != Node.Type.test) {
        // dbt's Hook objects; the manifest keeps their SQL unrendered, as written
        List<Object> hooks = new ArrayList<>();
        for (Object h : DbtProject.list(n.config.get(hook))) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("sql", String.valueOf(h));
          o.put("transaction", true);
          o.put("index", hooks.size());
          hooks.add(o);
        }
        config.put(hook, hooks);
      }
    }
    m.put("config", config);
    m.put("tags", new ArrayList<>(n.tags));
    m.put("description", n.description);
    Map<String, Object> cols = new LinkedHashMap<>();
    n.columns.forEach((c, d) -> cols.put(c, Map.of("name", c, "description", d)));
    m.put("columns", cols);
    m.put("unrendered_config", unrenderedConfig(n));
    m.put("raw_code", n.rawCode);
    m.put("relation_name", n.relation());
    if (n.type == Node.Type.seed) {
      m.put("depends_on", Map.of("macros", List.of()));
      return m; // a seed has no code, refs or sources in dbt's schema
    }
    m.put("language", "sql");
    if (n.compiledCode != null) {
      m.put("compiled", true);
      m.put("compiled_code", n.compiledCode);
    }
    m.put("refs", n.refs.stream().map(r -> {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("name", r);
      ref.put("package", null);
      ref.put("version", null);
      return ref;
    }).toList());
    m.put("sources", n.sources);
    m.put("depends_on", Map.of("macros", List.of(), "nodes", new ArrayList<>(n.dependsOn)));
    if (n.testName != null) {
      Map<String, Object> tm = new LinkedHashMap<>();
      tm.put("name", n.testName);
      Map<String, Object> kwargs = new LinkedHashMap<>(n.testArgs);
      if (n.columnName != null) {
        kwargs.put("column_name", n.columnName);
      }
      kwargs.put("model", "{{ get_where_subquery(ref('" + n.attachedTo + "')) }}");
      tm.put("kwargs", kwargs);
      tm.put("namespace", null);
      m.put("test_metadata", tm);
      m.put("column_name", n.columnName);
      m.put("file_key_name", "models." + n.attachedTo);
      m.put("attached_node", "model." + p.name + "." + n.attachedTo);
    }
    return m;
  }

  static List<String> fqn(DbtProject p, Node n) {
    List<String> fqn = new ArrayList<>();
    fqn.add(p.name);
    if (n.type != Node.Type.test || n.testName == null) {
      String[] dirs = n.path.split("/");
      for (int i = 0; i < dirs.length - 1; i++) {
        fqn.add(dirs[i]);
      }
    } else {
      // dbt: a generic test's fqn is its model's folders, then the test's name
      String[] dirs = p.nodes.get("model." + p.name + "." + n.attachedTo).path.split("/");
      for (int i = 0; i < dirs.length - 1; i++) {
        fqn.add(dirs[i]);
      }
    }
    fqn.add(n.name);
    return fqn;
  }

  /** The config as the project wrote it (dbt's {@code unrendered_config}), what {@code state:modified} compares. */
  static Map<String, Object> unrenderedConfig(Node n) {
    Map<String, Object> c = new TreeMap<>(n.config);
    if (!n.tags.isEmpty()) {
      c.put("tags", new ArrayList<>(n.tags));
    }
    if (n.type == Node.Type.snapshot) {
      c.remove("materialized"); // set by us for the block, not written by the project
    }
    return c;
  }

  /**
   * dbt's checksum of a node: {@code {name: sha256, checksum: sha256 of the file's text}} for a
   * model, seed, snapshot or singular test (the whole file, as dbt hashes it), and
   * {@code {name: none, checksum: ""}} for a generic test, which has no file of its own.
   */
  static Map<String, Object> checksum(DbtProject p, Node n) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (n.testName != null) {
      c.put("name", "none");
      c.put("checksum", "");
      return c;
    }
    c.put("name", "sha256");
    // a model's or singular test's raw_code is its whole file; a seed's or a snapshot block's is not
    String file = n.type == Node.Type.model || n.type == Node.Type.test ? n.rawCode : DbtProject.text(p.dir.resolve(n.originalFilePath));
    c.put("checksum", sha256(file));
    return c;
  }

  static String runResults(DbtRunner.Command cmd, List<DbtRunner.Result> results) {
    return runResults(cmd, results, Map.of());
  }

  static String runResults(DbtRunner.Command cmd, List<DbtRunner.Result> results, Map<String, Object> invocation) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("metadata", metadata(RUN_RESULTS_SCHEMA));
    List<Object> rs = new ArrayList<>();
    double total = 0;
    for (DbtRunner.Result r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", r.status());
      List<Object> timing = new ArrayList<>();
      if (r.started() != null) {
        timing.add(Map.of("name", "execute", "started_at", r.started().toString(), "completed_at", r.completed().toString()));
      }
      m.put("timing", timing);
      m.put("thread_id", "Thread-1");
      m.put("execution_time", r.seconds());
      m.put("adapter_response", Map.of());
      m.put("message", r.message());
      m.put("failures", r.failures());
      m.put("unique_id", r.uniqueId());
      m.put("compiled", r.compiledCode() != null);
      m.put("compiled_code", r.compiledCode());
      m.put("relation_name", r.relation());
      m.put("batch_results", null);
      rs.add(m);
      total += r.seconds();
    }
    root.put("results", rs);
    root.put("elapsed_time", total);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("which", cmd.name());
    args.put("invocation_command", "dbt " + cmd.name());
    args.putAll(invocation);
    root.put("args", args);
    return json(root);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
