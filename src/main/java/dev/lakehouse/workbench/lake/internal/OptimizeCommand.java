package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code OPTIMIZE}: compacts each partition's files into one (rewriting also a single file when
 * {@code ZORDER BY} asks for an order, a Morton order of rank buckets); commits with
 * {@code dataChange = false}. Runs inside the lake's lock ({@link LocalLake#optimize}).
 */
final class OptimizeCommand {

  private OptimizeCommand() {}

  /** Runs OPTIMIZE [WHERE partition filters] [ZORDER BY cols] (see {@link LocalLake#optimize}). */
  static CommitResult run(LocalLake lake, TableId id, List<ScanFilter> partitionFilters, String predicateText,
      List<String> zOrderBy) {
    long start = System.nanoTime();
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    Set<String> parts = ScanPlanner.lower(t.partitionColumns());
    for (ScanFilter f : partitionFilters) {
      if (!parts.contains(f.column().toLowerCase(Locale.ROOT))) {
        throw LakeErrors.optimizeWhereNotPartition(id, f.column(), t.partitionColumns());
      }
    }
    List<ColumnDef> zcols = new ArrayList<>();
    for (String z : zOrderBy) {
      ColumnDef c = LocalLake.column(t, z);
      if (parts.contains(c.name().toLowerCase(Locale.ROOT))) {
        throw LakeErrors.zorderOnPartitionColumn(id, c.name());
      }
      zcols.add(c);
    }
    List<LocalLake.FileEntry> selected = DataSkipping.prune(t, partitionFilters);
    Map<String, List<LocalLake.FileEntry>> byPartition = new LinkedHashMap<>();
    for (LocalLake.FileEntry f : selected) {
      byPartition.computeIfAbsent(new java.util.TreeMap<>(f.add().getPartitionValues()).toString(), k -> new ArrayList<>()).add(f);
    }
    List<LocalLake.FileEntry> rewrite = new ArrayList<>();
    for (List<LocalLake.FileEntry> g : byPartition.values()) {
      if (g.size() > 1 || (!zcols.isEmpty() && !g.isEmpty())) {
        rewrite.addAll(g);
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", lake.toJson(predicateText == null ? List.of() : List.of(predicateText)));
    params.put("zOrderBy", lake.toJson(zcols.stream().map(ColumnDef::name).collect(Collectors.toList())));
    params.put("auto", "false");
    if (rewrite.isEmpty()) {
      return new CommitResult(t.version(), "OPTIMIZE", Committer.metrics("numAddedFiles", 0, "numRemovedFiles", 0));
    }
    String cols = t.columns().stream().map(c -> Duck.ident(c.name())).collect(Collectors.joining(", "));
    String sel = "SELECT " + cols + " FROM (" + ScanPlanner.scanSql(t, rewrite, t.columns(), false) + ") AS __lh_o";
    if (!zcols.isEmpty()) {
      sel += " ORDER BY " + zOrderKey(zcols);
    }
    DataFileWriter.Written w = DataFileWriter.write(lake, id, t.location(), t.columns(), t.partitionColumns(), sel, false, Map.of());
    List<Action> actions = new ArrayList<>(w.adds());
    for (LocalLake.FileEntry f : rewrite) {
      actions.add(f.add().remove(System.currentTimeMillis(), false));
    }
    long removedBytes = rewrite.stream().mapToLong(f -> f.add().getSize()).sum();
    Map<String, String> m = Committer.metrics("numAddedFiles", w.adds().size(), "numRemovedFiles", rewrite.size(),
        "numAddedBytes", w.bytes(), "numRemovedBytes", removedBytes,
        "minFileSize", w.adds().stream().mapToLong(AddFile::getSize).min().orElse(0),
        "maxFileSize", w.adds().stream().mapToLong(AddFile::getSize).max().orElse(0),
        "numBatches", 1, "totalConsideredFiles", selected.size(), "totalFilesSkipped", selected.size() - rewrite.size(),
        "executionTimeMs", (System.nanoTime() - start) / 1_000_000);
    return Committer.commit(lake, id, t.location(), tx.txn(), actions, "OPTIMIZE", params, m, w.adds());
  }

  /** A Morton (Z-order) key: each column's 10-bit rank bucket, bits interleaved. */
  private static String zOrderKey(List<ColumnDef> cols) {
    int k = Math.min(cols.size(), 6);
    List<String> ranks = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      ranks.add("(ntile(1024) OVER (ORDER BY " + Duck.ident(cols.get(i).name()) + ") - 1)");
    }
    if (k == 1) {
      return Duck.ident(cols.get(0).name());
    }
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < 10; bit++) {
      for (int i = 0; i < k; i++) {
        sb.append(sb.length() == 0 ? "" : " + ").append("((").append(ranks.get(i)).append(" >> ").append(bit)
            .append(") & 1) * ").append(1L << (bit * k + i));
      }
    }
    return sb.toString();
  }

}
