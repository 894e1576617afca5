package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RESTORE across schema changes, and one commit timestamp for history and TIMESTAMP AS OF; read back through Delta Kernel. */
class RestoreAndCommitTimeTest extends LakeSessionTest {

  private static final TableId T = TableId.parse("s.t");

  private Path table() {
    return lake.root().resolve("s").resolve("t");
  }

  @Test
  void restoreBeforeAddColumnsCommitsTheOldSchemaAndDropsTheColumn() throws Exception {
    sql.execute("CREATE TABLE s.t (id INT, amount DECIMAL(10,2)); INSERT INTO s.t VALUES (1, 2.50)");
    sql.execute("ALTER TABLE s.t ADD COLUMNS (discount DOUBLE); INSERT INTO s.t VALUES (2, 3, 0.5); UPDATE s.t SET amount = 0");
    StatementResult r = sql.execute("RESTORE TABLE s.t TO VERSION AS OF 1").get(0);
    assertThat(r.metrics()).containsEntry("version", 5L).containsEntry("operation", "RESTORE");
    assertThat(lake.history(T).get(0).operation()).isEqualTo("RESTORE");
    assertThat(kernel.schema(table(), 5)).containsExactly("id integer", "amount decimal(10, 2)");
    assertThat(kernel.rows(table(), 5)).containsExactly(List.of(1L, "2.5"));
    assertThat(rows("SELECT * FROM s.t")).containsExactly(List.of(1L, "2.5"));
    assertThat(lake.describe(T).columns()).extracting(c -> c.name()).containsExactly("id", "amount");
    // the table stays writable with the restored schema, and old versions keep theirs
    sql.execute("INSERT INTO s.t VALUES (3, 1)");
    assertThat(kernel.rows(table(), 6)).containsExactly(List.of(1L, "2.5"), List.of(3L, "1"));
    assertThat(kernel.schema(table(), 4)).containsExactly("id integer", "amount decimal(10, 2)", "discount double");
    assertThat(kernel.rows(table(), 4)).containsExactly(Arrays.asList(1L, "0", null), List.of(2L, "0", 0.5));
    // the restore commit is the plain Delta shape: no marker left in commitInfo
    JsonNode info = commitInfo(5);
    assertThat(info.has("userMetadata")).isFalse();
    assertThat(info.path("operation").asText()).isEqualTo("RESTORE");
  }

  @Test
  void restoreForwardAgainBringsTheColumnBack() throws Exception {
    sql.execute("CREATE TABLE s.t (id INT); INSERT INTO s.t VALUES (1)");
    sql.execute("SET spark.databricks.delta.schema.autoMerge.enabled = true; INSERT INTO s.t SELECT 2 AS id, 'x' AS note");
    sql.execute("RESTORE TABLE s.t TO VERSION AS OF 1");
    assertThat(kernel.schema(table(), 3)).containsExactly("id integer");
    sql.execute("RESTORE TABLE s.t TO VERSION AS OF 2");
    assertThat(kernel.schema(table(), 4)).containsExactly("id integer", "note string");
    assertThat(kernel.rows(table(), 4)).containsExactly(Arrays.asList(1L, null), List.of(2L, "x"));
  }

  @Test
  void historyTimestampsAreTheCommitTimesTimeTravelUses() throws Exception {
    sql.execute("CREATE TABLE s.t (id INT)");
    for (int i = 1; i <= 3; i++) {
      sql.execute("INSERT INTO s.t VALUES (" + i + ")");
    }
    List<VersionInfo> history = lake.history(T);
    for (VersionInfo v : history) {
      Path file = table().resolve(String.format("_delta_log/%020d.json", v.version()));
      assertThat(Files.getLastModifiedTime(file).toMillis()).as("mtime of %d", v.version()).isEqualTo(v.timestamp().toEpochMilli());
      assertThat(commitInfo(v.version()).path("timestamp").asLong()).isEqualTo(v.timestamp().toEpochMilli());
      assertThat(kernel.versionAt(table(), v.timestamp())).isEqualTo(v.version());
      assertThat(rows("SELECT count(*) FROM s.t TIMESTAMP AS OF '" + v.timestamp() + "'")).containsExactly(List.of(v.version()));
    }
    // commit times strictly increase even when commits land within one millisecond
    for (int i = 1; i < history.size(); i++) {
      assertThat(history.get(i - 1).timestamp()).isAfter(history.get(i).timestamp());
    }
    Instant created = history.get(history.size() - 1).timestamp();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM s.t TIMESTAMP AS OF '" + created.minusMillis(1) + "'"))
        .hasMessageContaining("the table was created at " + created);
    Instant last = history.get(0).timestamp();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM s.t TIMESTAMP AS OF '" + last.plusSeconds(60) + "'"))
        .hasMessageContaining(last.toString());
  }

  private JsonNode commitInfo(long version) throws Exception {
    for (String line : Files.readAllLines(table().resolve(String.format("_delta_log/%020d.json", version)))) {
      JsonNode n = new ObjectMapper().readTree(line);
      if (n.has("commitInfo")) {
        return n.get("commitInfo");
      }
    }
    throw new AssertionError("no commitInfo in version " + version);
  }
}
