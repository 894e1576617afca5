package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHECK constraints and NOT NULL changes, written as Delta writes them and read back by Delta Kernel. */
class DeltaConstraintsTest extends LakeSessionTest {

  private Path path(String table) {
    TableId id = TableId.parse(table);
    return lake.root().resolve(id.schema()).resolve(id.name());
  }

  private long version(String table) {
    return lake.latestVersion(TableId.parse(table));
  }

  /** The actions of one commit, by kind (commitInfo, protocol, metaData ...). */
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
    assertThat(latest).isEqualTo(version(table));
    for (long v = 0; v <= latest; v++) {
      assertThat(kernel.rows(p, v)).as("version %d", v).isEqualTo(rows("SELECT * FROM " + table + " VERSION AS OF " + v));
    }
  }

  @Test
  void addConstraintIsWrittenAsDeltaWritesIt() throws Exception {
    sql.execute("CREATE TABLE orders (id INT, amount DOUBLE, status STRING)");
    sql.execute("INSERT INTO orders VALUES (1, 10.0, 'open'), (2, 5.5, 'paid')");
    sql.execute("ALTER TABLE orders ADD CONSTRAINT Amount_Positive CHECK (amount > 0)");
    assertThat(version("orders")).isEqualTo(2);
    JsonNode info = actions("orders", 2, "commitInfo").get(0);
    assertThat(info.path("operation").asText()).isEqualTo("ADD CONSTRAINT");
    assertThat(info.path("operationParameters").path("name").asText()).isEqualTo("Amount_Positive");
    assertThat(info.path("operationParameters").path("expr").asText()).isEqualTo("amount > 0");
    assertThat(info.has("userMetadata")).isFalse();
    JsonNode protocol = actions("orders", 2, "protocol").get(0);
    assertThat(protocol.path("minReaderVersion").asInt()).isEqualTo(1);
    assertThat(protocol.path("minWriterVersion").asInt()).isEqualTo(3);
    assertThat(actions("orders", 2, "metaData").get(0).path("configuration").path("delta.constraints.amount_positive")
        .asText()).isEqualTo("amount > 0");
    // a second constraint needs no new protocol
    sql.execute("ALTER TABLE orders ADD CONSTRAINT known_status CHECK (status IN ('open', 'paid') AND length(status) < 10)");
    assertThat(actions("orders", 3, "protocol")).isEmpty();
    assertThat(kernel.protocol(path("orders"), 1)).containsExactly(1, 2);
    assertThat(kernel.protocol(path("orders"), 2)).containsExactly(1, 3);
    assertThat(kernel.protocol(path("orders"), 3)).containsExactly(1, 3);
    assertThat(kernel.configuration(path("orders"), 3))
        .containsEntry("delta.constraints.amount_positive", "amount > 0")
        .containsEntry("delta.constraints.known_status", "status IN ('open', 'paid') AND length(status) < 10");
    assertThat(lake.describe(TableId.parse("orders")).minWriterVersion()).isEqualTo(3);
    // the table stays writable and readable by the lake after the protocol change
    sql.execute("INSERT INTO orders VALUES (3, 1.0, 'open')");
    assertThat(rows("SELECT count(*) FROM orders")).containsExactly(List.of(3L));
    assertThatThrownBy(() -> sql.execute("ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 1)"))
        .hasMessageContaining("already exists");
    assertKernelAgreesAtEveryVersion("orders");
  }

  @Test
  void existingRowsThatViolateRefuseTheConstraint() {
    sql.execute("CREATE TABLE t (id INT, amount DOUBLE)");
    sql.execute("INSERT INTO t VALUES (1, 10.0), (2, -1.0), (3, NULL), (4, 2.0)");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t ADD CONSTRAINT positive CHECK (amount > 0)"))
        .hasMessageContaining("positive").hasMessageContaining("amount > 0").hasMessageContaining("2 rows")
        .hasMessageNotContaining("\n");
    assertThat(version("t")).isEqualTo(1);
    assertThat(lake.describe(TableId.parse("t")).properties()).isEmpty();
  }

  @Test
  void everyWriteIsCheckedAndAFailingOneCommitsNothing() throws Exception {
    sql.execute("CREATE TABLE t (id INT, amount DOUBLE) PARTITIONED BY (id)");
    sql.execute("CREATE TABLE src (id INT, amount DOUBLE)");
    sql.execute("INSERT INTO src VALUES (7, -3.0), (8, -4.0), (9, 1.0)");
    sql.execute("INSERT INTO t VALUES (1, 10.0), (2, 20.0)");
    sql.execute("ALTER TABLE t ADD CONSTRAINT positive CHECK (amount > 0)");
    sql.execute("ALTER TABLE t ADD CONSTRAINT small_id CHECK (id < 100)");
    long v = version("t");
    String[] failing = {
        "INSERT INTO t VALUES (3, -1.0)",
        "INSERT INTO t SELECT * FROM src",
        "INSERT OVERWRITE t SELECT * FROM src",
        "UPDATE t SET amount = amount - 15 WHERE id = 1",
        "MERGE INTO t USING src AS s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *",
        "INSERT INTO t VALUES (3, NULL)",
    };
    for (String statement : failing) {
      assertThatThrownBy(() -> sql.execute(statement)).as(statement)
          .hasMessageContaining("CHECK constraint positive (amount > 0) violated writing to default.t")
          .hasMessageNotContaining("\n");
      assertThat(version("t")).as(statement).isEqualTo(v);
    }
    assertThatThrownBy(() -> sql.execute("INSERT INTO t SELECT * FROM src")).hasMessageContaining("2 new rows");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES (150, 1.0)"))
        .hasMessageContaining("CHECK constraint small_id (id < 100)").hasMessageContaining("1 new row does");
    assertThat(version("t")).isEqualTo(v);
    // rows that pass are written, by every kind of write
    sql.execute("INSERT INTO t VALUES (3, 30.0)");
    sql.execute("UPDATE t SET amount = amount + 1 WHERE id = 1");
    sql.execute("MERGE INTO t USING (SELECT 9 AS id, 9.0 AS amount) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *");
    assertThat(rows("SELECT id, amount FROM t ORDER BY id"))
        .containsExactly(List.of(1L, 11.0), List.of(2L, 20.0), List.of(3L, 30.0), List.of(9L, 9.0));
    assertThat(version("t")).isEqualTo(v + 3);
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void dropConstraintRecordsWhatItDroppedAndStopsChecking() throws Exception {
    sql.execute("CREATE TABLE t (id INT, amount DOUBLE)");
    sql.execute("ALTER TABLE t ADD CONSTRAINT positive CHECK (amount > 0)");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES (1, -1.0)")).hasMessageContaining("positive");
    sql.execute("ALTER TABLE t DROP CONSTRAINT positive");
    JsonNode info = actions("t", 2, "commitInfo").get(0);
    assertThat(info.path("operation").asText()).isEqualTo("DROP CONSTRAINT");
    assertThat(info.path("operationParameters").path("name").asText()).isEqualTo("positive");
    assertThat(info.path("operationParameters").path("expr").asText()).isEqualTo("amount > 0");
    assertThat(info.path("operationParameters").path("existed").asText()).isEqualTo("true");
    assertThat(actions("t", 2, "protocol")).isEmpty();
    assertThat(kernel.protocol(path("t"), 2)).containsExactly(1, 3);
    assertThat(kernel.configuration(path("t"), 2)).doesNotContainKey("delta.constraints.positive");
    sql.execute("INSERT INTO t VALUES (1, -1.0)");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t DROP CONSTRAINT positive"))
        .hasMessageContaining("cannot drop constraint positive").hasMessageContaining("IF EXISTS");
    sql.execute("ALTER TABLE t DROP CONSTRAINT IF EXISTS positive");
    JsonNode again = actions("t", 4, "commitInfo").get(0);
    assertThat(again.path("operationParameters").path("existed").asText()).isEqualTo("false");
    assertThat(again.path("operationParameters").has("expr")).isFalse();
    // adding it again on a writer-3 table needs no protocol action
    sql.execute("ALTER TABLE t ADD CONSTRAINT positive CHECK (amount > -5)");
    assertThat(actions("t", 5, "protocol")).isEmpty();
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void constraintsAreNotTableProperties() {
    sql.execute("CREATE TABLE t (id INT)");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t SET TBLPROPERTIES ('delta.constraints.c' = 'id > 0')"))
        .hasMessageContaining("ADD CONSTRAINT");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE u (id INT) TBLPROPERTIES ('delta.constraints.c' = 'id > 0')"))
        .hasMessageContaining("ADD CONSTRAINT");
    assertThat(version("t")).isZero();
  }

  @Test
  void setAndDropNotNull() throws Exception {
    sql.execute("CREATE TABLE t (id INT, name STRING)");
    sql.execute("INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, NULL)");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t ALTER COLUMN name SET NOT NULL"))
        .hasMessageContaining("'name'").hasMessageContaining("2 rows have NULL").hasMessageNotContaining("\n");
    assertThat(version("t")).isEqualTo(1);
    sql.execute("ALTER TABLE t ALTER COLUMN id SET NOT NULL");
    JsonNode info = actions("t", 2, "commitInfo").get(0);
    assertThat(info.path("operation").asText()).isEqualTo("CHANGE COLUMN");
    JsonNode column = json.readTree(info.path("operationParameters").path("column").asText());
    assertThat(column.path("name").asText()).isEqualTo("id");
    assertThat(column.path("nullable").asBoolean(true)).isFalse();
    assertThat(kernel.schema(path("t"), 2)).containsExactly("id integer not null", "name string");
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES (NULL, 'x')")).hasMessageContaining("NOT NULL");
    assertThat(version("t")).isEqualTo(2);
    sql.execute("ALTER TABLE t ALTER COLUMN id DROP NOT NULL");
    assertThat(kernel.schema(path("t"), 3)).containsExactly("id integer", "name string");
    sql.execute("INSERT INTO t VALUES (NULL, 'x')");
    assertThat(kernel.protocol(path("t"), 4)).containsExactly(1, 2);
    assertKernelAgreesAtEveryVersion("t");
  }

  @Test
  void aConstraintTableStaysWriter3PastACheckpoint() throws Exception {
    sql.execute("CREATE TABLE t (id INT)");
    sql.execute("ALTER TABLE t ADD CONSTRAINT positive CHECK (id > 0)");
    for (int i = 1; i <= 10; i++) {
      sql.execute("INSERT INTO t VALUES (" + i + ")");
    }
    long latest = version("t");
    assertThat(latest).isEqualTo(11);
    for (long v = 1; v <= latest; v++) {
      assertThat(kernel.protocol(path("t"), v)).as("version %d", v).containsExactly(1, 3);
      assertThat(kernel.configuration(path("t"), v)).as("version %d", v).containsKey("delta.constraints.positive");
    }
    assertThatThrownBy(() -> sql.execute("INSERT INTO t VALUES (0)")).hasMessageContaining("positive");
    assertKernelAgreesAtEveryVersion("t");
    // a clone takes the constraints along, with the protocol they need, and enforces them
    sql.execute("CREATE TABLE c SHALLOW CLONE t");
    assertThat(kernel.protocol(path("c"), 0)).containsExactly(1, 3);
    assertThat(kernel.configuration(path("c"), 0)).containsEntry("delta.constraints.positive", "id > 0");
    assertThatThrownBy(() -> sql.execute("INSERT INTO c VALUES (-2)")).hasMessageContaining("positive");
    assertThat(version("c")).isZero();
  }

  @Test
  void alterColumnCommentLandsInTheSchemaAsDeltaWritesIt() throws Exception {
    sql.execute("CREATE TABLE orders (id INT, amount DOUBLE); INSERT INTO orders VALUES (1, 2.5)");
    sql.execute("ALTER TABLE orders ALTER COLUMN amount COMMENT 'gross, in EUR'");
    JsonNode info = actions("orders", 2, "commitInfo").get(0);
    assertThat(info.path("operation").asText()).isEqualTo("CHANGE COLUMN");
    JsonNode schema = json.readTree(actions("orders", 2, "metaData").get(0).path("schemaString").asText());
    assertThat(schema.path("fields").get(1).path("metadata").path("comment").asText()).isEqualTo("gross, in EUR");
    assertThat(rows("DESCRIBE orders")).contains(java.util.Arrays.asList("amount", "double", "gross, in EUR"));
    assertThatThrownBy(() -> sql.execute("ALTER TABLE orders ALTER COLUMN nope COMMENT 'x'")).hasMessageContaining("nope");
    assertKernelAgreesAtEveryVersion("orders");
  }
}
