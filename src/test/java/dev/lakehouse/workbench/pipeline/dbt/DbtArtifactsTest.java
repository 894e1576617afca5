package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our artifacts validate against dbt's own published JSON schemas, manifest v12 and run-results v6
 * (vendored unchanged from dbt-core under src/test/resources/dbt-schemas, Apache 2.0), for a project
 * with every kind of node we write: seeds, a source, view, table, ephemeral and incremental models with
 * hooks, a snapshot, generic, custom generic and singular tests; and results of every status.
 */
class DbtArtifactsTest {

  @TempDir Path data;

  private static Schema schema(String file) throws Exception {
    try (InputStream in = DbtArtifactsTest.class.getResourceAsStream("/dbt-schemas/" + file)) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
    }
  }

  private static List<String> violations(Schema s, JsonNode doc) {
    return s.validate(doc).stream().map(Error::toString).limit(20).toList();
  }

  @Test
  void manifestAndRunResultsValidateAgainstDbtsPublishedSchemas() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/sources.yml", """
        version: 2
        sources:
          - name: crm
            schema: raw
            tables: [{name: accounts}]
        """);
    DbtFixture.write(p, "models/accounts.sql", """
        {{ config(materialized='incremental', unique_key='id', on_schema_change='append_new_columns',
                  post_hook="OPTIMIZE {{ this }}") }}
        select * from {{ source('crm', 'accounts') }}
        """);
    DbtFixture.write(p, "snapshots/orders_snap.sql", """
        {% snapshot orders_snap %}
        {{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols=['status']) }}
        select * from {{ ref('raw_orders') }}
        {% endsnapshot %}
        """);
    DbtFixture.write(p, "macros/positive.sql", """
        {% test positive(model, column_name) %} select * from {{ model }} where {{ column_name }} <= 0 {% endtest %}
        """);
    DbtFixture.write(p, "models/more.yml", """
        version: 2
        models:
          - name: customer_revenue
            columns:
              - name: revenue_cents
                data_tests: [positive]
        """);
    ObjectMapper m = new ObjectMapper();
    try (Lake lake = Lake.open(data)) {
      SqlSession sql = new SqlSession(lake);
      sql.execute("CREATE TABLE raw.accounts AS SELECT 1 AS id, 'a' AS name");
      DbtRunner r = new DbtRunner(DbtProject.read(p), sql, null, null);
      r.run(DbtRunner.Command.compile, null, null);
      JsonNode compiled = m.readTree(p.resolve("target/manifest.json").toFile());
      assertThat(violations(schema("manifest-v12.json"), compiled)).isEmpty();
      assertThat(violations(schema("run-results-v6.json"), m.readTree(p.resolve("target/run_results.json").toFile()))).isEmpty();

      // a build with a failing test (a skipped child) and an erroring model, so every status is written
      DbtFixture.write(p, "seeds/raw_orders.csv", "id,customer_id,status,amount\n1,10,placed,20.5\n1,11,lost,10\n");
      DbtFixture.write(p, "models/broken.sql", "select no_such_column from {{ ref('raw_customers') }}");
      r = new DbtRunner(DbtProject.read(p), sql, null, null);
      var results = r.run(DbtRunner.Command.build, null, null);
      assertThat(results.stream().map(DbtRunner.Result::status).distinct()).contains("success", "pass", "fail", "error", "skipped");
    }
    JsonNode man = m.readTree(p.resolve("target/manifest.json").toFile());
    assertThat(violations(schema("manifest-v12.json"), man)).isEmpty();
    JsonNode rr = m.readTree(p.resolve("target/run_results.json").toFile());
    assertThat(violations(schema("run-results-v6.json"), rr)).isEmpty();

    // the schema does bite: a seed with refs, or a result with a status dbt does not know, is refused
    var broken = man.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/nodes/seed.shop.raw_orders")).putArray("refs");
    assertThat(violations(schema("manifest-v12.json"), broken)).isNotEmpty();
    var badStatus = rr.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badStatus.at("/results/0")).put("status", "done");
    assertThat(violations(schema("run-results-v6.json"), badStatus)).isNotEmpty();

    // what dbt's tools read from them
    assertThat(man.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
    JsonNode model = man.at("/nodes/model.shop.stg_orders");
    assertThat(model.at("/fqn").toString()).isEqualTo("[\"shop\",\"staging\",\"stg_orders\"]");
    assertThat(model.at("/depends_on/nodes").toString()).contains("seed.shop.raw_orders");
    assertThat(model.at("/config/materialized").asText()).isEqualTo("view");
    assertThat(model.at("/checksum/name").asText()).isEqualTo("sha256");
    assertThat(man.at("/nodes/model.shop.accounts/config/post-hook/0/sql").asText()).isEqualTo("OPTIMIZE {{ this }}");
    assertThat(man.at("/nodes/model.shop.accounts/depends_on/nodes/0").asText()).isEqualTo("source.shop.crm.accounts");
    assertThat(man.at("/child_map/model.shop.stg_orders").toString()).contains("model.shop.customer_revenue");
    assertThat(man.at("/nodes/test.shop.not_null_stg_orders_order_id/test_metadata/name").asText()).isEqualTo("not_null");
    assertThat(rr.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");
  }
}
