package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.IcebergSnapshot;
import dev.lakehouse.workbench.lake.IcebergTables;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableInfo;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.VersionInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PartitionUtil;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Writes Iceberg metadata over a Delta table's own Parquet files (decision 0033): one Iceberg
 * snapshot per Delta version, the files' columns found by name through the table's default name
 * mapping, column statistics read from each file's footer. The Iceberg table lives in the Delta
 * table's folder ({@code metadata/}, as UniForm puts it) and is a path table of Iceberg's Hadoop
 * catalog: no catalog service is involved.
 */
public final class IcebergConverter {

  /** The snapshot summary entry naming the Delta version a snapshot was made from. */
  static final String DELTA_VERSION = "delta-version";

  static final String DELTA_OPERATION = "delta-operation";

  /** The file locked while converting; hidden, so VACUUM and Delta's readers pass it by. */
  static final String LOCK = ".iceberg-conversion.lock";

  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

  private IcebergConverter() {}

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    // no .crc side files next to the metadata, and no file system shared with the Delta library's cache
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  public static Path location(Lake lake, TableId t) {
    String loc = lake.describe(t).location();
    return loc.startsWith("file:") ? Path.of(URI.create(loc)) : Path.of(loc);
  }

  /** After a commit: keeps the Iceberg metadata in step when the table asks for it; never fails the commit. */
  static void afterCommit(Lake lake, TableId t, Map<String, String> configuration) {
    if (!IcebergTables.enabled(configuration)) {
      return;
    }
    try {
      sync(lake, t);
    } catch (RuntimeException e) {
      // the Delta commit stands; the next commit or an explicit sync converts the missing versions
    }
  }

  /**
   * Converts the versions not converted yet. Within the process the method is synchronized; between
   * processes (the app and a terminal on one data folder) an exclusive lock on the table's hidden
   * {@value #LOCK} file is held for the whole conversion, so two converters never both commit a
   * snapshot for the same Delta version: the second one reloads the Iceberg table under the lock and
   * finds the version done.
   */
  public static synchronized List<IcebergSnapshot> sync(Lake lake, TableId t) {
    TableInfo info = lake.describe(t);
    if (!IcebergTables.enabled(info.properties())) {
      throw LakeErrors.icebergNotEnabled(t);
    }
    Path dir = location(lake, t);
    try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return syncLocked(lake, t, lake.describe(t), dir);
    } catch (IOException e) {
      throw LakeErrors.icebergFailure(t, e);
    }
  }

  private static List<IcebergSnapshot> syncLocked(Lake lake, TableId t, TableInfo info, Path dir) {
    HadoopTables tables = new HadoopTables(conf());
    String loc = dir.toString();
    try {
      List<VersionInfo> history = lake.history(t);
      Map<Long, String> operations = new LinkedHashMap<>();
      history.forEach(h -> operations.put(h.version(), h.operation()));
      long oldest = history.stream().mapToLong(VersionInfo::version).min().orElse(info.version());
      Table ice;
      long done;
      Map<String, DataFile> current = new LinkedHashMap<>();
      if (!tables.exists(loc)) {
        TableSnapshot first = lake.snapshot(t, oldest);
        Schema schema = schemaOf(t, first.columns());
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        first.partitionColumns().forEach(spec::identity);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableProperties.FORMAT_VERSION, "2");
        props.put(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(extend(NameMapping.empty(), schema, first.columns())));
        props.put("converted-from", "delta");
        ice = tables.create(schema, spec.build(), SortOrder.unsorted(), props, loc);
        done = oldest - 1;
      } else {
        ice = tables.load(loc);
        done = lastConverted(ice, oldest);
        try (CloseableIterable<FileScanTask> tasks = ice.newScan().planFiles()) {
          for (FileScanTask task : tasks) {
            current.put(task.file().location(), task.file());
          }
        }
      }
      for (long v = Math.max(done + 1, oldest); v <= info.version(); v++) {
        current = convert(lake, t, dir, ice, v, operations.getOrDefault(v, "UNKNOWN"), current);
      }
      return snapshots(ice);
    } catch (WorkbenchException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw LakeErrors.icebergFailure(t, e);
    }
  }

  private static long lastConverted(Table ice, long oldest) {
    Snapshot s = ice.currentSnapshot();
    if (s == null || s.summary().get(DELTA_VERSION) == null) {
      return oldest - 1;
    }
    return Long.parseLong(s.summary().get(DELTA_VERSION));
  }

  private static Map<String, DataFile> convert(Lake lake, TableId t, Path dir, Table ice, long version,
      String operation, Map<String, DataFile> current) {
    TableSnapshot s = lake.snapshot(t, version);
    Transaction tx = ice.newTransaction();
    String mappingJson = tx.table().properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    NameMapping before = mappingJson == null ? MappingUtil.create(tx.table().schema()) : NameMappingParser.fromJson(mappingJson);
    if (followSchema(t, tx, s, before)) {
      tx.updateProperties()
          .set(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(extend(before, tx.table().schema(), s.columns())))
          .commit();
    }
    NameMapping mapping = NameMappingParser.fromJson(tx.table().properties().get(TableProperties.DEFAULT_NAME_MAPPING));
    MetricsConfig metricsConfig = MetricsConfig.forTable(tx.table());
    PartitionSpec spec = tx.table().spec();
    Map<String, DataFile> next = new LinkedHashMap<>();
    List<DataFile> added = new ArrayList<>();
    for (var f : s.files()) {
      Path file = resolve(dir, f.path());
      String key = file.toUri().toString();
      DataFile known = current.get(key);
      if (known == null) {
        Metrics metrics = ParquetUtil.fileMetrics(org.apache.iceberg.Files.localInput(file.toFile()), metricsConfig, mapping);
        DataFiles.Builder b = DataFiles.builder(spec)
            .withPath(key)
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(f.size())
            .withMetrics(metrics);
        if (spec.isPartitioned()) {
          List<String> values = new ArrayList<>();
          // keyed by the column's name in the files: its physical name under column mapping
          spec.fields().forEach(pf -> values.add(partitionValue(f.partitionValues(), fileName(mapping, spec.schema(), pf.sourceId()))));
          b.withPartitionValues(values);
        }
        known = b.build();
        added.add(known);
      }
      next.put(key, known);
    }
    List<DataFile> removed = current.entrySet().stream().filter(e -> !next.containsKey(e.getKey()))
        .map(Map.Entry::getValue).toList();
    SnapshotUpdate<?> update;
    if (removed.isEmpty()) {
      AppendFiles append = tx.newFastAppend();
      added.forEach(append::appendFile);
      update = append;
    } else if (added.isEmpty()) {
      DeleteFiles delete = tx.newDelete();
      removed.forEach(delete::deleteFile);
      update = delete;
    } else {
      OverwriteFiles overwrite = tx.newOverwrite();
      removed.forEach(overwrite::deleteFile);
      added.forEach(overwrite::addFile);
      update = overwrite;
    }
    update.set(DELTA_VERSION, String.valueOf(version));
    update.set(DELTA_OPERATION, operation);
    update.commit();
    tx.commitTransaction();
    return next;
  }

  /**
   * Brings the Iceberg schema in step with a Delta version's columns, matched by their name in the data
   * files (the name mapping): new columns are added; under column mapping, renamed columns are renamed
   * and dropped ones deleted (field ids stay, as in Delta). Without column mapping nothing is dropped
   * (a RESTORE that takes a column out leaves it in Iceberg's schema, decision 0033). True if it changed.
   */
  private static boolean followSchema(TableId t, Transaction tx, TableSnapshot s, NameMapping mapping) {
    Schema schema = tx.table().schema();
    boolean mapped = ColumnMapping.enabled(s.properties());
    Map<String, String> renames = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    java.util.Set<Integer> kept = new java.util.HashSet<>();
    List<ColumnDef> added = new ArrayList<>();
    for (ColumnDef c : s.columns()) {
      MappedField mf = mapping.find(c.physical());
      Types.NestedField field = mf == null ? null : schema.findField(mf.id());
      if (field == null && !mapped) {
        field = schema.caseInsensitiveFindField(c.name());
      }
      if (field == null) {
        added.add(c);
        continue;
      }
      kept.add(field.fieldId());
      if (!field.name().equals(c.name())) {
        renames.put(field.name(), c.name());
      }
    }
    if (mapped) {
      for (Types.NestedField f : schema.columns()) {
        if (!kept.contains(f.fieldId()) && tx.table().spec().fields().stream().noneMatch(pf -> pf.sourceId() == f.fieldId())) {
          deletes.add(f.name());
        }
      }
    }
    if (renames.isEmpty() && deletes.isEmpty() && added.isEmpty()) {
      return false;
    }
    UpdateSchema update = tx.updateSchema();
    renames.forEach(update::renameColumn);
    deletes.forEach(update::deleteColumn);
    added.forEach(c -> update.addColumn(c.name(), typeOf(t, c)));
    update.commit();
    return true;
  }

  /**
   * The name mapping with an entry for every field of {@code schema} it lacks, named as the field's
   * column is named in the data files (its physical name under column mapping). Entries of fields no
   * longer in the schema stay, so older snapshots still find their files' columns.
   */
  private static NameMapping extend(NameMapping mapping, Schema schema, List<ColumnDef> columns) {
    List<MappedField> fields = new ArrayList<>();
    java.util.Set<Integer> have = new java.util.HashSet<>();
    for (MappedField f : mapping.asMappedFields().fields()) {
      fields.add(f);
      have.add(f.id());
    }
    for (Types.NestedField f : schema.columns()) {
      if (have.add(f.fieldId())) {
        String file = columns.stream().filter(c -> c.name().equals(f.name())).map(ColumnDef::physical).findFirst().orElse(f.name());
        fields.add(MappedField.of(f.fieldId(), file));
      }
    }
    return NameMapping.of(fields);
  }

  /** The name of a field's column in the data files, from the name mapping (else the field's name). */
  private static String fileName(NameMapping mapping, Schema schema, int fieldId) {
    for (MappedField f : mapping.asMappedFields().fields()) {
      if (f.id() != null && f.id() == fieldId && !f.names().isEmpty()) {
        return f.names().iterator().next();
      }
    }
    return schema.findColumnName(fieldId);
  }

  private static String partitionValue(Map<String, String> values, String column) {
    if (values == null) {
      return null;
    }
    for (var e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    return null;
  }

  static Path resolve(Path dir, String path) {
    if (path.startsWith("file:")) {
      return Path.of(URI.create(path));
    }
    if (path.startsWith("/")) {
      return Path.of(path);
    }
    return dir.resolve(URI.create(path.replace(" ", "%20")).getPath()).normalize();
  }

  public static List<IcebergSnapshot> snapshots(Lake lake, TableId t) {
    Path dir = location(lake, t);
    HadoopTables tables = new HadoopTables(conf());
    if (!tables.exists(dir.toString())) {
      return List.of();
    }
    return snapshots(tables.load(dir.toString()));
  }

  private static List<IcebergSnapshot> snapshots(Table ice) {
    Path dir = Path.of(URI.create(ice.location().startsWith("/") ? "file:" + ice.location() : ice.location()));
    List<IcebergSnapshot> out = new ArrayList<>();
    for (Snapshot s : ice.snapshots()) {
      Map<String, String> sum = s.summary();
      String list = s.manifestListLocation();
      if (list != null) {
        Path p = list.startsWith("file:") ? Path.of(URI.create(list)) : Path.of(list);
        list = dir.relativize(p).toString();
      }
      out.add(new IcebergSnapshot(
          Long.parseLong(sum.getOrDefault(DELTA_VERSION, "-1")),
          s.snapshotId(),
          Instant.ofEpochMilli(s.timestampMillis()),
          s.operation(),
          list,
          Long.parseLong(sum.getOrDefault("total-data-files", "0")),
          Long.parseLong(sum.getOrDefault("total-records", "0"))));
    }
    return out;
  }

  public static QueryResult read(Lake lake, TableId t, long deltaVersion) {
    Path dir = location(lake, t);
    HadoopTables tables = new HadoopTables(conf());
    if (!tables.exists(dir.toString())) {
      throw LakeErrors.icebergNotEnabled(t);
    }
    Table ice = tables.load(dir.toString());
    Long id = null;
    for (Snapshot s : ice.snapshots()) {
      if (String.valueOf(deltaVersion).equals(s.summary().get(DELTA_VERSION))) {
        id = s.snapshotId();
      }
    }
    if (id == null) {
      throw LakeErrors.icebergVersionMissing(t, deltaVersion);
    }
    List<ColumnDef> columns = lake.snapshot(t, deltaVersion).columns();
    List<List<Object>> rows = new ArrayList<>();
    Schema schema = ice.schemas().get(ice.snapshot(id).schemaId());
    if (schema == null) {
      schema = ice.schema();
    }
    // Iceberg's own scan planning and Parquet reader, with the table's name mapping (our files carry no
    // field ids). IcebergGenerics in 1.12 does not hand the mapping to the Parquet reader and falls back
    // to matching columns by position, which is wrong for partitioned files (decision 0033).
    NameMapping mapping = NameMappingParser.fromJson(ice.properties().get(TableProperties.DEFAULT_NAME_MAPPING));
    Schema projection = schema;
    try (CloseableIterable<FileScanTask> tasks = ice.newScan().useSnapshot(id).planFiles()) {
      for (FileScanTask task : tasks) {
        Map<Integer, ?> constants = PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
        try (CloseableIterable<Record> records = Parquet.read(ice.io().newInputFile(task.file().location()))
            .project(projection)
            .withNameMapping(mapping)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema, constants))
            .build()) {
          for (Record r : records) {
            List<Object> row = new ArrayList<>(columns.size());
            for (ColumnDef c : columns) {
              Types.NestedField field = r.struct().caseInsensitiveField(c.name());
              row.add(field == null ? null : plain(r.getField(field.name())));
            }
            rows.add(row);
          }
        }
      }
    } catch (IOException e) {
      throw LakeErrors.io("reading the Iceberg metadata of " + t, e);
    }
    return new QueryResult(columns.stream().map(ColumnDef::name).toList(),
        columns.stream().map(ColumnDef::type).toList(), rows);
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    if (v instanceof Temporal || v instanceof CharSequence) {
      return v.toString();
    }
    return String.valueOf(v);
  }

  public static List<String> metadataFiles(Lake lake, TableId t) {
    Path dir = location(lake, t);
    Path meta = dir.resolve("metadata");
    if (!Files.isDirectory(meta)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(meta)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.endsWith(".crc")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw LakeErrors.io("listing " + meta, e);
    }
  }

  private static Schema schemaOf(TableId t, List<ColumnDef> columns) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (ColumnDef c : columns) {
      // optional even for NOT NULL columns: a later RESTORE may bring back rows written before the constraint
      fields.add(Types.NestedField.optional(id++, c.name(), typeOf(t, c)));
    }
    return new Schema(fields);
  }

  static Type typeOf(TableId t, ColumnDef c) {
    String type = DeltaTypes.normalize(c.type()).toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher m = DECIMAL.matcher(type);
    if (m.matches()) {
      return Types.DecimalType.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    return switch (type) {
      case "boolean" -> Types.BooleanType.get();
      case "tinyint", "smallint", "int", "integer" -> Types.IntegerType.get();
      case "bigint", "long" -> Types.LongType.get();
      case "float" -> Types.FloatType.get();
      case "double" -> Types.DoubleType.get();
      case "string" -> Types.StringType.get();
      case "date" -> Types.DateType.get();
      case "timestamp" -> Types.TimestampType.withZone();
      case "timestamp_ntz" -> Types.TimestampType.withoutZone();
      case "binary" -> Types.BinaryType.get();
      default -> throw new IllegalArgumentException(
          "column " + c.name() + " of " + t + " has type " + c.type() + ", which the Iceberg conversion does not map");
    };
  }
}
