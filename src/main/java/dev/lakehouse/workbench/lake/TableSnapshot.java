package dev.lakehouse.workbench.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The state of a table at one version: schema, partitioning, properties and data files. */
public record TableSnapshot(
    TableId table,
    long version,
    Instant timestamp,
    List<ColumnDef> columns,
    List<String> partitionColumns,
    Map<String, String> properties,
    List<DataFile> files) {

  public long rowCount() {
    return files.stream().mapToLong(f -> f.rows() == null ? 0 : f.rows()).sum();
  }
}
