package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code UPDATE} and {@code DELETE}: copy-on-write of the files holding matching rows (data skipping
 * first), the Change Data Feed's images, generated columns recomputed, Delta's operation metrics. Runs
 * inside the lake's lock (the {@link LocalLake} methods of the same names).
 */
final class UpdateDeleteCommand {

  private UpdateDeleteCommand() {}

  private static List<LocalLake.FileEntry> filesWithRows(LocalLake lake, LocalLake.Loaded t, List<LocalLake.FileEntry> candidates, String alias, String condition,
      Map<String, Long> counts) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    String sql = "SELECT __lh_file, count(*) FROM (" + ScanPlanner.scanSql(t, candidates, t.columns(), true) + ") AS "
        + Duck.ident(alias) + " WHERE (" + condition + ") GROUP BY 1";
    QueryResult r = lake.query(sql);
    Set<String> hit = new HashSet<>();
    for (List<Object> row : r.rows()) {
      hit.add(String.valueOf(row.get(0)));
      counts.put(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue());
    }
    return candidates.stream().filter(f -> hit.contains(f.absolute().toString())).collect(Collectors.toList());
  }

  /** UPDATE (see {@link LocalLake#update}): copy-on-write of the files holding matching rows. */
  static CommitResult update(LocalLake lake, TableId id, String alias, Map<String, String> assignments, String condition,
      List<ScanFilter> filters) {
    long start = System.nanoTime();
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    String a = alias == null ? t.id().name() : alias;
    String cond = condition == null ? "true" : condition;
    Map<String, String> set = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : assignments.entrySet()) {
      ColumnDef c = LocalLake.column(t, e.getKey());
      set.put(c.name().toLowerCase(Locale.ROOT), e.getValue());
    }
    // type check of the new values (Spark's ANSI store assignment)
    List<ColumnDef> targets = new ArrayList<>();
    for (String col : set.keySet()) {
      targets.add(LocalLake.column(t, col));
    }
    SchemaEnforcement.checkAssignments(lake, id, targets, new ArrayList<>(set.values()),
        "(" + ScanPlanner.scanSql(t, List.of(), t.columns(), false) + ") AS " + Duck.ident(a));
    tx.txn().readWholeTable();
    Map<String, Long> counts = new HashMap<>();
    List<LocalLake.FileEntry> affected = filesWithRows(lake, t, DataSkipping.prune(t, filters), a, cond, counts);
    long updated = counts.values().stream().mapToLong(Long::longValue).sum();
    long total = affected.stream().mapToLong(f -> f.rows() == null ? 0 : f.rows()).sum();
    List<Action> actions = new ArrayList<>();
    DataFileWriter.Written w = new DataFileWriter.Written(List.of(), 0, 0);
    if (!affected.isEmpty()) {
      StringBuilder sel = new StringBuilder("SELECT ");
      StringBuilder post = new StringBuilder("SELECT ");
      for (int i = 0; i < t.columns().size(); i++) {
        ColumnDef c = t.columns().get(i);
        String expr = set.get(c.name().toLowerCase(Locale.ROOT));
        post.append(i == 0 ? "" : ", ").append(expr == null ? Duck.ident(a) + "." + Duck.ident(c.name())
            : "CAST((" + expr + ") AS " + DeltaTypes.toDuck(c.type()) + ")").append(" AS ").append(Duck.ident(c.name()));
        String col = Duck.ident(a) + "." + Duck.ident(c.name());
        sel.append(i == 0 ? "" : ", ");
        if (expr == null) {
          sel.append(col);
        } else {
          sel.append("CASE WHEN (").append(cond).append(") THEN CAST((").append(expr).append(") AS ")
              .append(DeltaTypes.toDuck(c.type())).append(") ELSE ").append(col).append(" END");
        }
        sel.append(" AS ").append(Duck.ident(c.name()));
      }
      String from = " FROM (" + ScanPlanner.scanSql(t, affected, t.columns(), false) + ") AS " + Duck.ident(a);
      sel.append(from);
      // generated columns follow the columns they are computed from, unless set explicitly (then checked)
      java.util.function.Predicate<ColumnDef> regenerate = c -> !set.containsKey(c.name().toLowerCase(Locale.ROOT));
      w = DataFileWriter.write(lake, id, t.location(), t.columns(), t.partitionColumns(), SchemaEnforcement.generate(lake, sel.toString(), t.columns(), regenerate), true,
          t.metadata().getConfiguration());
      actions.addAll(w.adds());
      if (ChangeDataFeed.enabled(t.metadata().getConfiguration())) {
        String where = from + " WHERE (" + cond + ")";
        actions.addAll(ChangeDataFeed.write(lake, lake.duck, id, t.location(), t.columns(), t.partitionColumns(),
            "SELECT " + ChangeDataFeed.columns(t.columns(), Duck.ident(a), "update_preimage") + where
                + " UNION ALL " + SchemaEnforcement.generate(lake, post + ", 'update_postimage' AS _change_type" + where, t.columns(), regenerate)));
      }
      for (LocalLake.FileEntry f : affected) {
        actions.add(f.add().remove(System.currentTimeMillis(), true));
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", lake.toJson(List.of(condition == null ? "true" : condition)));
    Map<String, String> m = Committer.metrics("numAddedFiles", w.adds().size(), "numRemovedFiles", affected.size(),
        "numUpdatedRows", updated, "numCopiedRows", total - updated, "numAddedBytes", w.bytes(),
        "numRemovedBytes", affected.stream().mapToLong(f -> f.add().getSize()).sum(),
        "executionTimeMs", (System.nanoTime() - start) / 1_000_000);
    return Committer.commit(lake, id, t.location(), tx.txn(), actions, "UPDATE", params, m, w.adds());
  }

  /** DELETE (see {@link LocalLake#delete}): copy-on-write, or every file removed without a condition. */
  static CommitResult delete(LocalLake lake, TableId id, String alias, String condition, List<ScanFilter> filters) {
    long start = System.nanoTime();
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    String a = alias == null ? t.id().name() : alias;
    tx.txn().readWholeTable();
    List<Action> actions = new ArrayList<>();
    DataFileWriter.Written w = new DataFileWriter.Written(List.of(), 0, 0);
    List<LocalLake.FileEntry> affected;
    long deleted;
    long copied = 0;
    if (condition == null) {
      affected = t.files();
      deleted = affected.stream().mapToLong(f -> f.rows() == null ? 0 : f.rows()).sum();
    } else {
      Map<String, Long> counts = new HashMap<>();
      affected = filesWithRows(lake, t, DataSkipping.prune(t, filters), a, condition, counts);
      deleted = counts.values().stream().mapToLong(Long::longValue).sum();
      if (!affected.isEmpty()) {
        String sel = "SELECT " + t.columns().stream().map(c -> Duck.ident(a) + "." + Duck.ident(c.name()))
            .collect(Collectors.joining(", ")) + " FROM (" + ScanPlanner.scanSql(t, affected, t.columns(), false) + ") AS "
            + Duck.ident(a) + " WHERE (" + condition + ") IS NOT TRUE";
        w = DataFileWriter.write(lake, id, t.location(), t.columns(), t.partitionColumns(), sel, true, t.metadata().getConfiguration());
        copied = w.rows();
        actions.addAll(w.adds());
        if (ChangeDataFeed.enabled(t.metadata().getConfiguration())) {
          actions.addAll(ChangeDataFeed.write(lake, lake.duck, id, t.location(), t.columns(), t.partitionColumns(), "SELECT "
              + ChangeDataFeed.columns(t.columns(), Duck.ident(a), "delete") + " FROM (" + ScanPlanner.scanSql(t, affected, t.columns(), false)
              + ") AS " + Duck.ident(a) + " WHERE (" + condition + ")"));
        }
      }
    }
    for (LocalLake.FileEntry f : affected) {
      actions.add(f.add().remove(System.currentTimeMillis(), true));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", lake.toJson(condition == null ? List.of() : List.of(condition)));
    Map<String, String> m = Committer.metrics("numAddedFiles", w.adds().size(), "numRemovedFiles", affected.size(),
        "numDeletedRows", deleted, "numCopiedRows", copied, "numAddedBytes", w.bytes(),
        "numRemovedBytes", affected.stream().mapToLong(f -> f.add().getSize()).sum(),
        "executionTimeMs", (System.nanoTime() - start) / 1_000_000);
    return Committer.commit(lake, id, t.location(), tx.txn(), actions, "DELETE", params, m, w.adds());
  }

}
