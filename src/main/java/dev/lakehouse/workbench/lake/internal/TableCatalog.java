package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ExternalLocation;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalog on disk: tables are folders {@code lake/SCHEMA/TABLE} holding a Delta log, or a
 * registration pointing at a folder inside an external location; where a table lives, which tables
 * there are, and the one-line errors for a table that is missing, misspelt or damaged. Delta leaves
 * this to Spark's session catalog.
 */
final class TableCatalog {

  private TableCatalog() {}

  /** Tables registered at a folder inside the external location (by name). */
  static List<String> tablesIn(LocalLake lake, ExternalLocation l) {
    List<String> out = new ArrayList<>();
    Path lr = Locations.real(l.path());
    for (TableId id : tablesIncludingBroken(lake)) {
      Path marker = lake.root().resolve(id.schema()).resolve(id.name()).resolve(LocalLake.EXTERNAL_MARKER);
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

  static Path location(LocalLake lake, TableId id) {
    if (id.isPath()) {
      Path p = Path.of(id.path());
      if (!p.isAbsolute()) {
        throw LakeErrors.pathNotAbsolute(id.path());
      }
      return lake.locations.checkTableFolder(id, id.path(), p, false);
    }
    Path dir = lake.root().resolve(id.schema()).resolve(id.name()).normalize();
    if (!dir.startsWith(lake.root())) {
      throw LakeErrors.invalidIdentifier(id.name());
    }
    Path marker = dir.resolve(LocalLake.EXTERNAL_MARKER);
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
      return lake.locations.checkTableFolder(id, registered, ext, false);
    }
    return dir;
  }

  /** The folder a new table (CREATE, CLONE) goes to, checked as a place for a new table. */
  static Path newTableLocation(LocalLake lake, TableId id) {
    if (id.isPath()) {
      Path p = Path.of(id.path());
      if (!p.isAbsolute()) {
        throw LakeErrors.pathNotAbsolute(id.path());
      }
      Path loc = lake.locations.checkTableFolder(id, id.path(), p, true);
      lake.requireWritable(id, loc);
      return loc;
    }
    return location(lake, id);
  }

  static List<TableId> tables(LocalLake lake) {
    List<TableId> out = new ArrayList<>();
    for (TableId id : tablesIncludingBroken(lake)) {
      try {
        if (LocalLake.hasLog(location(lake, id))) {
          out.add(id);
        }
      } catch (WorkbenchException e) {
        // a registration pointing nowhere is not a table
      }
    }
    return out;
  }

  private static List<TableId> tablesIncludingBroken(LocalLake lake) {
    List<TableId> out = new ArrayList<>();
    try (Stream<Path> schemas = Files.list(lake.root())) {
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
      throw LakeErrors.io("listing the lake " + lake.root(), e);
    }
    return out;
  }

  static Path requireTable(LocalLake lake, TableId id) {
    Path loc = location(lake, id);
    if (!LocalLake.hasLog(loc)) {
      if (hasDataFiles(loc)) {
        throw LakeErrors.logMissing(id, loc);
      }
      throw LakeErrors.tableNotFound(id, similarNames(lake, id));
    }
    checkCommitsNotEmpty(id, loc);
    return loc;
  }

  static boolean hasDataFiles(Path loc) {
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
    for (Map.Entry<Long, Path> c : SnapshotManagement.listing(loc).commits().entrySet()) {
      try {
        if (Files.size(c.getValue()) == 0) {
          throw LakeErrors.damagedCommit(id, c.getKey(), c.getValue(), "the commit file is empty (0 bytes)");
        }
      } catch (IOException e) {
        throw LakeErrors.io("reading " + c.getValue(), e);
      }
    }
  }

  static List<String> similarNames(LocalLake lake, TableId id) {
    if (id.isPath()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (TableId t : lake.tables()) {
      if (t.name().equals(id.name()) || distance(t.name(), id.name()) <= 2) {
        out.add(t.toString());
      }
    }
    return out;
  }

  private static int distance(String a, String b) {
    return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
  }
}
