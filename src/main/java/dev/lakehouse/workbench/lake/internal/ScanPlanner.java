package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.ScanPlan;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import io.delta.standalone.actions.AddFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans reads: the data files of a snapshot, pruned by partition values and file stats
 * ({@link DataSkipping}), turned into one DuckDB query over their Parquet files (partition values as
 * columns, columns a file lacks as NULL, physical names under column mapping), as Delta's
 * PrepareDeltaScan and DeltaParquetFileFormat do; and the query over the Change Data Feed.
 */
final class ScanPlanner {

  private ScanPlanner() {}

  /** The DuckDB query reading a snapshot, its files pruned by partition values and stats (see {@link DataSkipping}). */
  static ScanPlan plan(LocalLake lake, TableId table, TimeTravel at, List<ScanFilter> filters) {
    LocalLake.Loaded l = lake.load(table, at);
    List<LocalLake.FileEntry> kept = DataSkipping.prune(l, filters);
    return new ScanPlan(table, l.version(), scanSql(l, kept, l.columns(), false), kept.size(), l.files().size());
  }

  /** The query reading the Change Data Feed between two versions (see {@link ChangeDataFeed}). */
  static ScanPlan changes(LocalLake lake, TableId table, TimeTravel fromAt, TimeTravel toAt) {
    LocalLake.Loaded latest = lake.load(table, TimeTravel.LATEST);
    long from;
    if (fromAt.version() != null) {
      from = fromAt.version();
    } else {
      from = latest.version() + 1;
      for (long v = SnapshotManagement.earliestVersion(latest.location()); v <= latest.version(); v++) {
        if (lake.commitTime(latest.location(), v) >= fromAt.timestamp().toEpochMilli()) {
          from = v;
          break;
        }
      }
    }
    long end = toAt == null || toAt.isLatest() ? latest.version()
        : toAt.version() != null ? toAt.version() : lake.load(table, toAt).version();
    if (from < 0 || from > end || end > latest.version()) {
      throw LakeErrors.changesRange(table, from, toAt == null ? -1 : end, latest.version());
    }
    LocalLake.Loaded start = lake.load(table, TimeTravel.version(from));
    LocalLake.Loaded last = end == latest.version() ? latest : lake.load(table, TimeTravel.version(end));
    try {
      String sql = ChangeDataFeed.sql(lake, lake.json, start, last.columns(), last.partitionColumns(), from, end);
      return new ScanPlan(table, end, sql, 0, 0);
    } catch (IOException e) {
      throw LakeErrors.io("reading the change data of " + table, e);
    }
  }

  /** The data files of a snapshot, their stats parsed, in path order. */
  static List<LocalLake.FileEntry> files(ObjectMapper json, Path loc, List<AddFile> adds) {
    List<LocalLake.FileEntry> files = new ArrayList<>();
    for (AddFile a : adds) {
      JsonNode stats = null;
      Long rows = null;
      if (a.getStats() != null && !a.getStats().isBlank()) {
        try {
          stats = json.readTree(a.getStats());
          if (stats.has("numRecords")) {
            rows = stats.get("numRecords").asLong();
          }
        } catch (IOException e) {
          stats = null;
        }
      }
      files.add(new LocalLake.FileEntry(a, LocalLake.absolute(loc, a.getPath()), rows, stats));
    }
    files.sort((x, y) -> x.path().compareTo(y.path()));
    return files;
  }

  /**
   * A DuckDB query returning the table's columns from some of its files: partition values added as
   * columns, columns a file lacks (added later) as NULL. With {@code withFile} it also returns
   * {@code __lh_file} and {@code __lh_row} (file and row position) for copy-on-write.
   */
  static String scanSql(LocalLake.Loaded l, List<LocalLake.FileEntry> files, List<ColumnDef> columns, boolean withFile) {
    for (LocalLake.FileEntry f : files) {
      if (!Files.exists(f.absolute())) {
        throw LakeErrors.missingDataFile(l.id(), l.version(), f.path());
      }
    }
    Set<String> parts = lower(l.partitionColumns());
    if (files.isEmpty()) {
      StringBuilder sb = new StringBuilder("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef c = columns.get(i);
        sb.append(i == 0 ? "" : ", ").append("CAST(NULL AS ").append(DeltaTypes.toDuck(c.type())).append(") AS ")
            .append(Duck.ident(c.name()));
      }
      if (withFile) {
        sb.append(", CAST(NULL AS VARCHAR) AS __lh_file, CAST(NULL AS BIGINT) AS __lh_row");
      }
      return sb.append(" WHERE false").toString();
    }
    // group files by partition values and the set of columns they hold
    Map<String, List<LocalLake.FileEntry>> groups = new LinkedHashMap<>();
    Map<String, Set<String>> present = new HashMap<>();
    for (LocalLake.FileEntry f : files) {
      Set<String> cols = fileColumns(f, columns, parts);
      String key = new java.util.TreeMap<>(f.add().getPartitionValues()).toString() + "|" + new java.util.TreeSet<>(cols);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      present.put(key, cols);
    }
    List<String> selects = new ArrayList<>();
    for (Map.Entry<String, List<LocalLake.FileEntry>> g : groups.entrySet()) {
      LocalLake.FileEntry first = g.getValue().get(0);
      Set<String> cols = present.get(g.getKey());
      StringBuilder sb = new StringBuilder("SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef c = columns.get(i);
        String duckType = DeltaTypes.toDuck(c.type());
        String lc = c.name().toLowerCase(Locale.ROOT);
        String expr;
        if (parts.contains(lc)) {
          String v = partitionValue(first.add().getPartitionValues(), c.physical());
          expr = v == null ? "NULL" : Duck.literal(v);
        } else if (cols.contains(c.physical().toLowerCase(Locale.ROOT))) {
          // the file's column is the physical name under column mapping (then renamed to the logical one)
          expr = Duck.ident(c.physical());
        } else {
          expr = "NULL";
        }
        sb.append(i == 0 ? "" : ", ").append("CAST(").append(expr).append(" AS ").append(duckType)
            .append(") AS ").append(Duck.ident(c.name()));
      }
      if (withFile) {
        sb.append(", __lh_file, file_row_number AS __lh_row");
      }
      sb.append(" FROM read_parquet([");
      for (int i = 0; i < g.getValue().size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(Duck.literal(g.getValue().get(i).absolute().toString()));
      }
      sb.append("], union_by_name = true");
      if (withFile) {
        sb.append(", filename = '__lh_file', file_row_number = true");
      }
      sb.append(")");
      selects.add(sb.toString());
    }
    return String.join(" UNION ALL ", selects);
  }

  static String partitionValue(Map<String, String> values, String column) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Set<String> fileColumns(LocalLake.FileEntry f, List<ColumnDef> columns, Set<String> parts) {
    Set<String> out = new HashSet<>();
    JsonNode nc = f.stats() == null ? null : f.stats().get("nullCount");
    if (nc == null) {
      for (ColumnDef c : columns) {
        if (!parts.contains(c.name().toLowerCase(Locale.ROOT))) {
          out.add(c.physical().toLowerCase(Locale.ROOT));
        }
      }
      return out;
    }
    nc.fieldNames().forEachRemaining(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return out;
  }

  static Set<String> lower(List<String> names) {
    Set<String> out = new HashSet<>();
    for (String n : names) {
      out.add(n.toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
