package dev.lakehouse.workbench.lake;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The local lake: Delta tables in {@code <dataDir>/lake}, written and read for real. Table {@code s.t}
 * lives in {@code <dataDir>/lake/s/t}. Reads and writes of data go through DuckDB; the transaction
 * log through a Delta library behind this interface. Expressions and queries handed to the write
 * methods are DuckDB SQL whose table references are already resolved (see {@link #scan}).
 *
 * <p>Thread-safe: calls are serialised per lake. Several processes may open the same lake; commits
 * never claim the same version twice.
 */
public interface Lake extends AutoCloseable {

  /** Opens (creating if needed) the lake of a data directory. */
  static Lake open(Path dataDir) {
    return LakeEngine.get().open(dataDir, List.of());
  }

  /** Opens the lake, also letting queries read files under {@code readableDirs} (lab assets). */
  static Lake open(Path dataDir, List<Path> readableDirs) {
    return LakeEngine.get().open(dataDir, readableDirs);
  }

  /** The folder holding the lake's tables. */
  Path root();

  /**
   * Stops the work running now, from any thread (not serialised with the other calls): the DuckDB
   * statement in progress is interrupted and the call fails saying it was cancelled; nothing is
   * committed. Later calls fail the same way until {@link #resetCancel()}.
   */
  void cancelRunning();

  /** Lets work run again after {@link #cancelRunning()}. */
  void resetCancel();

  // ---- reading state ----

  List<TableId> tables();

  boolean exists(TableId table);

  TableInfo describe(TableId table);

  /** Every version of the table, newest first, as {@code DESCRIBE HISTORY} shows it. */
  List<VersionInfo> history(TableId table);

  long latestVersion(TableId table);

  /**
   * Records the commits made through this lake from now until the watch is closed: each table's
   * version before its first commit (or -1 when created). Cheap: nothing is read to start one.
   */
  CommitWatch watchCommits();

  TableSnapshot snapshot(TableId table, TimeTravel at);

  default TableSnapshot snapshot(TableId table, long version) {
    return snapshot(table, TimeTravel.version(version));
  }

  /** The raw commit file ({@code _delta_log/NNN.json}) of one version. */
  String commitJson(TableId table, long version);

  /**
   * Which commit file a version is, from one stat (no replay): it differs when the table was dropped
   * and created again, so a caller keeping something built from a snapshot can tell it still holds.
   * Null when the version has no commit file.
   */
  String commitIdentity(TableId table, long version);

  /** The files of a version a query must read, after skipping files the filters rule out. */
  ScanPlan scan(TableId table, TimeTravel at, List<ScanFilter> filters);

  /**
   * The Change Data Feed of versions {@code from} to {@code to} (the latest when null), as Spark's
   * {@code table_changes}: the table's columns, then {@code _change_type}, {@code _commit_version} and
   * {@code _commit_timestamp}. A timestamp start is the first version committed at or after it, a
   * timestamp end the last one committed at or before it. Fails when the feed was off at any of them.
   */
  ScanPlan changes(TableId table, TimeTravel from, TimeTravel to);

  /** Runs a read-only DuckDB query (table references already replaced by {@link ScanPlan#sql()}). */
  QueryResult query(String duckSql);

  /** The column names and Spark types a DuckDB query would return. */
  List<ColumnDef> describeQuery(String duckSql);

  // ---- writing ----

  CommitResult createTable(TableId table, TableDefinition definition, CreateMode mode);

  /** Appends (or overwrites with) the rows of a query; columns match by position or by name list. */
  CommitResult write(TableId table, WriteRequest request);

  CommitResult update(
      TableId table, String alias, Map<String, String> assignments, String condition, List<ScanFilter> filters);

  CommitResult delete(TableId table, String alias, String condition, List<ScanFilter> filters);

  CommitResult merge(TableId table, MergeRequest request);

  CommitResult restore(TableId table, TimeTravel to);

  CommitResult addColumns(TableId table, List<ColumnDef> columns);

  CommitResult setProperties(TableId table, Map<String, String> properties);

  /**
   * Adds a CHECK constraint as Delta does: {@code delta.constraints.<name>} in the table's
   * configuration holds {@code sparkExpr}, and the protocol is raised to writer version 3. Refused when
   * rows already in the table violate it. Every later write is checked against it before commit.
   */
  CommitResult addConstraint(TableId table, String name, String sparkExpr);

  CommitResult dropConstraint(TableId table, String name, boolean ifExists);

  /** {@code ALTER COLUMN c SET NOT NULL} (refused while rows hold NULL in it) or {@code DROP NOT NULL}. */
  CommitResult setNullable(TableId table, String column, boolean nullable);

  /**
   * {@code ALTER TABLE t RENAME COLUMN a TO b}, as Delta does it: only with column mapping
   * ({@code 'delta.columnMapping.mode' = 'name'}), changing the schema alone; the data files keep the
   * column's physical name. Refused in one line without column mapping, for a name taken, or a column
   * a CHECK constraint or generated column uses.
   */
  CommitResult renameColumn(TableId table, String column, String newName);

  /**
   * {@code ALTER TABLE t DROP COLUMN[S] [IF EXISTS] a, b}: only with column mapping, changing the schema
   * alone (older versions still read the column). Partition columns and columns in use are refused.
   */
  CommitResult dropColumns(TableId table, List<String> columns, boolean ifExists);

  /** {@code ALTER COLUMN c COMMENT 'text'}: the comment lives in the column's metadata in the schema. */
  CommitResult setColumnComment(TableId table, String column, String comment);

  /**
   * How the Spark SQL text of a CHECK constraint becomes an engine expression over the table's
   * columns; the SQL layer sets it. Until then the text is used as it is.
   */
  void translateChecksWith(UnaryOperator<String> sparkToEngine);

  CommitResult optimize(TableId table, List<ScanFilter> partitionFilters, String predicateText, List<String> zOrderBy);

  /** Deletes files no version within the retention needs; {@code retainHours} null means 7 days. */
  VacuumResult vacuum(TableId table, Double retainHours, boolean dryRun, boolean retentionCheck);

  CommitResult shallowClone(TableId target, TableId source, TimeTravel at, CreateMode mode);

  /**
   * {@code DEEP CLONE}: the source version's data files copied into the target's folder, with its
   * schema, partitioning and properties; the target's history starts with one CLONE commit.
   */
  CommitResult deepClone(TableId target, TableId source, TimeTravel at, CreateMode mode);

  /** The external locations declared with {@code CREATE EXTERNAL LOCATION}, by name. */
  List<ExternalLocation> externalLocations();

  /**
   * Declares a folder outside the data folder where tables may live. Refuses the data folder, anything
   * in it or above it, the workbench's content folders and folders overlapping another location.
   */
  ExternalLocation createExternalLocation(String name, String url, String comment, boolean ifNotExists);

  /** Forgets a location (its files stay); refused while tables are registered in it. */
  boolean dropExternalLocation(String name, boolean ifExists);

  /**
   * Drops a table atomically: a lake table's folder is deleted, an external one is only unregistered.
   * Nothing is deleted unless the drop succeeds.
   */
  boolean drop(TableId table, boolean ifExists);

  @Override
  void close();

  /** How CREATE treats an existing table. */
  enum CreateMode { CREATE, IF_NOT_EXISTS, OR_REPLACE }

  /** What CREATE TABLE says: columns (empty with AS SELECT), partitioning, comment, properties. */
  record TableDefinition(
      List<ColumnDef> columns,
      List<String> partitionColumns,
      String comment,
      Map<String, String> properties,
      String location,
      String asSelect) {}

  /** An INSERT: the DuckDB query of new rows; target columns (null = all, by position). */
  record WriteRequest(String query, List<String> columns, boolean overwrite, boolean mergeSchema) {}

  /**
   * A MERGE: source relation, ON condition and the WHEN clauses in order: MATCHED, NOT MATCHED [BY
   * TARGET] and NOT MATCHED BY SOURCE (target rows no source row matches; UPDATE or DELETE).
   */
  record MergeRequest(
      String targetAlias,
      String sourceSql,
      String sourceAlias,
      String condition,
      List<MergeClause> matched,
      List<MergeClause> notMatched,
      List<MergeClause> notMatchedBySource,
      boolean mergeSchema) {

    public MergeRequest(String targetAlias, String sourceSql, String sourceAlias, String condition, List<MergeClause> matched,
        List<MergeClause> notMatched, boolean mergeSchema) {
      this(targetAlias, sourceSql, sourceAlias, condition, matched, notMatched, List.of(), mergeSchema);
    }
  }

  /**
   * A WHEN clause. {@code action} is UPDATE, DELETE or INSERT; {@code star} for UPDATE SET * and
   * INSERT *; otherwise {@code assignments} maps target columns to DuckDB expressions.
   */
  record MergeClause(String condition, String action, boolean star, Map<String, String> assignments) {}

  /** Files VACUUM deleted (or would delete, on a dry run). */
  record VacuumResult(List<String> files, boolean dryRun, long bytes) {}
}
