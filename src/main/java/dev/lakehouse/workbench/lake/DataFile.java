package dev.lakehouse.workbench.lake;

import java.util.Map;

/**
 * One data file of a snapshot: its path as the log records it (relative to the table, or absolute
 * for a shallow clone), size in bytes, number of rows (null when the writer kept no stats), the
 * partition values, and the log's stats JSON as written (numRecords, minValues, maxValues, nullCount;
 * null when the writer kept none or the file was not read from a log).
 */
public record DataFile(String path, long size, Long rows, Map<String, String> partitionValues, String stats) {
  public DataFile(String path, long size, Long rows, Map<String, String> partitionValues) {
    this(path, size, rows, partitionValues, null);
  }
}
