package dev.lakehouse.workbench.lab;

import java.util.List;
import java.util.Map;

/**
 * What checks read: the lake, the version each lab table was (re)set at — the learner's work is the
 * versions after it — and the statements the learner ran since then that failed.
 */
public record CheckContext(LabLake lake, Map<String, Long> baselines, List<FailedStatement> failures,
    java.nio.file.Path dataDir, LabQuality quality, LabRecords records) {

  public CheckContext(LabLake lake, Map<String, Long> baselines, List<FailedStatement> failures,
      java.nio.file.Path dataDir, LabQuality quality) {
    this(lake, baselines, failures, dataDir, quality, LabRecords.NONE);
  }

  public CheckContext(LabLake lake, Map<String, Long> baselines, List<FailedStatement> failures) {
    this(lake, baselines, failures, null, null, LabRecords.NONE);
  }

  /** A learner's file of the lab, resolved in the data folder. */
  public java.nio.file.Path file(String relative) {
    if (dataDir == null || quality == null) {
      throw new IllegalStateException("this lab checks files, which needs the data folder and the quality part");
    }
    return dataDir.resolve(relative).normalize();
  }

  /** A statement the lake rejected, with its error message. */
  public record FailedStatement(String statement, String error) {}

  /** The version the learner's work on {@code table} starts after; -1 when the learner created it. */
  public long baseline(String table) {
    return baselines.getOrDefault(table, -1L);
  }

  /** The versions of {@code table} made since setup (or the last reset), newest first. */
  public List<LabLake.Version> newVersions(String table) {
    long base = baseline(table);
    return lake.history(table).stream().filter(v -> v.version() > base).toList();
  }
}
