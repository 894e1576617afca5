package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.Lake.VacuumResult;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code VACUUM}: deletes the data and change files of a table that no version within the retention
 * needs, as Delta does, committing VACUUM START and VACUUM END around the deletion. Runs inside the
 * lake's lock ({@link LocalLake#vacuum}).
 */
final class VacuumCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VacuumCommand() {}

  /** Deletes the files no version within the retention needs (see {@link LocalLake#vacuum}). */
  static VacuumResult run(LocalLake lake, TableId id, Double retainHours, boolean dryRun, boolean retentionCheck) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    double defaultHours = retentionHours(t.metadata().getConfiguration());
    double hours = retainHours == null ? defaultHours : retainHours;
    if (hours < 0) {
      throw LakeErrors.negativeRetention(id, hours);
    }
    if (retentionCheck && hours < defaultHours) {
      throw LakeErrors.retentionTooShort(id, hours, defaultHours);
    }
    long threshold = System.currentTimeMillis() - (long) (hours * 3_600_000L);
    Set<Path> keep = new HashSet<>();
    t.files().forEach(f -> keep.add(f.absolute()));
    // files removed recently stay for time travel within the retention
    Path logDir = t.location().resolve("_delta_log");
    try (Stream<Path> logs = Files.list(logDir)) {
      for (Path f : logs.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).collect(Collectors.toList())) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("{\"remove\"")) {
            JsonNode rm = JSON.readTree(line).get("remove");
            if (rm.path("deletionTimestamp").asLong(Long.MAX_VALUE) > threshold) {
              keep.add(LocalLake.absolute(t.location(), rm.get("path").asText()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw LakeErrors.io("reading the log of " + id, e);
    }
    List<Path> delete = new ArrayList<>();
    long bytes = 0;
    try (Stream<Path> walk = Files.walk(t.location())) {
      for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path rel = t.location().relativize(p);
        // the Change Data Feed's files count as the table's own, as in Delta: removed past the retention
        boolean change = rel.getNameCount() > 1 && rel.getName(0).toString().equals(ChangeDataFeed.CHANGE_DIR);
        Path own = change ? rel.subpath(1, rel.getNameCount()) : rel;
        boolean hidden = false;
        for (Path part : own) {
          String n = part.toString();
          hidden |= n.startsWith("_") || n.startsWith(".");
        }
        // only files this table could have written: never a file someone else keeps in the folder
        if (hidden || !Locations.looksLikeDataFile(own) || keep.contains(p)
            || Files.getLastModifiedTime(p).toMillis() > threshold) {
          continue;
        }
        delete.add(p);
        bytes += Files.size(p);
      }
    } catch (IOException e) {
      throw LakeErrors.io("listing " + t.location(), e);
    }
    List<String> names = delete.stream().map(p -> t.location().relativize(p).toString()).sorted()
        .collect(Collectors.toList());
    if (dryRun) {
      return new VacuumResult(names, true, bytes);
    }
    Map<String, String> startParams = new LinkedHashMap<>();
    startParams.put("retentionCheckEnabled", String.valueOf(retentionCheck));
    startParams.put("defaultRetentionMillis", String.valueOf((long) (defaultHours * 3_600_000L)));
    startParams.put("specifiedRetentionMillis", String.valueOf((long) (hours * 3_600_000L)));
    Committer.commit(lake, id, t.location(), tx.txn(), List.of(), "VACUUM START", startParams,
        Committer.metrics("numFilesToDelete", delete.size(), "sizeOfDataToDelete", bytes), List.of());
    int dirs = 0;
    for (Path p : delete) {
      try {
        Files.deleteIfExists(p);
        Path parent = p.getParent();
        while (!parent.equals(t.location()) && isEmptyDir(parent)) {
          Files.delete(parent);
          dirs++;
          parent = parent.getParent();
        }
      } catch (IOException e) {
        throw LakeErrors.io("deleting " + p, e);
      }
    }
    Committer.Tx end = Committer.begin(lake, id);
    Committer.commit(lake, id, t.location(), end.txn(), List.of(), "VACUUM END", Map.of("status", "COMPLETED"),
        Committer.metrics("numDeletedFiles", delete.size(), "numVacuumedDirectories", dirs), List.of());
    return new VacuumResult(names, false, bytes);
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }

  private static double retentionHours(Map<String, String> conf) {
    String v = conf.get("delta.deletedFileRetentionDuration");
    if (v == null) {
      return LocalLake.DEFAULT_RETENTION_HOURS;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)interval\\s+(\\d+)\\s+(day|days|hour|hours)").matcher(v.trim());
    if (!m.matches()) {
      return LocalLake.DEFAULT_RETENTION_HOURS;
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2).toLowerCase(Locale.ROOT).startsWith("day") ? n * 24.0 : n;
  }
}
