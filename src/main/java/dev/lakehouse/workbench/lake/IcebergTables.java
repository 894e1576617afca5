package dev.lakehouse.workbench.lake;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Iceberg metadata kept beside a Delta table, as Delta's UniForm does (decision 0033): the table's
 * own Parquet files, never copied, described again by Iceberg metadata in the table's
 * {@code metadata/} folder, with a name mapping because the files carry no field ids. Every Delta
 * version becomes one Iceberg snapshot; the lake keeps it in step after each commit of a table whose
 * property {@value #ENABLED_FORMATS} names {@code iceberg}.
 */
public final class IcebergTables {

  /** The table property that turns the Iceberg metadata on, as UniForm spells it. */
  public static final String ENABLED_FORMATS = "delta.universalFormat.enabledFormats";

  private IcebergTables() {}

  /** Whether a table's properties ask for Iceberg metadata. */
  public static boolean enabled(Map<String, String> properties) {
    if (properties == null) {
      return false;
    }
    for (var e : properties.entrySet()) {
      if (e.getKey().equalsIgnoreCase(ENABLED_FORMATS) && e.getValue() != null
          && List.of(e.getValue().toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("iceberg")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Converts every Delta version of the table not converted yet into an Iceberg snapshot (creating the
   * Iceberg table on the first call) and returns all snapshots, oldest first.
   */
  public static List<IcebergSnapshot> sync(Lake lake, TableId table) {
    return LakeEngine.get().icebergSync(lake, table);
  }

  /** The Iceberg snapshots of the table, oldest first; empty when it has no Iceberg metadata. */
  public static List<IcebergSnapshot> snapshots(Lake lake, TableId table) {
    return LakeEngine.get().icebergSnapshots(lake, table);
  }

  /**
   * The rows Iceberg's own generic reader returns at the snapshot made for one Delta version, in the
   * columns of that version; values as {@link QueryResult} gives them (dates as ISO-8601 text).
   */
  public static QueryResult read(Lake lake, TableId table, long deltaVersion) {
    return LakeEngine.get().icebergRead(lake, table, deltaVersion);
  }

  /** The files of the Iceberg metadata folder (metadata JSON, manifest lists, manifests), relative to the table. */
  public static List<String> metadataFiles(Lake lake, TableId table) {
    return LakeEngine.get().icebergMetadataFiles(lake, table);
  }

  /** The table's folder. */
  public static Path location(Lake lake, TableId table) {
    return LakeEngine.get().location(lake, table);
  }
}
