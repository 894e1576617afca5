package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.Format;
import io.delta.standalone.actions.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code CREATE TABLE [IF NOT EXISTS | OR REPLACE] ... [AS SELECT]}, managed, by path or registered at
 * an external location: the first commit's metadata (and, for AS SELECT, its data files), or the
 * replacing commit, as Delta's CreateDeltaTableCommand does. Runs inside the lake's lock
 * ({@link LocalLake#createTable}).
 */
final class CreateTableCommand {

  private CreateTableCommand() {}

  static CommitResult run(LocalLake lake, TableId id, Lake.TableDefinition def, Lake.CreateMode mode) {
    if (def.location() != null) {
      return createExternal(lake, id, def, mode);
    }
    Path loc = lake.newTableLocation(id);
    return createAt(lake, id, loc, def, mode, !id.isPath());
  }

  private static CommitResult createExternal(LocalLake lake, TableId id, Lake.TableDefinition def, Lake.CreateMode mode) {
    if (id.isPath()) {
      throw LakeErrors.unsupported("CREATE TABLE delta.`path` ... LOCATION", "name the table instead");
    }
    Path ext = Path.of(def.location());
    if (!ext.isAbsolute()) {
      throw LakeErrors.pathNotAbsolute(def.location());
    }
    Path dir = lake.root().resolve(id.schema()).resolve(id.name());
    if (!dir.normalize().startsWith(lake.root())) {
      throw LakeErrors.invalidIdentifier(id.name());
    }
    if (LocalLake.hasLog(lake.location(id))) {
      if (mode == Lake.CreateMode.IF_NOT_EXISTS) {
        return new CommitResult(lake.latestVersion(id), "NONE", Map.of());
      }
      throw LakeErrors.tableExists(id);
    }
    ext = lake.locations.checkTableFolder(id, def.location(), ext, true);
    lake.requireWritable(id, ext);
    if (LocalLake.hasLog(ext) && !def.columns().isEmpty()) {
      TableId at = TableId.atPath(ext.toString());
      List<ColumnDef> existing = lake.load(at, TimeTravel.LATEST).columns();
      if (!sameColumns(def.columns(), existing)) {
        throw LakeErrors.schemaDiffersFromExisting(id, def.location(), def.columns(), existing);
      }
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(LocalLake.EXTERNAL_MARKER), ext.toString());
    } catch (IOException e) {
      throw LakeErrors.io("registering " + id, e);
    }
    if (LocalLake.hasLog(ext)) {
      return new CommitResult(lake.latestVersion(id), "REGISTER", Map.of());
    }
    try {
      return createAt(lake, id, ext, def, Lake.CreateMode.CREATE, false);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(dir.resolve(LocalLake.EXTERNAL_MARKER));
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // leave it: an empty registration folder is not a table
      }
      throw e;
    }
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

  static CommitResult createAt(LocalLake lake, TableId id, Path loc, Lake.TableDefinition def, Lake.CreateMode mode, boolean managed) {
    lake.requireWritable(id, loc);
    boolean exists = LocalLake.hasLog(loc);
    if (exists && mode == Lake.CreateMode.IF_NOT_EXISTS) {
      return new CommitResult(lake.latestVersion(id), "NONE", Map.of());
    }
    if (exists && mode == Lake.CreateMode.CREATE) {
      throw LakeErrors.tableExists(id);
    }
    List<ColumnDef> columns = new ArrayList<>();
    if (def.asSelect() != null && def.columns().isEmpty()) {
      List<ColumnDef> described = lake.describeQuery(def.asSelect());
      for (int pos : SchemaEnforcement.untypedNulls(lake, def.asSelect(), described.size())) {
        throw LakeErrors.untypedColumn(id, described.get(pos).name(), "void");
      }
      for (ColumnDef c : described) {
        if (c.type().equals("void") || DeltaTypes.fromDuck(c.type()) == null && !SchemaEnforcement.isKnown(c.type())) {
          throw LakeErrors.untypedColumn(id, c.name(), c.type());
        }
        columns.add(new ColumnDef(c.name(), c.type()));
      }
    } else {
      for (ColumnDef c : def.columns()) {
        columns.add(new ColumnDef(c.name(), DeltaTypes.normalize(c.type()), c.nullable(), c.comment(), c.generatedAs()));
      }
    }
    SchemaEnforcement.validateColumns(id, columns);
    for (ColumnDef c : columns) {
      if (c.generatedAs() != null) {
        try {
          lake.describeQuery("SELECT CAST((" + lake.checks.apply(c.generatedAs()) + ") AS " + DeltaTypes.toDuck(c.type()) + ") FROM ("
              + ScanPlanner.scanSql(new LocalLake.Loaded(id, loc, -1, null, columns, List.of(), List.of()), List.of(), columns, false) + ") AS __lh_g");
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
    int[] asked = Committer.askedProtocol(id, props);
    SchemaEnforcement.checkProperties(id, props, Map.of());
    SchemaEnforcement.checkFeedColumns(id, props, columns);
    if (ColumnMapping.enabled(props)) {
      columns = new ArrayList<>(ColumnMapping.assign(columns, props, false));
    }
    List<String> partitions = new ArrayList<>();
    for (String p : def.partitionColumns()) {
      partitions.add(columns.stream().filter(c -> c.name().equalsIgnoreCase(p)).findFirst().get().name());
    }
    DeltaLog log = lake.guard(id, loc, () -> lake.log(loc));
    OptimisticTransaction txn = lake.guard(id, loc, log::startTransaction);
    LocalLake.Loaded current = exists ? lake.guard(id, loc, () -> SnapshotManagement.toLoaded(lake, id, loc, log.snapshot())) : null;
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
    DataFileWriter.Written w = new DataFileWriter.Written(List.of(), 0, 0);
    if (def.asSelect() != null) {
      int width = lake.describeQuery(def.asSelect()).size();
      List<Integer> pos = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        pos.add(i < width ? i : null);
      }
      w = DataFileWriter.write(lake, id, loc, columns, partitions, SchemaEnforcement.castSelect(def.asSelect(), width, columns, pos), true, props);
      actions.addAll(w.adds());
    }
    if (current != null) {
      for (LocalLake.FileEntry f : current.files()) {
        actions.add(f.add().remove(System.currentTimeMillis(), true));
      }
    }
    String op = (mode == Lake.CreateMode.OR_REPLACE ? "CREATE OR REPLACE TABLE" : "CREATE TABLE")
        + (def.asSelect() != null ? " AS SELECT" : "")
        + Committer.raiseProtocol(props, columns, exists ? Committer.protocol(lake, loc, current.version()) : new int[] {1, 2}, asked);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("isManaged", String.valueOf(managed));
    params.put("description", def.comment());
    params.put("partitionBy", lake.toJson(partitions));
    params.put("properties", lake.toJson(props));
    Map<String, String> m = def.asSelect() == null ? Committer.metrics()
        : Committer.metrics("numFiles", w.adds().size(), "numOutputRows", w.rows(), "numOutputBytes", w.bytes());
    return Committer.commit(lake, id, loc, txn, actions, op, params, m, w.adds());
  }

}
