package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every statement against a real lake, each result read back through Delta Kernel. */
class SqlOnLakeTest extends LakeSessionTest {

  private Path path(String table) {
    TableId id = TableId.parse(table);
    return lake.root().resolve(id.schema()).resolve(id.name());
  }

  /** Kernel and the lake agree on every version's rows. */
  private void assertKernelAgreesAtEveryVersion(String table) throws Exception {
    Path p = path(table);
    long latest = kernel.latestVersion(p);
    assertThat(latest).isEqualTo(lake.latestVersion(TableId.parse(table)));
    for (long v = 0; v <= latest; v++) {
      assertThat(kernel.rows(p, v)).as("version %d", v).isEqualTo(rows("SELECT * FROM " + table + " VERSION AS OF " + v));
    }
  }

  private static WorkbenchException.Kind kind(Throwable t) {
    return ((WorkbenchException) t).kind();
  }

  @Test
  void appendAddsOneVersionAndKeepsOldRows() throws Exception {
    sql.execute("CREATE TABLE sales (id INT, item STRING, amount DOUBLE)");
    sql.execute("INSERT INTO sales VALUES (1, 'tea', 2.5)");
    sql.execute("INSERT INTO sales VALUES (2, 'cake', 4.0)");
    assertThat(rows("SELECT id, item FROM sales")).containsExactly(List.of(1L, "tea"), List.of(2L, "cake"));
    List<VersionInfo> h = lake.history(TableId.parse("sales"));
    assertThat(h).extracting(VersionInfo::operation).containsExactly("WRITE", "WRITE", "CREATE TABLE");
    assertThat(h.get(0).parameters()).containsEntry("mode", "Append");
    assertThat(h.get(0).metrics()).containsEntry("numOutputRows", "1");
    assertThat(h.get(0).isBlindAppend()).isTrue();
    assertThat(kernel.schema(path("sales"), 2)).containsExactly("id integer", "item string", "amount double");
    assertKernelAgreesAtEveryVersion("sales");
  }

  @Test
  void insertOverwriteReplacesRowsButKeepsHistory() throws Exception {
    sql.execute("CREATE TABLE t (id BIGINT); INSERT INTO t VALUES (1), (2); INSERT OVERWRITE t SELECT 3");
    assertThat(rows("SELECT * FROM t")).containsExactly(List.of(3L));
    assertThat(rows("SELECT * FROM t VERSION AS OF 1")).containsExactly(List.of(1L), List.of(2L));
    assertThat(lake.history(TableId.parse("t")).get(0).parameters()).containsEntry("mode", "Overwrite");
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void partitionedTableSkipsFilesByPartitionAndStats() throws Exception {
    sql.execute("CREATE TABLE ev (id INT, day DATE, country STRING) USING DELTA PARTITIONED BY (country)");
    sql.execute("INSERT INTO ev VALUES (1, DATE '2024-01-01', 'FR'), (2, DATE '2024-01-02', 'DE')");
    sql.execute("INSERT INTO ev VALUES (10, DATE '2024-02-01', 'FR')");
    StatementResult byPartition = sql.execute("SELECT * FROM ev WHERE country = 'DE'").get(0);
    assertThat(byPartition.metrics()).containsEntry("filesScanned", 1L).containsEntry("filesTotal", 3L);
    StatementResult byStats = sql.execute("SELECT * FROM ev WHERE id >= 10").get(0);
    assertThat(byStats.metrics()).containsEntry("filesScanned", 1L);
    assertThat(byStats.rows()).hasSize(1);
    StatementResult explain = sql.execute("EXPLAIN SELECT * FROM ev WHERE country = 'FR' AND id < 5").get(0);
    assertThat(explain.rows()).containsExactly(List.of("default.ev", 2L, 1L, 3L));
    assertThat(kernel.partitionColumns(path("ev"), 2)).containsExactly("country");
    assertKernelAgreesAtEveryVersion("ev");
  }

  @Test
  void wrongTypeIsRefusedBeforeAnythingIsCommitted() {
    sql.execute("CREATE TABLE t (id INT NOT NULL, name STRING)");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES ('abc', 'x')"))
        .hasMessageContaining("schema mismatch").hasMessageContaining("default.t").hasMessageContaining("'id' is int")
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES (1)")).hasMessageContaining("has 2 columns");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES (NULL, 'x')")).hasMessageContaining("NOT NULL")
        .hasMessageContaining("'id'");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t (name) VALUES ('x')")).hasMessageContaining("NOT NULL");
    assertThat(lake.latestVersion(TableId.parse("t"))).isZero();
    assertThat(lake.snapshot(TableId.parse("t"), 0).files()).isEmpty();
  }

  @Test
  void timeTravelByVersionTimestampAndAtSyntax() throws Exception {
    sql.execute("CREATE TABLE t (id INT); INSERT INTO t VALUES (1)");
    Thread.sleep(20);
    String between = java.time.Instant.now().toString();
    Thread.sleep(20);
    sql.execute("INSERT INTO t VALUES (2)");
    assertThat(rows("SELECT * FROM t@v1")).containsExactly(List.of(1L));
    assertThat(rows("SELECT * FROM t TIMESTAMP AS OF '" + between + "'")).containsExactly(List.of(1L));
    assertThat(rows("SELECT a.id, b.id FROM t VERSION AS OF 2 a LEFT JOIN t VERSION AS OF 1 b ON a.id = b.id ORDER BY a.id"))
        .containsExactly(java.util.Arrays.asList(1L, 1L), java.util.Arrays.asList(2L, null));
    assertThatThrownBy(() -> sql.execute("SELECT * FROM t VERSION AS OF 9"))
        .hasMessageContaining("version 9 of default.t does not exist").hasMessageContaining("0 to 2");
    assertThatThrownBy(() -> sql.execute("SELECT * FROM t TIMESTAMP AS OF '2000-01-01'"))
        .hasMessageContaining("created at");
  }

  @Test
  void updateRewritesOnlyFilesHoldingAffectedRows() throws Exception {
    sql.execute("CREATE TABLE t (id INT, v STRING); INSERT INTO t VALUES (1, 'a'); INSERT INTO t VALUES (2, 'b')");
    StatementResult r = sql.execute("UPDATE t SET v = upper(v) WHERE id = 2").get(0);
    assertThat(r.metrics()).containsEntry("numUpdatedRows", 1L).containsEntry("numRemovedFiles", 1L)
        .containsEntry("numAddedFiles", 1L).containsEntry("version", 3L);
    assertThat(rows("SELECT * FROM t")).containsExactly(List.of(1L, "a"), List.of(2L, "B"));
    assertThat(lake.history(TableId.parse("t")).get(0).operation()).isEqualTo("UPDATE");
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void deleteRemovesRowsAndWholeFiles() throws Exception {
    sql.execute("CREATE TABLE t (id INT); INSERT INTO t VALUES (1), (2); INSERT INTO t VALUES (3)");
    StatementResult r = sql.execute("DELETE FROM t WHERE id >= 2").get(0);
    assertThat(r.metrics()).containsEntry("numDeletedRows", 2L).containsEntry("numRemovedFiles", 2L)
        .containsEntry("numCopiedRows", 1L);
    assertThat(rows("SELECT * FROM t")).containsExactly(List.of(1L));
    sql.execute("DELETE FROM t");
    assertThat(rows("SELECT count(*) FROM t")).containsExactly(List.of(0L));
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void mergeUpdatesDeletesAndInsertsWithMetrics() throws Exception {
    sql.execute("CREATE TABLE tgt (id INT, v STRING); INSERT INTO tgt VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    sql.execute("CREATE TABLE src AS SELECT * FROM (VALUES (1, 'A'), (2, 'DEL'), (4, 'D')) s(id, v)");
    StatementResult r = sql.execute("MERGE INTO tgt t USING src s ON t.id = s.id "
        + "WHEN MATCHED AND s.v = 'DEL' THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v "
        + "WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, lower(s.v))").get(0);
    assertThat(r.metrics()).containsEntry("numTargetRowsUpdated", 1L).containsEntry("numTargetRowsDeleted", 1L)
        .containsEntry("numTargetRowsInserted", 1L).containsEntry("numSourceRows", 3L);
    assertThat(rows("SELECT * FROM tgt")).containsExactly(List.of(1L, "A"), List.of(3L, "c"), List.of(4L, "d"));
    assertThat(lake.history(TableId.parse("tgt")).get(0).operation()).isEqualTo("MERGE");
    assertThatThrownBy(() -> sql.execute("MERGE INTO tgt USING (SELECT 1 AS id UNION ALL SELECT 1) s ON tgt.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET v = 'x'")).hasMessageContaining("several source rows matched");
    assertKernelAgreesAtEveryVersion("tgt");
  }

  @Test
  void mergeWhenNotMatchedBySourceUpdatesOrDeletesTargetRowsTheSourceLacks() throws Exception {
    sql.execute("CREATE TABLE tgt (id INT, v STRING); INSERT INTO tgt VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
    sql.execute("CREATE TABLE src AS SELECT * FROM (VALUES (1, 'A'), (1, 'A2'), (5, 'E')) s(id, v)");
    // no WHEN MATCHED: the twice-matched target row 1 stays once, as in Delta
    StatementResult r = sql.execute("MERGE INTO tgt t USING src s ON t.id = s.id "
        + "WHEN NOT MATCHED BY SOURCE AND t.id = 2 THEN UPDATE SET v = upper(t.v) "
        + "WHEN NOT MATCHED BY SOURCE THEN DELETE").get(0);
    assertThat(r.metrics()).containsEntry("numTargetRowsNotMatchedBySourceUpdated", 1L)
        .containsEntry("numTargetRowsNotMatchedBySourceDeleted", 2L).containsEntry("numTargetRowsUpdated", 1L)
        .containsEntry("numTargetRowsDeleted", 2L);
    assertThat(rows("SELECT * FROM tgt ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(2L, "B"));
    sql.execute("DELETE FROM src WHERE v = 'A2'");
    sql.execute("MERGE INTO tgt USING src ON tgt.id = src.id WHEN MATCHED THEN UPDATE SET v = src.v "
        + "WHEN NOT MATCHED THEN INSERT * WHEN NOT MATCHED BY SOURCE THEN DELETE");
    assertThat(rows("SELECT * FROM tgt ORDER BY id")).containsExactly(List.of(1L, "A"), List.of(5L, "E"));
    assertThat(lake.history(TableId.parse("tgt")).get(0).parameters()).containsKey("notMatchedBySourcePredicates");
    assertKernelAgreesAtEveryVersion("tgt");
  }

  @Test
  void schemaEvolutionAddsColumnsOnlyWhenAsked() throws Exception {
    sql.execute("CREATE TABLE t (id INT); INSERT INTO t VALUES (1)");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t SELECT 2, 'x' AS note")).hasMessageContaining("schema mismatch");
    sql.execute("INSERT WITH SCHEMA EVOLUTION INTO t SELECT 2, 'x' AS note");
    sql.execute("SET spark.databricks.delta.schema.autoMerge.enabled = true");
    sql.execute("MERGE INTO t USING (SELECT 3 AS id, 'y' AS note, true AS flag) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *");
    sql.execute("ALTER TABLE t ADD COLUMNS (score DOUBLE COMMENT 'points')");
    assertThat(rows("SELECT * FROM t")).containsExactly(java.util.Arrays.asList(1L, null, null, null),
        java.util.Arrays.asList(2L, "x", null, null), java.util.Arrays.asList(3L, "y", true, null));
    assertThat(kernel.schema(path("t"), 4)).containsExactly("id integer", "note string", "flag boolean", "score double");
    assertThat(lake.history(TableId.parse("t")).get(0).operation()).isEqualTo("ADD COLUMNS");
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void restoreBringsBackAnOldVersionAsANewCommit() throws Exception {
    sql.execute("CREATE TABLE t (id INT); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); DELETE FROM t WHERE id = 1");
    StatementResult r = sql.execute("RESTORE TABLE t TO VERSION AS OF 1").get(0);
    assertThat(r.metrics()).containsEntry("version", 4L).containsEntry("operation", "RESTORE")
        .containsEntry("numRestoredFiles", 1L).containsEntry("numRemovedFiles", 1L);
    assertThat(rows("SELECT * FROM t")).containsExactly(List.of(1L));
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void optimizeCompactsSmallFilesWithoutChangingRows() throws Exception {
    sql.execute("CREATE TABLE t (id INT, p STRING) PARTITIONED BY (p)");
    for (int i = 0; i < 4; i++) {
      sql.execute("INSERT INTO t VALUES (" + i + ", 'a'), (" + (i + 10) + ", 'b')");
    }
    StatementResult r = sql.execute("OPTIMIZE t WHERE p = 'a' ZORDER BY (id)").get(0);
    assertThat(r.metrics()).containsEntry("numRemovedFiles", 4L).containsEntry("numAddedFiles", 1L);
    assertThat(lake.snapshot(TableId.parse("t"), lake.latestVersion(TableId.parse("t"))).files()).hasSize(5);
    VersionInfo v = lake.history(TableId.parse("t")).get(0);
    assertThat(v.operation()).isEqualTo("OPTIMIZE");
    assertThat(v.parameters()).containsEntry("zOrderBy", "[\"id\"]");
    assertThat(lake.commitJson(TableId.parse("t"), 5)).contains("\"dataChange\":false");
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void vacuumKeepsTimeTravelFilesUnlessTheCheckIsDisabled() throws Exception {
    sql.execute("CREATE TABLE t (id INT); INSERT INTO t VALUES (1); INSERT OVERWRITE t SELECT 2");
    assertThatThrownBy(() -> sql.execute("VACUUM t RETAIN 0 HOURS")).hasMessageContaining("retentionDurationCheck");
    assertThat(sql.execute("VACUUM t").get(0).rows()).isEmpty();
    sql.execute("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    assertThat(sql.execute("VACUUM t RETAIN 0 HOURS DRY RUN").get(0).rows()).hasSize(1);
    StatementResult r = sql.execute("VACUUM t RETAIN 0 HOURS").get(0);
    assertThat(r.rows()).hasSize(1);
    List<VersionInfo> h = lake.history(TableId.parse("t"));
    assertThat(h.get(0).operation()).isEqualTo("VACUUM END");
    assertThat(h.get(1).operation()).isEqualTo("VACUUM START");
    assertThat(rows("SELECT * FROM t")).containsExactly(List.of(2L));
    assertThatThrownBy(() -> sql.execute("SELECT * FROM t VERSION AS OF 1")).hasMessageContaining("is missing");
    assertThat(kernel.rows(path("t"), lake.latestVersion(TableId.parse("t")))).containsExactly(List.of(2L));
  }

  @Test
  void shallowCloneReadsTheSourceFilesAtAVersion() throws Exception {
    sql.execute("CREATE TABLE t (id INT); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");
    sql.execute("CREATE TABLE c SHALLOW CLONE t VERSION AS OF 1");
    assertThat(rows("SELECT * FROM c")).containsExactly(List.of(1L));
    assertThat(lake.history(TableId.parse("c")).get(0).operation()).isEqualTo("CLONE");
    sql.execute("INSERT INTO c VALUES (5)");
    assertThat(rows("SELECT * FROM t")).containsExactly(List.of(1L), List.of(2L));
    assertKernelAgreesAtEveryVersion("c");
  }

  @Test
  void deepCloneCopiesTheFilesSoTheCloneOutlivesTheSource() throws Exception {
    sql.execute("CREATE TABLE t (id INT, day STRING) PARTITIONED BY (day) TBLPROPERTIES (team = 'shop');"
        + "INSERT INTO t VALUES (1, 'a'), (2, 'b'); INSERT INTO t VALUES (3, 'a')");
    StatementResult r = sql.execute("CREATE TABLE c DEEP CLONE t VERSION AS OF 1").get(0);
    assertThat(r.metrics()).containsEntry("numCopiedFiles", 2L).containsEntry("sourceNumOfFiles", 2L);
    assertThat(lake.history(TableId.parse("c")).get(0).parameters()).containsEntry("isShallow", "false");
    try (var files = java.nio.file.Files.walk(path("c"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).isEqualTo(2);
    }
    sql.execute("DROP TABLE t");
    assertThat(rows("SELECT * FROM c ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(2L, "b"));
    assertThat(sql.execute("SHOW TBLPROPERTIES c").get(0).rows()).contains(List.of("team", "shop"));
    sql.execute("CREATE TABLE t2 (id INT); INSERT INTO t2 VALUES (7)");
    sql.execute("CREATE OR REPLACE TABLE c CLONE t2");
    assertThat(rows("SELECT * FROM c")).containsExactly(List.of(7L));
    assertKernelAgreesAtEveryVersion("c");
  }

  @Test
  void describeDetailHistoryAndShowTables() {
    sql.execute("CREATE TABLE bronze.orders (id INT NOT NULL COMMENT 'key', day DATE) PARTITIONED BY (day) "
        + "COMMENT 'raw orders' TBLPROPERTIES ('delta.appendOnly' = 'false', team = 'data')");
    List<List<Object>> desc = sql.execute("DESCRIBE TABLE bronze.orders").get(0).rows();
    assertThat(desc.get(0)).containsExactly("id", "int not null", "key");
    StatementResult detail = sql.execute("DESCRIBE DETAIL bronze.orders").get(0);
    assertThat(detail.rows().get(0).get(0)).isEqualTo("delta");
    assertThat(detail.rows().get(0).get(3)).isEqualTo("raw orders");
    assertThat(detail.rows().get(0).get(11)).isEqualTo(1);
    assertThat(detail.rows().get(0).get(12)).isEqualTo(2);
    sql.execute("ALTER TABLE bronze.orders SET TBLPROPERTIES ('team' = 'ml')");
    assertThat(lake.describe(TableId.parse("bronze.orders")).properties()).containsEntry("team", "ml");
    assertThat(sql.execute("DESCRIBE HISTORY bronze.orders LIMIT 1").get(0).rows()).hasSize(1)
        .allSatisfy(r -> assertThat(r.get(2)).isEqualTo("SET TBLPROPERTIES"));
    assertThat(created("bronze.orders")).containsEntry("description", "raw orders");
    sql.execute("CREATE TABLE bronze.plain (id INT)");
    assertThat(created("bronze.plain")).as("a table made without a comment has no description, as Spark shows it")
        .containsEntry("description", null);
    sql.execute("DROP TABLE bronze.plain");
    assertThat(sql.execute("SHOW TABLES IN bronze").get(0).rows()).containsExactly(List.of("bronze", "orders", false));
    sql.execute("DROP TABLE bronze.orders");
    assertThat(lake.tables()).isEmpty();
  }

  /** The operation parameters DESCRIBE HISTORY shows for the table's first version. */
  @SuppressWarnings("unchecked")
  private java.util.Map<String, String> created(String table) {
    return (java.util.Map<String, String>) sql.execute("DESCRIBE HISTORY " + table).get(0).rows().stream()
        .filter(r -> r.get(0).equals(0L)).findFirst().orElseThrow().get(3);
  }

  @Test
  void badInputGetsOneClearLineAndLeavesTheTableUnchanged() {
    sql.execute("CREATE TABLE sales (id INT)");
    assertThatThrownBy(() -> sql.execute("SELECT * FROM sale")).hasMessageContaining("table default.sale not found")
        .hasMessageContaining("id you mean default.sales?");
    assertThatThrownBy(() -> sql.execute("SELEC * FROM sales")).hasMessageContaining("SELEC");
    assertThatThrownBy(() -> sql.execute("SELECT * FROM read_csv('/etc/passwd')")).hasMessageContaining("read_csv() is not available");
    assertThatThrownBy(() -> sql.execute("SELECT * FROM delta.`/etc`")).hasMessageContaining("outside the lake");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE `../x` (id INT)")).hasMessageContaining("invalid name");
    assertThatThrownBy(() -> sql.execute("SELECT nope FROM sales")).hasMessageContaining("nope")
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
    assertThatThrownBy(() -> sql.execute("INSERT INTO sales VALUES (1); INSERT INTO sales VALUES ('x')"))
        .hasMessageStartingWith("statement 2: ");
    assertThat(rows("SELECT * FROM sales")).containsExactly(List.of(1L));
    for (Throwable t : List.<Throwable>of()) {
      assertThat(t.getMessage()).doesNotContain("\n");
    }
  }

  @Test
  void externalLocationIsRegisteredAndReadableByPath(@TempDir Path outside) throws Exception {
    Path ext = outside.toRealPath().resolve("elsewhere/orders");
    sql.execute("CREATE EXTERNAL LOCATION mine URL '" + outside.resolve("elsewhere") + "'");
    sql.execute("CREATE TABLE ext (id INT) LOCATION '" + ext + "'; INSERT INTO ext VALUES (7)");
    assertThat(Files.exists(ext.resolve("_delta_log/00000000000000000001.json"))).isTrue();
    assertThat(rows("SELECT * FROM delta.`" + ext + "`")).containsExactly(List.of(7L));
    assertThat(kernel.rows(ext, 1)).containsExactly(List.of(7L));
    try (Stream<Path> s = Files.list(lake.root().resolve("default/ext"))) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @Test
  void fullScenarioReadsTheSameThroughKernelAtEveryVersion() throws Exception {
    sql.execute(String.join(";",
        "CREATE TABLE s.t (id INT, p STRING, amount DECIMAL(10,2), ts TIMESTAMP) PARTITIONED BY (p)",
        "INSERT INTO s.t VALUES (1, 'x', 1.10, TIMESTAMP '2024-01-01 00:00:00'), (2, 'y', 2.20, NULL)",
        "INSERT INTO s.t SELECT id + 10, p, amount * 10, ts FROM s.t",
        "UPDATE s.t SET amount = amount + 1 WHERE p = 'x'",
        "DELETE FROM s.t WHERE id = 12",
        "MERGE INTO s.t USING (SELECT 2 AS id, 'y' AS p, 0.5 AS amount, NULL AS ts) u ON s.t.id = u.id WHEN MATCHED THEN UPDATE SET amount = u.amount",
        "INSERT WITH SCHEMA EVOLUTION INTO s.t SELECT 3, 'z', 3.30, NULL, 'new' AS note",
        "OPTIMIZE s.t",
        "RESTORE TABLE s.t TO VERSION AS OF 4",
        "CREATE TABLE s.c SHALLOW CLONE s.t",
        "SET spark.databricks.delta.retentionDurationCheck.enabled = false",
        "VACUUM s.t RETAIN 1000 HOURS"));
    assertKernelAgreesAtEveryVersion("s.t");
    assertKernelAgreesAtEveryVersion("s.c");
  }

  @Test
  void minAndMaxOfAStringColumnReturnTheWholeValue() {
    // DuckDB 1.5.1 answered min/max of a Parquet string column from 8-byte statistics: '2024-03-'
    sql.execute("CREATE TABLE t.s (x STRING)");
    sql.execute("INSERT INTO t.s VALUES ('2024-03-06'), ('2024-03-07, a longer value')");
    assertThat(rows("SELECT min(x), max(x) FROM t.s")).containsExactly(List.of("2024-03-06", "2024-03-07, a longer value"));
  }
}
