package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code INSERT INTO | INSERT OVERWRITE} and the appends and overwrites of a query: the source's
 * columns matched to the table's (by position or by the column list), store assignment checked, schema
 * merged when asked, generated columns filled, one WRITE commit, as Delta's WriteIntoDelta does. Runs
 * inside the lake's lock ({@link LocalLake#write}).
 */
final class WriteCommand {

  private WriteCommand() {}

  /** INSERT INTO / INSERT OVERWRITE / an append or overwrite of a query (see {@link LocalLake#write}). */
  static CommitResult run(LocalLake lake, TableId id, Lake.WriteRequest request) {
    long start = System.nanoTime();
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    List<ColumnDef> source = lake.describeQuery(request.query());
    List<ColumnDef> target = new ArrayList<>(t.columns());
    List<Integer> positions = new ArrayList<>();
    Metadata newMetadata = null;
    if (request.columns() == null) {
      if (source.size() > target.size() && request.mergeSchema()) {
        List<ColumnDef> added = new ArrayList<>();
        for (int i = target.size(); i < source.size(); i++) {
          ColumnDef s = source.get(i);
          if (DeltaTypes.fromDuck(s.type()) == null && !SchemaEnforcement.isKnown(s.type()) || s.type().equals("void")) {
            throw LakeErrors.untypedColumn(id, s.name(), s.type());
          }
          added.add(new ColumnDef(s.name(), s.type()));
        }
        target.addAll(added);
        SchemaEnforcement.validateColumns(id, target);
        newMetadata = SchemaEnforcement.withSchema(t.metadata(), target);
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
    SchemaEnforcement.checkTypes(lake, id, request.query(), source, target, positions);
    List<String> omitted = new ArrayList<>();
    for (int i = 0; i < target.size(); i++) {
      if (positions.get(i) == null) {
        omitted.add(target.get(i).name());
      }
    }
    String select = SchemaEnforcement.generate(lake, SchemaEnforcement.castSelect(request.query(), source.size(), target, positions), target, c -> omitted.contains(c.name()));
    DataFileWriter.Written w = DataFileWriter.write(lake, id, t.location(), target, t.partitionColumns(), select, true,
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
      for (LocalLake.FileEntry f : t.files()) {
        actions.add(f.add().remove(System.currentTimeMillis(), true));
        removedBytes += f.add().getSize();
        removed++;
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mode", request.overwrite() ? "Overwrite" : "Append");
    params.put("partitionBy", lake.toJson(t.partitionColumns()));
    Map<String, String> m = Committer.metrics("numFiles", w.adds().size(), "numOutputRows", w.rows(), "numOutputBytes", w.bytes());
    if (request.overwrite()) {
      m.put("numRemovedFiles", String.valueOf(removed));
      m.put("numRemovedBytes", String.valueOf(removedBytes));
    }
    m.put("executionTimeMs", String.valueOf((System.nanoTime() - start) / 1_000_000));
    return Committer.commit(lake, id, t.location(), tx.txn(), actions, "WRITE", params, m, w.adds());
  }
}
