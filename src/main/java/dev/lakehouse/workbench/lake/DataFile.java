package dev.lakehouse.workbench.lake;

import java.util.Map;

/**
 * One data file of a snapshot: its path as the log records it (relative to the table, or absolute
 * for a shallow clone), size in bytes, number of rows (null when the writer kept no stats) and the
 * partition values.
 */
public record DataFile(String path, long size, Long rows, Map<String, String> partitionValues) {}
