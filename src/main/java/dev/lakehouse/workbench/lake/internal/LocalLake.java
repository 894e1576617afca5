package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.DataFile;
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
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Format;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.exceptions.DeltaConcurrentModificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The lake on the local file system: the Delta log through delta-standalone (one {@link DeltaLog} per
 * table per lake, committing through {@link PutIfAbsentLogStore}), data files through DuckDB.
 */
public final class LocalLake implements Lake {

  static final String EXTERNAL_MARKER = "_workbench_external_location";
  static final String ENGINE_INFO = "Lakehouse-Workbench/0.1";
  static final long DEFAULT_RETENTION_HOURS = 168;

  private final Path dataDir;
  private final Path root;
  private final List<Path> readableDirs;
  private Configuration hadoopConf;
  private final Map<Path, DeltaLog> logs = new HashMap<>();
  private final ObjectMapper json = new ObjectMapper();
  final Duck duck;
  private final LogReplay replay;
  private final Locations locations;
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

  /** Tables registered at a folder inside the external location (by name). */
  private List<String> tablesIn(ExternalLocation l) {
    List<String> out = new ArrayList<>();
    Path lr = Locations.real(l.path());
    for (TableId id : tablesIncludingBroken()) {
      Path marker = root.resolve(id.schema()).resolve(id.name()).resolve(EXTERNAL_MARKER);
      if (Files.exists(marker)) {
        try {
          if (Locations.real(Path.of(Files.readString(marker).trim())).startsWith(lr)) {
            out.add(id.toString());
          }
        } catch (IOException | RuntimeException e) {
          // an unreadable registration is reported when the table is used
        }
      }
    }
    return out;
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
    List<String> using = locations.find(name).map(this::tablesIn).orElse(List.of());
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
    if (id.isPath()) {
      Path p = Path.of(id.path());
      if (!p.isAbsolute()) {
        throw LakeErrors.pathNotAbsolute(id.path());
      }
      return locations.checkTableFolder(id, id.path(), p, false);
    }
    Path dir = root.resolve(id.schema()).resolve(id.name()).normalize();
    if (!dir.startsWith(root)) {
      throw LakeErrors.invalidIdentifier(id.name());
    }
    Path marker = dir.resolve(EXTERNAL_MARKER);
    if (Files.exists(marker)) {
      String registered;
      try {
        registered = Files.readString(marker).trim();
      } catch (IOException e) {
        throw LakeErrors.io("reading the location of " + id, e);
      }
      Path ext = Path.of(registered);
      if (!ext.isAbsolute()) {
        throw LakeErrors.pathNotAbsolute(registered);
      }
      return locations.checkTableFolder(id, registered, ext, false);
    }
    return dir;
  }

  /** The folder a new table (CREATE, CLONE) goes to, checked as a place for a new table. */
  Path newTableLocation(TableId id) {
    if (id.isPath()) {
      Path p = Path.of(id.path());
      if (!p.isAbsolute()) {
        throw LakeErrors.pathNotAbsolute(id.path());
      }
      Path loc = locations.checkTableFolder(id, id.path(), p, true);
      requireWritable(id, loc);
      return loc;
    }
    return location(id);
  }

  void requireWritable(TableId id, Path loc) {
    if (locations.isReadOnly(loc)) {
      throw LakeErrors.readOnlyFolder(id, loc);
    }
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
    List<TableId> out = new ArrayList<>();
    for (TableId id : tablesIncludingBroken()) {
      try {
        if (hasLog(location(id))) {
          out.add(id);
        }
      } catch (WorkbenchException e) {
        // a registration pointing nowhere is not a table
      }
    }
    return out;
  }

  private List<TableId> tablesIncludingBroken() {
    List<TableId> out = new ArrayList<>();
    try (Stream<Path> schemas = Files.list(root)) {
      for (Path s : schemas.sorted().collect(Collectors.toList())) {
        String sn = s.getFileName().toString();
        if (!Files.isDirectory(s) || sn.startsWith(".") || sn.startsWith("_")) {
          continue;
        }
        try (Stream<Path> ts = Files.list(s)) {
          for (Path t : ts.sorted().collect(Collectors.toList())) {
            String tn = t.getFileName().toString();
            if (Files.isDirectory(t) && tn.matches("[a-z_][a-z0-9_]*") && sn.matches("[a-z_][a-z0-9_]*")) {
              out.add(new TableId(sn, tn, null));
            }
          }
        }
      }
    } catch (IOException e) {
      throw LakeErrors.io("listing the lake " + root, e);
    }
    return out;
  }

  @Override
  public synchronized boolean exists(TableId table) {
    return hasLog(location(table));
  }

  private Path requireTable(TableId id) {
    Path loc = location(id);
    if (!hasLog(loc)) {
      if (hasDataFiles(loc)) {
        throw LakeErrors.logMissing(id, loc);
      }
      throw LakeErrors.tableNotFound(id, similarNames(id));
    }
    checkCommitsNotEmpty(id, loc);
    return loc;
  }

  private static boolean hasDataFiles(Path loc) {
    if (!Files.isDirectory(loc)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(loc, 3)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** A zero-byte commit is damage (a crash or a full disk), never an empty version to build on. */
  private static void checkCommitsNotEmpty(TableId id, Path loc) {
    for (Map.Entry<Long, Path> c : listing(loc).commits().entrySet()) {
      try {
        if (Files.size(c.getValue()) == 0) {
          throw LakeErrors.damagedCommit(id, c.getKey(), c.getValue(), "the commit file is empty (0 bytes)");
        }
      } catch (IOException e) {
        throw LakeErrors.io("reading " + c.getValue(), e);
      }
    }
  }

  private List<String> similarNames(TableId id) {
    if (id.isPath()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (TableId t : tables()) {
      if (t.name().equals(id.name()) || distance(t.name(), id.name()) <= 2) {
        out.add(t.toString());
      }
    }
    return out;
  }

  private static int distance(String a, String b) {
    return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
  }

  @Override
  public synchronized long latestVersion(TableId table) {
    Path loc = requireTable(table);
    long own = guard(table, loc, () -> listing(loc).latest());
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
    Path loc = requireTable(id);
    Loaded own = guard(id, loc, () -> loadOwn(id, loc, at));
    if (own != null) {
      return own;
    }
    DeltaLog log = guard(id, loc, () -> log(loc));
    Snapshot s = guard(id, loc, () -> {
      Snapshot latest = log.update();
      if (at.isLatest()) {
        return latest;
      }
      long v = at.version() != null ? at.version() : versionAt(id, loc, at.timestamp(), listing(loc), latest.getVersion());
      if (v < 0 || v > latest.getVersion()) {
        throw LakeErrors.versionOutOfRange(id, v, earliestVersion(loc), latest.getVersion());
      }
      return v == latest.getVersion() ? latest : log.getSnapshotForVersionAsOf(v);
    });
    return guard(id, loc, () -> toLoaded(id, loc, s));
  }

  /** A snapshot from our own log replay (see {@link LogReplay}), or null to use delta-standalone. */
  private Loaded loadOwn(TableId id, Path loc, TimeTravel at) {
    LogReplay.Listing l = listing(loc);
    long latest = l.latest();
    if (latest < 0) {
      return null;
    }
    long v = at.isLatest() ? latest : at.version() != null ? at.version() : versionAt(id, loc, at.timestamp(), l, latest);
    if (v < 0 || v > latest) {
      throw LakeErrors.versionOutOfRange(id, v, earliestVersion(loc), latest);
    }
    LogReplay.State s = replay.read(loc, l, v);
    return s == null ? null : toLoaded(id, loc, s.version(), s.metadata(), s.columns(), s.files());
  }

  private static LogReplay.Listing listing(Path loc) {
    try {
      return LogReplay.list(loc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Loaded toLoaded(TableId id, Path loc, Snapshot s) {
    Metadata md = s.getMetadata();
    return toLoaded(id, loc, s.getVersion(), md, DeltaTypes.fromStruct(md.getSchema()), s.getAllFiles());
  }

  private Loaded toLoaded(TableId id, Path loc, long version, Metadata md, List<ColumnDef> columns, List<AddFile> adds) {
    lastRead.put(loc, new Read(id, version));
    List<FileEntry> files = new ArrayList<>();
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
      files.add(new FileEntry(a, absolute(loc, a.getPath()), rows, stats));
    }
    files.sort((x, y) -> x.path().compareTo(y.path()));
    return new Loaded(id, loc, version, md, columns, List.copyOf(md.getPartitionColumns()), files);
  }

  private long earliestVersion(Path loc) {
    try (Stream<Path> s = Files.list(loc.resolve("_delta_log"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20))).min().orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The last version committed at or before {@code ts}, by the commit files' modification times made
   * increasing (Delta's rule; our log store already writes them so), the same times DESCRIBE HISTORY shows.
   */
  private long versionAt(TableId id, Path loc, Instant ts, LogReplay.Listing listing, long latest) {
    long millis = ts.toEpochMilli();
    long previous = Long.MIN_VALUE;
    long first = Long.MIN_VALUE;
    long found = -1;
    for (Map.Entry<Long, Path> e : listing.commits().headMap(latest, true).entrySet()) {
      long t = Math.max(commitTime(loc, e.getKey()), previous == Long.MIN_VALUE ? Long.MIN_VALUE : previous + 1);
      if (first == Long.MIN_VALUE) {
        first = t;
      }
      previous = t;
      if (t <= millis) {
        found = e.getKey();
      }
    }
    if (first == Long.MIN_VALUE || millis < first) {
      throw LakeErrors.timestampBeforeFirstCommit(id, ts, Instant.ofEpochMilli(first == Long.MIN_VALUE ? 0 : first));
    }
    if (millis > previous) {
      throw LakeErrors.timestampAfterLatestCommit(id, ts, latest, Instant.ofEpochMilli(previous));
    }
    return found;
  }

  static long commitMillis(Path loc, long version) {
    return commitTime(loc, version);
  }

  private static long commitTime(Path loc, long version) {
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
    Loaded l = load(table, at);
    List<DataFile> files = new ArrayList<>();
    for (FileEntry f : l.files()) {
      files.add(new DataFile(f.path(), f.add().getSize(), f.rows(), f.add().getPartitionValues()));
    }
    return new TableSnapshot(table, l.version(), Instant.ofEpochMilli(commitTime(l.location(), l.version())),
        l.columns(), l.partitionColumns(), Map.copyOf(l.metadata().getConfiguration()), List.copyOf(files));
  }

  @Override
  public synchronized TableInfo describe(TableId table) {
    Loaded l = load(table, TimeTravel.LATEST);
    long size = l.files().stream().mapToLong(f -> f.add().getSize()).sum();
    Instant created = l.metadata().getCreatedTime().map(Instant::ofEpochMilli).orElse(null);
    boolean external = !l.location().startsWith(root);
    return new TableInfo(table, l.metadata().getId(), l.location().toUri().toString(),
        l.metadata().getDescription(), l.columns(), l.partitionColumns(),
        Map.copyOf(l.metadata().getConfiguration()), l.version(), l.files().size(), size, created,
        Instant.ofEpochMilli(commitTime(l.location(), l.version())), protocol(l.location(), l.version())[0],
        writerVersion(l.location(), l.version()), external);
  }

  @Override
  public synchronized List<VersionInfo> history(TableId table) {
    Path loc = requireTable(table);
    long latest = latestVersion(table);
    List<VersionInfo> out = new ArrayList<>();
    for (long v = latest; v >= 0; v--) {
      Path f = commitFile(loc, v);
      if (!Files.exists(f)) {
        break;
      }
      out.add(readCommitInfo(table, loc, v, f));
    }
    return out;
  }

  private VersionInfo readCommitInfo(TableId table, Path loc, long v, Path f) {
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (IOException e) {
          throw LakeErrors.damagedCommit(table, v, f, "a line is not valid JSON");
        }
        JsonNode ci = node.get("commitInfo");
        if (ci != null) {
          // the commit file's modification time, as Delta (and TIMESTAMP AS OF) uses it; our log store
          // makes it equal to commitInfo.timestamp
          return new VersionInfo(v, Instant.ofEpochMilli(commitTime(loc, v)),
              ci.path("operation").asText(), stringMap(ci.get("operationParameters")),
              stringMap(ci.get("operationMetrics")),
              ci.has("readVersion") ? ci.get("readVersion").asLong() : null,
              ci.has("isBlindAppend") ? ci.get("isBlindAppend").asBoolean() : null,
              ci.path("engineInfo").asText(null));
        }
      }
      return new VersionInfo(v, Instant.ofEpochMilli(commitTime(loc, v)), "UNKNOWN", Map.of(), Map.of(),
          null, null, null);
    } catch (IOException e) {
      throw LakeErrors.io("reading " + f, e);
    }
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(),
          e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    return Collections.unmodifiableMap(out);
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
    Path loc = requireTable(table);
    Path f = commitFile(loc, version);
    if (!Files.exists(f)) {
      throw LakeErrors.versionOutOfRange(table, version, earliestVersion(loc), latestVersion(table));
    }
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw LakeErrors.io("reading " + f, e);
    }
  }

  // ------------------------------------------------------------------ scans

  @Override
  public synchronized ScanPlan scan(TableId table, TimeTravel at, List<ScanFilter> filters) {
    Loaded l = load(table, at);
    List<FileEntry> kept = DataSkipping.prune(l, filters);
    return new ScanPlan(table, l.version(), scanSql(l, kept, l.columns(), false), kept.size(), l.files().size());
  }

  @Override
  public synchronized ScanPlan changes(TableId table, TimeTravel fromAt, TimeTravel toAt) {
    Loaded latest = load(table, TimeTravel.LATEST);
    long from;
    if (fromAt.version() != null) {
      from = fromAt.version();
    } else {
      from = latest.version() + 1;
      for (long v = earliestVersion(latest.location()); v <= latest.version(); v++) {
        if (commitTime(latest.location(), v) >= fromAt.timestamp().toEpochMilli()) {
          from = v;
          break;
        }
      }
    }
    long end = toAt == null || toAt.isLatest() ? latest.version()
        : toAt.version() != null ? toAt.version() : load(table, toAt).version();
    if (from < 0 || from > end || end > latest.version()) {
      throw LakeErrors.changesRange(table, from, toAt == null ? -1 : end, latest.version());
    }
    Loaded start = load(table, TimeTravel.version(from));
    Loaded last = end == latest.version() ? latest : load(table, TimeTravel.version(end));
    try {
      String sql = ChangeDataFeed.sql(this, json, start, last.columns(), last.partitionColumns(), from, end);
      return new ScanPlan(table, end, sql, 0, 0);
    } catch (IOException e) {
      throw LakeErrors.io("reading the change data of " + table, e);
    }
  }

  /**
   * A DuckDB query returning the table's columns from some of its files: partition values added as
   * columns, columns a file lacks (added later) as NULL. With {@code withFile} it also returns
   * {@code __lh_file} and {@code __lh_row} (file and row position) for copy-on-write.
   */
  String scanSql(Loaded l, List<FileEntry> files, List<ColumnDef> columns, boolean withFile) {
    for (FileEntry f : files) {
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
    Map<String, List<FileEntry>> groups = new LinkedHashMap<>();
    Map<String, Set<String>> present = new HashMap<>();
    for (FileEntry f : files) {
      Set<String> cols = fileColumns(f, columns, parts);
      String key = new java.util.TreeMap<>(f.add().getPartitionValues()).toString() + "|" + new java.util.TreeSet<>(cols);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      present.put(key, cols);
    }
    List<String> selects = new ArrayList<>();
    for (Map.Entry<String, List<FileEntry>> g : groups.entrySet()) {
      FileEntry first = g.getValue().get(0);
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

  private static String partitionValue(Map<String, String> values, String column) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Set<String> fileColumns(FileEntry f, List<ColumnDef> columns, Set<String> parts) {
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

  // ------------------------------------------------------------------ writing data files

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
  Written writeFiles(TableId id, Path loc, List<ColumnDef> columns, List<String> partitionColumns, String select,
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
      r = duck.query(copy);
    } catch (SQLException e) {
      throw damagedOr(e, LakeErrors.writeFailed(id, e));
    }
    List<AddFile> adds = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    long now = System.currentTimeMillis();
    Set<String> parts = lower(filePartitions);
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
        @SuppressWarnings("unchecked")
        Map<Object, Object> pk = row.get(5) instanceof Map ? (Map<Object, Object>) row.get(5) : Map.of();
        Map<String, String> pv = new LinkedHashMap<>();
        for (String p : filePartitions) {
          Object v = null;
          for (Map.Entry<Object, Object> e : pk.entrySet()) {
            if (unquote(String.valueOf(e.getKey())).equalsIgnoreCase(p)) {
              v = e.getValue();
            }
          }
          pv.put(p, v == null ? null : String.valueOf(v));
        }
        String stats = StatsJson.build(json, count, fileColumns, parts, colStats);
        for (int i = 0; i < columns.size(); i++) {
          ColumnDef c = fileColumns.get(i);
          if (!c.nullable()) {
            boolean hasNull = parts.contains(c.name().toLowerCase(Locale.ROOT))
                ? partitionValue(pv, c.name()) == null
                : StatsJson.nullCount(colStats, c.name()) > 0;
            if (hasNull) {
              throw LakeErrors.notNullViolated(id, columns.get(i).name());
            }
          }
        }
        adds.add(new AddFile(relative(loc, file), pv, size, now, dataChange, toJson(stats), null));
        rows += count;
        bytes += size;
      }
      if (dataChange && !adds.isEmpty() && columns.stream().anyMatch(c -> c.generatedAs() != null)) {
        List<FileEntry> entries = new ArrayList<>();
        for (AddFile a : adds) {
          entries.add(new FileEntry(a, absolute(loc, a.getPath()), null, null));
        }
        String from = scanSql(new Loaded(id, loc, -1, null, columns, partitionColumns, entries), entries, columns, false);
        for (ColumnDef c : columns) {
          if (c.generatedAs() != null) {
            long bad = count(id, c, "SELECT count(*) FROM (" + from + ") AS __lh_check WHERE " + Duck.ident(c.name())
                + " IS DISTINCT FROM CAST((" + checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type()) + ")");
            if (bad > 0) {
              throw LakeErrors.generatedMismatch(id, c.name(), c.generatedAs(), bad);
            }
          }
        }
      }
      if (dataChange && !constraints(configuration).isEmpty() && !adds.isEmpty()) {
        List<FileEntry> entries = new ArrayList<>();
        for (AddFile a : adds) {
          entries.add(new FileEntry(a, absolute(loc, a.getPath()), null, null));
        }
        String from = scanSql(new Loaded(id, loc, -1, null, columns, partitionColumns, entries), entries, columns, false);
        for (Map.Entry<String, String> c : constraints(configuration).entrySet()) {
          long bad = violations(id, from, c.getValue());
          if (bad > 0) {
            throw LakeErrors.checkViolated(id, c.getKey(), c.getValue(), bad);
          }
        }
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
   * Generated columns: {@code select} with the generated columns {@code which} picks recomputed from
   * their expressions over the row's other columns (every other column passes through).
   */
  String generate(String select, List<ColumnDef> columns, java.util.function.Predicate<ColumnDef> which) {
    StringJoiner replace = new StringJoiner(", ");
    for (ColumnDef c : columns) {
      if (c.generatedAs() != null && which.test(c)) {
        replace.add("CAST((" + checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type()) + ") AS " + Duck.ident(c.name()));
      }
    }
    return replace.length() == 0 ? select : "SELECT * REPLACE (" + replace + ") FROM (" + select + ") AS __lh_g";
  }

  private long count(TableId id, ColumnDef generated, String countSql) {
    try {
      return ((Number) duck.query(countSql).rows().get(0).get(0)).longValue();
    } catch (SQLException e) {
      throw damagedOr(e, LakeErrors.badGenerationExpression(id, generated.name(), generated.generatedAs()));
    }
  }

  static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  private static void deleteQuietly(List<Path> files) {
    for (Path p : files) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort: an orphan file is invisible to readers and VACUUM removes it
      }
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

  // ------------------------------------------------------------------ commits

  /** A transaction together with the snapshot it read. */
  record Tx(OptimisticTransaction txn, Loaded table) {}

  Tx begin(TableId id) {
    Path loc = requireTable(id);
    requireWritable(id, loc);
    DeltaLog log = guard(id, loc, () -> log(loc));
    return guard(id, loc, () -> {
      OptimisticTransaction txn = log.startTransaction();
      if (txn.readVersion() < 0) {
        // the folder was there a moment ago: another statement or process dropped the table meanwhile
        throw LakeErrors.droppedDuringWrite(id);
      }
      Snapshot s = log.snapshot();
      if (s.getVersion() != txn.readVersion()) {
        s = log.getSnapshotForVersionAsOf(txn.readVersion());
      }
      return new Tx(txn, toLoaded(id, loc, s));
    });
  }

  CommitResult commit(TableId id, Path loc, OptimisticTransaction txn, List<? extends Action> actions,
      String marked, Map<String, String> params, Map<String, String> metrics, List<AddFile> newFiles) {
    // "RESTORE|schemaString=…" carries the schema a RESTORE commits (see PutIfAbsentLogStore)
    int cut = marked.indexOf('|');
    String operation = cut < 0 ? marked : marked.substring(0, cut);
    // under column mapping, add actions key partition values by physical names, which the Delta library
    // refuses: it is handed the logical names and the log store writes the physical ones back
    Map<String, String> keys = ColumnMapping.partitionKeys(actions, txn.metadata());
    if (!keys.isEmpty()) {
      List<Action> logical = new ArrayList<>();
      for (Action a : actions) {
        logical.add(a instanceof AddFile af ? ColumnMapping.withLogicalKeys(af, keys) : a);
      }
      actions = logical;
      int schemaAt = marked.indexOf(PutIfAbsentLogStore.SCHEMA_MARKER);
      String keyMarker = PutIfAbsentLogStore.PARTITION_KEYS_MARKER + toJson(keys);
      marked = schemaAt < 0 ? marked + keyMarker : marked.substring(0, schemaAt) + keyMarker + marked.substring(schemaAt);
    }
    Map<String, String> encoded = new LinkedHashMap<>();
    params.forEach((k, v) -> encoded.put(k, v == null ? "null" : toJson(v)));
    Operation op = operation(marked, encoded, metrics);
    try {
      long v = txn.commit(actions, op, ENGINE_INFO).getVersion();
      dropDowngradedCheckpoint(loc, v);
      keepIcebergInStep(id, txn, actions);
      return new CommitResult(v, operation, Collections.unmodifiableMap(new LinkedHashMap<>(metrics)));
    } catch (DeltaConcurrentModificationException e) {
      deleteQuietly(newFiles.stream().map(a -> absolute(loc, a.getPath())).collect(Collectors.toList()));
      if (operation.startsWith("CREATE") && hasLog(loc)) {
        throw LakeErrors.lostCreateRace(id);
      }
      throw LakeErrors.conflict(id, operation, e);
    } catch (WorkbenchException e) {
      throw e;
    } catch (Exception e) {
      deleteQuietly(newFiles.stream().map(a -> absolute(loc, a.getPath())).collect(Collectors.toList()));
      if (!operation.startsWith("CREATE") && !hasLog(loc)) {
        throw LakeErrors.droppedDuringWrite(id);
      }
      throw new LogDiagnosis(json).diagnose(id, loc, e);
    }
  }

  /** A table whose properties ask for Iceberg metadata gets a snapshot for the new version (decision 0033). */
  private void keepIcebergInStep(TableId id, OptimisticTransaction txn, List<? extends Action> actions) {
    Map<String, String> conf = null;
    for (Action a : actions) {
      if (a instanceof Metadata m) {
        conf = m.getConfiguration();
      }
    }
    if (conf == null) {
      conf = txn.metadata().getConfiguration();
    }
    IcebergConverter.afterCommit(this, id, conf);
  }

  /**
   * The Delta library writes checkpoints with the protocol it was shown, which for a table with CHECK
   * constraints is (1,2) instead of (1,3) (see PutIfAbsentLogStore): such a checkpoint is removed,
   * with the pointer to it, so every reader replays the commits, which carry the true protocol.
   */
  private void dropDowngradedCheckpoint(Path loc, long version) {
    Path log = loc.resolve("_delta_log");
    Path cp = log.resolve(String.format("%020d.checkpoint.parquet", version));
    if (!Files.exists(cp) || writerVersion(loc, version) < 3) {
      return;
    }
    try {
      Files.deleteIfExists(log.resolve("_last_checkpoint"));
      Files.deleteIfExists(cp);
      Path crc = log.resolve("." + cp.getFileName() + ".crc");
      Files.deleteIfExists(crc);
    } catch (IOException e) {
      throw LakeErrors.io("removing checkpoint " + cp.getFileName(), e);
    }
    logs.remove(loc); // its snapshot may still point at the removed checkpoint
  }

  private static Operation operation(String name, Map<String, String> params, Map<String, String> metrics) {
    for (Operation.Name n : Operation.Name.values()) {
      if (n.toString().equals(name)) {
        return new Operation(n, params, metrics);
      }
    }
    return new Operation(Operation.Name.MANUAL_UPDATE, params, metrics,
        Optional.of(PutIfAbsentLogStore.OPERATION_MARKER + name));
  }

  String toJson(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> metrics(Object... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], String.valueOf(kv[i + 1]));
    }
    return m;
  }

  // ------------------------------------------------------------------ CREATE

  @Override
  public synchronized CommitResult createTable(TableId id, TableDefinition def, CreateMode mode) {
    if (def.location() != null) {
      return createExternal(id, def, mode);
    }
    Path loc = newTableLocation(id);
    return createAt(id, loc, def, mode, !id.isPath());
  }

  private CommitResult createExternal(TableId id, TableDefinition def, CreateMode mode) {
    if (id.isPath()) {
      throw LakeErrors.unsupported("CREATE TABLE delta.`path` ... LOCATION", "name the table instead");
    }
    Path ext = Path.of(def.location());
    if (!ext.isAbsolute()) {
      throw LakeErrors.pathNotAbsolute(def.location());
    }
    Path dir = root.resolve(id.schema()).resolve(id.name());
    if (!dir.normalize().startsWith(root)) {
      throw LakeErrors.invalidIdentifier(id.name());
    }
    if (hasLog(location(id))) {
      if (mode == CreateMode.IF_NOT_EXISTS) {
        return new CommitResult(latestVersion(id), "NONE", Map.of());
      }
      throw LakeErrors.tableExists(id);
    }
    ext = locations.checkTableFolder(id, def.location(), ext, true);
    requireWritable(id, ext);
    if (hasLog(ext) && !def.columns().isEmpty()) {
      TableId at = TableId.atPath(ext.toString());
      List<ColumnDef> existing = load(at, TimeTravel.LATEST).columns();
      if (!sameColumns(def.columns(), existing)) {
        throw LakeErrors.schemaDiffersFromExisting(id, def.location(), def.columns(), existing);
      }
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(EXTERNAL_MARKER), ext.toString());
    } catch (IOException e) {
      throw LakeErrors.io("registering " + id, e);
    }
    if (hasLog(ext)) {
      return new CommitResult(latestVersion(id), "REGISTER", Map.of());
    }
    try {
      return createAt(id, ext, def, CreateMode.CREATE, false);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(dir.resolve(EXTERNAL_MARKER));
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // leave it: an empty registration folder is not a table
      }
      throw e;
    }
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

  private static boolean sameColumns(List<ColumnDef> declared, List<ColumnDef> existing) {
    if (declared.size() != existing.size()) {
      return false;
    }
    for (int i = 0; i < declared.size(); i++) {
      ColumnDef d = declared.get(i);
      ColumnDef e = existing.get(i);
      if (!d.name().equalsIgnoreCase(e.name()) || !DeltaTypes.normalize(d.type()).equalsIgnoreCase(DeltaTypes.normalize(e.type()))) {
        return false;
      }
    }
    return true;
  }

  private CommitResult createAt(TableId id, Path loc, TableDefinition def, CreateMode mode, boolean managed) {
    requireWritable(id, loc);
    boolean exists = hasLog(loc);
    if (exists && mode == CreateMode.IF_NOT_EXISTS) {
      return new CommitResult(latestVersion(id), "NONE", Map.of());
    }
    if (exists && mode == CreateMode.CREATE) {
      throw LakeErrors.tableExists(id);
    }
    List<ColumnDef> columns = new ArrayList<>();
    if (def.asSelect() != null && def.columns().isEmpty()) {
      List<ColumnDef> described = describeQuery(def.asSelect());
      for (int pos : untypedNulls(def.asSelect(), described.size())) {
        throw LakeErrors.untypedColumn(id, described.get(pos).name(), "void");
      }
      for (ColumnDef c : described) {
        if (c.type().equals("void") || DeltaTypes.fromDuck(c.type()) == null && !isKnown(c.type())) {
          throw LakeErrors.untypedColumn(id, c.name(), c.type());
        }
        columns.add(new ColumnDef(c.name(), c.type()));
      }
    } else {
      for (ColumnDef c : def.columns()) {
        columns.add(new ColumnDef(c.name(), DeltaTypes.normalize(c.type()), c.nullable(), c.comment(), c.generatedAs()));
      }
    }
    validateColumns(id, columns);
    for (ColumnDef c : columns) {
      if (c.generatedAs() != null) {
        try {
          describeQuery("SELECT CAST((" + checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type()) + ") FROM ("
              + scanSql(new Loaded(id, loc, -1, null, columns, List.of(), List.of()), List.of(), columns, false) + ") AS __lh_g");
        } catch (RuntimeException e) {
          throw LakeErrors.badGenerationExpression(id, c.name(), c.generatedAs());
        }
      }
    }
    for (String p : def.partitionColumns()) {
      if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(p))) {
        throw LakeErrors.unknownColumn(id, p, columns);
      }
    }
    Map<String, String> props = new LinkedHashMap<>(def.properties());
    int[] asked = askedProtocol(id, props);
    checkProperties(id, props, Map.of());
    checkFeedColumns(id, props, columns);
    if (ColumnMapping.enabled(props)) {
      columns = new ArrayList<>(ColumnMapping.assign(columns, props, false));
    }
    List<String> partitions = new ArrayList<>();
    for (String p : def.partitionColumns()) {
      partitions.add(columns.stream().filter(c -> c.name().equalsIgnoreCase(p)).findFirst().get().name());
    }
    DeltaLog log = guard(id, loc, () -> log(loc));
    OptimisticTransaction txn = guard(id, loc, log::startTransaction);
    Loaded current = exists ? guard(id, loc, () -> toLoaded(id, loc, log.snapshot())) : null;
    Metadata md = Metadata.builder()
        .id(current != null ? current.metadata().getId() : UUID.randomUUID().toString())
        .name(id.isPath() ? null : id.name())
        .description(def.comment())
        .format(new Format("parquet", Map.of()))
        .partitionColumns(partitions)
        .configuration(props)
        .createdTime(System.currentTimeMillis())
        .schema(DeltaTypes.toStruct(columns))
        .build();
    List<Action> actions = new ArrayList<>();
    actions.add(md);
    Written w = new Written(List.of(), 0, 0);
    if (def.asSelect() != null) {
      int width = describeQuery(def.asSelect()).size();
      List<Integer> pos = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        pos.add(i < width ? i : null);
      }
      w = writeFiles(id, loc, columns, partitions, castSelect(def.asSelect(), width, columns, pos), true, props);
      actions.addAll(w.adds());
    }
    if (current != null) {
      for (FileEntry f : current.files()) {
        actions.add(f.add().remove(System.currentTimeMillis(), true));
      }
    }
    String op = (mode == CreateMode.OR_REPLACE ? "CREATE OR REPLACE TABLE" : "CREATE TABLE")
        + (def.asSelect() != null ? " AS SELECT" : "")
        + raiseProtocol(props, columns, exists ? protocol(loc, current.version()) : new int[] {1, 2}, asked);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("isManaged", String.valueOf(managed));
    params.put("description", def.comment());
    params.put("partitionBy", toJson(partitions));
    params.put("properties", toJson(props));
    Map<String, String> m = def.asSelect() == null ? metrics()
        : metrics("numFiles", w.adds().size(), "numOutputRows", w.rows(), "numOutputBytes", w.bytes());
    return commit(id, loc, txn, actions, op, params, m, w.adds());
  }

  /**
   * Positions of a query's columns that are a bare NULL: DuckDB describes them as INTEGER, but their
   * type is really NULL (Spark's void), which a Delta column cannot have. The query's type is read
   * from one left-joined row of its empty result, so the query itself is never run.
   */
  private List<Integer> untypedNulls(String query, int width) {
    StringBuilder alias = new StringBuilder();
    StringBuilder types = new StringBuilder();
    for (int i = 0; i < width; i++) {
      alias.append(i == 0 ? "" : ", ").append("__c").append(i);
      types.append(i == 0 ? "" : ", ").append("typeof(__q.__c").append(i).append(")");
    }
    List<Integer> out = new ArrayList<>();
    try {
      QueryResult r = duck.query("SELECT " + types + " FROM (SELECT 1) AS __one LEFT JOIN (SELECT * FROM (" + query
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

  private static String sparkType(String type) {
    String t = DeltaTypes.fromDuck(type);
    return t != null ? t : isKnown(type) ? DeltaTypes.normalize(type) : null;
  }

  private static boolean isKnown(String type) {
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
  private static void checkProperties(TableId id, Map<String, String> props, Map<String, String> current) {
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

  // ------------------------------------------------------------------ INSERT

  @Override
  public synchronized CommitResult write(TableId id, WriteRequest request) {
    long start = System.nanoTime();
    Tx tx = begin(id);
    Loaded t = tx.table();
    List<ColumnDef> source = describeQuery(request.query());
    List<ColumnDef> target = new ArrayList<>(t.columns());
    List<Integer> positions = new ArrayList<>();
    Metadata newMetadata = null;
    if (request.columns() == null) {
      if (source.size() > target.size() && request.mergeSchema()) {
        List<ColumnDef> added = new ArrayList<>();
        for (int i = target.size(); i < source.size(); i++) {
          ColumnDef s = source.get(i);
          if (DeltaTypes.fromDuck(s.type()) == null && !isKnown(s.type()) || s.type().equals("void")) {
            throw LakeErrors.untypedColumn(id, s.name(), s.type());
          }
          added.add(new ColumnDef(s.name(), s.type()));
        }
        target.addAll(added);
        validateColumns(id, target);
        newMetadata = withSchema(t.metadata(), target);
        target = DeltaTypes.fromStruct(newMetadata.getSchema());
      }
      if (source.size() != target.size()) {
        throw LakeErrors.columnCountMismatch(id, t.columns(), source);
      }
      for (int i = 0; i < target.size(); i++) {
        positions.add(i);
      }
    } else {
      if (request.columns().size() != source.size()) {
        throw LakeErrors.columnListMismatch(id, request.columns(), source);
      }
      for (String c : request.columns()) {
        if (target.stream().noneMatch(tc -> tc.name().equalsIgnoreCase(c))) {
          throw LakeErrors.unknownColumn(id, c, target);
        }
      }
      for (ColumnDef tc : target) {
        Integer pos = null;
        for (int i = 0; i < request.columns().size(); i++) {
          if (request.columns().get(i).equalsIgnoreCase(tc.name())) {
            pos = i;
          }
        }
        if (pos == null && !tc.nullable()) {
          throw LakeErrors.notNullViolated(id, tc.name());
        }
        positions.add(pos);
      }
    }
    checkTypes(id, request.query(), source, target, positions);
    List<String> omitted = new ArrayList<>();
    for (int i = 0; i < target.size(); i++) {
      if (positions.get(i) == null) {
        omitted.add(target.get(i).name());
      }
    }
    String select = generate(castSelect(request.query(), source.size(), target, positions), target, c -> omitted.contains(c.name()));
    Written w = writeFiles(id, t.location(), target, t.partitionColumns(), select, true,
        t.metadata().getConfiguration());
    List<Action> actions = new ArrayList<>();
    if (newMetadata != null) {
      actions.add(newMetadata);
    }
    actions.addAll(w.adds());
    long removedBytes = 0;
    int removed = 0;
    if (request.overwrite()) {
      tx.txn().readWholeTable();
      for (FileEntry f : t.files()) {
        actions.add(f.add().remove(System.currentTimeMillis(), true));
        removedBytes += f.add().getSize();
        removed++;
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mode", request.overwrite() ? "Overwrite" : "Append");
    params.put("partitionBy", toJson(t.partitionColumns()));
    Map<String, String> m = metrics("numFiles", w.adds().size(), "numOutputRows", w.rows(), "numOutputBytes", w.bytes());
    if (request.overwrite()) {
      m.put("numRemovedFiles", String.valueOf(removed));
      m.put("numRemovedBytes", String.valueOf(removedBytes));
    }
    m.put("executionTimeMs", String.valueOf((System.nanoTime() - start) / 1_000_000));
    return commit(id, t.location(), tx.txn(), actions, "WRITE", params, m, w.adds());
  }

  /** Schema enforcement: each source column must be storable in its target column. */
  private void checkTypes(TableId id, String query, List<ColumnDef> source, List<ColumnDef> target,
      List<Integer> positions) {
    for (int i = 0; i < target.size(); i++) {
      Integer pos = positions.get(i);
      if (pos == null) {
        continue;
      }
      String from = source.get(pos).type();
      String fromSpark = DeltaTypes.fromDuck(from) != null ? DeltaTypes.fromDuck(from) : (isKnown(from) ? DeltaTypes.normalize(from) : null);
      String to = DeltaTypes.normalize(target.get(i).type());
      if (!DeltaTypes.canStore(fromSpark, to) && !allNull(query, source.size(), pos)) {
        throw LakeErrors.schemaMismatch(id, target.get(i).name(), to, source.get(pos).name(), fromSpark == null ? from : fromSpark);
      }
    }
  }

  private boolean allNull(String query, int width, int pos) {
    StringBuilder alias = new StringBuilder();
    for (int i = 0; i < width; i++) {
      alias.append(i == 0 ? "" : ", ").append("__c").append(i);
    }
    try {
      QueryResult r = duck.query("SELECT count(__c" + pos + ") FROM (" + query + ") AS __src(" + alias + ")");
      return ((Number) r.rows().get(0).get(0)).longValue() == 0;
    } catch (SQLException e) {
      return false;
    }
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

  /**
   * Refuses assignments whose value type cannot be stored in the target column (Spark's ANSI store
   * assignment: numbers into any number type, anything into strings, strings and dates into dates and
   * timestamps, NULL anywhere); {@code from} is the FROM clause the expressions are typed against.
   */
  void checkAssignments(TableId id, List<ColumnDef> targets, List<String> exprs, String from) {
    if (targets.isEmpty()) {
      return;
    }
    StringBuilder probe = new StringBuilder("SELECT ");
    for (int i = 0; i < exprs.size(); i++) {
      probe.append(i == 0 ? "" : ", ").append("(").append(exprs.get(i)).append(")");
    }
    probe.append(" FROM ").append(from);
    List<ColumnDef> types = describeQuery(probe.toString());
    for (int i = 0; i < targets.size(); i++) {
      ColumnDef target = targets.get(i);
      String fromType = sparkType(types.get(i).type());
      if (!DeltaTypes.canStore(fromType, DeltaTypes.normalize(target.type())) && !exprs.get(i).trim().equalsIgnoreCase("null")) {
        throw LakeErrors.schemaMismatch(id, target.name(), target.type(), exprs.get(i), fromType == null ? types.get(i).type() : fromType);
      }
    }
  }

  @Override
  public synchronized CommitResult merge(TableId id, MergeRequest r) {
    return MergeCommand.run(this, id, r);
  }

  // ------------------------------------------------------------------ RESTORE / ALTER

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
    Tx tx = begin(id);
    Loaded t = tx.table();
    Map<String, String> props = new LinkedHashMap<>(properties);
    int[] asked = askedProtocol(id, props);
    checkProperties(id, props, t.metadata().getConfiguration());
    Map<String, String> conf = new LinkedHashMap<>(t.metadata().getConfiguration());
    conf.putAll(props);
    checkFeedColumns(id, conf, t.columns());
    Metadata.Builder b = t.metadata().copyBuilder().configuration(conf);
    if (ColumnMapping.enabled(conf) && !ColumnMapping.enabled(t.metadata().getConfiguration())) {
      // switching column mapping on: every column gets an id, its physical name is its current name
      b.schema(DeltaTypes.toStruct(ColumnMapping.assign(t.columns(), conf, true))).configuration(conf);
    }
    Metadata md = b.build();
    String raise = raiseProtocol(conf, t.columns(), protocol(t.location(), t.version()), asked);
    return commit(id, t.location(), tx.txn(), List.of(md), "SET TBLPROPERTIES" + raise,
        Map.of("properties", toJson(properties)), metrics(), List.of());
  }

  // ------------------------------------------------------------------ CHECK constraints and NOT NULL

  private static final String CONSTRAINT_PREFIX = "delta.constraints.";

  @Override
  public void translateChecksWith(java.util.function.UnaryOperator<String> sparkToEngine) {
    this.checks = sparkToEngine == null ? java.util.function.UnaryOperator.identity() : sparkToEngine;
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
  private long violations(TableId id, String from, String sparkExpr) {
    String expr = checks.apply(sparkExpr);
    try {
      QueryResult r = duck.query("SELECT count(*) FROM (" + from + ") AS __lh_check WHERE (" + expr + ") IS NOT TRUE");
      return ((Number) r.rows().get(0).get(0)).longValue();
    } catch (SQLException e) {
      throw damagedOr(e, LakeErrors.badCheckExpression(id, sparkExpr, e));
    }
  }

  /** The writer version of the protocol in force at a version: the newest protocol action at or before it. */
  private int writerVersion(Path loc, long version) {
    return protocol(loc, version)[1];
  }

  /** The protocol (reader, writer) in force at a version: the newest protocol action at or before it. */
  private int[] protocol(Path loc, long version) {
    try {
      LogReplay.Listing listing = LogReplay.list(loc);
      for (Map.Entry<Long, Path> c : listing.commits().headMap(version, true).descendingMap().entrySet()) {
        for (String line : Files.readAllLines(c.getValue(), java.nio.charset.StandardCharsets.UTF_8)) {
          if (line.startsWith("{\"protocol\"")) {
            JsonNode p = json.readTree(line).path("protocol");
            return new int[] {p.path("minReaderVersion").asInt(1), p.path("minWriterVersion").asInt(2)};
          }
        }
        if (listing.checkpoints().containsKey(c.getKey()) && !listing.commits().containsKey(c.getKey() - 1)) {
          QueryResult r = duck.query("SELECT protocol.minReaderVersion, protocol.minWriterVersion FROM read_parquet("
              + Duck.literal(listing.checkpoints().get(c.getKey()).toString()) + ") WHERE protocol IS NOT NULL");
          return r.rows().isEmpty() ? new int[] {1, 2}
              : new int[] {((Number) r.rows().get(0).get(0)).intValue(), ((Number) r.rows().get(0).get(1)).intValue()};
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      // unreadable log: the protocol every table here starts with
    }
    return new int[] {1, 2};
  }

  /**
   * The writer version Delta requires for a table configuration: 4 for the Change Data Feed, 3 for
   * CHECK constraints, else 2 (legacy protocol versions, no table features).
   */
  static int requiredWriter(Map<String, String> configuration, List<ColumnDef> columns) {
    if (ColumnMapping.enabled(configuration)) {
      return 5;
    }
    if (ChangeDataFeed.enabled(configuration) || columns.stream().anyMatch(c -> c.generatedAs() != null)) {
      return 4;
    }
    return constraints(configuration).isEmpty() ? 2 : 3;
  }

  /** The commit marker raising the protocol for a configuration and schema above {@code current}, or "". */
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

  static String raiseWriter(Map<String, String> configuration, List<ColumnDef> columns, int current) {
    return raiseProtocol(configuration, columns, new int[] {1, current}, new int[] {1, 2});
  }

  /**
   * The commit marker raising the protocol to what the configuration and schema need (reader 2 for
   * column mapping, see {@link #requiredWriter}) or what was {@code asked} with delta.minReaderVersion /
   * delta.minWriterVersion, never lowering {@code current}; "" when nothing rises.
   */
  private static String raiseProtocol(Map<String, String> configuration, List<ColumnDef> columns, int[] current, int[] asked) {
    int reader = Math.max(current[0], Math.max(asked[0], ColumnMapping.enabled(configuration) ? 2 : 1));
    int writer = Math.max(current[1], Math.max(asked[1], requiredWriter(configuration, columns)));
    return reader > current[0] || writer > current[1] ? PutIfAbsentLogStore.protocolMarker(reader, writer) : "";
  }

  private String raiseWriter(Path loc, long version, Map<String, String> configuration, List<ColumnDef> columns) {
    return raiseProtocol(configuration, columns, protocol(loc, version), new int[] {1, 2});
  }

  /**
   * Takes delta.minReaderVersion and delta.minWriterVersion out of {@code props} (Delta keeps them in
   * the protocol, not in the configuration) and returns them as (reader, writer); refused above (2,5).
   */
  private static int[] askedProtocol(TableId id, Map<String, String> props) {
    int[] asked = {1, 2};
    for (java.util.Iterator<Map.Entry<String, String>> it = props.entrySet().iterator(); it.hasNext();) {
      Map.Entry<String, String> e = it.next();
      String lk = e.getKey().toLowerCase(Locale.ROOT);
      int which = lk.equals("delta.minreaderversion") ? 0 : lk.equals("delta.minwriterversion") ? 1 : -1;
      if (which < 0) {
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(e.getValue() == null ? "" : e.getValue().trim());
      } catch (NumberFormatException bad) {
        throw LakeErrors.protocolPropertyValue(id, e.getKey(), e.getValue());
      }
      if (which == 0 ? v < 1 || v > 2 : v < 1 || v > 5) {
        throw LakeErrors.protocolPropertyValue(id, e.getKey(), e.getValue());
      }
      asked[which] = Math.max(asked[which], v);
      it.remove();
    }
    return asked;
  }

  @Override
  public synchronized CommitResult addConstraint(TableId id, String name, String sparkExpr) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw LakeErrors.invalidConstraintName(id, name);
    }
    Tx tx = begin(id);
    Loaded t = tx.table();
    String key = CONSTRAINT_PREFIX + name.toLowerCase(Locale.ROOT);
    Map<String, String> conf = new LinkedHashMap<>(t.metadata().getConfiguration());
    if (conf.containsKey(key)) {
      throw LakeErrors.constraintExists(id, name, conf.get(key));
    }
    tx.txn().readWholeTable();
    long bad = violations(id, scanSql(t, t.files(), t.columns(), false), sparkExpr);
    if (bad > 0) {
      throw LakeErrors.newCheckViolated(id, name, sparkExpr, bad);
    }
    conf.put(key, sparkExpr);
    Metadata md = t.metadata().copyBuilder().configuration(conf).build();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("name", name);
    params.put("expr", sparkExpr);
    String op = "ADD CONSTRAINT" + (writerVersion(t.location(), t.version()) < 3 ? PutIfAbsentLogStore.PROTOCOL_MARKER : "");
    return commit(id, t.location(), tx.txn(), List.of(md), op, params, metrics(), List.of());
  }

  @Override
  public synchronized CommitResult dropConstraint(TableId id, String name, boolean ifExists) {
    Tx tx = begin(id);
    Loaded t = tx.table();
    String key = CONSTRAINT_PREFIX + name.toLowerCase(Locale.ROOT);
    Map<String, String> conf = new LinkedHashMap<>(t.metadata().getConfiguration());
    String old = conf.remove(key);
    if (old == null && !ifExists) {
      throw LakeErrors.constraintNotFound(id, name);
    }
    Metadata md = t.metadata().copyBuilder().configuration(conf).build();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("name", name);
    if (old != null) {
      params.put("expr", old);
    }
    params.put("existed", String.valueOf(old != null));
    return commit(id, t.location(), tx.txn(), List.of(md), "DROP CONSTRAINT", params, metrics(), List.of());
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

  // ------------------------------------------------------------------ OPTIMIZE / VACUUM / CLONE

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
    if (id.isPath()) {
      throw LakeErrors.unsupported("DROP TABLE delta.`path`", "a table addressed by path is not registered; delete its folder yourself");
    }
    Path dir = root.resolve(id.schema()).resolve(id.name()).normalize();
    if (!dir.startsWith(root)) {
      throw LakeErrors.invalidIdentifier(id.name());
    }
    // a registration is dropped even when its folder is no longer allowed or gone: only the marker goes
    boolean registered = Files.exists(dir.resolve(EXTERNAL_MARKER));
    // a table that lost its log can still be dropped: its folder holds data files only
    if (!Files.isDirectory(dir) || !registered && !hasLog(dir) && !hasDataFiles(dir)) {
      if (ifExists) {
        return false;
      }
      throw LakeErrors.tableNotFound(id, similarNames(id));
    }
    if (registered) {
      try {
        logs.remove(location(id));
      } catch (WorkbenchException e) {
        // not cached: a registration outside any location was never opened
      }
    } else {
      logs.remove(dir);
    }
    // atomic: the table's folder (or, for an external table, its registration) is first moved aside in
    // one rename; only a drop that has succeeded deletes anything, and nothing is lost if the move fails
    Path trash = root.resolve("_dropped").resolve(id.schema() + "." + id.name() + "." + UUID.randomUUID());
    try {
      Files.createDirectories(trash.getParent());
      Files.move(dir, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LakeErrors.io("dropping " + id + " (nothing was deleted)", e);
    }
    deleteTree(trash);
    return true;
  }

  /** Deletes a dropped table's folder, best effort: what cannot be deleted stays in lake/_dropped. */
  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // the table is already gone from the lake; leftovers in lake/_dropped hold no table
    }
  }

  @Override
  public synchronized void close() {
    duck.close();
    logs.clear();
  }

}
