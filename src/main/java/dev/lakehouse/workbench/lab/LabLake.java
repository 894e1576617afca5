package dev.lakehouse.workbench.lab;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a lab needs from the lake: run the learner's statements, and read the real state of a table
 * (history, schema, files, data skipping). The lab package owns this small port so that checks stay
 * independent of how the lake is built; {@code app} wires it to the {@code lake} and {@code sql}
 * packages. Table names are {@code schema.name} as the learner writes them.
 */
public interface LabLake {

  /** Runs one statement; a statement the lake rejects throws a WorkbenchException saying why. */
  Result execute(String statement);

  /** Stops the statement running now (from any thread); it fails saying it was cancelled. */
  void cancel();

  /** Runs one read-only query (a check's SQL); anything that could change the lake is refused. */
  Result query(String query);

  boolean exists(String table);

  /** Every version of the table, newest first. */
  List<Version> history(String table);

  /** The columns of the latest version, with Spark type names ({@code bigint}, {@code decimal(10,2)}). */
  List<Column> columns(String table);

  /** The number of data files in one version of the table. */
  int fileCount(String table, long version);

  /** How many of the latest version's files a query filtered by {@code column op literal} reads. */
  Scan scan(String table, String column, String op, String literal);

  /** The tables of the lake, {@code schema.name}, sorted. */
  List<String> tables();

  /** The data files of one version of the table. */
  List<DataFile> files(String table, long version);

  /** The raw commit file ({@code _delta_log/NNN.json}) of one version, so the learner sees the log. */
  String commitJson(String table, long version);

  /**
   * Moves the commit time of {@code version} of {@code table} (what DESCRIBE HISTORY and TIMESTAMP AS
   * OF read: the commit file's modification time) to {@code time}. Used only to give a lab's own
   * copy of the shop's feed the landing times of a real daily feed; times must increase with versions.
   */
  default void setCommitTime(String table, long version, Instant time) {
    throw new UnsupportedOperationException("this lake cannot move commit times");
  }

  /**
   * The Iceberg snapshots kept beside a Delta table (decision 0033), oldest first; empty when the table
   * has none.
   */
  default List<IcebergVersion> icebergSnapshots(String table) {
    return List.of();
  }

  /** The rows Iceberg's reader returns at the snapshot made for one Delta version. */
  default Result icebergRows(String table, long deltaVersion) {
    throw new IllegalStateException("this lake keeps no Iceberg metadata");
  }

  /** The files of a table's folder that hold its metadata, relative to it ({@code _delta_log/...}, {@code metadata/...}). */
  default List<String> metadataFiles(String table) {
    return List.of();
  }

  /**
   * Runs one read-only query as a principal of the data folder's governance (null: the folder's
   * admin), so its grants, row filters and masks apply; without governance it is {@link #query}.
   */
  default Result queryAs(String principal, String query) {
    return query(query);
  }

  /**
   * Reads a shared table through the Delta Sharing protocol as a recipient (its profile file in the
   * data folder), from a sharing server started on a free loopback port for the read.
   */
  default SharedRead readShared(String recipient, String share, String schema, String table) {
    throw new IllegalStateException("this lake serves no shares");
  }

  /** What a recipient got: HTTP status 200 and the rows, or the status and the server's error message. */
  record SharedRead(int status, String error, Result rows) {}

  /**
   * The lineage governance recorded (system.access.table_lineage and column_lineage), read straight
   * from the lake so reading it is not itself recorded: one edge per source table → target table
   * (columns null) and per source column → target column. Tables are named schema.table.
   */
  default List<LineageEdge> lineage() {
    return List.of();
  }

  /** One lineage edge; the columns are null for a table-level edge. */
  record LineageEdge(String source, String sourceColumn, String target, String targetColumn) {}

  /** One Iceberg snapshot: the Delta version it mirrors, its id, operation, data files and rows. */
  record IcebergVersion(long deltaVersion, long snapshotId, String operation, long dataFiles, long rows) {}

  /** The rows a statement returned, or its message for statements that return none. */
  record Result(String statement, List<String> columns, List<List<Object>> rows, String message) {
    public Result {
      columns = List.copyOf(columns);
      rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
  }

  /** One commit of a table's history. */
  record Version(long version, Instant timestamp, String operation, Map<String, String> parameters,
      Map<String, String> metrics) {}

  record Column(String name, String type) {}

  /** One data file: path as the log records it, size in bytes, rows (null without stats), partition values. */
  record DataFile(String path, long size, Long rows, Map<String, String> partitionValues) {}

  record Scan(int filesScanned, int filesTotal) {}
}
