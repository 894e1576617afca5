package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental models' on_schema_change and pre-/post-hooks, built on a real lake. */
class DbtSchemaChangeAndHooksTest {

  @TempDir Path data;

  /** dbt seed, then dbt run --select. */
  private static Map<String, String> run(Path proj, SqlSession sql, String select) {
    DbtRunner r = new DbtRunner(DbtProject.read(proj), sql, null, null);
    r.run(DbtRunner.Command.seed, null, null);
    return r.run(DbtRunner.Command.run, Selector.select(r, java.util.List.of(select), null), null).stream()
        .collect(Collectors.toMap(x -> x.uniqueId().substring(x.uniqueId().lastIndexOf('.') + 1),
            x -> x.status() + (x.message() == null ? "" : " " + x.message())));
  }

  private static void model(Path proj, String name, String mode, String columns, String where) throws Exception {
    DbtFixture.write(proj, "models/" + name + ".sql", "{{ config(materialized='incremental', unique_key='order_id', "
        + "on_schema_change='" + mode + "') }}\nselect " + columns + " from {{ ref('stg_orders') }}\n"
        + "{% if is_incremental() %} where order_id > (select max(order_id) from {{ this }}) {% endif %}\n");
  }

  @Test
  void onSchemaChangeIgnoreFailAppendAndSync() throws Exception {
    Path proj = DbtFixture.shop(data.resolve("dbt"));
    try (Lake lake = Lake.open(data)) {
      SqlSession sql = new SqlSession(lake);
      for (String mode : new String[] {"ignore", "fail", "append_new_columns", "sync_all_columns"}) {
        model(proj, "inc_" + mode, mode, "order_id, status, customer_id", "");
      }
      assertThat(run(proj, sql, "stg_orders inc_ignore inc_fail inc_append_new_columns inc_sync_all_columns"))
          .allSatisfy((k, v) -> assertThat(v).as(k).startsWith("success"));
      // the model gains amount_cents and loses customer_id; a new order arrives
      DbtFixture.write(proj, "seeds/raw_orders.csv", "id,customer_id,status,amount\n1,10,placed,20.5\n2,11,shipped,10\n"
          + "3,10,returned,5\n4,11,placed,7\n");
      for (String mode : new String[] {"ignore", "fail", "append_new_columns", "sync_all_columns"}) {
        model(proj, "inc_" + mode, mode, "order_id, status, amount_cents", "");
      }
      Map<String, String> res = run(proj, sql, "stg_orders inc_ignore inc_fail inc_append_new_columns inc_sync_all_columns");
      assertThat(res.get("inc_fail")).startsWith("error models/inc_fail.sql: the schemas of incremental model inc_fail")
          .contains("new in the model: amount_cents; gone from the model: customer_id").contains("--full-refresh");
      assertThat(res.get("inc_ignore")).startsWith("error models/inc_ignore.sql: incremental model inc_ignore no longer has the column customer_id");
      assertThat(res.get("inc_append_new_columns")).startsWith("success");
      assertThat(res.get("inc_sync_all_columns")).startsWith("success");
      var append = sql.query("select * from analytics.inc_append_new_columns order by order_id");
      assertThat(append.columns()).containsExactly("order_id", "status", "customer_id", "amount_cents");
      assertThat(append.rows().toString()).isEqualTo("[[1, placed, 10, null], [2, shipped, 11, null], [3, returned, 10, null], [4, placed, null, 700]]");
      var sync = sql.query("select * from analytics.inc_sync_all_columns order by order_id");
      assertThat(sync.columns()).containsExactly("order_id", "status", "amount_cents");
      assertThat(sync.rows().toString()).isEqualTo("[[1, placed, null], [2, shipped, null], [3, returned, null], [4, placed, 700]]");
      assertThat(sql.execute("DESCRIBE HISTORY analytics.inc_append_new_columns").get(0).rows().toString()).contains("ADD COLUMNS");
      assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.parse("analytics.inc_append_new_columns__dbt_tmp"))).isFalse();

      // ignore: a model that only gains a column keeps writing the table's columns
      model(proj, "inc_ignore", "ignore", "order_id, status, customer_id, amount_cents", "");
      DbtFixture.write(proj, "seeds/raw_orders.csv", "id,customer_id,status,amount\n5,10,placed,1\n");
      assertThat(run(proj, sql, "stg_orders inc_ignore").get("inc_ignore")).startsWith("success");
      var ignored = sql.query("select * from analytics.inc_ignore order by order_id");
      assertThat(ignored.columns()).containsExactly("order_id", "status", "customer_id");
      assertThat(ignored.rows()).hasSize(4);
    }
  }

  @Test
  void syncAllColumnsWidensATypeDeltaCanWidenAndRefusesOneItCannot() throws Exception {
    Path proj = DbtFixture.shop(data.resolve("dbt"));
    try (Lake lake = Lake.open(data)) {
      SqlSession sql = new SqlSession(lake);
      model(proj, "inc_wide", "sync_all_columns", "order_id, cast(amount_cents as int) as cents", "");
      assertThat(run(proj, sql, "stg_orders inc_wide").get("inc_wide")).startsWith("success");
      DbtFixture.write(proj, "seeds/raw_orders.csv", "id,customer_id,status,amount\n1,10,placed,20.5\n2,11,shipped,10\n"
          + "3,10,returned,5\n4,11,placed,7\n");
      model(proj, "inc_wide", "sync_all_columns", "order_id, cast(amount_cents as bigint) as cents", "");
      assertThat(run(proj, sql, "stg_orders inc_wide").get("inc_wide")).startsWith("success");
      var cents = lake.describe(dev.lakehouse.workbench.lake.TableId.parse("analytics.inc_wide")).columns().get(1);
      assertThat(cents.name() + " " + cents.type()).isEqualTo("cents bigint");
      assertThat(sql.query("select * from analytics.inc_wide order by order_id").rows().toString())
          .isEqualTo("[[1, 2050], [2, 1000], [3, 500], [4, 700]]");

      model(proj, "inc_wide", "sync_all_columns", "order_id, cast(amount_cents as string) as cents", "");
      String refused = run(proj, sql, "stg_orders inc_wide").get("inc_wide");
      assertThat(refused).isEqualTo("error models/inc_wide.sql: incremental model inc_wide changes the type of cents in"
          + " analytics.inc_wide from bigint to string, which Delta cannot widen. Cast it back to bigint in the model, or"
          + " rebuild the table with --full-refresh.");
      assertThat(DbtRunner.widens("decimal(10,2)", "decimal(12,2)")).isTrue();
      assertThat(DbtRunner.widens("decimal(10,2)", "decimal(10,3)")).isFalse();
      assertThat(DbtRunner.widens("int", "decimal(10,0)")).isTrue();
      assertThat(DbtRunner.widens("bigint", "double")).isFalse();
    }
  }

  @Test
  void preAndPostHooksFromTheProjectAndTheModelRunInOrder() throws Exception {
    Path proj = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(proj, "dbt_project.yml", """
        name: shop
        version: '1.0'
        config-version: 2
        models:
          shop:
            +materialized: table
            +pre-hook: "CREATE TABLE IF NOT EXISTS audit.hook_log (what STRING)"
            staging:
              +post-hook:
                - "INSERT INTO audit.hook_log VALUES ('folder post {{ this }}')"
        """);
    DbtFixture.write(proj, "models/staging/stg_orders.sql", """
        {{ config(post_hook="INSERT INTO audit.hook_log SELECT 'model post ' || count(*) FROM {{ this }}",
                  pre_hook=["INSERT INTO audit.hook_log VALUES ('model pre')"]) }}
        select id as order_id, status from {{ ref('raw_orders') }}
        """);
    try (Lake lake = Lake.open(data)) {
      SqlSession sql = new SqlSession(lake);
      Map<String, String> res = run(proj, sql, "stg_orders");
      assertThat(res.get("stg_orders")).startsWith("success").endsWith("(2 post-hooks)");
      // one commit per hook, in order: version 0 is the project's pre-hook that created the log
      assertThat(sql.query("select what from audit.hook_log VERSION AS OF 1").rows().toString()).isEqualTo("[[model pre]]");
      assertThat(sql.query("select what from audit.hook_log VERSION AS OF 2 EXCEPT select what from audit.hook_log VERSION AS OF 1")
          .rows().toString()).isEqualTo("[[folder post analytics.stg_orders]]");
      assertThat(sql.query("select what from audit.hook_log EXCEPT select what from audit.hook_log VERSION AS OF 2")
          .rows().toString()).as("the model's post-hook ran after the build: it counts the new table's 3 rows").isEqualTo("[[model post 3]]");
      String manifest = java.nio.file.Files.readString(proj.resolve("target/manifest.json"));
      assertThat(manifest).contains("\"pre-hook\"").contains("model post");

      DbtFixture.write(proj, "models/staging/stg_orders.sql", """
          {{ config(post_hook="INSERT INTO audit.no_such_table VALUES (1)") }}
          select id as order_id from {{ ref('raw_orders') }}
          """);
      assertThat(run(proj, sql, "stg_orders").get("stg_orders"))
          .startsWith("error models/staging/stg_orders.sql: post-hook 2 of stg_orders failed");
    }
  }

  @Test
  void onRunStartAndOnRunEndRunOncePerCommandAndSeeTheResults() throws Exception {
    Path proj = DbtFixture.shop(data.resolve("dbt"));
    String head = """
        name: shop
        version: '1.0'
        config-version: 2
        vars:
          min_amount: 0
        on-run-start:
          - "CREATE TABLE IF NOT EXISTS audit.run_log (what STRING, status STRING)"
          - "INSERT INTO audit.run_log VALUES ('start', '{{ target.schema }}')"
        on-run-end: >-
          INSERT INTO audit.run_log VALUES
          {% for r in results %}('{{ r.node.name }}', '{{ r.status }}'){% if not loop.last %},{% endif %}{% endfor %}
        """;
    DbtFixture.write(proj, "dbt_project.yml", head);
    try (Lake lake = Lake.open(data)) {
      SqlSession sql = new SqlSession(lake);
      DbtRunner r = new DbtRunner(DbtProject.read(proj), sql, null, null);
      var results = r.run(DbtRunner.Command.build, null, null);
      assertThat(results.get(0).uniqueId()).isEqualTo("operation.shop.shop-on-run-start-0");
      assertThat(results.get(results.size() - 1).uniqueId()).isEqualTo("operation.shop.shop-on-run-end-0");
      assertThat(results).allSatisfy(x -> assertThat(x.status()).as(x.uniqueId()).isIn("success", "pass"));
      long nodes = results.stream().filter(x -> !x.uniqueId().startsWith("operation.")).count();
      var log = sql.query("select what, status from audit.run_log");
      assertThat(log.rows()).hasSize((int) nodes + 1).contains(java.util.List.of("start", "analytics"), java.util.List.of("stg_orders", "success"));
      assertThat(java.nio.file.Files.readString(proj.resolve("target/run_results.json"))).contains("\"operation.shop.shop-on-run-end-0\"");

      // compile renders, runs nothing; a failing on-run-start skips every node and still runs on-run-end
      r.run(DbtRunner.Command.compile, null, null);
      assertThat(sql.query("select count(*) from audit.run_log").rows().get(0).get(0)).isEqualTo((long) nodes + 1);
      DbtFixture.write(proj, "dbt_project.yml", head.replace("CREATE TABLE IF NOT EXISTS audit.run_log", "CREATE TABLE audit.run_log"));
      var failed = new DbtRunner(DbtProject.read(proj), sql, null, null).run(DbtRunner.Command.run, null, null);
      assertThat(failed.get(0).status()).isEqualTo("error");
      assertThat(failed.get(0).message()).startsWith("on-run-start hook 1 failed: ").endsWith("(fix it under on-run-start: in dbt_project.yml)");
      assertThat(failed.stream().filter(x -> x.uniqueId().startsWith("model."))).allSatisfy(x ->
          assertThat(x.message()).isEqualTo("skipped: on-run-start hook 1 failed"));
      assertThat(failed.get(failed.size() - 1).uniqueId()).isEqualTo("operation.shop.shop-on-run-end-0");
    }
  }
}
