package dev.lakehouse.workbench.lab.internal;

import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import java.util.List;
import java.util.function.Function;

/**
 * The lab's view of the real lake: state is read through {@link Lake}; statements run through the
 * SQL engine handed in as a function (the {@code sql} package's executor, wired in {@code app}).
 */
public final class LakeLabLake implements LabLake {

  private final Lake lake;
  private final Function<String, Result> sql;
  private final Function<String, Result> readOnly;
  private final Runnable cancel;
  private final java.util.function.BiFunction<String, String, Result> queryAs;
  private final SharedReader shared;

  /** Reads a shared table through the Delta Sharing protocol as a recipient (wired in {@code app}). */
  @FunctionalInterface
  public interface SharedReader {
    SharedRead read(String recipient, String share, String schema, String table);
  }

  /**
   * {@code sql} runs any statement; {@code readOnly} runs one query and refuses everything else;
   * {@code cancel} stops the statement running now.
   */
  public LakeLabLake(Lake lake, Function<String, Result> sql, Function<String, Result> readOnly, Runnable cancel) {
    this(lake, sql, readOnly, cancel, null, null);
  }

  /**
   * Also {@code queryAs} runs a query as a principal of the folder's governance (null: its admin),
   * and {@code shared} reads a shared table as a recipient; either may be null (not available).
   */
  public LakeLabLake(Lake lake, Function<String, Result> sql, Function<String, Result> readOnly, Runnable cancel,
      java.util.function.BiFunction<String, String, Result> queryAs, SharedReader shared) {
    this.lake = lake;
    this.sql = sql;
    this.readOnly = readOnly;
    this.cancel = cancel;
    this.queryAs = queryAs;
    this.shared = shared;
  }

  @Override
  public Result queryAs(String principal, String query) {
    return queryAs == null ? readOnly.apply(query) : queryAs.apply(principal, query);
  }

  @Override
  public SharedRead readShared(String recipient, String share, String schema, String table) {
    if (shared == null) {
      throw new IllegalStateException("this lake serves no shares");
    }
    return shared.read(recipient, share, schema, table);
  }

  @Override
  public void cancel() {
    cancel.run();
  }

  @Override
  public void setCommitTime(String table, long version, java.time.Instant time) {
    // Delta's commit time is the commit file's modification time (the local lake keeps it equal to
    // commitInfo.timestamp when it writes; here only the file's time moves)
    java.nio.file.Path log = java.nio.file.Path.of(java.net.URI.create(lake.describe(TableId.parse(table)).location()))
        .resolve("_delta_log").resolve(String.format("%020d.json", version));
    try {
      java.nio.file.Files.setLastModifiedTime(log, java.nio.file.attribute.FileTime.from(time));
    } catch (java.io.IOException e) {
      throw new dev.lakehouse.workbench.common.WorkbenchException(dev.lakehouse.workbench.common.WorkbenchException.Kind.FAILURE,
          "cannot set the commit time of " + table + " version " + version, String.valueOf(e.getMessage()),
          "check that the data folder is writable");
    }
  }

  @Override
  public Result execute(String statement) {
    return sql.apply(statement);
  }

  @Override
  public Result query(String query) {
    return readOnly.apply(query);
  }

  @Override
  public boolean exists(String table) {
    return lake.exists(TableId.parse(table));
  }

  @Override
  public List<Version> history(String table) {
    return lake.history(TableId.parse(table)).stream()
        .map(v -> new Version(v.version(), v.timestamp(), v.operation(),
            v.parameters() == null ? java.util.Map.of() : v.parameters(),
            v.metrics() == null ? java.util.Map.of() : v.metrics()))
        .toList();
  }

  @Override
  public List<Column> columns(String table) {
    return lake.describe(TableId.parse(table)).columns().stream().map(c -> new Column(c.name(), c.type())).toList();
  }

  @Override
  public int fileCount(String table, long version) {
    return lake.snapshot(TableId.parse(table), version).files().size();
  }

  @Override
  public Scan scan(String table, String column, String op, String literal) {
    var plan = lake.scan(TableId.parse(table), TimeTravel.LATEST, List.of(new ScanFilter(column, op, literal)));
    return new Scan(plan.filesScanned(), plan.filesTotal());
  }

  @Override
  public List<String> tables() {
    return lake.tables().stream().filter(t -> !t.isPath()).map(TableId::toString).sorted().toList();
  }

  @Override
  public List<DataFile> files(String table, long version) {
    return lake.snapshot(TableId.parse(table), version).files().stream()
        .map(f -> new DataFile(f.path(), f.size(), f.rows(),
            f.partitionValues() == null ? java.util.Map.of() : f.partitionValues()))
        .toList();
  }

  @Override
  public String commitJson(String table, long version) {
    return lake.commitJson(TableId.parse(table), version);
  }

  @Override
  public List<IcebergVersion> icebergSnapshots(String table) {
    return dev.lakehouse.workbench.lake.IcebergTables.snapshots(lake, TableId.parse(table)).stream()
        .map(s -> new IcebergVersion(s.deltaVersion(), s.snapshotId(), s.operation(), s.dataFiles(), s.rows()))
        .toList();
  }

  @Override
  public List<LineageEdge> lineage() {
    List<LineageEdge> out = new java.util.ArrayList<>();
    TableId tables = TableId.of("access", "table_lineage");
    TableId columns = TableId.of("access", "column_lineage");
    if (lake.exists(tables)) {
      String rel = lake.scan(tables, dev.lakehouse.workbench.lake.TimeTravel.LATEST, List.of()).sql();
      for (List<Object> r : lake.query("SELECT DISTINCT source_table_full_name, target_table_full_name FROM (" + rel
          + ") WHERE source_table_full_name IS NOT NULL AND target_table_full_name IS NOT NULL ORDER BY 1, 2").rows()) {
        out.add(new LineageEdge(local(r.get(0)), null, local(r.get(1)), null));
      }
    }
    if (lake.exists(columns)) {
      String rel = lake.scan(columns, dev.lakehouse.workbench.lake.TimeTravel.LATEST, List.of()).sql();
      for (List<Object> r : lake.query("SELECT DISTINCT source_table_full_name, source_column_name, target_table_full_name, "
          + "target_column_name FROM (" + rel + ") ORDER BY 3, 4, 1, 2").rows()) {
        out.add(new LineageEdge(local(r.get(0)), (String) r.get(1), local(r.get(2)), (String) r.get(3)));
      }
    }
    return out;
  }

  /** main.gold.revenue as the explorer names it: gold.revenue. */
  private static String local(Object full) {
    String[] p = String.valueOf(full).split("\\.", 3);
    return p.length == 3 ? p[1] + "." + p[2] : String.valueOf(full);
  }

  @Override
  public Result icebergRows(String table, long deltaVersion) {
    var r = dev.lakehouse.workbench.lake.IcebergTables.read(lake, TableId.parse(table), deltaVersion);
    return new Result("iceberg " + table + " @ " + deltaVersion, r.columns(), r.rows(), null);
  }

  @Override
  public List<String> metadataFiles(String table) {
    java.nio.file.Path dir = dev.lakehouse.workbench.lake.IcebergTables.location(lake, TableId.parse(table));
    List<String> out = new java.util.ArrayList<>();
    try (var walk = java.nio.file.Files.walk(dir.resolve("_delta_log"))) {
      walk.filter(java.nio.file.Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.endsWith(".crc")).sorted().forEach(out::add);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot list the log of " + table + ": " + e.getMessage());
    }
    out.addAll(dev.lakehouse.workbench.lake.IcebergTables.metadataFiles(lake, TableId.parse(table)));
    return out;
  }
}
