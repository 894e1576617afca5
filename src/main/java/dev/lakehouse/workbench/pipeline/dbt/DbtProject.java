package dev.lakehouse.workbench.pipeline.dbt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A project in dbt's own layout, read from a folder: {@code dbt_project.yml}, models (SQL and YAML
 * properties), macros, singular tests, seeds and snapshots. Reading does not touch the lake.
 */
public final class DbtProject {

  /** Config keys a folder level of {@code models:} may set without the leading '+'. */
  private static final Set<String> CONFIG_KEYS = Set.of("materialized", "tags", "schema", "enabled", "unique_key",
      "incremental_strategy", "alias", "post-hook", "pre-hook", "post_hook", "pre_hook", "on_schema_change", "full_refresh", "strategy",
      "updated_at", "check_cols", "target_schema");

  final Path dir;
  final String name;
  final Map<String, Object> vars;
  final Map<String, Object> projectConfig;
  /** Models, seeds, snapshots and tests by unique_id, in file order. */
  final Map<String, Node> nodes = new LinkedHashMap<>();
  /** source.project.source.table to the relation it reads. */
  final Map<String, String> sources = new TreeMap<>();
  /** Macro files: path relative to the project to their text. */
  final Map<String, String> macroFiles = new TreeMap<>();
  final List<String> modelPaths;
  final List<String> testPaths;
  final List<String> seedPaths;
  final List<String> snapshotPaths;
  final List<String> macroPaths;
  final String profile;
  /** The project's {@code on-run-start} and {@code on-run-end} hooks, in order (a string or a list in the YAML). */
  final List<String> onRunStart;
  final List<String> onRunEnd;

  private DbtProject(Path dir, Map<String, Object> yml) {
    this.dir = dir;
    Object n = yml.get("name");
    if (!(n instanceof String s) || !s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw DbtErrors.bad("dbt_project.yml", "the project has no valid 'name'", "add e.g. 'name: shop' (letters, digits and _)");
    }
    this.name = s;
    this.vars = map(yml.get("vars"));
    this.projectConfig = map(yml.get("models"));
    this.modelPaths = paths(yml, "model-paths", "models");
    this.testPaths = paths(yml, "test-paths", "tests");
    this.seedPaths = paths(yml, "seed-paths", "seeds");
    this.snapshotPaths = paths(yml, "snapshot-paths", "snapshots");
    this.macroPaths = paths(yml, "macro-paths", "macros");
    this.profile = yml.get("profile") == null ? s : String.valueOf(yml.get("profile"));
    this.onRunStart = runHooks(yml.get("on-run-start"));
    this.onRunEnd = runHooks(yml.get("on-run-end"));
  }

  private static List<String> runHooks(Object o) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof List<?> l) {
      return l.stream().filter(java.util.Objects::nonNull).map(String::valueOf).toList();
    }
    return List.of(o.toString());
  }

  /**
   * The schema of a target in the project's own {@code profiles.yml} (dbt reads one beside
   * dbt_project.yml before ~/.dbt): {@code profile: {target: dev, outputs: {dev: {schema: x}}}}.
   * Null when the project has no profiles.yml; connection fields (host, token) are dbt-databricks'
   * and are not read here, so the same file works on a real workspace.
   */
  public String targetSchema(String targetName) {
    Path f = dir.resolve("profiles.yml");
    if (!Files.isRegularFile(f)) {
      if (targetName != null) {
        throw DbtErrors.bad("profiles.yml", "--target " + targetName + " needs the project's profiles.yml",
            "create profiles.yml beside dbt_project.yml with " + profile + ": {target: dev, outputs: {" + targetName + ": {schema: ...}}}");
      }
      return null;
    }
    Map<String, Object> prof = map(map(yaml(dir, f)).get(profile));
    if (prof.isEmpty()) {
      throw DbtErrors.bad("profiles.yml", "no profile '" + profile + "' (dbt_project.yml names it)",
          "add a top-level '" + profile + ":' with target: and outputs:");
    }
    String t = targetName != null ? targetName : str(prof.getOrDefault("target", "dev"));
    Map<String, Object> out = map(map(prof.get("outputs")).get(t));
    if (out.isEmpty()) {
      throw DbtErrors.bad("profiles.yml", "profile '" + profile + "' has no output '" + t + "'",
          "add outputs: {" + t + ": {type: databricks, schema: ...}} or pick one of " + map(prof.get("outputs")).keySet());
    }
    Object schema = out.get("schema");
    if (schema == null || !schema.toString().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw DbtErrors.bad("profiles.yml", "output '" + t + "' has no valid schema", "add schema: a name of letters, digits and _");
    }
    return schema.toString();
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public Collection<Node> nodes() {
    return nodes.values();
  }

  /** Reads the project in {@code dir}; every problem is one line naming the file, the line and the fix. */
  public static DbtProject read(Path dir) {
    Path yml = dir.resolve("dbt_project.yml");
    if (!Files.isRegularFile(yml)) {
      throw DbtErrors.bad(dir.toString(), "there is no dbt_project.yml here",
          "create the project there (dbt_project.yml, models/) or pass --project DIR");
    }
    DbtProject p = new DbtProject(dir, map(yaml(dir, yml)));
    p.load();
    return p;
  }

  private void load() {
    for (String mp : macroPaths) {
      for (Path f : files(mp, ".sql")) {
        macroFiles.put(rel(f), text(f));
      }
    }
    for (String tp : testPaths) {
      for (Path f : files(tp, ".sql")) {
        String rel = rel(f);
        String text = text(f);
        if (text.contains("{% test ") || text.contains("{%- test ")) {
          macroFiles.put(rel, text); // custom generic tests may live under tests/generic
          continue;
        }
        Node t = new Node(Node.Type.test, stem(f), rel, under(tp, rel), text);
        add(t);
      }
    }
    for (String sp : seedPaths) {
      for (Path f : files(sp, ".csv")) {
        Node s = new Node(Node.Type.seed, stem(f), rel(f), under(sp, rel(f)), "");
        applyFolderConfig(s, "seeds");
        add(s);
      }
    }
    for (String sp : snapshotPaths) {
      for (Path f : files(sp, ".sql")) {
        String text = text(f);
        var m = java.util.regex.Pattern.compile("\\{%-?\\s*snapshot\\s+(\\w+)\\s*-?%}(.*?)\\{%-?\\s*endsnapshot\\s*-?%}",
            java.util.regex.Pattern.DOTALL).matcher(text);
        while (m.find()) {
          Node s = new Node(Node.Type.snapshot, m.group(1), rel(f), under(sp, rel(f)), m.group(2));
          s.config.put("materialized", "snapshot");
          add(s);
        }
      }
    }
    for (String mp : modelPaths) {
      for (Path f : files(mp, ".sql")) {
        Node m = new Node(Node.Type.model, stem(f), rel(f), under(mp, rel(f)), text(f));
        applyFolderConfig(m, "models");
        add(m);
      }
    }
    for (String mp : modelPaths) {
      for (Path f : files(mp, ".yml")) {
        properties(f);
      }
      for (Path f : files(mp, ".yaml")) {
        properties(f);
      }
    }
  }

  private void add(Node n) {
    String id = n.uniqueId(name);
    if (nodes.containsKey(id)) {
      throw DbtErrors.bad(n.originalFilePath, "a second " + n.type + " named '" + n.name + "' (the first is "
          + nodes.get(id).originalFilePath + ")", "rename one of the files: names are unique in a project");
    }
    nodes.put(id, n);
  }

  /** dbt's hierarchical folder configs: models.<project>.<folder>...: +materialized, +tags, +schema. */
  private void applyFolderConfig(Node n, String section) {
    Map<String, Object> level = section.equals("models") ? projectConfig : map(vars.get("__none__"));
    if (section.equals("seeds")) {
      return;
    }
    level = map(level.get(name));
    apply(n, level);
    String[] parts = n.path.split("/");
    for (int i = 0; i < parts.length - 1 && !level.isEmpty(); i++) {
      level = map(level.get(parts[i]));
      apply(n, level);
    }
  }

  private static void apply(Node n, Map<String, Object> level) {
    for (Map.Entry<String, Object> e : level.entrySet()) {
      String k = e.getKey();
      boolean plus = k.startsWith("+");
      String key = plus ? k.substring(1) : k;
      if (!plus && !CONFIG_KEYS.contains(key) || e.getValue() instanceof Map<?, ?> && !plus) {
        continue;
      }
      setConfig(n, key, e.getValue());
    }
  }

  static void setConfig(Node n, String key, Object value) {
    if (key.equals("pre_hook") || key.equals("post_hook")) {
      key = key.replace('_', '-'); // dbt's config() takes pre_hook=, YAML +pre-hook:; the manifest says pre-hook
    }
    if (key.equals("pre-hook") || key.equals("post-hook")) {
      // hooks add up, as in dbt: the project's folders first, then the model's own config
      @SuppressWarnings("unchecked")
      List<Object> hooks = (List<Object>) n.config.computeIfAbsent(key, k -> new ArrayList<>());
      for (Object h : value instanceof List<?> l ? l : value == null ? List.of() : List.of(value)) {
        String sqlText = h instanceof Map<?, ?> m ? String.valueOf(m.get("sql")) : String.valueOf(h);
        if (!hooks.contains(sqlText)) { // the parse and the execute rendering both call config()
          hooks.add(sqlText);
        }
      }
      return;
    }
    if (key.equals("tags")) {
      if (value instanceof List<?> l) {
        l.forEach(t -> n.tags.add(String.valueOf(t)));
      } else if (value != null) {
        n.tags.add(value.toString());
      }
      return;
    }
    n.config.put(key, value);
  }

  // ---- properties YAML: sources, models, columns, tests

  private void properties(Path f) {
    String rel = rel(f);
    Map<String, Object> doc = map(yaml(dir, f));
    for (Object so : list(doc.get("sources"))) {
      Map<String, Object> src = map(so);
      String sname = str(src.get("name"));
      String schema = src.containsKey("schema") ? str(src.get("schema")) : sname;
      for (Object to : list(src.get("tables"))) {
        Map<String, Object> t = map(to);
        String tname = str(t.get("name"));
        String ident = t.containsKey("identifier") ? str(t.get("identifier")) : tname;
        sources.put("source." + name + "." + sname + "." + tname, schema + "." + ident);
      }
    }
    for (Object mo : list(doc.get("models")) ) {
      Map<String, Object> m = map(mo);
      String mname = str(m.get("name"));
      Node model = nodes.get("model." + name + "." + mname);
      if (model == null) {
        throw DbtErrors.bad(rel, "properties for a model '" + mname + "' that has no .sql file",
            "create models/" + mname + ".sql or fix the name");
      }
      if (m.get("description") != null) {
        model.description = str(m.get("description"));
      }
      map(m.get("config")).forEach((k, v) -> setConfig(model, k, v));
      for (Object t : tests(m)) {
        addTest(rel, model, null, t);
      }
      for (Object co : list(m.get("columns"))) {
        Map<String, Object> c = map(co);
        String cname = str(c.get("name"));
        model.columns.put(cname, c.get("description") == null ? "" : str(c.get("description")));
        for (Object t : tests(c)) {
          addTest(rel, model, cname, t);
        }
      }
    }
  }

  private static List<Object> tests(Map<String, Object> m) {
    List<Object> all = new ArrayList<>(list(m.get("data_tests")));
    all.addAll(list(m.get("tests")));
    return all;
  }

  /** A generic test entry: a name, or {name: {arguments:, config:, and the older top-level keys}}. */
  private void addTest(String file, Node model, String column, Object entry) {
    String test;
    Map<String, Object> body;
    if (entry instanceof String s) {
      test = s;
      body = Map.of();
    } else if (entry instanceof Map<?, ?> m && m.size() == 1) {
      test = String.valueOf(m.keySet().iterator().next());
      body = map(m.values().iterator().next());
    } else {
      throw DbtErrors.bad(file, "a test entry on " + model.name + " is neither a name nor one 'name: {...}' mapping",
          "write e.g. '- not_null' or '- accepted_values: {arguments: {values: [a, b]}}'");
    }
    if (test.contains(".")) {
      test = test.substring(test.lastIndexOf('.') + 1); // dbt_utils.x style: we know only our own namespace
    }
    Map<String, Object> args = new LinkedHashMap<>();
    Map<String, Object> cfg = new LinkedHashMap<>(map(body.get("config")));
    for (Map.Entry<String, Object> e : body.entrySet()) {
      switch (e.getKey()) {
        case "arguments" -> args.putAll(map(e.getValue()));
        case "config" -> { }
        case "severity", "where", "warn_if", "error_if", "store_failures", "tags", "limit", "enabled" ->
            cfg.put(e.getKey(), e.getValue());
        case "name" -> { }
        default -> args.put(e.getKey(), e.getValue());
      }
    }
    StringBuilder id = new StringBuilder(test).append('_').append(model.name);
    if (column != null) {
      id.append('_').append(column);
    }
    for (Object v : args.values()) {
      String flat = String.valueOf(v).replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
      if (!flat.isEmpty()) {
        id.append("__").append(flat);
      }
    }
    String tname = id.length() > 100 ? id.substring(0, 100) : id.toString();
    Node t = new Node(Node.Type.test, tname, file, file, "");
    t.testName = test;
    t.testArgs = args;
    t.attachedTo = model.name;
    t.columnName = column;
    for (Map.Entry<String, Object> e : cfg.entrySet()) {
      setConfig(t, e.getKey(), e.getValue());
    }
    String uid = t.uniqueId(name);
    for (int i = 2; nodes.containsKey(uid); i++) {
      t = copyAs(t, tname + "_" + i);
      uid = t.uniqueId(name);
    }
    nodes.put(uid, t);
  }

  private static Node copyAs(Node t, String newName) {
    Node c = new Node(t.type, newName, t.originalFilePath, t.path, t.rawCode);
    c.testName = t.testName;
    c.testArgs = t.testArgs;
    c.attachedTo = t.attachedTo;
    c.columnName = t.columnName;
    c.config.putAll(t.config);
    c.tags.addAll(t.tags);
    return c;
  }

  // ---- files

  private List<Path> files(String folder, String ext) {
    Path root = dir.resolve(folder);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String rel(Path f) {
    return dir.relativize(f).toString().replace('\\', '/');
  }

  private static String under(String folder, String rel) {
    return rel.startsWith(folder + "/") ? rel.substring(folder.length() + 1) : rel;
  }

  private static String stem(Path f) {
    String n = f.getFileName().toString();
    return n.substring(0, n.lastIndexOf('.'));
  }

  static String text(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object yaml(Path dir, Path f) {
    String rel = dir.relativize(f).toString().replace('\\', '/');
    try {
      return new Yaml(new LoaderOptions()).load(text(f));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
      throw DbtErrors.bad(DbtErrors.at(rel, line), "YAML error, " + problem,
          "check the indentation and the ':' after each key on that line (spaces, not tabs)");
    } catch (YAMLException e) {
      throw DbtErrors.bad(rel, "YAML error", "check the file's indentation and quoting");
    }
  }

  private static List<String> paths(Map<String, Object> yml, String key, String dflt) {
    List<Object> l = list(yml.get(key));
    return l.isEmpty() ? List.of(dflt) : l.stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
