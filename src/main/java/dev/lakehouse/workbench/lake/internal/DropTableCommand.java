package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * {@code DROP TABLE [IF EXISTS]}: the table's folder (or, for a table registered at an external
 * location, only its registration) moved aside in one atomic rename, then deleted, so a drop that fails
 * loses nothing, as Delta's catalog drop does for managed and external tables. Runs inside the lake's lock.
 */
final class DropTableCommand {

  private DropTableCommand() {}

  static boolean run(LocalLake lake, TableId id, boolean ifExists) {
    if (id.isPath()) {
      throw LakeErrors.unsupported("DROP TABLE delta.`path`", "a table addressed by path is not registered; delete its folder yourself");
    }
    Path root = lake.root();
    Path dir = root.resolve(id.schema()).resolve(id.name()).normalize();
    if (!dir.startsWith(root)) {
      throw LakeErrors.invalidIdentifier(id.name());
    }
    // a registration is dropped even when its folder is no longer allowed or gone: only the marker goes
    boolean registered = Files.exists(dir.resolve(LocalLake.EXTERNAL_MARKER));
    // a table that lost its log can still be dropped: its folder holds data files only
    if (!Files.isDirectory(dir) || !registered && !LocalLake.hasLog(dir) && !TableCatalog.hasDataFiles(dir)) {
      if (ifExists) {
        return false;
      }
      throw LakeErrors.tableNotFound(id, TableCatalog.similarNames(lake, id));
    }
    if (registered) {
      try {
        lake.forgetLog(lake.location(id));
      } catch (WorkbenchException e) {
        // not cached: a registration outside any location was never opened
      }
    } else {
      lake.forgetLog(dir);
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
}
