package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.CommitWatch;
import dev.lakehouse.workbench.lake.ExternalLocation;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.ScanPlan;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableInfo;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.lake.VersionInfo;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The lake on the local file system: the Delta log through delta-standalone (one {@link DeltaLog} per
 * table per lake, committing through {@link PutIfAbsentLogStore}), data files through DuckDB.
 *
 * <p>A facade: it holds the lock (every public method is synchronized), DuckDB, the cached logs and
 * the external locations, and hands each statement to its command ({@link WriteCommand},
 * {@link CreateTableCommand}, {@link UpdateDeleteCommand}, {@link MergeCommand}, ...), which use the
 * shared steps: {@link TableCatalog}, {@link SnapshotManagement}, {@link ScanPlanner},
 * {@link DataFileWriter}, {@link SchemaEnforcement} and {@link Committer}.
 */
public final class LocalLake implements Lake {

  static final String EXTERNAL_MARKER = "_workbench_external_location";
  static final long DEFAULT_RETENTION_HOURS = 168;

  private final Path dataDir;
  private final Path root;
  private final List<Path> readableDirs;
  private Configuration hadoopConf;
  private final Map<Path, DeltaLog> logs = new HashMap<>();
  final ObjectMapper json = new ObjectMapper();
  final Duck duck;

  /** The open {@link CommitWatch}es, told of every successful commit by the {@link Committer}. */
  final CommitWatches watches = new CommitWatches();
  final LogReplay replay;
  final Locations locations;
  /** Spark SQL of a CHECK constraint to a DuckDB expression (see {@link #translateChecksWith}). */
  volatile java.util.function.UnaryOperator<String> checks = java.util.function.UnaryOperator.identity();
  /** The version of each table last read, by folder: names the version when a data file turns out damaged. */
  private final Map<Path, Read> lastRead = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Read> e) {
      return size() > 64;
    }
  };

  private record Read(TableId id, long version) {}

  /** Notes the version of a table just read (see {@link #damagedOr}). */
  void noteRead(Path loc, TableId id, long version) {
    lastRead.put(loc, new Read(id, version));
  }

  public LocalLake(Path dataDir, List<Path> readableDirs) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.root = this.dataDir.resolve("lake");
    this.readableDirs = List.copyOf(readableDirs);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw LakeErrors.io("creating the lake folder " + root, e);
    }
    this.locations = new Locations(this.dataDir, root, this.readableDirs, json);
    this.duck = new Duck(allowedDirs());
    this.replay = new LogReplay(json, duck);
  }

  private List<Path> allowedDirs() {
    List<Path> dirs = new ArrayList<>();
    dirs.add(root);
    dirs.add(dataDir.resolve("assets"));
    dirs.addAll(readableDirs);
    locations.all().forEach(l -> dirs.add(Locations.real(l.path())));
    return dirs;
  }

  @Override
  public synchronized List<ExternalLocation> externalLocations() {
    return locations.all();
  }

  @Override
  public synchronized ExternalLocation createExternalLocation(String name, String url, String comment, boolean ifNotExists) {
    ExternalLocation l = locations.create(name, url, comment, ifNotExists);
    duck.reopen(allowedDirs());
    return l;
  }

  @Override
  public synchronized boolean dropExternalLocation(String name, boolean ifExists) {
    List<String> using = locations.find(name).map(l -> TableCatalog.tablesIn(this, l)).orElse(List.of());
    boolean dropped = locations.drop(name, ifExists, using);
    if (dropped) {
      duck.reopen(allowedDirs());
    }
    return dropped;
  }

  @Override
  public void cancelRunning() {
    duck.cancel();
  }

  @Override
  public void resetCancel() {
    duck.resetCancel();
  }

  @Override
  public Path root() {
    return root;
  }

  // ------------------------------------------------------------------ locations and logs

  Path location(TableId id) {
    return TableCatalog.location(this, id);
  }

  Path newTableLocation(TableId id) {
    return TableCatalog.newTableLocation(this, id);
  }

  void requireWritable(TableId id, Path loc) {
    if (locations.isReadOnly(loc)) {
      throw LakeErrors.readOnlyFolder(id, loc);
    }
  }

  /** Drops the cached log of a table folder, so the next use reads it afresh. */
  void forgetLog(Path location) {
    logs.remove(location);
  }

  DeltaLog log(Path location) {
    // Hadoop and delta-standalone load only when a table is written or our own reader declines it
    if (hadoopConf == null) {
      hadoopConf = new Configuration();
      hadoopConf.set("delta.logStore.class", PutIfAbsentLogStore.class.getName());
    }
    return logs.computeIfAbsent(location, l -> DeltaLog.forTable(hadoopConf, l.toString()));
  }

  static boolean hasLog(Path location) {
    Path log = location.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return false;
    }
    try (Stream<Path> s = Files.list(log)) {
      return s.anyMatch(p -> p.getFileName().toString().matches("\\d{20}\\.(json|checkpoint\\.parquet)"));
    } catch (IOException e) {
      return false;
    }
  }

  <T> T guard(TableId id, Path loc, Supplier<T> action) {
    try {
      return action.get();
    } catch (WorkbenchException e) {
      throw e;
    } catch (Exception | Error e) {
      throw new LogDiagnosis(json).diagnose(id, loc, e);
    }
  }

  // ------------------------------------------------------------------ reading state

  @Override
  public synchronized List<TableId> tables() {
    return TableCatalog.tables(this);
  }

  @Override
  public synchronized boolean exists(TableId table) {
    return hasLog(location(table));
  }

  Path requireTable(TableId id) {
    return TableCatalog.requireTable(this, id);
  }

  @Override
  public CommitWatch watchCommits() {
    return watches.open();
  }

  @Override
  public synchronized long latestVersion(TableId table) {
    Path loc = requireTable(table);
    long own = guard(table, loc, () -> SnapshotManagement.listing(loc).latest());
    return own >= 0 ? own : guard(table, loc, () -> log(loc).update().getVersion());
  }

  /** A snapshot with everything the lake needs about its files. */
  record Loaded(
      TableId id,
      Path location,
      long version,
      Metadata metadata,
      List<ColumnDef> columns,
      List<String> partitionColumns,
      List<FileEntry> files) {}

  /** One add action, with its stats parsed. */
  record FileEntry(AddFile add, Path absolute, Long rows, JsonNode stats) {
    String path() {
      return add.getPath();
    }
  }

  Loaded load(TableId id, TimeTravel at) {
    return SnapshotManagement.load(this, id, at);
  }

  static long commitMillis(Path loc, long version) {
    return commitTime(loc, version);
  }

  static long commitTime(Path loc, long version) {
    try {
      return Files.getLastModifiedTime(commitFile(loc, version)).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  static Path commitFile(Path loc, long version) {
    return loc.resolve("_delta_log").resolve(String.format("%020d.json", version));
  }

  static Path absolute(Path loc, String logPath) {
    if (logPath.contains(":")) {
      return Path.of(URI.create(logPath));
    }
    return loc.resolve(URI.create(logPath).getPath());
  }

  static String relative(Path loc, Path file) {
    String rel = loc.relativize(file).toString();
    try {
      return new URI(null, null, rel, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(rel, e);
    }
  }

  @Override
  public synchronized TableSnapshot snapshot(TableId table, TimeTravel at) {
    return DescribeCommand.snapshot(this, table, at);
  }

  @Override
  public synchronized TableInfo describe(TableId table) {
    return DescribeCommand.detail(this, table);
  }

  @Override
  public synchronized List<VersionInfo> history(TableId table) {
    return DescribeCommand.history(this, table);
  }

  @Override
  public synchronized String commitIdentity(TableId table, long version) {
    Path f = commitFile(requireTable(table), version);
    try {
      return LogReplay.identity(f);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw LakeErrors.io("reading " + f, e);
    }
  }

  @Override
  public synchronized String commitJson(TableId table, long version) {
    return DescribeCommand.commitJson(this, table, version);
  }

  // ------------------------------------------------------------------ scans and queries

  @Override
  public synchronized ScanPlan scan(TableId table, TimeTravel at, List<ScanFilter> filters) {
    return ScanPlanner.plan(this, table, at, filters);
  }

  @Override
  public synchronized ScanPlan changes(TableId table, TimeTravel fromAt, TimeTravel toAt) {
    return ScanPlanner.changes(this, table, fromAt, toAt);
  }

  @Override
  public synchronized QueryResult query(String duckSql) {
    try {
      return duck.query(duckSql);
    } catch (SQLException e) {
      throw damagedOr(e, LakeErrors.queryFailed(e));
    }
  }

  /**
   * A DuckDB failure that names a damaged Parquet file of a table becomes "file F of version V of
   * table T is damaged" (a failure, exit 3), not a message about the learner's SQL.
   */
  WorkbenchException damagedOr(SQLException e, WorkbenchException otherwise) {
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher file = java.util.regex.Pattern.compile("[\"']([^\"']+\\.parquet)[\"']").matcher(m);
    boolean damage = m.contains("magic bytes") || m.contains("Corrupt") || m.contains("corrupt") || m.contains("Invalid Input Error")
        || m.contains("IO Error") || m.contains("Parquet");
    if (!damage || !file.find()) {
      return otherwise;
    }
    Path f = Path.of(file.group(1)).normalize();
    String reason = m.contains("magic bytes") ? "it is not a valid Parquet file (truncated or overwritten)"
        : m.contains("No such file") || m.contains("does not exist") ? "it is missing" : "DuckDB cannot read it as Parquet";
    for (Map.Entry<Path, Read> r : lastRead.entrySet()) {
      if (f.startsWith(r.getKey())) {
        return LakeErrors.damagedDataFile(r.getValue().id(), r.getValue().version(), r.getKey().relativize(f).toString(), reason, e);
      }
    }
    return otherwise;
  }

  @Override
  public synchronized List<ColumnDef> describeQuery(String duckSql) {
    QueryResult r;
    try {
      r = duck.query("DESCRIBE " + duckSql);
    } catch (SQLException e) {
      throw LakeErrors.queryFailed(e);
    }
    List<ColumnDef> out = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      String duckType = String.valueOf(row.get(1));
      String spark = DeltaTypes.fromDuck(duckType);
      out.add(new ColumnDef(String.valueOf(row.get(0)), spark == null ? duckType.toLowerCase(Locale.ROOT) : spark));
    }
    return out;
  }

  String toJson(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ CREATE

  @Override
  public synchronized CommitResult createTable(TableId id, TableDefinition def, CreateMode mode) {
    return CreateTableCommand.run(this, id, def, mode);
  }

  // ------------------------------------------------------------------ INSERT

  @Override
  public synchronized CommitResult write(TableId id, WriteRequest request) {
    return WriteCommand.run(this, id, request);
  }

  // ------------------------------------------------------------------ UPDATE / DELETE

  @Override
  public synchronized CommitResult update(TableId id, String alias, Map<String, String> assignments, String condition,
      List<ScanFilter> filters) {
    return UpdateDeleteCommand.update(this, id, alias, assignments, condition, filters);
  }

  static ColumnDef column(Loaded t, String name) {
    String n = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
    return t.columns().stream().filter(c -> c.name().equalsIgnoreCase(n)).findFirst()
        .orElseThrow(() -> LakeErrors.unknownColumn(t.id(), n, t.columns()));
  }

  @Override
  public synchronized CommitResult delete(TableId id, String alias, String condition, List<ScanFilter> filters) {
    return UpdateDeleteCommand.delete(this, id, alias, condition, filters);
  }

  // ------------------------------------------------------------------ MERGE

  @Override
  public synchronized CommitResult merge(TableId id, MergeRequest r) {
    return MergeCommand.run(this, id, r);
  }

  // ------------------------------------------------------------------ RESTORE / ALTER TABLE

  @Override
  public synchronized CommitResult restore(TableId id, TimeTravel to) {
    return RestoreCommand.run(this, id, to);
  }

  @Override
  public synchronized CommitResult addColumns(TableId id, List<ColumnDef> newColumns) {
    return AlterColumnsCommand.addColumns(this, id, newColumns);
  }

  @Override
  public synchronized CommitResult setProperties(TableId id, Map<String, String> properties) {
    return AlterPropertiesCommand.setProperties(this, id, properties);
  }

  // ------------------------------------------------------------------ CHECK constraints and columns

  @Override
  public void translateChecksWith(java.util.function.UnaryOperator<String> sparkToEngine) {
    this.checks = sparkToEngine == null ? java.util.function.UnaryOperator.identity() : sparkToEngine;
  }

  @Override
  public synchronized CommitResult addConstraint(TableId id, String name, String sparkExpr) {
    return AlterPropertiesCommand.addConstraint(this, id, name, sparkExpr);
  }

  @Override
  public synchronized CommitResult dropConstraint(TableId id, String name, boolean ifExists) {
    return AlterPropertiesCommand.dropConstraint(this, id, name, ifExists);
  }

  @Override
  public synchronized CommitResult setNullable(TableId id, String column, boolean nullable) {
    return AlterColumnsCommand.setNullable(this, id, column, nullable);
  }

  @Override
  public synchronized CommitResult renameColumn(TableId id, String column, String newName) {
    return AlterColumnsCommand.renameColumn(this, id, column, newName);
  }

  @Override
  public synchronized CommitResult dropColumns(TableId id, List<String> names, boolean ifExists) {
    return AlterColumnsCommand.dropColumns(this, id, names, ifExists);
  }

  @Override
  public synchronized CommitResult setColumnComment(TableId id, String column, String comment) {
    return AlterColumnsCommand.setColumnComment(this, id, column, comment);
  }

  // ------------------------------------------------------------------ OPTIMIZE / VACUUM / CLONE / DROP

  @Override
  public synchronized CommitResult optimize(TableId id, List<ScanFilter> partitionFilters, String predicateText,
      List<String> zOrderBy) {
    return OptimizeCommand.run(this, id, partitionFilters, predicateText, zOrderBy);
  }

  @Override
  public synchronized VacuumResult vacuum(TableId id, Double retainHours, boolean dryRun, boolean retentionCheck) {
    return VacuumCommand.run(this, id, retainHours, dryRun, retentionCheck);
  }

  @Override
  public synchronized CommitResult shallowClone(TableId target, TableId source, TimeTravel at, CreateMode mode) {
    return cloneTable(target, source, at, mode, false);
  }

  @Override
  public synchronized CommitResult deepClone(TableId target, TableId source, TimeTravel at, CreateMode mode) {
    return cloneTable(target, source, at, mode, true);
  }

  private CommitResult cloneTable(TableId target, TableId source, TimeTravel at, CreateMode mode, boolean deep) {
    return CloneCommand.run(this, target, source, at, mode, deep);
  }

  @Override
  public synchronized boolean drop(TableId id, boolean ifExists) {
    return DropTableCommand.run(this, id, ifExists);
  }

  @Override
  public synchronized void close() {
    duck.close();
    logs.clear();
  }

}
