package dev.lakehouse.workbench.lake;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What implements the lake: opening one, and the Iceberg metadata written beside its Delta log. The
 * implementation ({@code lake.internal}) is found with {@link ServiceLoader}, so this package names no
 * class of it and {@code Lake} and its implementation do not depend on each other.
 */
public interface LakeEngine {

  /** Opens (creating if needed) the lake of a data directory; queries may also read under {@code readableDirs}. */
  Lake open(Path dataDir, List<Path> readableDirs);

  /** See {@link IcebergTables#sync}. */
  List<IcebergSnapshot> icebergSync(Lake lake, TableId table);

  /** See {@link IcebergTables#snapshots}. */
  List<IcebergSnapshot> icebergSnapshots(Lake lake, TableId table);

  /** See {@link IcebergTables#read}. */
  QueryResult icebergRead(Lake lake, TableId table, long deltaVersion);

  /** See {@link IcebergTables#metadataFiles}. */
  List<String> icebergMetadataFiles(Lake lake, TableId table);

  /** See {@link IcebergTables#location}. */
  Path location(Lake lake, TableId table);

  /** The engine on the class path (the workbench ships one). */
  static LakeEngine get() {
    return Holder.ENGINE;
  }

  /** Loaded once, on first use. */
  final class Holder {
    static final LakeEngine ENGINE = ServiceLoader.load(LakeEngine.class, LakeEngine.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no lake engine on the class path: the build is incomplete"));

    private Holder() {}
  }
}
