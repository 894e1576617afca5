package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.AddFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes data files: DuckDB's COPY of a query into snappy Parquet under the table (one file per
 * partition, physical column names under column mapping), and the add actions for them with the
 * stats Delta keeps (numRecords, min/max, nullCount), as Delta's TransactionalWrite does. A write
 * that fails a check leaves no file behind.
 */
final class DataFileWriter {

  private DataFileWriter() {}

  /** Files a COPY wrote, ready to be added. */
  record Written(List<AddFile> adds, long rows, long bytes) {}

  /**
   * DuckDB's COPY of {@code select} into snappy Parquet under {@code dir} with its file statistics
   * returned: one file named by {@code pattern} (its {@code %s} a new UUID, then {@code .parquet}), or
   * one per partition in Hive-style folders.
   */
  static String copyParquet(Path dir, String pattern, List<String> partitionColumns, String select) {
    if (partitionColumns.isEmpty()) {
      Path file = dir.resolve(String.format(java.util.Locale.ROOT, pattern, UUID.randomUUID()) + ".parquet");
      return "COPY (" + select + ") TO " + Duck.literal(file.toString())
          + " (FORMAT parquet, COMPRESSION snappy, RETURN_STATS true)";
    }
    String by = partitionColumns.stream().map(Duck::ident).collect(Collectors.joining(", "));
    return "COPY (" + select + ") TO " + Duck.literal(dir.toString())
        + " (FORMAT parquet, COMPRESSION snappy, RETURN_STATS true, PARTITION_BY (" + by
        + "), FILENAME_PATTERN '" + String.format(java.util.Locale.ROOT, pattern, "{uuid}") + "', OVERWRITE_OR_IGNORE true)";
  }

  /**
   * Writes the rows of {@code select} (whose columns are exactly the table's, in order) as snappy
   * Parquet files under the table, one per partition, and returns their add actions with stats.
   * NOT NULL columns are checked from the stats; on violation nothing stays behind.
   */
  static Written write(LocalLake lake, TableId id, Path loc, List<ColumnDef> columns, List<String> partitionColumns, String select,
      boolean dataChange, Map<String, String> configuration) {
    String copy;
    try {
      Files.createDirectories(loc);
    } catch (IOException e) {
      throw LakeErrors.io("creating " + loc, e);
    }
    // under column mapping the files hold the columns' physical names, partition values are keyed by them
    List<ColumnDef> fileColumns = ColumnMapping.physicalColumns(columns);
    List<String> filePartitions = ColumnMapping.physicalPartitions(partitionColumns, columns);
    copy = copyParquet(loc, "part-00000-%s-c000.snappy", filePartitions, ColumnMapping.toPhysical(select, columns));
    QueryResult r;
    try {
      r = lake.duck.query(copy);
    } catch (SQLException e) {
      throw lake.damagedOr(e, LakeErrors.writeFailed(id, e));
    }
    List<AddFile> adds = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    long now = System.currentTimeMillis();
    Set<String> parts = ScanPlanner.lower(filePartitions);
    try {
      for (List<Object> row : r.rows()) {
        Path file = Path.of(String.valueOf(row.get(0)));
        written.add(file);
        long count = ((Number) row.get(1)).longValue();
        if (count == 0) {
          Files.deleteIfExists(file);
          continue;
        }
        long size = ((Number) row.get(2)).longValue();
        @SuppressWarnings("unchecked")
        Map<Object, Object> colStats = row.get(4) instanceof Map ? (Map<Object, Object>) row.get(4) : Map.of();
        Map<String, String> pv = partitionValues(row.get(5), filePartitions);
        String stats = StatsJson.build(lake.json, count, fileColumns, parts, colStats);
        SchemaEnforcement.checkNotNull(id, columns, fileColumns, parts, pv, colStats);
        adds.add(new AddFile(LocalLake.relative(loc, file), pv, size, now, dataChange, lake.toJson(stats), null));
        rows += count;
        bytes += size;
      }
      if (dataChange) {
        SchemaEnforcement.checkWritten(lake, id, loc, columns, partitionColumns, adds, configuration);
      }
    } catch (RuntimeException | IOException e) {
      deleteQuietly(written);
      if (e instanceof WorkbenchException) {
        throw (WorkbenchException) e;
      }
      throw LakeErrors.io("writing data files of " + id, e instanceof IOException ? (IOException) e : new IOException(e));
    }
    return new Written(adds, rows, bytes);
  }

  /**
   * A file's partition values from the partition-keys cell of DuckDB's COPY return (a map keyed by
   * the quoted or unquoted column names), in the order of {@code partitionColumns}.
   */
  static Map<String, String> partitionValues(Object partitionKeys, List<String> partitionColumns) {
    @SuppressWarnings("unchecked")
    Map<Object, Object> pk = partitionKeys instanceof Map ? (Map<Object, Object>) partitionKeys : Map.of();
    Map<String, String> pv = new LinkedHashMap<>();
    for (String p : partitionColumns) {
      Object v = null;
      for (Map.Entry<Object, Object> e : pk.entrySet()) {
        if (unquote(String.valueOf(e.getKey())).equalsIgnoreCase(p)) {
          v = e.getValue();
        }
      }
      pv.put(p, v == null ? null : String.valueOf(v));
    }
    return pv;
  }

  static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  static void deleteQuietly(List<Path> files) {
    for (Path p : files) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort: an orphan file is invisible to readers and VACUUM removes it
      }
    }
  }
}
