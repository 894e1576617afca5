package dev.lakehouse.workbench.lake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@code DESCRIBE DETAIL} shows about a table at its latest version. */
public record TableInfo(
    TableId table,
    String id,
    String location,
    String description,
    List<ColumnDef> columns,
    List<String> partitionColumns,
    Map<String, String> properties,
    long version,
    long numFiles,
    long sizeInBytes,
    Instant createdAt,
    Instant lastModified,
    int minReaderVersion,
    int minWriterVersion,
    boolean external) {}
