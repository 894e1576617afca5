package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.IcebergSnapshot;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.LakeEngine;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Path;
import java.util.List;

/** The lake on the local disk: {@link LocalLake} and {@link IcebergConverter}, registered as the {@link LakeEngine}. */
public final class LocalLakeEngine implements LakeEngine {

  @Override
  public Lake open(Path dataDir, List<Path> readableDirs) {
    return new LocalLake(dataDir, readableDirs);
  }

  @Override
  public List<IcebergSnapshot> icebergSync(Lake lake, TableId table) {
    return IcebergConverter.sync(lake, table);
  }

  @Override
  public List<IcebergSnapshot> icebergSnapshots(Lake lake, TableId table) {
    return IcebergConverter.snapshots(lake, table);
  }

  @Override
  public QueryResult icebergRead(Lake lake, TableId table, long deltaVersion) {
    return IcebergConverter.read(lake, table, deltaVersion);
  }

  @Override
  public List<String> icebergMetadataFiles(Lake lake, TableId table) {
    return IcebergConverter.metadataFiles(lake, table);
  }

  @Override
  public Path location(Lake lake, TableId table) {
    return IcebergConverter.location(lake, table);
  }
}
