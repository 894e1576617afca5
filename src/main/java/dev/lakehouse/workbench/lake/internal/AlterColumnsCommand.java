package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ALTER TABLE statements that change columns: ADD COLUMNS, ALTER COLUMN ... SET/DROP NOT NULL and
 * COMMENT, and, under column mapping (decision 0047), RENAME COLUMN and DROP COLUMN. Each is one
 * metadata commit; none rewrites a data file. Runs inside the lake's lock (the {@link LocalLake}
 * methods of the same names).
 */
final class AlterColumnsCommand {

  private AlterColumnsCommand() {}

  static CommitResult addColumns(LocalLake lake, TableId id, List<ColumnDef> newColumns) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    List<ColumnDef> columns = new ArrayList<>(t.columns());
    List<Map<String, Object>> param = new ArrayList<>();
    for (ColumnDef c : newColumns) {
      if (!c.nullable()) {
        throw LakeErrors.notNullColumnAdded(id, c.name());
      }
      ColumnDef n = new ColumnDef(c.name(), DeltaTypes.normalize(c.type()), true, c.comment());
      columns.add(n);
      Map<String, Object> col = new LinkedHashMap<>();
      col.put("name", n.name());
      col.put("type", DeltaTypes.toDelta(n.type()).getTypeName());
      col.put("nullable", true);
      col.put("metadata", n.comment() == null ? Map.of() : Map.of("comment", n.comment()));
      param.add(Map.of("column", col));
    }
    SchemaEnforcement.validateColumns(id, columns);
    Metadata md = SchemaEnforcement.withSchema(t.metadata(), columns);
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), "ADD COLUMNS", Map.of("columns", lake.toJson(param)), Committer.metrics(),
        List.of());
  }

  static CommitResult setNullable(LocalLake lake, TableId id, String column, boolean nullable) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    ColumnDef c = LocalLake.column(t, column);
    if (!nullable && c.nullable()) {
      tx.txn().readWholeTable();
      try {
        QueryResult r = lake.duck.query("SELECT count(*) FROM (" + ScanPlanner.scanSql(t, t.files(), t.columns(), false)
            + ") AS __lh_nn WHERE " + Duck.ident(c.name()) + " IS NULL");
        long nulls = ((Number) r.rows().get(0).get(0)).longValue();
        if (nulls > 0) {
          throw LakeErrors.notNullOnExistingNulls(id, c.name(), nulls);
        }
      } catch (SQLException e) {
        throw lake.damagedOr(e, LakeErrors.queryFailed(e));
      }
    }
    List<ColumnDef> columns = new ArrayList<>();
    ColumnDef changed = null;
    for (ColumnDef d : t.columns()) {
      if (d == c) {
        changed = d.with(nullable, d.comment());
        columns.add(changed);
      } else {
        columns.add(d);
      }
    }
    // the Delta library refuses to commit a column turning NOT NULL (not read-compatible with the
    // files already written, which the count above has checked), so it is handed the schema as it is
    // and the log store writes the new one into the commit (see PutIfAbsentLogStore.SCHEMA_MARKER)
    StructType schema = DeltaTypes.toStruct(columns);
    Metadata md = t.metadata().copyBuilder().schema(nullable ? schema : t.metadata().getSchema()).build();
    String op = nullable ? "CHANGE COLUMN" : "CHANGE COLUMN" + PutIfAbsentLogStore.SCHEMA_MARKER + schema.toJson();
    Map<String, Object> col = new LinkedHashMap<>();
    col.put("name", changed.name());
    col.put("type", DeltaTypes.toDelta(changed.type()).getTypeName());
    col.put("nullable", nullable);
    col.put("metadata", changed.comment() == null ? Map.of() : Map.of("comment", changed.comment()));
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), op, Map.of("column", lake.toJson(col)), Committer.metrics(), List.of());
  }

  static CommitResult renameColumn(LocalLake lake, TableId id, String column, String newName) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    if (!ColumnMapping.enabled(t.metadata().getConfiguration())) {
      throw LakeErrors.columnMappingRequired(id, "ALTER TABLE ... RENAME COLUMN");
    }
    ColumnDef c = LocalLake.column(t, column);
    String statement = "RENAME COLUMN " + c.name() + " TO " + newName;
    checkNotUsed(t, c, statement);
    List<ColumnDef> columns = new ArrayList<>();
    for (ColumnDef d : t.columns()) {
      columns.add(d == c ? d.renamed(newName) : d);
    }
    SchemaEnforcement.validateColumns(id, columns);
    SchemaEnforcement.checkFeedColumns(id, t.metadata().getConfiguration(), columns);
    List<String> partitions = new ArrayList<>();
    for (String p : t.partitionColumns()) {
      partitions.add(p.equalsIgnoreCase(c.name()) ? newName : p);
    }
    // the Delta library refuses a schema that loses a column name; it is handed the old schema plus the
    // new name (a compatible change) and the log store writes the exact new schema (SCHEMA_MARKER)
    List<StructField> union = new ArrayList<>(List.of(t.metadata().getSchema().getFields()));
    union.add(new StructField(newName, DeltaTypes.toDelta(c.type()), true));
    StructType schema = DeltaTypes.toStruct(columns);
    Metadata md = t.metadata().copyBuilder().schema(new StructType(union.toArray(new StructField[0])))
        .partitionColumns(partitions).build();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("oldColumnPath", c.name());
    params.put("newColumnPath", newName);
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), "RENAME COLUMN" + PutIfAbsentLogStore.SCHEMA_MARKER + schema.toJson(),
        params, Committer.metrics(), List.of());
  }

  static CommitResult dropColumns(LocalLake lake, TableId id, List<String> names, boolean ifExists) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    if (!ColumnMapping.enabled(t.metadata().getConfiguration())) {
      throw LakeErrors.columnMappingRequired(id, "ALTER TABLE ... DROP COLUMN");
    }
    List<ColumnDef> dropped = new ArrayList<>();
    for (String n : names) {
      String bare = n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : n;
      Optional<ColumnDef> c = t.columns().stream().filter(x -> x.name().equalsIgnoreCase(bare)).findFirst();
      if (c.isEmpty()) {
        if (ifExists) {
          continue;
        }
        throw LakeErrors.unknownColumn(id, bare, t.columns());
      }
      if (t.partitionColumns().stream().anyMatch(p -> p.equalsIgnoreCase(bare))) {
        throw LakeErrors.dropPartitionColumn(id, c.get().name());
      }
      dropped.add(c.get());
    }
    if (dropped.isEmpty()) {
      return new CommitResult(t.version(), "NONE", Map.of());
    }
    List<ColumnDef> columns = new ArrayList<>(t.columns());
    columns.removeAll(dropped);
    if (columns.isEmpty()) {
      throw LakeErrors.dropAllColumns(id);
    }
    for (ColumnDef c : dropped) {
      LocalLake.Loaded rest = new LocalLake.Loaded(t.id(), t.location(), t.version(), t.metadata(), columns, t.partitionColumns(), t.files());
      checkNotUsed(rest, c, "DROP COLUMN " + c.name());
    }
    // the Delta library refuses a narrower schema: it is handed the schema as it is, and the log store
    // writes the new one into the commit (SCHEMA_MARKER)
    StructType schema = DeltaTypes.toStruct(columns);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("columns", lake.toJson(dropped.stream().map(ColumnDef::name).collect(Collectors.toList())));
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(t.metadata()), "DROP COLUMNS" + PutIfAbsentLogStore.SCHEMA_MARKER
        + schema.toJson(), params, Committer.metrics(), List.of());
  }

  /** Refuses to rename or drop a column that a CHECK constraint or another column's generation expression uses. */
  private static void checkNotUsed(LocalLake.Loaded t, ColumnDef c, String statement) {
    for (Map.Entry<String, String> k : SchemaEnforcement.constraints(t.metadata().getConfiguration()).entrySet()) {
      if (mentions(k.getValue(), c.name())) {
        throw LakeErrors.columnInUse(t.id(), statement, c.name(), "CHECK constraint " + k.getKey() + " (" + k.getValue() + ")");
      }
    }
    for (ColumnDef g : t.columns()) {
      if (g != c && g.generatedAs() != null && mentions(g.generatedAs(), c.name())) {
        throw LakeErrors.columnInUse(t.id(), statement, c.name(), "generated column " + g.name() + " (" + g.generatedAs() + ")");
      }
    }
  }

  /** Whether a Spark SQL expression names the column (outside string literals, case-insensitive). */
  static boolean mentions(String sparkExpr, String column) {
    String code = sparkExpr.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''").replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "''");
    return java.util.regex.Pattern.compile("(?<![A-Za-z0-9_])`?" + java.util.regex.Pattern.quote(column) + "`?(?![A-Za-z0-9_(])",
        java.util.regex.Pattern.CASE_INSENSITIVE).matcher(code).find();
  }

  static CommitResult setColumnComment(LocalLake lake, TableId id, String column, String comment) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    ColumnDef c = LocalLake.column(t, column);
    List<ColumnDef> columns = new ArrayList<>();
    ColumnDef changed = c.with(c.nullable(), comment);
    for (ColumnDef d : t.columns()) {
      columns.add(d == c ? changed : d);
    }
    Metadata md = t.metadata().copyBuilder().schema(DeltaTypes.toStruct(columns)).build();
    Map<String, Object> col = new LinkedHashMap<>();
    col.put("name", changed.name());
    col.put("type", DeltaTypes.toDelta(changed.type()).getTypeName());
    col.put("nullable", changed.nullable());
    col.put("metadata", Map.of("comment", comment));
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), "CHANGE COLUMN", Map.of("column", lake.toJson(col)), Committer.metrics(), List.of());
  }

}
