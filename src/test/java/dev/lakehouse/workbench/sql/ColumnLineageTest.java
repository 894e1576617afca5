package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Column lineage read off Spark's parse tree for queries, CTAS, INSERT ... SELECT, MERGE and UPDATE. */
class ColumnLineageTest {

  static final Map<String, List<String>> TABLES = Map.of(
      "silver.orders", List.of("order_id", "customer_id", "amount", "ts"),
      "silver.customers", List.of("id", "email", "region"),
      "gold.revenue", List.of("region", "total"),
      "silver.updates", List.of("order_id", "customer_id", "amount", "ts"));

  static ColumnLineage.Result of(String sql) {
    return ColumnLineage.of(sql, "silver", t -> TABLES.getOrDefault(t.schema() + "." + t.name(), List.of()));
  }

  /** target column -> "schema.table.column" sources, in order. */
  static Map<String, List<String>> edges(ColumnLineage.Result r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ColumnLineage.Column c : r.columns()) {
      out.put(c.name(), c.sources().stream().map(s -> s.table().schema() + "." + s.table().name() + "." + s.column())
          .collect(Collectors.toList()));
    }
    return out;
  }

  @Test
  void ctasWithJoinAliasesAggregatesAndACte() {
    ColumnLineage.Result r = of("""
        CREATE OR REPLACE TABLE gold.revenue AS
        WITH big AS (SELECT customer_id AS cid, amount * 1.2 AS gross FROM orders WHERE amount > 10)
        SELECT c.region, sum(b.gross) AS total, 'EUR' AS currency
        FROM big b JOIN silver.customers c ON b.cid = c.id GROUP BY c.region""");
    assertThat(r.target()).isEqualTo(TableId.of("gold", "revenue"));
    assertThat(edges(r)).containsExactly(
        Map.entry("region", List.of("silver.customers.region")),
        Map.entry("total", List.of("silver.orders.amount")),
        Map.entry("currency", List.of()));
  }

  @Test
  void insertSelectMapsPositionallyOntoTheTargetsColumnsAndStarExpands() {
    assertThat(edges(of("INSERT INTO gold.revenue SELECT upper(region), count(id) FROM customers GROUP BY 1")))
        .containsExactly(Map.entry("region", List.of("silver.customers.region")),
            Map.entry("total", List.of("silver.customers.id")));
    assertThat(edges(of("INSERT INTO gold.revenue (total, region) SELECT amount, customer_id FROM orders")))
        .containsExactly(Map.entry("total", List.of("silver.orders.amount")),
            Map.entry("region", List.of("silver.orders.customer_id")));
    ColumnLineage.Result star = of("SELECT * EXCEPT (ts) FROM orders UNION ALL SELECT * EXCEPT (ts) FROM updates");
    assertThat(star.target()).isNull();
    assertThat(edges(star)).containsEntry("amount", List.of("silver.orders.amount", "silver.updates.amount"))
        .doesNotContainKey("ts");
  }

  @Test
  void mergeTakesSetAssignmentsInsertValuesAndStars() {
    Map<String, List<String>> e = edges(of("""
        MERGE INTO silver.orders t USING (SELECT order_id, amount * 2 AS doubled FROM updates) s
        ON t.order_id = s.order_id
        WHEN MATCHED THEN UPDATE SET t.amount = s.doubled + t.amount
        WHEN NOT MATCHED THEN INSERT (order_id, amount) VALUES (s.order_id, s.doubled)"""));
    assertThat(e).containsExactly(
        Map.entry("amount", List.of("silver.updates.amount", "silver.orders.amount")),
        Map.entry("order_id", List.of("silver.updates.order_id")));
    assertThat(edges(of("MERGE INTO orders USING updates ON orders.order_id = updates.order_id "
        + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *")))
        .containsEntry("ts", List.of("silver.updates.ts")).hasSize(4);
    assertThat(edges(of("UPDATE orders SET amount = amount + length(customer_id) WHERE order_id = 1")))
        .containsExactly(Map.entry("amount", List.of("silver.orders.amount", "silver.orders.customer_id")));
  }

  @Test
  void statementsWithoutColumnsGiveNone() {
    assertThat(of("OPTIMIZE silver.orders ZORDER BY (ts)")).isEqualTo(ColumnLineage.Result.NONE);
    assertThat(of("CREATE TABLE x (a INT)")).isEqualTo(ColumnLineage.Result.NONE);
    assertThat(of("SELEC nothing")).isEqualTo(ColumnLineage.Result.NONE);
  }
}
