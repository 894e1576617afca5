package dev.lakehouse.workbench.pipeline.dbt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dbt's node selection: {@code name}, {@code +name} (with its parents), {@code name+} (with its
 * children), {@code tag:x}, {@code path:models/staging}, {@code resource_type:}, unions by space and
 * intersections by comma, and {@code state:modified} / {@code state:new} against a {@link DbtState}
 * (slim CI: {@code state:modified+} is what a change touches). Tests attached to a selected model
 * come with it, as in dbt.
 */
public final class Selector {

  private Selector() {}

  /** unique_ids selected by {@code select} minus {@code exclude}; null select means everything. */
  public static Set<String> select(DbtRunner runner, List<String> select, List<String> exclude) {
    return select(runner, select, exclude, null);
  }

  /** As {@link #select(DbtRunner, List, List)}, with the state {@code state:} selectors compare with (may be null). */
  public static Set<String> select(DbtRunner runner, List<String> select, List<String> exclude, DbtState state) {
    Set<String> out = new LinkedHashSet<>();
    if (select == null || select.isEmpty()) {
      out.addAll(runner.order());
    } else {
      for (String arg : select) {
        for (String union : arg.trim().split("\\s+")) {
          out.addAll(intersection(runner, union, state));
        }
      }
      addAttachedTests(runner, out);
    }
    if (exclude != null) {
      for (String arg : exclude) {
        for (String union : arg.trim().split("\\s+")) {
          out.removeAll(intersection(runner, union, state));
        }
      }
    }
    return out;
  }

  private static Set<String> intersection(DbtRunner runner, String spec, DbtState state) {
    Set<String> acc = null;
    for (String part : spec.split(",")) {
      Set<String> s = one(runner, part, state);
      if (acc == null) {
        acc = s;
      } else {
        acc.retainAll(s);
      }
    }
    return acc == null ? new LinkedHashSet<>() : acc;
  }

  private static Set<String> one(DbtRunner runner, String spec, DbtState state) {
    boolean up = spec.startsWith("+");
    boolean down = spec.endsWith("+");
    String core = spec.substring(up ? 1 : 0, spec.length() - (down ? 1 : 0));
    Set<String> base = new LinkedHashSet<>();
    String project = runner.project().name;
    boolean byState = core.startsWith("state:");
    if (byState && state == null) {
      throw DbtErrors.bad("--select " + spec, "compares with a state and none was given",
          "add --state DIR, the folder of the main branch's manifest.json (its target/)");
    }
    if (byState && !core.matches("state:(modified|new)")) {
      throw DbtErrors.bad("--select " + spec, "is not a state selector we know", "use state:modified or state:new");
    }
    for (String id : runner.order()) {
      Node n = runner.node(id);
      if (byState ? (core.equals("state:new") ? state.isNew(id) : state.isModified(id, n, runner.project())) : matches(n, core, project)) {
        base.add(id);
      }
    }
    if (base.isEmpty() && byState) {
      return base; // nothing changed: slim CI builds nothing, as in dbt
    }
    if (base.isEmpty()) {
      throw DbtErrors.bad("--select " + spec, "matches no node",
          "use a model name, tag:NAME, path:models/DIR or resource_type:model (see 'dbt ls')");
    }
    Set<String> out = new LinkedHashSet<>(base);
    if (up) {
      out.addAll(closure(base, runner.parents));
    }
    if (down) {
      out.addAll(closure(base, runner.children));
    }
    out.removeIf(id -> id.startsWith("source."));
    return out;
  }

  private static boolean matches(Node n, String core, String project) {
    if (core.startsWith("tag:")) {
      return n.tags.contains(core.substring(4));
    }
    if (core.startsWith("path:")) {
      String p = core.substring(5).replaceAll("/+$", "");
      return n.originalFilePath.equals(p) || n.originalFilePath.startsWith(p + "/");
    }
    if (core.startsWith("resource_type:")) {
      return n.type.name().equals(core.substring(14));
    }
    if (core.startsWith("test_type:")) {
      return n.type == Node.Type.test && (n.testName != null) == core.endsWith("generic");
    }
    if (core.contains("*")) {
      return n.name.matches(core.replace("*", ".*"));
    }
    return n.name.equals(core) || (project + "." + n.name).equals(core);
  }

  private static Set<String> closure(Set<String> start, Map<String, Set<String>> edges) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      for (String next : edges.getOrDefault(todo.pop(), Set.of())) {
        if (seen.add(next)) {
          todo.push(next);
        }
      }
    }
    return seen;
  }

  /** Tests with any parent selected come along (dbt's default "eager" indirect selection). */
  private static void addAttachedTests(DbtRunner runner, Set<String> out) {
    for (String id : runner.order()) {
      Node n = runner.node(id);
      if (n.type == Node.Type.test && !n.dependsOn.isEmpty()
          && n.dependsOn.stream().anyMatch(out::contains)) {
        out.add(id);
      }
    }
  }
}
