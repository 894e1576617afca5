package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated columns ({@code GENERATED ALWAYS AS}), kept in the schema as Delta keeps them, computed and checked on every write. */
class GeneratedColumnsTest extends LakeSessionTest {

  private JsonNode action(long v, String kind) throws Exception {
    for (String line : lake.commitJson(TableId.parse("orders"), v).split("\n")) {
      if (!line.isBlank() && json.readTree(line).has(kind)) {
        return json.readTree(line).get(kind);
      }
    }
    return null;
  }

  @Test
  void generatedColumnsAreStoredComputedCheckedAndReadByKernel() throws Exception {
    sql.execute("CREATE TABLE orders (id INT, ts TIMESTAMP, day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),"
        + " price DOUBLE, qty INT, total DOUBLE GENERATED ALWAYS AS (price * qty) COMMENT 'price times quantity')");
    assertThat(action(0, "protocol").path("minWriterVersion").asInt()).isEqualTo(4);
    JsonNode fields = json.readTree(action(0, "metaData").path("schemaString").asText()).path("fields");
    assertThat(fields.get(2).path("metadata").path("delta.generationExpression").asText()).isEqualTo("CAST(ts AS DATE)");
    assertThat(fields.get(5).path("metadata").path("delta.generationExpression").asText()).isEqualTo("price * qty");
    assertThat(fields.get(5).path("metadata").path("comment").asText()).isEqualTo("price times quantity");
    // left out of the column list: computed
    sql.execute("INSERT INTO orders (id, ts, price, qty) VALUES (1, TIMESTAMP '2024-05-01 10:00:00', 2.5, 4),"
        + " (2, TIMESTAMP '2024-05-02 23:30:00', 10.0, 1)");
    // given: must be exactly the expression's value
    sql.execute("INSERT INTO orders VALUES (3, TIMESTAMP '2024-05-03 08:00:00', DATE '2024-05-03', 1.0, 3, 3.0)");
    assertThatThrownBy(() -> sql.execute(
        "INSERT INTO orders VALUES (4, TIMESTAMP '2024-05-04 08:00:00', DATE '2024-05-04', 1.0, 3, 99.0)"))
        .hasMessageContaining("generated column total of default.orders must be price * qty, but 1 new row holds another value")
        .hasMessageNotContaining("\n");
    assertThat(lake.latestVersion(TableId.parse("orders"))).isEqualTo(2);
    // UPDATE and MERGE recompute what they change
    sql.execute("UPDATE orders SET qty = 10 WHERE id = 1");
    sql.execute("MERGE INTO orders USING (SELECT 2 AS id, 7 AS qty UNION ALL SELECT 5, 2) s ON orders.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET qty = s.qty"
        + " WHEN NOT MATCHED THEN INSERT (id, ts, price, qty) VALUES (s.id, TIMESTAMP '2024-05-05 12:00:00', 1.5, s.qty)");
    assertThat(rows("SELECT id, day, qty, total FROM orders")).containsExactlyInAnyOrder(
        List.of(1L, "2024-05-01", 10L, 25.0), List.of(2L, "2024-05-02", 7L, 70.0), List.of(3L, "2024-05-03", 3L, 3.0),
        List.of(5L, "2024-05-05", 2L, 3.0));
    assertThatThrownBy(() -> sql.execute("CREATE TABLE bad (a INT, b INT GENERATED ALWAYS AS (no_such_column + 1))"))
        .hasMessageContaining("cannot generate column b").hasMessageNotContaining("\n");
    // a value MERGE gives a generated column must be the expression's, as Delta checks it; the row's
    // other columns count (2 * 7 = 14 is right for id 2, 99 is not)
    for (String merge : List.of(
        "MERGE INTO orders USING (SELECT 2 AS id) s ON orders.id = s.id WHEN MATCHED THEN UPDATE SET total = 99",
        "MERGE INTO orders USING (SELECT 6 AS id) s ON orders.id = s.id WHEN NOT MATCHED THEN"
            + " INSERT (id, ts, price, qty, total) VALUES (s.id, TIMESTAMP '2024-05-06 12:00:00', 2.0, 2, 5.0)",
        "MERGE INTO orders USING (SELECT 3 AS id, TIMESTAMP '2024-05-03 08:00:00' AS ts, DATE '2024-05-03' AS day,"
            + " 1.0 AS price, 3 AS qty, 4.0 AS total) s ON orders.id = s.id WHEN MATCHED THEN UPDATE SET *")) {
      assertThatThrownBy(() -> sql.execute(merge)).as(merge)
          .hasMessageContaining("generated column total of default.orders must be price * qty, but 1 new row holds another value")
          .hasMessageNotContaining("\n");
    }
    assertThat(lake.latestVersion(TableId.parse("orders"))).isEqualTo(4);
    sql.execute("MERGE INTO orders USING (SELECT 2 AS id) s ON orders.id = s.id WHEN MATCHED THEN UPDATE SET qty = 2, total = 20.0");
    assertThat(rows("SELECT qty, total FROM orders WHERE id = 2")).containsExactly(List.of(2L, 20.0));
    assertThatThrownBy(() -> sql.execute("UPDATE orders SET total = 1 WHERE id = 1"))
        .hasMessageContaining("generated column total of default.orders must be price * qty");
    Path p = lake.root().resolve("default").resolve("orders");
    long latest = kernel.latestVersion(p);
    assertThat(latest).isEqualTo(5);
    for (long v = 0; v <= latest; v++) {
      assertThat(kernel.rows(p, v)).as("version %d", v).isEqualTo(rows("SELECT * FROM orders VERSION AS OF " + v));
      assertThat(kernel.protocol(p, v)).containsExactly(1, 4);
    }
  }
}
