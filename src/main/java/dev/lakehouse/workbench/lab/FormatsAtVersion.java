package dev.lakehouse.workbench.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One Delta version of a table read two ways: Delta time travel ({@code VERSION AS OF}) and, when the
 * table keeps Iceberg metadata (day 19), Iceberg's own reader at the snapshot made for that version.
 *
 * @param iceberg null when no Iceberg snapshot was made for the version
 */
public record FormatsAtVersion(String table, long version, Long snapshotId, LabLake.Result delta, LabLake.Result iceberg) {

  /** Reads the version both ways. */
  public static FormatsAtVersion read(LabLake lake, String table, long version) {
    LabLake.Result delta = lake.query("SELECT * FROM " + table + " VERSION AS OF " + version);
    Long snapshot = lake.icebergSnapshots(table).stream().filter(s -> s.deltaVersion() == version)
        .map(LabLake.IcebergVersion::snapshotId).findFirst().orElse(null);
    return new FormatsAtVersion(table, version, snapshot, delta, snapshot == null ? null : lake.icebergRows(table, version));
  }

  /** Whether both formats return the same rows, in any order; false without an Iceberg snapshot. */
  public boolean agree() {
    return iceberg != null && canonical(delta).equals(canonical(iceberg));
  }

  /** One line saying what the two reads found. */
  public String verdict() {
    int rows = delta.rows().size();
    String counted = rows + (rows == 1 ? " row" : " rows");
    if (iceberg == null) {
      return "Version " + version + ": " + counted + " in Delta; Iceberg has no snapshot for it (its snapshots start "
          + "when the table sets delta.universalFormat.enabledFormats)";
    }
    if (agree()) {
      return "Version " + version + ": Delta and Iceberg agree, the same " + counted;
    }
    return "Version " + version + ": Delta and Iceberg differ, Delta " + counted + ", Iceberg " + iceberg.rows().size()
        + (rows == iceberg.rows().size() ? " with other values" : "");
  }

  /** Rows as sorted text, numbers compared by value (an INT and a BIGINT 7 are the same cell). */
  static List<String> canonical(LabLake.Result r) {
    List<String> out = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      out.add(row.stream().map(v -> v instanceof Number n && !(v instanceof java.math.BigDecimal)
          ? Check.QueryEquals.cell(new java.math.BigDecimal(n.toString())) : Check.QueryEquals.cell(v)).collect(Collectors.joining("|")));
    }
    out.sort(null);
    return out;
  }
}
