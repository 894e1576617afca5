package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.Lake.MergeClause;
import dev.lakehouse.workbench.lake.Lake.MergeRequest;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.Metadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code MERGE INTO}: copy-on-write of the target files a WHEN MATCHED or WHEN NOT MATCHED BY SOURCE
 * clause touches, new files for WHEN NOT MATCHED inserts, the Change Data Feed's images, Delta's
 * operation metrics; generated columns a clause leaves out are computed, values it gives are checked.
 * Runs inside the lake's lock ({@link LocalLake#merge}).
 */
final class MergeCommand {

  private MergeCommand() {}

  /** Runs a MERGE (see {@link LocalLake#merge}). */
  static CommitResult run(LocalLake lake, TableId id, MergeRequest r) {
    long start = System.nanoTime();
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    String ta = Duck.ident(r.targetAlias() == null ? t.id().name() : r.targetAlias());
    String sa = Duck.ident(r.sourceAlias());
    List<ColumnDef> sourceCols = lake.describeQuery(r.sourceSql());
    List<ColumnDef> columns = new ArrayList<>(t.columns());
    Metadata newMetadata = null;
    boolean star = Stream.concat(r.matched().stream(), r.notMatched().stream()).anyMatch(MergeClause::star);
    if (r.mergeSchema() && star) {
      for (ColumnDef s : sourceCols) {
        if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(s.name()))) {
          columns.add(new ColumnDef(s.name(), DeltaTypes.fromDuck(s.type()) == null ? s.type() : s.type()));
        }
      }
      if (columns.size() > t.columns().size()) {
        SchemaEnforcement.validateColumns(id, columns);
        newMetadata = SchemaEnforcement.withSchema(t.metadata(), columns);
        columns = new ArrayList<>(DeltaTypes.fromStruct(newMetadata.getSchema()));
      }
    }
    String src = "(SELECT *, TRUE AS __lh_m FROM (" + r.sourceSql() + ") AS __lh_s0) AS " + sa;
    String tgtAll = "(" + ScanPlanner.scanSql(t, t.files(), columns, true) + ") AS " + ta;
    List<ColumnDef> assigned = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (MergeClause mc : Stream.of(r.matched(), r.notMatched(), r.notMatchedBySource()).flatMap(List::stream)
        .collect(Collectors.toList())) {
      if (mc.action().equals("DELETE")) {
        continue;
      }
      for (ColumnDef c : columns) {
        String expr = assignment(mc, c, sa, sourceCols, id);
        if (expr != null) {
          assigned.add(c);
          values.add(expr);
        }
      }
    }
    SchemaEnforcement.checkAssignments(lake, id, assigned, values, "(" + ScanPlanner.scanSql(t, List.of(), columns, false) + ") AS " + ta + " CROSS JOIN " + src);
    tx.txn().readWholeTable();
    // Delta refuses a MERGE where one target row matches several source rows
    if (!r.matched().isEmpty()) {
      QueryResult dup = lake.query("SELECT count(*) FROM (SELECT " + ta + ".__lh_file, " + ta + ".__lh_row FROM " + tgtAll
          + " JOIN " + src + " ON (" + r.condition() + ") GROUP BY 1, 2 HAVING count(*) > 1)");
      if (((Number) dup.rows().get(0).get(0)).longValue() > 0) {
        throw LakeErrors.mergeMultipleMatches(id);
      }
    }
    String actM = clauseIndex(r.matched(), sa + ".__lh_m IS NULL");
    String actN = clauseIndex(r.notMatched(), null);
    Set<String> affectedPaths = new HashSet<>();
    // rows per clause: WHEN MATCHED over the join; WHEN NOT MATCHED BY SOURCE over the target rows no
    // source row matches (actS is 0 for a matched row)
    String actS = clauseIndex(r.notMatchedBySource(), sa + ".__lh_m IS NOT NULL");
    long[] byMatch = countClauses(lake, r.matched(), "SELECT " + ta + ".__lh_file, " + actM + " AS act, count(*) FROM " + tgtAll
        + " JOIN " + src + " ON (" + r.condition() + ") GROUP BY 1, 2", affectedPaths);
    long[] bySource = countClauses(lake, r.notMatchedBySource(), "SELECT " + ta + ".__lh_file, " + actS + " AS act, count(*) FROM "
        + tgtAll + " LEFT JOIN " + src + " ON (" + r.condition() + ") GROUP BY 1, 2", affectedPaths);
    long updated = byMatch[0];
    long deletedRows = byMatch[1];
    long updatedBySource = bySource[0];
    long deletedBySource = bySource[1];
    List<LocalLake.FileEntry> affected = t.files().stream().filter(f -> affectedPaths.contains(f.absolute().toString()))
        .collect(Collectors.toList());
    String insertFrom = " FROM " + src + " ANTI JOIN " + tgtAll + " ON (" + r.condition() + ") WHERE (" + actN + ") > 0";
    long inserted = r.notMatched().isEmpty() ? 0
        : ((Number) lake.query("SELECT count(*)" + insertFrom).rows().get(0).get(0)).longValue();
    long sourceRows = ((Number) lake.query("SELECT count(*) FROM " + src).rows().get(0).get(0)).longValue();
    List<String> parts = new ArrayList<>();
    boolean feed = ChangeDataFeed.enabled(t.metadata().getConfiguration());
    List<String> changes = new ArrayList<>();
    String changeImages = null;
    if (!affected.isEmpty()) {
      StringBuilder sel = new StringBuilder("SELECT ");
      StringBuilder images = new StringBuilder("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef c = columns.get(i);
        StringBuilder e = new StringBuilder("CASE (").append(actM).append(")");
        int whens = 0;
        for (int k = 0; k < r.matched().size(); k++) {
          MergeClause mc = r.matched().get(k);
          if (mc.action().equals("UPDATE")) {
            String expr = assignment(mc, c, sa, sourceCols, id);
            if (expr != null) {
              e.append(" WHEN ").append(k + 1).append(" THEN CAST((").append(expr).append(") AS ")
                  .append(DeltaTypes.toDuck(c.type())).append(")");
              whens++;
            }
          }
        }
        String keep = ta + "." + Duck.ident(c.name());
        e = whens == 0 ? new StringBuilder(keep) : e.append(" ELSE ").append(keep).append(" END");
        StringBuilder es = new StringBuilder("CASE (").append(actS).append(")");
        int sourceWhens = 0;
        for (int k = 0; k < r.notMatchedBySource().size(); k++) {
          MergeClause mc = r.notMatchedBySource().get(k);
          if (mc.action().equals("UPDATE")) {
            String expr = assignment(mc, c, sa, sourceCols, id);
            if (expr != null) {
              es.append(" WHEN ").append(k + 1).append(" THEN CAST((").append(expr).append(") AS ")
                  .append(DeltaTypes.toDuck(c.type())).append(")");
              sourceWhens++;
            }
          }
        }
        if (sourceWhens > 0) {
          e = es.append(" ELSE ").append(e).append(" END");
        }
        sel.append(i == 0 ? "" : ", ").append(e).append(" AS ").append(Duck.ident(c.name()));
        images.append(keep).append(" AS __lh_pre_").append(i).append(", ").append(e).append(" AS __lh_post_").append(i).append(", ");
      }
      if (feed) {
        // Change Data Feed: each target row a clause updated gives its pre- and post-image, each
        // deleted row a delete (as Delta's MERGE writes them)
        images.append("CASE WHEN ").append(sa).append(".__lh_m IS NOT NULL THEN ").append(ChangeDataFeed.kind(r.matched(), actM))
            .append(" ELSE ").append(ChangeDataFeed.kind(r.notMatchedBySource(), actS)).append(" END AS __lh_kind FROM (")
            .append(ScanPlanner.scanSql(t, affected, columns, false)).append(") AS ").append(ta).append(" LEFT JOIN ").append(src)
            .append(" ON (").append(r.condition()).append(")");
        changeImages = images.toString();
        String[][] kinds = {{"update", "pre", "update_preimage"}, {"update", "post", "update_postimage"}, {"delete", "pre", "delete"}};
        for (String[] k : kinds) {
          StringBuilder c = new StringBuilder("SELECT ");
          for (int i = 0; i < columns.size(); i++) {
            c.append("__lh_").append(k[1]).append("_").append(i).append(" AS ").append(Duck.ident(columns.get(i).name())).append(", ");
          }
          changes.add(c.append("'").append(k[2]).append("' AS _change_type FROM __lh_changes WHERE __lh_kind = '")
              .append(k[0]).append("'").toString());
        }
      }
      List<String> deletes = new ArrayList<>();
      for (int k = 0; k < r.matched().size(); k++) {
        if (r.matched().get(k).action().equals("DELETE")) {
          deletes.add(String.valueOf(k + 1));
        }
      }
      // without WHEN MATCHED nothing refuses a target row matched by several source rows: keep it once
      boolean once = r.matched().isEmpty();
      sel.append(generatedFlags(columns, "(" + actM + ")", r.matched(), "(" + actS + ")", r.notMatchedBySource(), sa, sourceCols, id));
      sel.append(" FROM (").append(ScanPlanner.scanSql(t, affected, columns, once)).append(") AS ").append(ta)
          .append(" LEFT JOIN ").append(src).append(" ON (").append(r.condition()).append(")");
      List<String> sourceDeletes = new ArrayList<>();
      for (int k = 0; k < r.notMatchedBySource().size(); k++) {
        if (r.notMatchedBySource().get(k).action().equals("DELETE")) {
          sourceDeletes.add(String.valueOf(k + 1));
        }
      }
      List<String> where = new ArrayList<>();
      if (!deletes.isEmpty()) {
        where.add("(" + actM + ") NOT IN (" + String.join(", ", deletes) + ")");
      }
      if (!sourceDeletes.isEmpty()) {
        where.add("(" + actS + ") NOT IN (" + String.join(", ", sourceDeletes) + ")");
      }
      if (!where.isEmpty()) {
        sel.append(" WHERE ").append(String.join(" AND ", where));
      }
      if (once) {
        sel.append(" QUALIFY row_number() OVER (PARTITION BY ").append(ta).append(".__lh_file, ").append(ta).append(".__lh_row) = 1");
      }
      parts.add(sel.toString());
    }
    if (inserted > 0) {
      StringBuilder sel = new StringBuilder("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef c = columns.get(i);
        StringBuilder e = new StringBuilder("CASE (").append(actN).append(")");
        int whens = 0;
        for (int k = 0; k < r.notMatched().size(); k++) {
          String expr = assignment(r.notMatched().get(k), c, sa, sourceCols, id);
          if (expr != null) {
            e.append(" WHEN ").append(k + 1).append(" THEN CAST((").append(expr).append(") AS ")
                .append(DeltaTypes.toDuck(c.type())).append(")");
            whens++;
          }
        }
        e = whens == 0 ? new StringBuilder("CAST(NULL AS " + DeltaTypes.toDuck(c.type()) + ")") : e.append(" ELSE NULL END");
        sel.append(i == 0 ? "" : ", ").append(e).append(" AS ").append(Duck.ident(c.name()));
      }
      parts.add(sel + generatedFlags(columns, "(" + actN + ")", r.notMatched(), null, List.of(), sa, sourceCols, id) + insertFrom);
      if (feed && !changes.isEmpty()) {
        changes.add(sel + ", 'insert' AS _change_type" + insertFrom);
      }
    }
    List<Action> actions = new ArrayList<>();
    if (newMetadata != null) {
      actions.add(newMetadata);
    }
    DataFileWriter.Written w = new DataFileWriter.Written(List.of(), 0, 0);
    if (!parts.isEmpty()) {
      w = DataFileWriter.write(lake, id, t.location(), columns, t.partitionColumns(),
          generateUnlessGiven(lake, String.join(" UNION ALL ", parts), columns), true, t.metadata().getConfiguration());
      actions.addAll(w.adds());
    }
    if (!changes.isEmpty()) {
      actions.addAll(ChangeDataFeed.write(lake, lake.duck, id, t.location(), columns, t.partitionColumns(),
          changeRows(lake, changeImages, changes, columns)));
    }
    for (LocalLake.FileEntry f : affected) {
      actions.add(f.add().remove(System.currentTimeMillis(), true));
    }
    long affectedRows = affected.stream().mapToLong(f -> f.rows() == null ? 0 : f.rows()).sum();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", lake.toJson(List.of(r.condition())));
    params.put("matchedPredicates", lake.toJson(clauseParams(r.matched())));
    params.put("notMatchedPredicates", lake.toJson(clauseParams(r.notMatched())));
    if (!r.notMatchedBySource().isEmpty()) {
      params.put("notMatchedBySourcePredicates", lake.toJson(clauseParams(r.notMatchedBySource())));
    }
    long allUpdated = updated + updatedBySource;
    long allDeleted = deletedRows + deletedBySource;
    Map<String, String> m = Committer.metrics("numSourceRows", sourceRows, "numTargetRowsInserted", inserted,
        "numTargetRowsUpdated", allUpdated, "numTargetRowsDeleted", allDeleted,
        "numTargetRowsMatchedUpdated", updated, "numTargetRowsMatchedDeleted", deletedRows,
        "numTargetRowsNotMatchedBySourceUpdated", updatedBySource, "numTargetRowsNotMatchedBySourceDeleted", deletedBySource,
        "numTargetRowsCopied", affectedRows - allUpdated - allDeleted, "numOutputRows", w.rows(),
        "numTargetFilesAdded", w.adds().size(), "numTargetFilesRemoved", affected.size(),
        "executionTimeMs", (System.nanoTime() - start) / 1_000_000);
    return Committer.commit(lake, id, t.location(), tx.txn(), actions, "MERGE", params, m, w.adds());
  }

  private static List<Map<String, String>> clauseParams(List<MergeClause> clauses) {
    List<Map<String, String>> out = new ArrayList<>();
    for (MergeClause c : clauses) {
      Map<String, String> m = new LinkedHashMap<>();
      if (c.condition() != null) {
        m.put("predicate", c.condition());
      }
      m.put("actionType", c.action().toLowerCase(Locale.ROOT) + (c.star() ? "*" : ""));
      out.add(m);
    }
    return out;
  }

  /**
   * Runs {@code countSql} (file, clause index, rows) for {@code clauses}: the rows they update and
   * delete, and the files holding them into {@code affectedPaths}. Nothing runs without clauses.
   */
  private static long[] countClauses(LocalLake lake, List<MergeClause> clauses, String countSql, Set<String> affectedPaths) {
    long[] updatedDeleted = new long[2];
    if (clauses.isEmpty()) {
      return updatedDeleted;
    }
    for (List<Object> row : lake.query(countSql).rows()) {
      int k = ((Number) row.get(1)).intValue();
      long n = ((Number) row.get(2)).longValue();
      if (k > 0) {
        affectedPaths.add(String.valueOf(row.get(0)));
        updatedDeleted[clauses.get(k - 1).action().equals("DELETE") ? 1 : 0] += n;
      }
    }
    return updatedDeleted;
  }

  /** A MERGE's change rows; post-images and inserts get their generated columns recomputed. */
  private static String changeRows(LocalLake lake, String images, List<String> changes, List<ColumnDef> columns) {
    String all = "SELECT * FROM (WITH __lh_changes AS (" + images + ") " + String.join(" UNION ALL ", changes) + ") AS __lh_all";
    if (columns.stream().noneMatch(c -> c.generatedAs() != null)) {
      return all;
    }
    return SchemaEnforcement.generate(lake, all + " WHERE _change_type IN ('update_postimage', 'insert')", columns, c -> true)
        + " UNION ALL " + all + " WHERE _change_type IN ('update_preimage', 'delete')";
  }

  /**
   * For each generated column, a boolean column {@code __lh_gen_<i>} saying whether the MERGE clause
   * that produced the row left the column to be computed (true) or gave it a value (false), which is
   * then checked against the expression as Delta checks it. {@code indexA}/{@code indexB} are the CASE
   * expressions of the clause applied (see {@link #clauseIndex}); a row no clause touched is recomputed,
   * which leaves its stored value as it is.
   */
  private static String generatedFlags(List<ColumnDef> columns, String indexA, List<MergeClause> clausesA, String indexB,
      List<MergeClause> clausesB, String sa, List<ColumnDef> sourceCols, TableId id) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      if (c.generatedAs() == null) {
        continue;
      }
      List<String> given = new ArrayList<>();
      for (String[] side : List.of(new String[] {indexA, "A"}, new String[] {indexB, "B"})) {
        List<MergeClause> clauses = side[1].equals("A") ? clausesA : clausesB;
        List<String> ks = new ArrayList<>();
        for (int k = 0; k < clauses.size(); k++) {
          if (givesValue(clauses.get(k), c, sa, sourceCols, id)) {
            ks.add(String.valueOf(k + 1));
          }
        }
        if (!ks.isEmpty()) {
          given.add(side[0] + " IN (" + String.join(", ", ks) + ")");
        }
      }
      sb.append(", ").append(given.isEmpty() ? "true" : "NOT (" + String.join(" OR ", given) + ")").append(" AS __lh_gen_").append(i);
    }
    return sb.toString();
  }

  /** Whether a MERGE clause gives the column a value: assigned by name, or by * from a source column of that name. */
  private static boolean givesValue(MergeClause mc, ColumnDef c, String sa, List<ColumnDef> sourceCols, TableId id) {
    if (mc.action().equals("DELETE")) {
      return false;
    }
    if (mc.star()) {
      return sourceCols.stream().anyMatch(s -> s.name().equalsIgnoreCase(c.name()));
    }
    return assignment(mc, c, sa, sourceCols, id) != null;
  }

  /**
   * A MERGE's new rows with the generated columns the clauses left out computed; the values clauses gave
   * stay, so the check after writing refuses them when they differ from the expression (as Delta does).
   * Drops the {@code __lh_gen_<i>} columns of {@link #generatedFlags}.
   */
  private static String generateUnlessGiven(LocalLake lake, String select, List<ColumnDef> columns) {
    StringJoiner flags = new StringJoiner(", ");
    StringJoiner replace = new StringJoiner(", ");
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      if (c.generatedAs() != null) {
        flags.add("__lh_gen_" + i);
        replace.add("CASE WHEN __lh_gen_" + i + " THEN CAST((" + lake.checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type())
            + ") ELSE " + Duck.ident(c.name()) + " END AS " + Duck.ident(c.name()));
      }
    }
    return replace.length() == 0 ? select
        : "SELECT * EXCLUDE (" + flags + ") REPLACE (" + replace + ") FROM (" + select + ") AS __lh_g";
  }

  /** CASE expression giving the 1-based index of the first clause that applies, 0 for none. */
  private static String clauseIndex(List<MergeClause> clauses, String noMatchGuard) {
    StringBuilder sb = new StringBuilder("CASE");
    if (noMatchGuard != null) {
      sb.append(" WHEN ").append(noMatchGuard).append(" THEN 0");
    }
    for (int k = 0; k < clauses.size(); k++) {
      String c = clauses.get(k).condition();
      sb.append(" WHEN (").append(c == null ? "true" : c).append(") THEN ").append(k + 1);
    }
    return sb.append(" ELSE 0 END").toString();
  }

  private static String assignment(MergeClause mc, ColumnDef target, String sa, List<ColumnDef> sourceCols, TableId id) {
    if (mc.star()) {
      boolean inSource = sourceCols.stream().anyMatch(s -> s.name().equalsIgnoreCase(target.name()));
      if (!inSource) {
        if (mc.action().equals("UPDATE")) {
          return null;
        }
        return "NULL";
      }
      return sa + "." + Duck.ident(target.name());
    }
    for (Map.Entry<String, String> e : mc.assignments().entrySet()) {
      String k = e.getKey().contains(".") ? e.getKey().substring(e.getKey().lastIndexOf('.') + 1) : e.getKey();
      if (k.equalsIgnoreCase(target.name())) {
        return e.getValue();
      }
    }
    return null;
  }

}
