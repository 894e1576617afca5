package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.Lake.CreateMode;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code CREATE [OR REPLACE] TABLE t [SHALLOW | DEEP] CLONE s [VERSION AS OF v]}: the source's
 * metadata under a new table id, and its files either referenced where they are (shallow) or copied
 * into the new table's folder at the same relative place (deep), as Delta's CloneTableCommand does.
 * Runs inside the lake's lock ({@link LocalLake#shallowClone}, {@link LocalLake#deepClone}).
 */
final class CloneCommand {

  private CloneCommand() {}

  static CommitResult run(LocalLake lake, TableId target, TableId source, TimeTravel at, CreateMode mode, boolean deep) {
    LocalLake.Loaded s = lake.load(source, at);
    Path loc = lake.newTableLocation(target);
    lake.requireWritable(target, loc);
    boolean exists = LocalLake.hasLog(loc);
    if (exists && mode == CreateMode.IF_NOT_EXISTS) {
      return new CommitResult(lake.latestVersion(target), "NONE", Map.of());
    }
    if (exists && mode == CreateMode.CREATE) {
      throw LakeErrors.tableExists(target);
    }
    DeltaLog log = lake.guard(target, loc, () -> lake.log(loc));
    OptimisticTransaction txn = lake.guard(target, loc, log::startTransaction);
    List<Action> actions = new ArrayList<>();
    actions.add(s.metadata().copyBuilder().id(UUID.randomUUID().toString()).name(target.name())
        .createdTime(System.currentTimeMillis()).build());
    long size = 0;
    long copied = 0;
    long copiedBytes = 0;
    Set<String> added = new HashSet<>();
    for (LocalLake.FileEntry f : s.files()) {
      AddFile a = f.add();
      String path = f.absolute().toUri().toString();
      if (deep) {
        // the file keeps its place (partition folder and name) inside the new table's folder
        Path from = f.absolute();
        Path rel = from.startsWith(s.location()) ? s.location().relativize(from) : from.getFileName();
        Path to = loc.resolve(rel).normalize();
        if (!to.startsWith(loc)) {
          throw LakeErrors.unsupported("DEEP CLONE of a file outside its table (" + a.getPath() + ")",
              "clone the table the file belongs to");
        }
        try {
          if (!Files.exists(to) || Files.size(to) != Files.size(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copied++;
            copiedBytes += a.getSize();
          }
        } catch (IOException e) {
          throw LakeErrors.io("copying " + rel + " into " + target, e);
        }
        path = a.getPath().contains(":") || a.getPath().startsWith("/") ? rel.toString().replace('\\', '/') : a.getPath();
      }
      added.add(path);
      actions.add(new AddFile(path, a.getPartitionValues(), a.getSize(),
          a.getModificationTime(), !deep || a.isDataChange(), a.getStats() == null ? null : lake.toJson(a.getStats()), a.getTags()));
      size += a.getSize();
    }
    long removed = 0;
    if (exists) {
      for (LocalLake.FileEntry f : lake.guard(target, loc, () -> SnapshotManagement.toLoaded(lake, target, loc, log.snapshot())).files()) {
        if (!added.contains(f.path())) {
          actions.add(f.add().remove(System.currentTimeMillis(), true));
          removed++;
        }
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("source", source.toString());
    params.put("sourceVersion", String.valueOf(s.version()));
    params.put("isShallow", String.valueOf(!deep));
    Map<String, String> m = Committer.metrics("sourceTableSize", size, "sourceNumOfFiles", s.files().size(),
        "numRemovedFiles", removed, "numCopiedFiles", copied, "removedFilesSize", 0, "copiedFilesSize", copiedBytes);
    // a clone keeps the source's CHECK constraints, so it needs the writer version they need
    String op = "CLONE" + Committer.raiseWriter(s.metadata().getConfiguration(), s.columns(), 2);
    return Committer.commit(lake, target, loc, txn, actions, op, params, m, List.of());
  }
}
