package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.lake.DataFile;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableInfo;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.lake.VersionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DESCRIBE DETAIL}, {@code DESCRIBE HISTORY} and the raw commit of a version: read from the
 * snapshot and from each commit's commitInfo, times from the commit files (as TIMESTAMP AS OF uses
 * them), as Delta's DescribeDeltaDetailCommand and DescribeDeltaHistoryCommand do.
 */
final class DescribeCommand {

  private DescribeCommand() {}

  /** A version's files, schema and configuration, for the public API. */
  static TableSnapshot snapshot(LocalLake lake, TableId table, TimeTravel at) {
    LocalLake.Loaded l = lake.load(table, at);
    List<DataFile> files = new ArrayList<>();
    for (LocalLake.FileEntry f : l.files()) {
      files.add(new DataFile(f.path(), f.add().getSize(), f.rows(), f.add().getPartitionValues(), f.add().getStats()));
    }
    return new TableSnapshot(table, l.version(), Instant.ofEpochMilli(LocalLake.commitTime(l.location(), l.version())),
        l.columns(), l.partitionColumns(), Map.copyOf(l.metadata().getConfiguration()), List.copyOf(files));
  }

  /** DESCRIBE DETAIL: location, size, file count, protocol and properties of the latest version. */
  static TableInfo detail(LocalLake lake, TableId table) {
    LocalLake.Loaded l = lake.load(table, TimeTravel.LATEST);
    long size = l.files().stream().mapToLong(f -> f.add().getSize()).sum();
    Instant created = l.metadata().getCreatedTime().map(Instant::ofEpochMilli).orElse(null);
    boolean external = !l.location().startsWith(lake.root());
    return new TableInfo(table, l.metadata().getId(), l.location().toUri().toString(),
        l.metadata().getDescription(), l.columns(), l.partitionColumns(),
        Map.copyOf(l.metadata().getConfiguration()), l.version(), l.files().size(), size, created,
        Instant.ofEpochMilli(LocalLake.commitTime(l.location(), l.version())), Committer.protocol(lake, l.location(), l.version())[0],
        Committer.writerVersion(lake, l.location(), l.version()), external);
  }

  /** DESCRIBE HISTORY: one row per commit, newest first, from its commitInfo. */
  static List<VersionInfo> history(LocalLake lake, TableId table) {
    Path loc = lake.requireTable(table);
    long latest = lake.latestVersion(table);
    List<VersionInfo> out = new ArrayList<>();
    for (long v = latest; v >= 0; v--) {
      Path f = LocalLake.commitFile(loc, v);
      if (!Files.exists(f)) {
        break;
      }
      out.add(readCommitInfo(lake, table, loc, v, f));
    }
    return out;
  }

  private static VersionInfo readCommitInfo(LocalLake lake, TableId table, Path loc, long v, Path f) {
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = lake.json.readTree(line);
        } catch (IOException e) {
          throw LakeErrors.damagedCommit(table, v, f, "a line is not valid JSON");
        }
        JsonNode ci = node.get("commitInfo");
        if (ci != null) {
          // the commit file's modification time, as Delta (and TIMESTAMP AS OF) uses it; our log store
          // makes it equal to commitInfo.timestamp
          return new VersionInfo(v, Instant.ofEpochMilli(LocalLake.commitTime(loc, v)),
              ci.path("operation").asText(), stringMap(ci.get("operationParameters")),
              stringMap(ci.get("operationMetrics")),
              ci.has("readVersion") ? ci.get("readVersion").asLong() : null,
              ci.has("isBlindAppend") ? ci.get("isBlindAppend").asBoolean() : null,
              ci.path("engineInfo").asText(null));
        }
      }
      return new VersionInfo(v, Instant.ofEpochMilli(LocalLake.commitTime(loc, v)), "UNKNOWN", Map.of(), Map.of(),
          null, null, null);
    } catch (IOException e) {
      throw LakeErrors.io("reading " + f, e);
    }
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null // as Spark shows it, not the word
          : e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The commit file of a version, as written. */
  static String commitJson(LocalLake lake, TableId table, long version) {
    Path loc = lake.requireTable(table);
    Path f = LocalLake.commitFile(loc, version);
    if (!Files.exists(f)) {
      throw LakeErrors.versionOutOfRange(table, version, SnapshotManagement.earliestVersion(loc), lake.latestVersion(table));
    }
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw LakeErrors.io("reading " + f, e);
    }
  }
}
