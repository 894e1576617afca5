package dev.lakehouse.workbench.lake;

import java.time.Instant;

/**
 * One Iceberg snapshot kept beside a Delta table: the Delta version it was made from, its id, when
 * it was committed, Iceberg's operation ({@code append}, {@code overwrite}, {@code delete}), the
 * manifest list it points to, and how many data files and rows it holds.
 */
public record IcebergSnapshot(
    long deltaVersion,
    long snapshotId,
    Instant committedAt,
    String operation,
    String manifestList,
    long dataFiles,
    long rows) {}
