package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Schema enforcement and evolution: Spark's ANSI store assignment (which source types a column takes,
 * the casts to the table's types), column names and table properties checked, new columns merged into
 * the schema, and the checks on every write (NOT NULL, CHECK constraints, generated columns), as
 * Delta's SchemaUtils, DeltaInvariantChecker and GeneratedColumn do.
 */
final class SchemaEnforcement {

  /** Where Delta keeps a CHECK constraint in the table configuration: {@code delta.constraints.NAME}. */
  static final String CONSTRAINT_PREFIX = "delta.constraints.";

  private SchemaEnforcement() {}

  /**
   * Generated columns: {@code select} with the generated columns {@code which} picks recomputed from
   * their expressions over the row's other columns (every other column passes through).
   */
  static String generate(LocalLake lake, String select, List<ColumnDef> columns, java.util.function.Predicate<ColumnDef> which) {
    StringJoiner replace = new StringJoiner(", ");
    for (ColumnDef c : columns) {
      if (c.generatedAs() != null && which.test(c)) {
        replace.add("CAST((" + lake.checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type()) + ") AS " + Duck.ident(c.name()));
      }
    }
    return replace.length() == 0 ? select : "SELECT * REPLACE (" + replace + ") FROM (" + select + ") AS __lh_g";
  }

  private static long count(LocalLake lake, TableId id, ColumnDef generated, String countSql) {
    try {
      return ((Number) lake.duck.query(countSql).rows().get(0).get(0)).longValue();
    } catch (SQLException e) {
      throw lake.damagedOr(e, LakeErrors.badGenerationExpression(id, generated.name(), generated.generatedAs()));
    }
  }

  /** The SELECT that casts the columns of {@code source} (by position) to the table's columns. */
  static String castSelect(String source, int sourceWidth, List<ColumnDef> target, List<Integer> positions) {
    StringBuilder alias = new StringBuilder();
    for (int i = 0; i < sourceWidth; i++) {
      alias.append(i == 0 ? "" : ", ").append("__c").append(i);
    }
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < target.size(); i++) {
      Integer pos = positions.get(i);
      sb.append(i == 0 ? "" : ", ").append("CAST(").append(pos == null ? "NULL" : "__c" + pos).append(" AS ")
          .append(DeltaTypes.toDuck(target.get(i).type())).append(") AS ").append(Duck.ident(target.get(i).name()));
    }
    return sb.append(" FROM (").append(source).append(") AS __src(").append(alias).append(")").toString();
  }

  /**
   * The metadata with a new schema; under column mapping, columns new to it get their id and physical
   * name and the configuration its new delta.columnMapping.maxColumnId.
   */
  static Metadata withSchema(Metadata md, List<ColumnDef> columns) {
    if (!ColumnMapping.enabled(md.getConfiguration())) {
      return md.copyBuilder().schema(DeltaTypes.toStruct(columns)).build();
    }
    Map<String, String> conf = new LinkedHashMap<>(md.getConfiguration());
    List<ColumnDef> mapped = ColumnMapping.assign(columns, conf, false);
    return md.copyBuilder().schema(DeltaTypes.toStruct(mapped)).configuration(conf).build();
  }

  private static String sparkType(String type) {
    String t = DeltaTypes.fromDuck(type);
    return t != null ? t : isKnown(type) ? DeltaTypes.normalize(type) : null;
  }

  static boolean isKnown(String type) {
    try {
      DeltaTypes.normalize(type);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static void validateColumns(TableId id, List<ColumnDef> columns) {
    Set<String> seen = new HashSet<>();
    if (columns.isEmpty()) {
      throw LakeErrors.noColumns(id);
    }
    for (ColumnDef c : columns) {
      if (!c.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw LakeErrors.invalidColumnName(id, c.name());
      }
      if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
        throw LakeErrors.duplicateColumn(id, c.name());
      }
      DeltaTypes.normalize(c.type());
    }
  }

  /**
   * Refuses properties this lake cannot honour. {@code current} is the table's configuration before
   * the change (empty for a new table): column mapping may be turned on ('name'), never changed or off.
   */
  static void checkProperties(TableId id, Map<String, String> props, Map<String, String> current) {
    for (String k : props.keySet()) {
      String lk = k.toLowerCase(Locale.ROOT);
      if (lk.startsWith("delta.feature.") || lk.equals("delta.enabledeletionvectors") || lk.equals("delta.enablerowtracking")
          || lk.equals(ColumnMapping.MAX_ID.toLowerCase(Locale.ROOT))) {
        throw LakeErrors.unsupportedProperty(id, k);
      }
      if (lk.equals(ColumnMapping.MODE.toLowerCase(Locale.ROOT))) {
        String v = props.get(k) == null ? "" : props.get(k).trim().toLowerCase(Locale.ROOT);
        String now = ColumnMapping.mode(current);
        if (!v.equals(now) && !(now.equals("none") && v.equals("name"))) {
          throw LakeErrors.columnMappingModeUnsupported(id, props.get(k), now);
        }
      }
      if (lk.equals("delta.enablechangedatafeed")) {
        String v = props.get(k) == null ? "" : props.get(k).trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw LakeErrors.badPropertyValue(id, k, v);
        }
      }
      if (lk.startsWith(CONSTRAINT_PREFIX)) {
        throw LakeErrors.constraintProperty(id, k);
      }
    }
  }

  /** Schema enforcement: each source column must be storable in its target column. */
  static void checkTypes(LocalLake lake, TableId id, String query, List<ColumnDef> source, List<ColumnDef> target,
      List<Integer> positions) {
    for (int i = 0; i < target.size(); i++) {
      Integer pos = positions.get(i);
      if (pos == null) {
        continue;
      }
      String from = source.get(pos).type();
      String fromSpark = DeltaTypes.fromDuck(from) != null ? DeltaTypes.fromDuck(from) : (isKnown(from) ? DeltaTypes.normalize(from) : null);
      String to = DeltaTypes.normalize(target.get(i).type());
      if (!DeltaTypes.canStore(fromSpark, to) && !allNull(lake, query, source.size(), pos)) {
        throw LakeErrors.schemaMismatch(id, target.get(i).name(), to, source.get(pos).name(), fromSpark == null ? from : fromSpark);
      }
    }
  }

  private static boolean allNull(LocalLake lake, String query, int width, int pos) {
    StringBuilder alias = new StringBuilder();
    for (int i = 0; i < width; i++) {
      alias.append(i == 0 ? "" : ", ").append("__c").append(i);
    }
    try {
      QueryResult r = lake.duck.query("SELECT count(__c" + pos + ") FROM (" + query + ") AS __src(" + alias + ")");
      return ((Number) r.rows().get(0).get(0)).longValue() == 0;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Refuses assignments whose value type cannot be stored in the target column (Spark's ANSI store
   * assignment: numbers into any number type, anything into strings, strings and dates into dates and
   * timestamps, NULL anywhere); {@code from} is the FROM clause the expressions are typed against.
   */
  static void checkAssignments(LocalLake lake, TableId id, List<ColumnDef> targets, List<String> exprs, String from) {
    if (targets.isEmpty()) {
      return;
    }
    StringBuilder probe = new StringBuilder("SELECT ");
    for (int i = 0; i < exprs.size(); i++) {
      probe.append(i == 0 ? "" : ", ").append("(").append(exprs.get(i)).append(")");
    }
    probe.append(" FROM ").append(from);
    List<ColumnDef> types = lake.describeQuery(probe.toString());
    for (int i = 0; i < targets.size(); i++) {
      ColumnDef target = targets.get(i);
      String fromType = sparkType(types.get(i).type());
      if (!DeltaTypes.canStore(fromType, DeltaTypes.normalize(target.type())) && !exprs.get(i).trim().equalsIgnoreCase("null")) {
        throw LakeErrors.schemaMismatch(id, target.name(), target.type(), exprs.get(i), fromType == null ? types.get(i).type() : fromType);
      }
    }
  }

  /** The CHECK constraints of a table configuration: name to Spark SQL expression, by name. */
  static Map<String, String> constraints(Map<String, String> configuration) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (configuration != null) {
      configuration.forEach((k, v) -> {
        if (k.toLowerCase(Locale.ROOT).startsWith(CONSTRAINT_PREFIX)) {
          out.put(k.substring(CONSTRAINT_PREFIX.length()), v);
        }
      });
    }
    return out;
  }

  /** How many rows of {@code from} do not satisfy the CHECK expression (NULL counts as failing, as in Delta). */
  static long violations(LocalLake lake, TableId id, String from, String sparkExpr) {
    String expr = lake.checks.apply(sparkExpr);
    try {
      QueryResult r = lake.duck.query("SELECT count(*) FROM (" + from + ") AS __lh_check WHERE (" + expr + ") IS NOT TRUE");
      return ((Number) r.rows().get(0).get(0)).longValue();
    } catch (SQLException e) {
      throw lake.damagedOr(e, LakeErrors.badCheckExpression(id, sparkExpr, e));
    }
  }

  /** The Change Data Feed reserves three column names for its own columns, as in Delta. */
  static void checkFeedColumns(TableId id, Map<String, String> configuration, List<ColumnDef> columns) {
    if (ChangeDataFeed.enabled(configuration)) {
      for (ColumnDef c : columns) {
        if (c.name().toLowerCase(Locale.ROOT).matches("_change_type|_commit_version|_commit_timestamp")) {
          throw LakeErrors.changeDataFeedReservedColumn(id, c.name());
        }
      }
    }
  }


  /**
   * Positions of a query's columns that are a bare NULL: DuckDB describes them as INTEGER, but their
   * type is really NULL (Spark's void), which a Delta column cannot have. The query's type is read
   * from one left-joined row of its empty result, so the query itself is never run.
   */
  static List<Integer> untypedNulls(LocalLake lake, String query, int width) {
    StringBuilder alias = new StringBuilder();
    StringBuilder types = new StringBuilder();
    for (int i = 0; i < width; i++) {
      alias.append(i == 0 ? "" : ", ").append("__c").append(i);
      types.append(i == 0 ? "" : ", ").append("typeof(__q.__c").append(i).append(")");
    }
    List<Integer> out = new ArrayList<>();
    try {
      QueryResult r = lake.duck.query("SELECT " + types + " FROM (SELECT 1) AS __one LEFT JOIN (SELECT * FROM (" + query
          + ") LIMIT 0) AS __q(" + alias + ") ON true");
      for (int i = 0; i < width; i++) {
        if ("\"NULL\"".equals(r.rows().get(0).get(i)) || "NULL".equals(r.rows().get(0).get(i))) {
          out.add(i);
        }
      }
    } catch (SQLException e) {
      // the query itself fails below with its own message
    }
    return out;
  }


  /** NOT NULL on write: a column declared NOT NULL has no null in a written file (by its stats or its partition value). */
  static void checkNotNull(TableId id, List<ColumnDef> columns, List<ColumnDef> fileColumns, Set<String> parts,
      Map<String, String> pv, Map<Object, Object> colStats) {
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = fileColumns.get(i);
      if (!c.nullable()) {
        boolean hasNull = parts.contains(c.name().toLowerCase(Locale.ROOT))
            ? ScanPlanner.partitionValue(pv, c.name()) == null
            : StatsJson.nullCount(colStats, c.name()) > 0;
        if (hasNull) {
          throw LakeErrors.notNullViolated(id, columns.get(i).name());
        }
      }
    }
  }

  /**
   * Generated columns and CHECK constraints on write: every row of the files just written (not yet
   * committed) holds its generated columns' values and satisfies the table's constraints.
   */
  static void checkWritten(LocalLake lake, TableId id, Path loc, List<ColumnDef> columns, List<String> partitionColumns,
      List<AddFile> adds, Map<String, String> configuration) {
    if (!adds.isEmpty() && columns.stream().anyMatch(c -> c.generatedAs() != null)) {
      List<LocalLake.FileEntry> entries = new ArrayList<>();
      for (AddFile a : adds) {
        entries.add(new LocalLake.FileEntry(a, LocalLake.absolute(loc, a.getPath()), null, null));
      }
      String from = ScanPlanner.scanSql(new LocalLake.Loaded(id, loc, -1, null, columns, partitionColumns, entries), entries, columns, false);
      for (ColumnDef c : columns) {
        if (c.generatedAs() != null) {
          long bad = count(lake, id, c, "SELECT count(*) FROM (" + from + ") AS __lh_check WHERE " + Duck.ident(c.name())
              + " IS DISTINCT FROM CAST((" + lake.checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type()) + ")");
          if (bad > 0) {
            throw LakeErrors.generatedMismatch(id, c.name(), c.generatedAs(), bad);
          }
        }
      }
    }
    if (!constraints(configuration).isEmpty() && !adds.isEmpty()) {
      List<LocalLake.FileEntry> entries = new ArrayList<>();
      for (AddFile a : adds) {
        entries.add(new LocalLake.FileEntry(a, LocalLake.absolute(loc, a.getPath()), null, null));
      }
      String from = ScanPlanner.scanSql(new LocalLake.Loaded(id, loc, -1, null, columns, partitionColumns, entries), entries, columns, false);
      for (Map.Entry<String, String> c : constraints(configuration).entrySet()) {
        long bad = violations(lake, id, from, c.getValue());
        if (bad > 0) {
          throw LakeErrors.checkViolated(id, c.getKey(), c.getValue(), bad);
        }
      }
    }
  }
}
