package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Change Data Feed: {@code cdc} actions and {@code _change_data/} files as Delta writes them for
 * UPDATE, DELETE and MERGE, protocol (1,4), and {@code table_changes} returning what Spark documents.
 */
class ChangeDataFeedTest extends LakeSessionTest {

  private Path path(String table) {
    TableId id = TableId.parse(table);
    return lake.root().resolve(id.schema()).resolve(id.name());
  }

  private List<JsonNode> actions(String table, long v, String kind) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lake.commitJson(TableId.parse(table), v).split("\n")) {
      if (!line.isBlank() && json.readTree(line).has(kind)) {
        out.add(json.readTree(line).get(kind));
      }
    }
    return out;
  }

  private void assertKernelAgreesAtEveryVersion(String table) throws Exception {
    Path p = path(table);
    long latest = kernel.latestVersion(p);
    assertThat(latest).isEqualTo(lake.latestVersion(TableId.parse(table)));
    for (long v = 0; v <= latest; v++) {
      assertThat(kernel.rows(p, v)).as("version %d", v).isEqualTo(rows("SELECT * FROM " + table + " VERSION AS OF " + v));
    }
  }

  private static List<Object> row(Object... cells) {
    return List.of(cells);
  }

  @Test
  void tableChangesReturnsWhatSparkDocumentsForUpdateDeleteAndMerge() throws Exception {
    sql.execute("CREATE TABLE people (id INT, name STRING, age INT) TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    assertThat(actions("people", 0, "protocol").get(0).path("minWriterVersion").asInt()).isEqualTo(4);
    sql.execute("INSERT INTO people VALUES (1, 'Ann', 30), (2, 'Bob', 40), (3, 'Cid', 50)");
    sql.execute("UPDATE people SET age = age + 1 WHERE id = 2");
    sql.execute("DELETE FROM people WHERE id = 3");
    sql.execute("MERGE INTO people USING (SELECT * FROM VALUES (1, 'Ann', 31), (4, 'Dee', 20) AS s(id, name, age)) s"
        + " ON people.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    // an append writes add files only; UPDATE, DELETE and MERGE write cdc actions with _change_data files
    assertThat(actions("people", 1, "cdc")).isEmpty();
    for (long v = 2; v <= 4; v++) {
      List<JsonNode> cdc = actions("people", v, "cdc");
      assertThat(cdc).as("version %d", v).hasSize(1);
      assertThat(cdc.get(0).path("path").asText()).startsWith("_change_data/cdc-");
      assertThat(cdc.get(0).path("dataChange").asBoolean()).isFalse();
      assertThat(Files.exists(path("people").resolve(cdc.get(0).path("path").asText()))).isTrue();
    }
    assertThat(rows("SELECT id, name, age, _change_type, _commit_version FROM table_changes('people', 1)"
        + " ORDER BY _commit_version, id, _change_type")).containsExactlyInAnyOrder(
            row(1L, "Ann", 30L, "insert", 1L), row(2L, "Bob", 40L, "insert", 1L), row(3L, "Cid", 50L, "insert", 1L),
            row(2L, "Bob", 40L, "update_preimage", 2L), row(2L, "Bob", 41L, "update_postimage", 2L),
            row(3L, "Cid", 50L, "delete", 3L),
            row(1L, "Ann", 30L, "update_preimage", 4L), row(1L, "Ann", 31L, "update_postimage", 4L),
            row(4L, "Dee", 20L, "insert", 4L));
    // Spark's column names and types, commit timestamps as DESCRIBE HISTORY shows them
    List<StatementResult> r = sql.execute("SELECT * FROM table_changes('default.people', 2, 3)");
    assertThat(r.get(0).columns()).containsExactly("id", "name", "age", "_change_type", "_commit_version", "_commit_timestamp");
    assertThat(r.get(0).rows()).hasSize(3);
    assertThat(rows("SELECT DISTINCT typeof(_commit_version), typeof(_commit_timestamp) FROM table_changes('people', 2, 3)"))
        .containsExactly(row("bigint", "timestamp"));
    assertThat(rows("SELECT count(DISTINCT _commit_timestamp) FROM table_changes('people', 1)")).containsExactly(row(4L));
    // timestamps as strings: from the first version committed at or after the start, to the last at or before the end
    java.time.Instant v2 = lake.history(TableId.parse("people")).stream().filter(h -> h.version() == 2).findFirst().get().timestamp();
    java.time.Instant v3 = lake.history(TableId.parse("people")).stream().filter(h -> h.version() == 3).findFirst().get().timestamp();
    assertThat(rows("SELECT DISTINCT _commit_version FROM table_changes('people', '" + v2 + "', '" + v3 + "')"))
        .containsExactly(row(2L), row(3L));
    assertKernelAgreesAtEveryVersion("people");

    // VACUUM removes change files past the retention, as Delta does; the table itself is untouched
    Path changes = path("default.people").resolve("_change_data");
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(changes)) {
      assertThat(files.count()).isPositive();
    }
    sql.execute("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    sql.execute("VACUUM people RETAIN 0 HOURS");
    if (java.nio.file.Files.exists(changes)) {   // VACUUM also removes the folders it empties
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(changes)) {
        assertThat(files.filter(java.nio.file.Files::isRegularFile).toList()).isEmpty();
      }
    }
    assertThat(rows("SELECT count(*) FROM people")).containsExactly(row(3L));
    assertThatThrownBy(() -> sql.execute("SELECT * FROM table_changes('people', 2)"))
        .hasMessageContaining("cannot read the changes of default.people at version 2")
        .hasMessageContaining("was removed by VACUUM");
  }

  @Test
  void enablingLaterRaisesTheProtocolAndEarlierVersionsHaveNoChanges() throws Exception {
    sql.execute("CREATE TABLE t (id INT, part STRING) PARTITIONED BY (part)");
    sql.execute("INSERT INTO t VALUES (1, 'a'), (2, 'a'), (3, 'b')");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'maybe')"))
        .hasMessageContaining("true or false").hasMessageNotContaining("\n");
    sql.execute("ALTER TABLE t SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
    assertThat(kernel.protocol(path("t"), 1)).containsExactly(1, 2);
    assertThat(kernel.protocol(path("t"), 2)).containsExactly(1, 4);
    assertThat(kernel.configuration(path("t"), 2)).containsEntry("delta.enableChangeDataFeed", "true");
    sql.execute("UPDATE t SET id = id * 10 WHERE part = 'a' AND id = 1");
    JsonNode cdc = actions("t", 3, "cdc").get(0);
    assertThat(cdc.path("path").asText()).startsWith("_change_data/part=a/cdc-");
    assertThat(cdc.path("partitionValues").path("part").asText()).isEqualTo("a");
    sql.execute("DELETE FROM t");
    assertThat(actions("t", 4, "cdc")).isEmpty();
    assertThat(rows("SELECT id, part, _change_type, _commit_version FROM table_changes('t', 2)"
        + " ORDER BY _commit_version, _change_type, id")).containsExactlyInAnyOrder(
            row(1L, "a", "update_preimage", 3L), row(10L, "a", "update_postimage", 3L),
            row(2L, "a", "delete", 4L), row(3L, "b", "delete", 4L), row(10L, "a", "delete", 4L));
    assertThatThrownBy(() -> sql.execute("SELECT * FROM table_changes('t', 1, 3)"))
        .hasMessageContaining("no change data for version 1 of default.t").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> sql.execute("SELECT * FROM table_changes('t', 3, 9)"))
        .hasMessageContaining("version 9 of default.t does not exist: the table has versions 0 to 4").hasMessageNotContaining("\n");
    // a second enabling needs no protocol action, and the lake still reads and writes the table
    sql.execute("ALTER TABLE t SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    assertThat(actions("t", 5, "protocol")).isEmpty();
    sql.execute("INSERT INTO t VALUES (7, 'c')");
    assertThat(rows("SELECT id, _change_type FROM table_changes('t', 6)")).containsExactly(row(7L, "insert"));
    assertThatThrownBy(() -> sql.execute("CREATE TABLE u (id INT, _change_type STRING) TBLPROPERTIES (delta.enableChangeDataFeed = true)"))
        .hasMessageContaining("column _change_type has a name the feed reserves").hasMessageNotContaining("\n");
    assertKernelAgreesAtEveryVersion("t");
  }
}
