package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.Lake.MergeClause;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.AddCDCFile;
import io.delta.standalone.actions.AddFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Delta's Change Data Feed, read side: {@code table_changes('t', v1[, v2])} as one DuckDB relation.
 * Per the Delta protocol, a commit holding {@code cdc} actions gives exactly the rows of those
 * {@code _change_data/} files (their {@code _change_type} column says insert, delete,
 * update_preimage or update_postimage); a commit without them gives its data-changing {@code add}
 * files as inserts and {@code remove} files as deletes. Every version read must have
 * {@code delta.enableChangeDataFeed = true} in force, as Spark requires. Write side: the change
 * files and {@code cdc} actions UPDATE, DELETE and MERGE add to their commits (decision 0043).
 */
final class ChangeDataFeed {

  static final String PROPERTY = "delta.enableChangeDataFeed";
  static final String CHANGE_DIR = "_change_data";

  private ChangeDataFeed() {}

  /** Whether a table configuration turns the feed on. */
  static boolean enabled(Map<String, String> configuration) {
    if (configuration == null) {
      return false;
    }
    for (Map.Entry<String, String> e : configuration.entrySet()) {
      if (e.getKey().equalsIgnoreCase(PROPERTY)) {
        return "true".equalsIgnoreCase(e.getValue() == null ? "" : e.getValue().trim());
      }
    }
    return false;
  }

  /**
   * The DuckDB SQL of the changes of versions {@code from..to}: {@code columns} (the schema at
   * {@code to}), then {@code _change_type}, {@code _commit_version}, {@code _commit_timestamp}.
   */
  static String sql(LocalLake lake, ObjectMapper json, LocalLake.Loaded start, List<ColumnDef> columns,
      List<String> partitionColumns, long from, long to) throws IOException {
    TableId id = start.id();
    Path loc = start.location();
    boolean on = enabled(start.metadata().getConfiguration());
    List<String> selects = new ArrayList<>();
    String ts = DeltaTypes.toDuck("timestamp");
    for (long v = from; v <= to; v++) {
      List<String> lines = Files.readAllLines(LocalLake.commitFile(loc, v), StandardCharsets.UTF_8);
      List<LocalLake.FileEntry> cdc = new ArrayList<>();
      List<LocalLake.FileEntry> adds = new ArrayList<>();
      List<LocalLake.FileEntry> removes = new ArrayList<>();
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        if (n.has("metaData")) {
          Map<String, String> conf = new LinkedHashMap<>();
          n.get("metaData").path("configuration").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
          on = enabled(conf);
        } else if (n.has("cdc")) {
          cdc.add(entry(loc, n.get("cdc"), null));
        } else if (n.has("add") && n.get("add").path("dataChange").asBoolean(true)) {
          adds.add(entry(loc, n.get("add"), n.get("add").path("stats").asText(null)));
        } else if (n.has("remove") && n.get("remove").path("dataChange").asBoolean(true)) {
          removes.add(entry(loc, n.get("remove"), null));
        }
      }
      if (!on) {
        throw LakeErrors.changeDataFeedOff(id, v);
      }
      String tail = ", " + v + "::BIGINT AS _commit_version, CAST(to_timestamp(" + LocalLake.commitMillis(loc, v)
          + " / 1000.0) AS " + ts + ") AS _commit_timestamp";
      LocalLake.Loaded at = new LocalLake.Loaded(id, loc, v, start.metadata(), columns, partitionColumns, List.of());
      for (List<LocalLake.FileEntry> files : List.of(cdc.isEmpty() ? adds : cdc, cdc.isEmpty() ? removes : List.<LocalLake.FileEntry>of())) {
        for (LocalLake.FileEntry f : files) {
          if (!Files.exists(f.absolute())) {
            throw LakeErrors.changesVacuumed(id, v, f.path());
          }
        }
      }
      if (!cdc.isEmpty()) {
        List<ColumnDef> withType = new ArrayList<>(columns);
        withType.add(new ColumnDef("_change_type", "string"));
        selects.add("SELECT *" + tail + " FROM (" + ScanPlanner.scanSql(at, cdc, withType, false) + ")");
        continue;
      }
      if (!adds.isEmpty()) {
        selects.add("SELECT *, 'insert' AS _change_type" + tail + " FROM (" + ScanPlanner.scanSql(at, adds, columns, false) + ")");
      }
      if (!removes.isEmpty()) {
        selects.add("SELECT *, 'delete' AS _change_type" + tail + " FROM (" + ScanPlanner.scanSql(at, removes, columns, false) + ")");
      }
    }
    if (selects.isEmpty()) {
      StringBuilder sb = new StringBuilder("SELECT ");
      for (ColumnDef c : columns) {
        sb.append("CAST(NULL AS ").append(DeltaTypes.toDuck(c.type())).append(") AS ").append(Duck.ident(c.name())).append(", ");
      }
      return sb.append("CAST(NULL AS VARCHAR) AS _change_type, CAST(NULL AS BIGINT) AS _commit_version, CAST(NULL AS ")
          .append(ts).append(") AS _commit_timestamp WHERE false").toString();
    }
    return String.join(" UNION ALL ", selects);
  }

  private static LocalLake.FileEntry entry(Path loc, JsonNode action, String stats) {
    Map<String, String> pv = new LinkedHashMap<>();
    action.path("partitionValues").fields().forEachRemaining(e -> pv.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    String path = action.path("path").asText();
    AddFile a = new AddFile(path, pv, action.path("size").asLong(0), 0, true, stats, null);
    JsonNode parsed = null;
    if (stats != null && !stats.isBlank()) {
      try {
        parsed = new ObjectMapper().readTree(stats);
      } catch (IOException e) {
        parsed = null;
      }
    }
    return new LocalLake.FileEntry(a, LocalLake.absolute(loc, path), null, parsed);
  }

  // ------------------------------------------------------------------ writing

  /**
   * Change Data Feed: writes the rows of {@code select} (the table's columns, then
   * {@code _change_type}) as {@code _change_data/} files, as Delta does for UPDATE, DELETE and MERGE,
   * and returns their {@code cdc} actions (partitioned like the table).
   */
  static List<AddCDCFile> write(LocalLake lake, Duck duck, TableId id, Path loc, List<ColumnDef> columns,
      List<String> logicalPartitions, String select) {
    // under column mapping change files, like data files, hold the physical names
    List<String> partitionColumns = ColumnMapping.physicalPartitions(logicalPartitions, columns);
    Path dir = loc.resolve(CHANGE_DIR);
    String copy;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw LakeErrors.io("creating " + dir, e);
    }
    copy = DataFileWriter.copyParquet(dir, "cdc-00000-%s.c000.snappy", partitionColumns,
        ColumnMapping.toPhysical(select, columns, "_change_type"));
    QueryResult r;
    try {
      r = duck.query(copy);
    } catch (SQLException e) {
      throw lake.damagedOr(e, LakeErrors.writeFailed(id, e));
    }
    List<AddCDCFile> out = new ArrayList<>();
    try {
      for (List<Object> row : r.rows()) {
        Path file = Path.of(String.valueOf(row.get(0)));
        if (((Number) row.get(1)).longValue() == 0) {
          Files.deleteIfExists(file);
          continue;
        }
        Map<String, String> pv = DataFileWriter.partitionValues(row.get(5), partitionColumns);
        out.add(new AddCDCFile(LocalLake.relative(loc, file), pv, ((Number) row.get(2)).longValue(), null));
      }
    } catch (IOException e) {
      throw LakeErrors.io("writing change data of " + id, e);
    }
    return out;
  }

  /** The table's columns of {@code alias} followed by a {@code _change_type} literal. */
  static String columns(List<ColumnDef> columns, String alias, String changeType) {
    return columns.stream().map(c -> alias + "." + Duck.ident(c.name())).collect(Collectors.joining(", "))
        + ", '" + changeType + "' AS _change_type";
  }

  /** CASE expression naming what the clause {@code index} picked does to a target row: 'update', 'delete' or NULL. */
  static String kind(List<MergeClause> clauses, String index) {
    if (clauses.isEmpty()) {
      return "NULL";
    }
    StringBuilder sb = new StringBuilder("CASE (").append(index).append(")");
    for (int k = 0; k < clauses.size(); k++) {
      sb.append(" WHEN ").append(k + 1).append(" THEN '").append(clauses.get(k).action().equals("DELETE") ? "delete" : "update").append("'");
    }
    return sb.append(" ELSE NULL END").toString();
  }
}
