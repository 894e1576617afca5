package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RESTORE TABLE t TO VERSION AS OF v | TIMESTAMP AS OF ts}: one commit that removes the files
 * added since and adds back the files removed since, with the target version's metadata, as Delta's
 * RestoreTableCommand does. Runs inside the lake's lock ({@link LocalLake#restore}).
 */
final class RestoreCommand {

  private RestoreCommand() {}

  static CommitResult run(LocalLake lake, TableId id, TimeTravel to) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded cur = tx.table();
    LocalLake.Loaded target = lake.load(id, to);
    // a version from before column mapping was turned on is restored with its own schema: its files were
    // all written before, with the names that schema gives them (the protocol stays where it is)
    Map<String, LocalLake.FileEntry> now = new LinkedHashMap<>();
    cur.files().forEach(f -> now.put(f.path(), f));
    Map<String, LocalLake.FileEntry> then = new LinkedHashMap<>();
    target.files().forEach(f -> then.put(f.path(), f));
    List<Action> actions = new ArrayList<>();
    // Delta's RESTORE commits the target version's metadata: columns added since disappear. The Delta
    // library refuses a narrower schema, so it is handed the union of both schemas (a compatible
    // change) and the log store writes the target's exact schema into the commit (see
    // PutIfAbsentLogStore.SCHEMA_MARKER).
    String schemaOverride = null;
    if (!target.metadata().equals(cur.metadata())) {
      Metadata md = target.metadata();
      if (!md.getSchema().equals(cur.metadata().getSchema())) {
        schemaOverride = md.getSchema().toJson();
        List<StructField> union = new ArrayList<>(List.of(cur.metadata().getSchema().getFields()));
        for (StructField f : md.getSchema().getFields()) {
          if (union.stream().noneMatch(u -> u.getName().equalsIgnoreCase(f.getName()))) {
            union.add(f);
          }
        }
        md = md.copyBuilder().schema(new StructType(union.toArray(new StructField[0]))).build();
      }
      actions.add(md);
    }
    long restoredBytes = 0;
    int restored = 0;
    for (LocalLake.FileEntry f : target.files()) {
      if (!now.containsKey(f.path())) {
        if (!Files.exists(f.absolute())) {
          throw LakeErrors.restoreFilesMissing(id, target.version(), f.path());
        }
        AddFile a = f.add();
        actions.add(new AddFile(a.getPath(), a.getPartitionValues(), a.getSize(), System.currentTimeMillis(), true,
            a.getStats() == null ? null : lake.toJson(a.getStats()), a.getTags()));
        restoredBytes += a.getSize();
        restored++;
      }
    }
    long removedBytes = 0;
    int removed = 0;
    for (LocalLake.FileEntry f : cur.files()) {
      if (!then.containsKey(f.path())) {
        actions.add(f.add().remove(System.currentTimeMillis(), true));
        removedBytes += f.add().getSize();
        removed++;
      }
    }
    tx.txn().readWholeTable();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("version", to.version() == null ? null : String.valueOf(target.version()));
    params.put("timestamp", to.timestamp() == null ? null : to.timestamp().toString());
    Map<String, String> m = Committer.metrics("tableSizeAfterRestore", target.files().stream().mapToLong(f -> f.add().getSize()).sum(),
        "numOfFilesAfterRestore", target.files().size(), "numRemovedFiles", removed, "numRestoredFiles", restored,
        "removedFilesSize", removedBytes, "restoredFilesSize", restoredBytes);
    String operation = schemaOverride == null ? "RESTORE" : "RESTORE" + PutIfAbsentLogStore.SCHEMA_MARKER + schemaOverride;
    return Committer.commit(lake, id, cur.location(), tx.txn(), actions, operation, params, m, List.of());
  }
}
