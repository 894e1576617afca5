package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Snapshots: the table's state at a version or a timestamp, from our own log replay
 * ({@link LogReplay}) or, when it declines, from delta-standalone; time travel resolved against the
 * commit files' times, as Delta's SnapshotManagement and DeltaTableUtils.resolveTimeTravelVersion do.
 */
final class SnapshotManagement {

  private SnapshotManagement() {}

  static LocalLake.Loaded load(LocalLake lake, TableId id, TimeTravel at) {
    Path loc = lake.requireTable(id);
    LocalLake.Loaded own = lake.guard(id, loc, () -> loadOwn(lake, id, loc, at));
    if (own != null) {
      return own;
    }
    DeltaLog log = lake.guard(id, loc, () -> lake.log(loc));
    Snapshot s = lake.guard(id, loc, () -> {
      Snapshot latest = log.update();
      if (at.isLatest()) {
        return latest;
      }
      long v = at.version() != null ? at.version() : versionAt(lake, id, loc, at.timestamp(), listing(loc), latest.getVersion());
      if (v < 0 || v > latest.getVersion()) {
        throw LakeErrors.versionOutOfRange(id, v, earliestVersion(loc), latest.getVersion());
      }
      return v == latest.getVersion() ? latest : log.getSnapshotForVersionAsOf(v);
    });
    return lake.guard(id, loc, () -> toLoaded(lake, id, loc, s));
  }

  /** A snapshot from our own log replay (see {@link LogReplay}), or null to use delta-standalone. */
  private static LocalLake.Loaded loadOwn(LocalLake lake, TableId id, Path loc, TimeTravel at) {
    LogReplay.Listing l = listing(loc);
    long latest = l.latest();
    if (latest < 0) {
      return null;
    }
    long v = at.isLatest() ? latest : at.version() != null ? at.version() : versionAt(lake, id, loc, at.timestamp(), l, latest);
    if (v < 0 || v > latest) {
      throw LakeErrors.versionOutOfRange(id, v, earliestVersion(loc), latest);
    }
    LogReplay.State s = lake.replay.read(loc, l, v);
    return s == null ? null : toLoaded(lake, id, loc, s.version(), s.metadata(), s.columns(), s.files());
  }

  static LogReplay.Listing listing(Path loc) {
    try {
      return LogReplay.list(loc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LocalLake.Loaded toLoaded(LocalLake lake, TableId id, Path loc, Snapshot s) {
    Metadata md = s.getMetadata();
    return toLoaded(lake, id, loc, s.getVersion(), md, DeltaTypes.fromStruct(md.getSchema()), s.getAllFiles());
  }

  private static LocalLake.Loaded toLoaded(LocalLake lake, TableId id, Path loc, long version, Metadata md, List<ColumnDef> columns, List<AddFile> adds) {
    lake.noteRead(loc, id, version);
    List<LocalLake.FileEntry> files = ScanPlanner.files(lake.json, loc, adds);
    return new LocalLake.Loaded(id, loc, version, md, columns, List.copyOf(md.getPartitionColumns()), files);
  }

  static long earliestVersion(Path loc) {
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
  private static long versionAt(LocalLake lake, TableId id, Path loc, Instant ts, LogReplay.Listing listing, long latest) {
    long millis = ts.toEpochMilli();
    long previous = Long.MIN_VALUE;
    long first = Long.MIN_VALUE;
    long found = -1;
    for (Map.Entry<Long, Path> e : listing.commits().headMap(latest, true).entrySet()) {
      long t = Math.max(LocalLake.commitTime(loc, e.getKey()), previous == Long.MIN_VALUE ? Long.MIN_VALUE : previous + 1);
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
}
