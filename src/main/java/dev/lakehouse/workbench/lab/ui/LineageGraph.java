package dev.lakehouse.workbench.lab.ui;

import dev.lakehouse.workbench.lab.LabLake;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's lineage as a graph: the table, every table upstream of it (what it was written from, and
 * theirs) and downstream (what was written from it), laid out left to right by distance, with the
 * column-level edges of the tables in it (read from {@code system.access.table_lineage} and
 * {@code column_lineage}).
 *
 * @param focus the table the graph is drawn around ("" when none)
 * @param nodes the tables, each with its column (distance: negative upstream) and row
 * @param edges table-level edges between the nodes
 * @param columns column-level edges among the nodes
 */
public record LineageGraph(String focus, List<Node> nodes, List<LabLake.LineageEdge> edges, List<LabLake.LineageEdge> columns) {

  /** One table: {@code depth} 0 is the focus, -1 what it was written from, 1 what was written from it. */
  public record Node(String table, int depth, int row) {}

  public static LineageGraph empty() {
    return new LineageGraph("", List.of(), List.of(), List.of());
  }

  /** The graph around {@code focus} from all recorded edges (table-level ones have null columns). */
  public static LineageGraph of(List<LabLake.LineageEdge> all, String focus) {
    if (focus == null || focus.isEmpty()) {
      return empty();
    }
    // column edges imply table edges too (a MERGE's source seen only by the parse)
    Set<String> seen = new LinkedHashSet<>();
    List<LabLake.LineageEdge> edges = new ArrayList<>();
    for (LabLake.LineageEdge e : all) {
      if (!e.source().equals(e.target()) && seen.add(e.source() + "\u0000" + e.target())) {
        edges.add(new LabLake.LineageEdge(e.source(), null, e.target(), null));
      }
    }
    Map<String, Integer> depth = new LinkedHashMap<>();
    depth.put(focus, 0);
    walk(edges, focus, depth, -1);
    walk(edges, focus, depth, 1);
    // rows: within a column, in name order
    Map<Integer, Integer> rows = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    depth.entrySet().stream().sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
        .thenComparing(Map.Entry::getKey)).forEach(e -> {
          int row = rows.merge(e.getValue(), 1, Integer::sum) - 1;
          nodes.add(new Node(e.getKey(), e.getValue(), row));
        });
    List<LabLake.LineageEdge> inGraph = edges.stream()
        .filter(e -> depth.containsKey(e.source()) && depth.containsKey(e.target())).toList();
    List<LabLake.LineageEdge> columns = all.stream().filter(e -> e.sourceColumn() != null)
        .filter(e -> depth.containsKey(e.source()) && depth.containsKey(e.target())).toList();
    return new LineageGraph(focus, nodes, inGraph, columns);
  }

  /** Breadth first from the focus: upstream (step -1) follows edges to their sources, downstream to their targets. */
  private static void walk(List<LabLake.LineageEdge> edges, String focus, Map<String, Integer> depth, int step) {
    Deque<String> todo = new ArrayDeque<>(List.of(focus));
    while (!todo.isEmpty()) {
      String t = todo.poll();
      int d = depth.get(t);
      for (LabLake.LineageEdge e : edges) {
        String next = step < 0 ? (e.target().equals(t) ? e.source() : null) : (e.source().equals(t) ? e.target() : null);
        if (next != null && !depth.containsKey(next)) {
          depth.put(next, d + step);
          todo.add(next);
        }
      }
    }
  }

  /** The column-level lineage of one table in the graph: each of its columns from and into which columns. */
  public List<String> columnsOf(String table) {
    List<String> out = new ArrayList<>();
    for (LabLake.LineageEdge e : columns) {
      if (e.target().equals(table)) {
        out.add(e.targetColumn() + "  \u2190  " + e.source() + "." + e.sourceColumn());
      }
    }
    for (LabLake.LineageEdge e : columns) {
      if (e.source().equals(table)) {
        out.add(e.sourceColumn() + "  \u2192  " + e.target() + "." + e.targetColumn());
      }
    }
    return out;
  }
}
