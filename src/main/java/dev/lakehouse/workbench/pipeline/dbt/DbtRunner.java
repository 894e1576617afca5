package dev.lakehouse.workbench.pipeline.dbt;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a {@link DbtProject} and runs dbt's commands on the lake through {@link SqlSession}: every
 * model, seed and stored test failure is ordinary Delta commits. Run order follows the ref graph; a
 * failure skips everything downstream of it.
 */
public final class DbtRunner {

  /** dbt's commands. */
  public enum Command { build, run, test, compile, seed, snapshot, ls }

  /** What happened to one node, in run_results.json's vocabulary. */
  public record Result(String uniqueId, String status, String message, long failures, double seconds,
      String compiledCode, String relation, Instant started, Instant completed) {}

  public static final String DEFAULT_TARGET_SCHEMA = "analytics";

  private final DbtProject project;
  private final SqlSession sql;
  private final String target;
  private final DbtJinja jinja;
  private final Map<String, Object> vars;
  private boolean fullRefresh;
  private DbtState deferTo;
  private Set<String> deferSelected = Set.of();
  private final Map<String, Object> invocation = new LinkedHashMap<>();
  private final List<String> order = new ArrayList<>();
  final Map<String, Set<String>> parents = new LinkedHashMap<>();
  final Map<String, Set<String>> children = new LinkedHashMap<>();

  public DbtRunner(DbtProject project, SqlSession sql, String targetSchema, Map<String, Object> extraVars) {
    this.project = project;
    this.sql = sql;
    this.target = targetSchema == null ? DEFAULT_TARGET_SCHEMA : targetSchema;
    this.vars = new LinkedHashMap<>(project.vars);
    if (extraVars != null) {
      vars.putAll(extraVars);
    }
    this.jinja = new DbtJinja(project.macroFiles);
    parse();
  }

  public DbtProject project() {
    return project;
  }

  public void fullRefresh(boolean on) {
    fullRefresh = on;
  }

  /**
   * dbt's {@code --defer}: a ref to a node this run does not build, and that does not exist in the
   * run's own schema, reads the relation the state's run built (production's), so slim CI builds
   * only what changed and still has every parent.
   */
  public void defer(DbtState state, Set<String> selected) {
    deferTo = state;
    deferSelected = selected == null ? Set.of() : Set.copyOf(selected);
  }

  /** The invocation's arguments (select, state, defer, target), kept in run_results.json's {@code args}. */
  public void invocation(Map<String, Object> args) {
    invocation.putAll(args);
  }

  /** unique_ids in run order (parents first). */
  public List<String> order() {
    return order;
  }

  public Node node(String uniqueId) {
    return project.nodes.get(uniqueId);
  }

  // ---- parse: config, refs and sources, then the graph

  private void parse() {
    Map<String, Node> byName = new HashMap<>();
    for (Node n : project.nodes.values()) {
      if (n.type != Node.Type.test) {
        byName.put(n.name, n);
      }
    }
    for (Node n : project.nodes.values()) {
      if (n.type == Node.Type.model || n.type == Node.Type.snapshot || n.type == Node.Type.test && n.testName == null) {
        DbtJinja.Render r = new DbtJinja.Render(n, name -> name, s -> s, false, vars);
        jinja.render(n.originalFilePath, n.rawCode, r, Map.of("this", n.name, "target", Map.of("schema", target, "name", "dev")));
      }
    }
    for (Node n : project.nodes.values()) {
      Object custom = n.config.get("schema");
      if (n.type == Node.Type.snapshot && n.config.get("target_schema") != null) {
        n.schema = n.config.get("target_schema").toString();
      } else {
        n.schema = custom == null ? target : target + "_" + custom;
      }
      if (n.type == Node.Type.test) {
        n.schema = target + "_dbt_test__audit";
      }
    }
    for (Node n : project.nodes.values()) {
      String id = n.uniqueId(project.name);
      if (n.testName != null) {
        Node model = byName.get(n.attachedTo);
        n.dependsOn.add(model.uniqueId(project.name));
        Object to = n.testArgs.get("to");
        if (to != null) {
          Matcher m = Pattern.compile("ref\\(\\s*['\"](\\w+)['\"]\\s*\\)").matcher(to.toString());
          if (m.find()) {
            n.refs.add(m.group(1));
          }
        }
        if (!n.testName.matches("not_null|unique|accepted_values|relationships") && !jinja.hasMacro("test_" + n.testName)) {
          throw DbtErrors.bad(n.originalFilePath, "unknown generic test '" + n.testName + "' on " + n.attachedTo,
              "use not_null, unique, accepted_values or relationships, or define {% test " + n.testName
                  + "(model, column_name) %} in macros/ or tests/generic/");
        }
      }
      for (String ref : n.refs) {
        Node p = byName.get(ref);
        if (p == null || p.type == Node.Type.test) {
          throw DbtErrors.bad(n.originalFilePath, "ref('" + ref + "') names no model, seed or snapshot",
              "create models/" + ref + ".sql or fix the name" + nearest(ref, byName.keySet()));
        }
        n.dependsOn.add(p.uniqueId(project.name));
      }
      for (List<String> s : n.sources) {
        String sid = "source." + project.name + "." + s.get(0) + "." + s.get(1);
        if (!project.sources.containsKey(sid)) {
          throw DbtErrors.bad(n.originalFilePath, "source('" + s.get(0) + "', '" + s.get(1) + "') is not declared",
              "declare it under sources: in a .yml file in models/ (name: " + s.get(0) + ", tables: [" + s.get(1) + "])");
        }
        n.dependsOn.add(sid);
      }
      parents.put(id, n.dependsOn);
      for (String p : n.dependsOn) {
        children.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(id);
      }
    }
    topo();
  }

  private static String nearest(String name, Set<String> names) {
    String best = null;
    int bestD = 3;
    for (String n : names) {
      int d = distance(name, n);
      if (d < bestD) {
        bestD = d;
        best = n;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length()];
  }

  /** Depth-first topological order; a cycle is one line naming its members. */
  private void topo() {
    Map<String, Integer> state = new HashMap<>();
    for (String id : project.nodes.keySet()) {
      visit(id, state, new ArrayDeque<>());
    }
    // dbt build runs a model's tests right after it, before its children
    List<String> tests = new ArrayList<>(order.stream().filter(id -> id.startsWith("test.")).toList());
    List<String> sorted = new ArrayList<>();
    Set<String> done = new HashSet<>(project.sources.keySet());
    for (String id : order) {
      if (id.startsWith("test.")) {
        continue;
      }
      sorted.add(id);
      done.add(id);
      for (var it = tests.iterator(); it.hasNext(); ) {
        String t = it.next();
        if (done.containsAll(parents.getOrDefault(t, Set.of()))) {
          sorted.add(t);
          it.remove();
        }
      }
    }
    sorted.addAll(tests);
    order.clear();
    order.addAll(sorted);
  }

  private void visit(String id, Map<String, Integer> state, Deque<String> path) {
    Integer s = state.get(id);
    if (s != null && s == 2 || !project.nodes.containsKey(id)) {
      return;
    }
    path.addLast(id);
    if (s != null && s == 1) {
      List<String> p = new ArrayList<>(path);
      List<String> cycle = p.subList(p.indexOf(id), p.size());
      Node first = project.nodes.get(id);
      throw DbtErrors.bad(first.originalFilePath, "the refs form a cycle: "
              + String.join(" -> ", cycle.stream().map(u -> u.substring(u.lastIndexOf('.') + 1)).toList()),
          "remove one ref() of the cycle; a model cannot depend on itself, even through others");
    }
    state.put(id, 1);
    for (String p : parents.getOrDefault(id, Set.of())) {
      visit(p, state, path);
    }
    path.removeLast();
    state.put(id, 2);
    order.add(id);
  }

  // ---- compile

  /** The SQL a node runs (a test's: the query returning failing rows), rendered now. */
  public String compile(Node n) {
    if (n.type == Node.Type.seed) {
      return "";
    }
    if (n.testName != null) {
      n.compiledCode = genericTest(n);
      return n.compiledCode;
    }
    boolean incremental = n.type == Node.Type.model && "incremental".equals(n.materialized()) && !fullRefresh
        && exists(n.relation());
    DbtJinja.Render r = new DbtJinja.Render(n, this::relationOf, this::sourceOf, incremental, vars);
    String body = jinja.render(n.originalFilePath, n.rawCode, r, bindings(n)).strip();
    n.compiledCode = withEphemerals(body, r.ephemerals, new HashSet<>());
    return n.compiledCode;
  }

  private Map<String, Object> bindings(Node n) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("this", n.relation() == null ? n.name : n.relation());
    b.put("target", Map.of("schema", target, "name", "dev", "type", "databricks"));
    b.put("project_name", project.name);
    return b;
  }

  private String withEphemerals(String body, List<String> ephemerals, Set<String> seen) {
    if (ephemerals.isEmpty()) {
      return body;
    }
    StringBuilder ctes = new StringBuilder();
    for (String e : ephemerals) {
      if (!seen.add(e)) {
        continue;
      }
      Node en = byName(e);
      DbtJinja.Render r = new DbtJinja.Render(en, this::relationOf, this::sourceOf, false, vars);
      String inner = jinja.render(en.originalFilePath, en.rawCode, r, bindings(en)).strip();
      inner = withEphemerals(inner, r.ephemerals, seen);
      if (ctes.length() > 0) {
        ctes.append(",\n");
      }
      ctes.append("__dbt__cte__").append(e).append(" as (\n").append(inner).append("\n)");
    }
    if (ctes.length() == 0) {
      return body;
    }
    Matcher w = Pattern.compile("(?is)^\\s*with\\s").matcher(body);
    if (w.find()) {
      return "with " + ctes + ",\n" + body.substring(w.end());
    }
    return "with " + ctes + "\n" + body;
  }

  private Node byName(String name) {
    for (Node n : project.nodes.values()) {
      if (n.type != Node.Type.test && n.name.equals(name)) {
        return n;
      }
    }
    throw DbtErrors.bad("dbt_project.yml", "no model '" + name + "'", "create models/" + name + ".sql");
  }

  private String relationOf(String name) {
    Node n = byName(name);
    if (deferTo != null && n.relation() != null) {
      String id = n.uniqueId(project.name);
      String prod = deferTo.relations.get(id);
      if (prod != null && !deferSelected.contains(id) && !exists(n.relation())) {
        return prod;
      }
    }
    return "ephemeral".equals(n.materialized()) && n.type == Node.Type.model ? "__dbt__cte__" + name : n.relation();
  }

  private String sourceOf(String key) {
    String rel = project.sources.get("source." + project.name + "." + key);
    if (rel == null) {
      throw new DbtJinja.DbtCallException("source('" + key.replace(".", "', '") + "') is not declared",
          "declare it under sources: in a .yml file in models/");
    }
    return rel;
  }

  /** dbt's four generic tests, or a project's {% test %} macro: a query returning the failing rows. */
  private String genericTest(Node t) {
    Node model = byName(t.attachedTo);
    String rel = relationOf(model.name); // an unselected parent of a deferred run reads the state's relation
    Object where = t.config.get("where");
    String from = where == null ? rel : "(select * from " + rel + " where " + where + ") dbt_subquery";
    String c = t.columnName;
    Map<String, Object> a = t.testArgs;
    switch (t.testName) {
      case "not_null":
        return "select " + c + " from " + from + " where " + c + " is null";
      case "unique":
        return "select " + c + " as unique_field, count(*) as n_records from " + from + " where " + c
            + " is not null group by " + c + " having count(*) > 1";
      case "accepted_values": {
        List<Object> values = DbtProject.list(a.get("values"));
        boolean quote = !Boolean.FALSE.equals(a.get("quote"));
        List<String> lits = values.stream().map(v -> quote ? "'" + String.valueOf(v).replace("'", "''") + "'" : String.valueOf(v)).toList();
        return "select " + c + " as value_field, count(*) as n_records from " + from + " where " + c
            + " not in (" + String.join(", ", lits) + ") group by " + c;
      }
      case "relationships": {
        String to = String.valueOf(a.get("to"));
        Matcher m = Pattern.compile("ref\\(\\s*['\"](\\w+)['\"]\\s*\\)").matcher(to);
        String parent = m.find() ? relationOf(m.group(1)) : to;
        String field = String.valueOf(a.get("field"));
        return "select child.from_field from (select " + c + " as from_field from " + from + " where " + c
            + " is not null) child left join (select " + field + " as to_field from " + parent
            + ") parent on child.from_field = parent.to_field where parent.to_field is null";
      }
      default: {
        StringBuilder call = new StringBuilder("{{ test_").append(t.testName).append("(model=").append(q(rel));
        if (c != null) {
          call.append(", column_name=").append(q(c));
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
          call.append(", ").append(e.getKey()).append("=").append(literal(e.getValue()));
        }
        call.append(") }}");
        DbtJinja.Render r = new DbtJinja.Render(t, this::relationOf, this::sourceOf, false, vars);
        String out = jinja.render(jinja.macroFiles.getOrDefault("test_" + t.testName, t.originalFilePath), call.toString(), r, bindings(t)).strip();
        return withEphemerals(out, r.ephemerals, new HashSet<>());
      }
    }
  }

  private static String q(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String literal(Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString().toLowerCase(Locale.ROOT);
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(DbtRunner::literal).toList()) + "]";
    }
    return q(String.valueOf(v));
  }

  // ---- run

  /** Runs a command over the selected nodes (all when {@code selected} is null); reports each result. */
  public List<Result> run(Command cmd, Set<String> selected, Consumer<Result> each) {
    return run(cmd, selected, each, () -> false);
  }

  /**
   * As {@link #run(Command, Set, Consumer)}, asking {@code cancelled} before each node: once it says
   * yes, the node being built finishes (its commit is whole) and no further node starts. The artifacts
   * then hold the nodes that ran, as dbt's do after an interrupt.
   */
  public List<Result> run(Command cmd, Set<String> selected, Consumer<Result> each, java.util.function.BooleanSupplier cancelled) {
    List<Result> results = new ArrayList<>();
    Set<String> failed = new HashSet<>();
    Set<String> testedBad = new HashSet<>();
    boolean hooks = cmd != Command.compile && cmd != Command.ls;
    String startFailed = hooks ? runProjectHooks("on-run-start", project.onRunStart, results, each) : null;
    for (String id : order) {
      Node n = project.nodes.get(id);
      if (selected != null && !selected.contains(id) || !wanted(cmd, n)) {
        continue;
      }
      if (cancelled.getAsBoolean()) {
        break;
      }
      Instant start = Instant.now();
      long t0 = System.nanoTime();
      String upstreamFailure = null;
      for (String p : n.dependsOn) {
        if (failed.contains(p) || n.type != Node.Type.test && testedBad.contains(p)) {
          upstreamFailure = p;
        }
      }
      Result r;
      if (startFailed != null) {
        failed.add(id);
        r = new Result(id, "skipped", "skipped: " + startFailed + " failed", 0, 0, null, n.relation(), start, Instant.now());
      } else if (upstreamFailure != null && cmd != Command.compile) {
        failed.add(id);
        r = new Result(id, "skipped", "skipped: " + upstreamFailure + (failed.contains(upstreamFailure) ? " failed upstream" : " has a failing test"), 0, 0, null, n.relation(), start, Instant.now());
      } else {
        try {
          r = execute(cmd, n, id, start, t0);
        } catch (WorkbenchException e) {
          r = new Result(id, "error", e.getMessage(), 0, secs(t0), n.compiledCode, n.relation(), start, Instant.now());
        } catch (RuntimeException e) {
          r = new Result(id, "error", String.valueOf(e.getMessage()), 0, secs(t0), n.compiledCode, n.relation(), start, Instant.now());
        }
        if (r.status.equals("error") || r.status.equals("fail")) {
          failed.add(id);
          if (n.type == Node.Type.test && cmd == Command.build) {
            testedBad.addAll(n.dependsOn); // dbt build skips what is downstream of a failing test's model
          }
        }
      }
      results.add(r);
      if (each != null) {
        each.accept(r);
      }
    }
    if (hooks) {
      runProjectHooks("on-run-end", project.onRunEnd, results, each);
    }
    writeArtifacts(cmd, results);
    return results;
  }

  /**
   * dbt's {@code on-run-start} / {@code on-run-end}: each statement rendered and run once per command,
   * as an operation {@code operation.<project>.<project>-on-run-start-<i>} in run_results.json.
   * {@code on-run-end} sees {@code results} (each with {@code unique_id}, {@code status},
   * {@code message}, {@code node.name}) and {@code schemas}, as in dbt. Returns the failed hook's name,
   * or null; the hooks after a failed one do not run.
   */
  private String runProjectHooks(String which, List<String> statements, List<Result> results, Consumer<Result> each) {
    List<Map<String, Object>> seen = new ArrayList<>();
    Set<String> schemas = new java.util.TreeSet<>();
    for (Result r : results) {
      Node n = project.nodes.get(r.uniqueId());
      if (n == null) {
        continue;
      }
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", n.name);
      node.put("unique_id", r.uniqueId());
      node.put("resource_type", n.type.name());
      node.put("schema", n.schema);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("unique_id", r.uniqueId());
      m.put("status", r.status());
      m.put("message", r.message());
      m.put("execution_time", r.seconds());
      m.put("failures", r.failures());
      m.put("node", node);
      seen.add(m);
      if (n.schema != null && n.type != Node.Type.test) {
        schemas.add(n.schema);
      }
    }
    for (int i = 0; i < statements.size(); i++) {
      String name = project.name + "-" + which + "-" + i;
      String id = "operation." + project.name + "." + name;
      Instant start = Instant.now();
      long t0 = System.nanoTime();
      Node op = new Node(Node.Type.model, name, "dbt_project.yml", "hooks/" + name + ".sql", statements.get(i));
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("target", Map.of("schema", target, "name", "dev", "type", "databricks"));
      b.put("project_name", project.name);
      b.put("results", seen);
      b.put("schemas", List.copyOf(schemas));
      b.put("database_schemas", List.copyOf(schemas));
      Result r;
      String text = "";
      try {
        text = jinja.render("dbt_project.yml", statements.get(i), new DbtJinja.Render(op, this::relationOf, this::sourceOf, false, vars), b).strip();
        if (!text.isEmpty()) {
          sql.execute(text);
        }
        r = new Result(id, "success", text.isEmpty() ? "OK (empty)" : "OK", 0, secs(t0), text, null, start, Instant.now());
      } catch (WorkbenchException e) {
        r = new Result(id, "error", which + " hook " + (i + 1) + " failed: " + e.getMessage()
            + " (fix it under " + which + ": in dbt_project.yml)", 0, secs(t0), text, null, start, Instant.now());
      }
      results.add(r);
      if (each != null) {
        each.accept(r);
      }
      if (r.status().equals("error")) {
        return which + " hook " + (i + 1);
      }
    }
    return null;
  }

  private static boolean wanted(Command cmd, Node n) {
    return switch (cmd) {
      case build, compile, ls -> true;
      case run -> n.type == Node.Type.model;
      case test -> n.type == Node.Type.test;
      case seed -> n.type == Node.Type.seed;
      case snapshot -> n.type == Node.Type.snapshot;
    };
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private Result execute(Command cmd, Node n, String id, Instant start, long t0) {
    if (n.type == Node.Type.seed) {
      if (cmd == Command.compile) {
        return new Result(id, "success", "compiled", 0, secs(t0), "", n.relation(), start, Instant.now());
      }
      runHooks(n, "pre-hook");
      long rows = seed(n);
      runHooks(n, "post-hook");
      return new Result(id, "success", "INSERT " + rows, 0, secs(t0), "", n.relation(), start, Instant.now());
    }
    String code = compile(n);
    writeCompiled(n);
    if (cmd == Command.compile) {
      return new Result(id, "success", "compiled", 0, secs(t0), code, n.relation(), start, Instant.now());
    }
    if (n.type == Node.Type.test) {
      return test(n, id, code, start, t0);
    }
    runHooks(n, "pre-hook");
    String msg = materialize(n, code);
    int post = runHooks(n, "post-hook");
    if (post > 0) {
      msg += " (" + post + " post-hook" + (post == 1 ? "" : "s") + ")";
    }
    return new Result(id, "success", msg, 0, secs(t0), code, n.relation(), start, Instant.now());
  }

  /**
   * dbt's pre- and post-hooks: SQL run just before or just after the node is built, rendered with
   * {@code this} at that moment (the project's folders' hooks first, then the model's own). A hook that
   * fails fails its node, naming the hook.
   */
  private int runHooks(Node n, String which) {
    List<String> hooks = hooks(n.config.get(which));
    for (int i = 0; i < hooks.size(); i++) {
      DbtJinja.Render r = new DbtJinja.Render(n, this::relationOf, this::sourceOf, false, vars);
      String text = jinja.render(n.originalFilePath, hooks.get(i), r, bindings(n)).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        sql.execute(text);
      } catch (WorkbenchException e) {
        throw DbtErrors.bad(n.originalFilePath, which + " " + (i + 1) + " of " + n.name + " failed: " + e.getMessage(),
            "fix the hook's SQL in its config() or in dbt_project.yml");
      }
    }
    return hooks.size();
  }

  private static List<String> hooks(Object o) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of(o.toString());
  }

  private boolean exists(String relation) {
    return relation != null && sql.lake().exists(TableId.parse(relation));
  }

  private String materialize(Node n, String code) {
    String rel = n.relation();
    String m = n.materialized();
    switch (m) {
      case "ephemeral":
        return "ephemeral: inlined as a CTE where it is used";
      case "table":
        last(sql.execute("CREATE OR REPLACE TABLE " + rel + " AS\n" + code));
        return "table " + rel + " built";
      case "view":
        // The lake has no views: a view model is kept as a Delta table rebuilt on every run, marked
        // in its properties, so SQL and the app see it like any table (decision 0022).
        last(sql.execute("CREATE OR REPLACE TABLE " + rel + " TBLPROPERTIES ('dbt.materialized' = 'view') AS\n" + code));
        return "view " + rel + " built (as a Delta table)";
      case "incremental": {
        if (fullRefresh || !exists(rel)) {
          last(sql.execute("CREATE OR REPLACE TABLE " + rel + " AS\n" + code));
          return "incremental " + rel + " built in full";
        }
        String strategy = String.valueOf(n.config.getOrDefault("incremental_strategy",
            n.config.get("unique_key") == null ? "append" : "merge"));
        if (!List.of("append", "merge", "insert_overwrite").contains(strategy)) {
          throw DbtErrors.bad(n.originalFilePath, "incremental_strategy '" + strategy + "' is not known",
              "use append, merge or insert_overwrite");
        }
        List<String> keys = List.of();
        if (strategy.equals("merge")) {
          Object key = n.config.get("unique_key");
          if (key == null) {
            throw DbtErrors.bad(n.originalFilePath, "incremental_strategy 'merge' needs a unique_key",
                "add unique_key='id' to the model's config");
          }
          keys = key instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(key.toString());
        }
        // null: the model's columns are the table's, the statements use * as dbt-databricks does
        List<String> cols = schemaChange(n, rel, code);
        String src = cols == null ? code : "select " + String.join(", ", cols) + " from (\n" + code + "\n) dbt_incremental_source";
        String into = cols == null ? "" : " (" + String.join(", ", cols) + ")";
        switch (strategy) {
          case "append":
            last(sql.execute("INSERT INTO " + rel + into + "\n" + src));
            return "incremental " + rel + ": appended";
          case "insert_overwrite":
            last(sql.execute("INSERT OVERWRITE TABLE " + rel + into + "\n" + src));
            return "incremental " + rel + ": overwritten";
          default: {
            String on = String.join(" AND ", keys.stream().map(k -> "DBT_INTERNAL_DEST." + k + " = DBT_INTERNAL_SOURCE." + k).toList());
            String actions = cols == null ? " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
                : " WHEN MATCHED THEN UPDATE SET " + String.join(", ", cols.stream().map(c -> c + " = DBT_INTERNAL_SOURCE." + c).toList())
                    + " WHEN NOT MATCHED THEN INSERT" + into + " VALUES ("
                    + String.join(", ", cols.stream().map(c -> "DBT_INTERNAL_SOURCE." + c).toList()) + ")";
            last(sql.execute("MERGE INTO " + rel + " AS DBT_INTERNAL_DEST USING (\n" + src + "\n) AS DBT_INTERNAL_SOURCE ON "
                + on + actions));
            return "incremental " + rel + ": merged on " + String.join(", ", keys);
          }
        }
      }
      case "snapshot":
        return snapshot(n, rel, code);
      default:
        throw DbtErrors.bad(n.originalFilePath, "materialized='" + m + "' is not known",
            "use view, table, incremental or ephemeral");
    }
  }

  /**
   * dbt's {@code on_schema_change} for an incremental model whose table exists: compares the model's
   * columns with the table's and returns the columns the write names (null when they are the same).
   * {@code ignore} (the default) writes only the table's columns and fails when the model lost one;
   * {@code fail} fails on any difference; {@code append_new_columns} adds the new columns
   * ({@code ALTER TABLE ... ADD COLUMNS}, a Delta commit) and leaves the lost ones NULL;
   * {@code sync_all_columns} also drops the lost ones (the table is rewritten without them, one
   * commit: DROP COLUMN would need column mapping on the learner's table) and widens a column whose
   * type the model widened
   * (the same rewrite with a CAST; a change Delta cannot widen is one line).
   */
  private List<String> schemaChange(Node n, String rel, String code) {
    String mode = String.valueOf(n.config.getOrDefault("on_schema_change", "ignore"));
    if (!List.of("ignore", "fail", "append_new_columns", "sync_all_columns").contains(mode)) {
      throw DbtErrors.bad(n.originalFilePath, "on_schema_change '" + mode + "' is not known",
          "use ignore, fail, append_new_columns or sync_all_columns");
    }
    List<String> model = sql.query("select * from (\n" + code + "\n) dbt_schema_probe limit 0").columns();
    List<ColumnDef> table = sql.lake().describe(TableId.parse(rel)).columns();
    List<String> tableNames = table.stream().map(ColumnDef::name).toList();
    List<String> added = model.stream().filter(c -> !containsIgnoreCase(tableNames, c)).toList();
    List<String> removed = tableNames.stream().filter(c -> !containsIgnoreCase(model, c)).toList();
    Map<String, String> widened = mode.equals("sync_all_columns") ? widenings(n, rel, code, table) : Map.of();
    if (!widened.isEmpty()) {
      List<String> cols = new ArrayList<>();
      for (String c : tableNames) {
        if (containsIgnoreCase(model, c)) {
          cols.add(widened.containsKey(c) ? "CAST(" + c + " AS " + widened.get(c) + ") AS " + c : c);
        }
      }
      if (!added.isEmpty()) {
        addColumns(rel, code, added);
        cols.addAll(added);
      }
      // one commit, as for a dropped column: the lake has no ALTER COLUMN ... TYPE (decision 0036)
      sql.execute("CREATE OR REPLACE TABLE " + rel + " AS SELECT " + String.join(", ", cols) + " FROM " + rel);
      List<String> written = new ArrayList<>(tableNames.stream().filter(c -> containsIgnoreCase(model, c)).toList());
      written.addAll(added);
      return written;
    }
    if (added.isEmpty() && removed.isEmpty()) {
      return model.equals(tableNames) ? null : tableNames; // same columns in another order: name them
    }
    String diff = (added.isEmpty() ? "" : "new in the model: " + String.join(", ", added))
        + (added.isEmpty() || removed.isEmpty() ? "" : "; ")
        + (removed.isEmpty() ? "" : "gone from the model: " + String.join(", ", removed));
    switch (mode) {
      case "fail":
        throw DbtErrors.bad(n.originalFilePath, "the schemas of incremental model " + n.name + " and its table " + rel
            + " are out of sync (" + diff + ")", "set on_schema_change to append_new_columns or sync_all_columns,"
            + " or rebuild the table with --full-refresh");
      case "ignore":
        if (!removed.isEmpty()) {
          throw DbtErrors.bad(n.originalFilePath, "incremental model " + n.name + " no longer has the column"
              + (removed.size() == 1 ? " " : "s ") + String.join(", ", removed) + " of its table " + rel,
              "put the column back, set on_schema_change='sync_all_columns', or rebuild with --full-refresh");
        }
        return tableNames; // the new columns are not written, as dbt's 'ignore' does
      default:
        break;
    }
    if (!added.isEmpty()) {
      addColumns(rel, code, added);
    }
    List<String> keep = new ArrayList<>(tableNames);
    if (mode.equals("sync_all_columns") && !removed.isEmpty()) {
      keep.removeAll(removed);
      sql.execute("CREATE OR REPLACE TABLE " + rel + " AS SELECT " + String.join(", ", keep) + ", "
          + String.join(", ", added) + " FROM " + rel);
    }
    List<String> cols = new ArrayList<>(keep.stream().filter(c -> containsIgnoreCase(model, c)).toList());
    cols.addAll(added);
    return cols;
  }

  /** Adds the model's new columns to the table ({@code ALTER TABLE ... ADD COLUMNS}, one commit). */
  private void addColumns(String rel, String code, List<String> added) {
    List<ColumnDef> types = modelTypes(rel, code, String.join(", ", added));
    sql.execute("ALTER TABLE " + rel + " ADD COLUMNS (" + String.join(", ",
        types.stream().map(c -> c.name() + " " + c.type()).toList()) + ")");
  }

  /** The types the model's query gives {@code columns} (dbt reads them from its temporary relation). */
  private List<ColumnDef> modelTypes(String rel, String code, String columns) {
    String probe = rel + "__dbt_tmp";
    sql.execute("CREATE OR REPLACE TABLE " + probe + " AS select " + columns + " from (\n" + code
        + "\n) dbt_schema_probe limit 0");
    try {
      return sql.lake().describe(TableId.parse(probe)).columns();
    } finally {
      sql.execute("DROP TABLE IF EXISTS " + probe);
    }
  }

  /**
   * {@code sync_all_columns} and a column whose type the model changed: the columns Delta's type
   * widening allows (a wider integer, float to double, a decimal with more digits, an integer to a
   * decimal or double that holds it, date to timestamp_ntz) with their new types; any other change
   * is one line naming the column, the two types and the fix.
   */
  private Map<String, String> widenings(Node n, String rel, String code, List<ColumnDef> table) {
    List<ColumnDef> model = modelTypes(rel, code, "*");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (ColumnDef t : table) {
      for (ColumnDef m : model) {
        if (!m.name().equalsIgnoreCase(t.name())) {
          continue;
        }
        String from = t.type().toLowerCase(Locale.ROOT).replace(" ", "");
        String to = m.type().toLowerCase(Locale.ROOT).replace(" ", "");
        if (from.equals(to)) {
          continue;
        }
        if (!widens(from, to)) {
          throw DbtErrors.bad(n.originalFilePath, "incremental model " + n.name + " changes the type of " + t.name()
              + " in " + rel + " from " + from + " to " + to + ", which Delta cannot widen",
              "cast it back to " + from + " in the model, or rebuild the table with --full-refresh");
        }
        out.put(t.name(), m.type());
      }
    }
    return out;
  }

  private static final List<String> INTEGERS = List.of("tinyint", "smallint", "int", "bigint");
  private static final Map<String, Integer> INTEGER_DIGITS = Map.of("tinyint", 3, "smallint", 5, "int", 10, "bigint", 20);

  /** Whether Delta's type widening turns {@code from} into {@code to} (Spark type names, lower case). */
  static boolean widens(String from, String to) {
    String f = from.equals("byte") ? "tinyint" : from.equals("short") ? "smallint" : from.equals("integer") ? "int"
        : from.equals("long") ? "bigint" : from;
    String t = to.equals("byte") ? "tinyint" : to.equals("short") ? "smallint" : to.equals("integer") ? "int"
        : to.equals("long") ? "bigint" : to;
    if (INTEGERS.contains(f) && INTEGERS.contains(t)) {
      return INTEGERS.indexOf(t) > INTEGERS.indexOf(f);
    }
    if (f.equals("float") && t.equals("double")) {
      return true;
    }
    if (f.equals("date") && t.equals("timestamp_ntz")) {
      return true;
    }
    int[] td = decimal(t);
    if (INTEGERS.contains(f)) {
      return t.equals("double") && !f.equals("bigint") || td != null && td[0] - td[1] >= INTEGER_DIGITS.get(f);
    }
    int[] fd = decimal(f);
    return fd != null && td != null && td[1] >= fd[1] && td[0] - td[1] >= fd[0] - fd[1] && td[0] > fd[0];
  }

  /** {precision, scale} of {@code decimal(p,s)}, or null. */
  private static int[] decimal(String type) {
    java.util.regex.Matcher m = Pattern.compile("decimal\\((\\d+),(\\d+)\\)").matcher(type);
    return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    return names.stream().anyMatch(x -> x.equalsIgnoreCase(name));
  }

  /**
   * dbt's snapshot, SCD type 2 on Delta: the first run copies the query with {@code dbt_valid_from}
   * and an open {@code dbt_valid_to}; later runs are one MERGE that closes the current row of each
   * changed key and inserts its new version (the source rows of changed keys come twice: once to
   * match and close, once with a NULL merge key to insert), as dbt-databricks does.
   */
  private String snapshot(Node n, String rel, String code) {
    Object key = n.config.get("unique_key");
    String strategy = String.valueOf(n.config.getOrDefault("strategy", "timestamp"));
    if (key == null) {
      throw DbtErrors.bad(n.originalFilePath, "snapshot " + n.name + " has no unique_key", "add unique_key='id' to its config");
    }
    Object updatedAt = n.config.get("updated_at");
    List<String> checkCols = DbtProject.list(n.config.get("check_cols")).stream().map(String::valueOf).toList();
    if (strategy.equals("timestamp") && updatedAt == null) {
      throw DbtErrors.bad(n.originalFilePath, "snapshot " + n.name + " uses strategy 'timestamp' without updated_at",
          "add updated_at='column' to its config, or use strategy='check' with check_cols=[...]");
    }
    if (strategy.equals("check") && checkCols.isEmpty()) {
      throw DbtErrors.bad(n.originalFilePath, "snapshot " + n.name + " uses strategy 'check' without check_cols",
          "add check_cols=['col', ...] to its config");
    }
    if (!strategy.equals("timestamp") && !strategy.equals("check")) {
      throw DbtErrors.bad(n.originalFilePath, "snapshot strategy '" + strategy + "' is not known", "use timestamp or check");
    }
    String k = key.toString();
    String validFrom = strategy.equals("timestamp") ? "CAST(" + updatedAt + " AS TIMESTAMP)" : "CAST(current_timestamp() AS TIMESTAMP)";
    if (!exists(rel)) {
      last(sql.execute("CREATE TABLE " + rel + " AS SELECT s.*, " + validFrom.replace(String.valueOf(updatedAt), "s." + updatedAt)
          + " AS dbt_valid_from, CAST(NULL AS TIMESTAMP) AS dbt_valid_to FROM (\n" + code + "\n) s"));
      return "snapshot " + rel + " created";
    }
    List<String> cols = sql.query("SELECT * FROM (\n" + code + "\n) s LIMIT 0").columns();
    String changed = strategy.equals("timestamp")
        ? "CAST(u." + updatedAt + " AS TIMESTAMP) > t.dbt_valid_from"
        : "(" + String.join(" OR ", checkCols.stream().map(c -> "NOT (u." + c + " <=> t." + c + ")").toList()) + ")";
    String changedJoin = changed.replace("u.", "s.");
    String from = strategy.equals("timestamp") ? "CAST(u." + updatedAt + " AS TIMESTAMP)" : "current_timestamp()";
    String src = "SELECT s." + k + " AS dbt_merge_key, s.* FROM (" + code + ") s"
        + " UNION ALL SELECT NULL AS dbt_merge_key, s.* FROM (" + code + ") s JOIN " + rel + " t ON s." + k + " = t." + k
        + " AND t.dbt_valid_to IS NULL WHERE " + changedJoin;
    List<String> insertCols = new ArrayList<>(cols);
    List<String> insertVals = new ArrayList<>(cols.stream().map(c -> "u." + c).toList());
    insertCols.add("dbt_valid_from");
    insertVals.add(from);
    insertCols.add("dbt_valid_to");
    insertVals.add("CAST(NULL AS TIMESTAMP)");
    last(sql.execute("MERGE INTO " + rel + " AS t USING (" + src + ") AS u ON t." + k + " = u.dbt_merge_key AND t.dbt_valid_to IS NULL"
        + " WHEN MATCHED AND " + changed + " THEN UPDATE SET dbt_valid_to = " + from
        + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", insertCols) + ") VALUES (" + String.join(", ", insertVals) + ")"));
    return "snapshot " + rel + ": changed rows closed and new versions inserted";
  }

  private static StatementResult last(List<StatementResult> rs) {
    return rs.isEmpty() ? null : rs.get(rs.size() - 1);
  }

  private Result test(Node n, String id, String code, Instant start, long t0) {
    StatementResult r = sql.query("select count(*) from (\n" + code + "\n) dbt_internal_test");
    long failures = ((Number) r.rows().get(0).get(0)).longValue();
    if (Boolean.TRUE.equals(n.config.get("store_failures")) || "true".equals(String.valueOf(n.config.get("store_failures")))) {
      sql.execute("CREATE OR REPLACE TABLE " + n.schema + "." + n.name + " AS\n" + code);
    }
    String severity = String.valueOf(n.config.getOrDefault("severity", "error")).toLowerCase(Locale.ROOT);
    String errorIf = String.valueOf(n.config.getOrDefault("error_if", "!=0"));
    String warnIf = String.valueOf(n.config.getOrDefault("warn_if", "!=0"));
    String status;
    if (severity.equals("error") && holds(failures, errorIf, n)) {
      status = "fail";
    } else if (holds(failures, warnIf, n)) {
      status = "warn";
    } else {
      status = "pass";
    }
    String msg = status.equals("pass") ? null : "Got " + failures + " result" + (failures == 1 ? "" : "s") + ", configured to "
        + status + " if " + (status.equals("fail") ? errorIf : warnIf);
    return new Result(id, status, msg, failures, secs(t0), code, null, start, Instant.now());
  }

  /** dbt's conditions like {@code !=0}, {@code >10}, {@code >=5}. */
  static boolean holds(long failures, String cond, Node n) {
    Matcher m = Pattern.compile("\\s*(!=|==|>=|<=|>|<|=)\\s*(\\d+)\\s*").matcher(cond);
    if (!m.matches()) {
      throw DbtErrors.bad(n.originalFilePath, "warn_if/error_if '" + cond + "' is not a condition", "write e.g. '>10' or '!=0'");
    }
    long v = Long.parseLong(m.group(2));
    return switch (m.group(1)) {
      case "!=" -> failures != v;
      case "==", "=" -> failures == v;
      case ">=" -> failures >= v;
      case "<=" -> failures <= v;
      case ">" -> failures > v;
      default -> failures < v;
    };
  }

  // ---- seeds

  private long seed(Node n) {
    Path f = project.dir.resolve(n.originalFilePath);
    List<List<String>> rows = Csv.read(DbtProject.text(f));
    if (rows.isEmpty()) {
      throw DbtErrors.bad(n.originalFilePath, "the seed is empty", "put a header line and at least one row in it");
    }
    List<String> header = rows.get(0);
    List<List<String>> data = rows.subList(1, rows.size());
    if (data.isEmpty()) {
      throw DbtErrors.bad(n.originalFilePath, "the seed has a header but no rows", "add at least one row");
    }
    String[] kinds = new String[header.size()];
    for (int c = 0; c < header.size(); c++) {
      String k = "BIGINT";
      for (List<String> r : data) {
        String v = c < r.size() ? r.get(c) : "";
        if (v.isEmpty()) {
          continue;
        }
        if (k.equals("BIGINT") && !v.matches("-?\\d{1,18}")) {
          k = v.matches("-?\\d+(\\.\\d+)?") ? "DECIMAL" : v.matches("\\d{4}-\\d{2}-\\d{2}") ? "DATE" : "STRING";
        } else if (k.equals("DECIMAL") && !v.matches("-?\\d+(\\.\\d+)?")) {
          k = "STRING";
        } else if (k.equals("DATE") && !v.matches("\\d{4}-\\d{2}-\\d{2}")) {
          k = "STRING";
        }
      }
      kinds[c] = k;
    }
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < data.size(); i++) {
      List<String> r = data.get(i);
      if (r.size() != header.size()) {
        throw DbtErrors.bad(DbtErrors.at(n.originalFilePath, i + 2), "the row has " + r.size() + " values, the header " + header.size(),
            "give every row one value per header column");
      }
      values.append(i == 0 ? "" : ",\n").append("(");
      for (int c = 0; c < r.size(); c++) {
        String v = r.get(c);
        values.append(c == 0 ? "" : ", ");
        if (v.isEmpty()) {
          values.append("NULL");
        } else if (kinds[c].equals("BIGINT")) {
          values.append(v);
        } else if (kinds[c].equals("DECIMAL")) {
          values.append("CAST('").append(v).append("' AS DOUBLE)");
        } else if (kinds[c].equals("DATE")) {
          values.append("DATE'").append(v).append("'");
        } else {
          values.append("'").append(v.replace("\\", "\\\\").replace("'", "\\'")).append("'");
        }
      }
      values.append(")");
    }
    List<String> cols = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      String h = header.get(c).strip();
      cols.add(kinds[c].equals("BIGINT") ? "CAST(" + h + " AS BIGINT) AS " + h : h);
    }
    sql.execute("CREATE OR REPLACE TABLE " + n.relation() + " AS SELECT " + String.join(", ", cols) + " FROM VALUES\n" + values
        + "\nAS t(" + String.join(", ", header.stream().map(String::strip).toList()) + ")");
    return data.size();
  }

  // ---- artifacts

  private void writeCompiled(Node n) {
    if (n.compiledCode == null) {
      return;
    }
    Path out = project.dir.resolve("target/compiled").resolve(project.name).resolve(
        n.testName != null ? n.originalFilePath.replaceAll("\\.ya?ml$", "") + "/" + n.name + ".sql" : n.originalFilePath);
    write(out, n.compiledCode + "\n");
  }

  private void writeArtifacts(Command cmd, List<Result> results) {
    Path targetDir = project.dir.resolve("target");
    write(targetDir.resolve("manifest.json"), Artifacts.manifest(this, target));
    if (cmd != Command.ls) {
      write(targetDir.resolve("run_results.json"), Artifacts.runResults(cmd, results, invocation));
    }
  }

  static void write(Path f, String text) {
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String target() {
    return target;
  }
}
