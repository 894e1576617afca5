package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.lake.IcebergSnapshot;
import dev.lakehouse.workbench.lake.IcebergTables;
import dev.lakehouse.workbench.lake.TableId;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Iceberg metadata over a Delta table's own files (decision 0033): every Delta version has an Iceberg
 * snapshot, and Iceberg's generic reader returns the same rows as the Delta table at every version.
 */
class IcebergBesideDeltaTest extends LakeSessionTest {

  private static final TableId T = TableId.parse("s.t");
  private static final String ENABLE =
      "ALTER TABLE s.t SET TBLPROPERTIES ('delta.universalFormat.enabledFormats' = 'iceberg')";

  /** Rows as sorted text, so both readers compare whatever order their files are read in. */
  private static List<String> canon(List<List<Object>> rows) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : r) {
        cells.add(v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : String.valueOf(v));
      }
      out.add(String.join("|", cells));
    }
    out.sort(null);
    return out;
  }

  private List<String> delta(long version) {
    return canon(sql.query("SELECT * FROM s.t VERSION AS OF " + version).rows());
  }

  private List<String> iceberg(long version) {
    return canon(IcebergTables.read(lake, T, version).rows());
  }

  private void assertAgreeAtEveryVersion() {
    long latest = lake.latestVersion(T);
    List<IcebergSnapshot> snaps = IcebergTables.snapshots(lake, T);
    assertThat(snaps).extracting(IcebergSnapshot::deltaVersion)
        .containsExactlyElementsOf(Stream.iterate(0L, v -> v <= latest, v -> v + 1).toList());
    for (long v = 0; v <= latest; v++) {
      assertThat(iceberg(v)).as("rows at version %d", v).isEqualTo(delta(v));
    }
  }

  @Test
  void enablingConvertsEveryVersionAndLaterCommitsFollowWithoutCopyingData() throws Exception {
    sql.execute("CREATE TABLE s.t (id BIGINT, customer INT, amount DECIMAL(10,2), day DATE, status STRING)");
    sql.execute("INSERT INTO s.t VALUES (1, 10, 2.50, DATE '2024-03-01', 'paid'), (2, 11, 3.00, DATE '2024-03-01', 'paid')");
    sql.execute("INSERT INTO s.t VALUES (3, 10, 7.25, DATE '2024-03-02', 'refunded')");
    assertThat(IcebergTables.snapshots(lake, T)).isEmpty();

    sql.execute(ENABLE);
    assertThat(IcebergTables.snapshots(lake, T)).hasSize(4);
    Path table = lake.root().resolve("s").resolve("t");
    assertThat(table.resolve("metadata")).isDirectory();
    assertThat(IcebergTables.metadataFiles(lake, T))
        .anyMatch(f -> f.endsWith(".metadata.json"))
        .anyMatch(f -> f.contains("snap-") && f.endsWith(".avro"))
        .anyMatch(f -> f.endsWith("-m0.avro"));

    // later Delta versions follow: append, update (rewrites a file), schema evolution, delete, restore
    sql.execute("INSERT INTO s.t VALUES (4, 12, 1.00, DATE '2024-03-03', 'paid')");
    sql.execute("UPDATE s.t SET status = 'shipped' WHERE id = 1");
    sql.execute("ALTER TABLE s.t ADD COLUMNS (coupon STRING)");
    sql.execute("INSERT INTO s.t VALUES (5, 13, 9.99, DATE '2024-03-04', 'paid', 'SPRING')");
    sql.execute("DELETE FROM s.t WHERE customer = 10");
    sql.execute("RESTORE TABLE s.t TO VERSION AS OF 4");

    assertAgreeAtEveryVersion();
    List<IcebergSnapshot> snaps = IcebergTables.snapshots(lake, T);
    assertThat(snaps.get(1).operation()).isEqualTo("append");
    assertThat(snaps.get(5).operation()).isEqualTo("overwrite");
    assertThat(snaps.get((int) lake.latestVersion(T)).rows()).isEqualTo(4);
    assertThat(iceberg(7)).contains("5|13|9.99|2024-03-04|paid|SPRING");
    assertThat(iceberg(6)).allMatch(r -> r.endsWith("|null"));

    // Iceberg's generic reader (IcebergGenerics) reads the same rows at the latest snapshot
    Table ice = new HadoopTables(new Configuration()).load(table.toString());
    List<List<Object>> generic = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(ice).build()) {
      for (Record r : records) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          Object v = r.get(i);
          row.add(v instanceof LocalDate d ? d.toString() : v);
        }
        generic.add(row);
      }
    }
    // (its current schema keeps the column RESTORE took out of the Delta schema: empty in these rows)
    assertThat(canon(generic)).isEqualTo(delta(lake.latestVersion(T)).stream().map(r -> r + "|null").toList());

    // no data copied: every Parquet file under the table is one Delta wrote
    try (Stream<Path> files = Files.walk(table)) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")))
          .allMatch(p -> p.getParent().equals(table) || p.toString().contains("_delta_log"));
    }
  }

  @Test
  void partitionedTableTakesItsPartitionValuesFromTheMetadata() {
    sql.execute("CREATE TABLE s.t (id INT, country STRING, amount DOUBLE) PARTITIONED BY (country)");
    sql.execute(ENABLE);
    sql.execute("INSERT INTO s.t VALUES (1, 'FR', 1.5), (2, 'DE', 2.5), (3, 'FR', 3.5)");
    sql.execute("DELETE FROM s.t WHERE country = 'DE'");
    assertAgreeAtEveryVersion();
    assertThat(iceberg(2)).containsExactly("1|FR|1.5", "2|DE|2.5", "3|FR|3.5");
  }

  @Test
  void columnMappingRenamesAndDropsFollowInIcebergByPhysicalNames() {
    sql.execute("CREATE TABLE s.t (id INT, country STRING, amount DOUBLE, note STRING) PARTITIONED BY (country)");
    sql.execute("INSERT INTO s.t VALUES (1, 'FR', 1.5, 'a'), (2, 'DE', 2.5, 'b')");
    sql.execute("ALTER TABLE s.t SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    sql.execute(ENABLE);
    sql.execute("ALTER TABLE s.t RENAME COLUMN country TO land");
    sql.execute("ALTER TABLE s.t RENAME COLUMN amount TO total");
    sql.execute("ALTER TABLE s.t ADD COLUMNS (amount DOUBLE)");   // the old name again: a new column
    sql.execute("INSERT INTO s.t VALUES (3, 'IT', 3.5, 'c', 9.0)");
    sql.execute("ALTER TABLE s.t DROP COLUMN note");
    sql.execute("UPDATE s.t SET total = total * 2 WHERE land = 'FR'");
    assertAgreeAtEveryVersion();
    assertThat(iceberg(lake.latestVersion(T))).containsExactly("1|FR|3|null", "2|DE|2.5|null", "3|IT|3.5|9");
    assertThat(iceberg(7)).contains("3|IT|3.5|c|9");
  }

  @Test
  void readingATableWithoutIcebergSaysHowToTurnItOn() {
    sql.execute("CREATE TABLE s.t (id INT)");
    assertThatThrownBy(() -> IcebergTables.sync(lake, T))
        .hasMessageContaining("has no Iceberg metadata")
        .hasMessageContaining("delta.universalFormat.enabledFormats");
    sql.execute(ENABLE);
    assertThatThrownBy(() -> IcebergTables.read(lake, T, 9)).hasMessageContaining("no Iceberg snapshot");
  }
}
