package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.KernelReader;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbtBuildTest {

  @TempDir Path data;
  Path proj;
  Lake lake;
  SqlSession sql;

  @BeforeEach
  void open() throws Exception {
    proj = DbtFixture.shop(data.resolve("dbt"));
    lake = Lake.open(data);
    sql = new SqlSession(lake);
  }

  @AfterEach
  void close() {
    lake.close();
  }

  private Map<String, String> build(String... select) {
    DbtRunner r = new DbtRunner(DbtProject.read(proj), sql, null, null);
    var sel = Selector.select(r, select.length == 0 ? null : List.of(select), null);
    return r.run(DbtRunner.Command.build, sel, null).stream()
        .collect(Collectors.toMap(x -> x.uniqueId().substring(x.uniqueId().lastIndexOf('.') + 1), x -> x.status() + (x.message() == null ? "" : " " + x.message())));
  }

  @Test
  void buildsSeedsModelsAndTestsAsDeltaTables() throws Exception {
    Map<String, String> res = build();
    assertThat(res).allSatisfy((k, v) -> assertThat(v).as(k).matches("(success|pass).*"));
    assertThat(res).containsKeys("raw_orders", "stg_orders", "customer_revenue", "not_null_stg_orders_order_id",
        "unique_stg_orders_order_id", "no_negative_revenue");
    assertThat(res).hasSize(2 + 3 + 7);
    Path table = lake.root().resolve("analytics/customer_revenue");
    KernelReader k = new KernelReader();
    List<List<Object>> rows = k.rows(table, k.latestVersion(table));
    assertThat(rows.toString()).contains("Ada").contains("2550").contains("Grace").contains("1000");
    assertThat(lake.exists(TableId.of("analytics", "stg_customers"))).as("ephemeral is not built").isFalse();
    assertThat(lake.describe(TableId.of("analytics", "stg_orders")).toString()).contains("dbt.materialized");
  }

  @Test
  void aFailingTestFailsAndStopsDownstreamAndAFailedModelKeepsItsTable() throws Exception {
    build();
    long v = lake.latestVersion(TableId.of("analytics", "customer_revenue"));
    DbtFixture.write(proj, "seeds/raw_orders.csv", "id,customer_id,status,amount\n1,10,placed,20.5\n1,11,lost,10\n");
    Map<String, String> res = build();
    assertThat(res.get("unique_stg_orders_order_id")).startsWith("fail Got 1 result");
    assertThat(res.get("accepted_values_stg_orders_status__placed_shipped_returned")).startsWith("fail");
    assertThat(res.get("customer_revenue")).startsWith("skipped");
    DbtFixture.write(proj, "models/marts/customer_revenue.sql", "select no_such_column from {{ ref('stg_orders') }}");
    DbtFixture.write(proj, "seeds/raw_orders.csv", "id,customer_id,status,amount\n1,10,placed,20.5\n");
    res = build();
    assertThat(res.get("customer_revenue")).startsWith("error");
    assertThat(lake.latestVersion(TableId.of("analytics", "customer_revenue"))).isEqualTo(v);
  }

  @Test
  void severityWarnAndErrorIfAndStoreFailures() throws Exception {
    DbtFixture.write(proj, "models/schema.yml", """
        models:
          - name: stg_orders
            columns:
              - name: status
                data_tests:
                  - accepted_values:
                      arguments: {values: [placed]}
                      config: {severity: warn, store_failures: true}
              - name: amount_cents
                data_tests:
                  - not_null:
                      config: {where: "status = 'placed'", error_if: '>5'}
        """);
    Map<String, String> res = build("+stg_orders");
    assertThat(res.get("accepted_values_stg_orders_status__placed")).startsWith("warn Got 2 results");
    assertThat(lake.exists(TableId.of("analytics_dbt_test__audit", "accepted_values_stg_orders_status__placed"))).isTrue();
    assertThat(res.get("not_null_stg_orders_amount_cents")).startsWith("pass");
  }

  @Test
  void incrementalMergeOnUniqueKeyAndAppend() throws Exception {
    DbtFixture.write(proj, "models/orders_inc.sql", """
        {{ config(materialized='incremental', unique_key='order_id') }}
        select order_id, status from {{ ref('stg_orders') }}
        {% if is_incremental() %} where order_id >= (select max(order_id) - 1 from {{ this }}) {% endif %}
        """);
    build();
    DbtFixture.write(proj, "seeds/raw_orders.csv", "id,customer_id,status,amount\n1,10,placed,20.5\n2,11,delivered,10\n3,10,returned,5\n4,11,placed,7\n");
    DbtFixture.write(proj, "models/schema.yml", "version: 2\n");
    build();
    var out = sql.query("select order_id, status from analytics.orders_inc order by order_id");
    assertThat(out.rows().toString()).isEqualTo("[[1, placed], [2, delivered], [3, returned], [4, placed]]");
    var hist = sql.execute("DESCRIBE HISTORY analytics.orders_inc").get(0);
    assertThat(hist.rows().toString()).contains("MERGE");
    assertThat(Files.readString(proj.resolve("target/compiled/shop/models/orders_inc.sql"))).contains("max(order_id)");
  }
}
