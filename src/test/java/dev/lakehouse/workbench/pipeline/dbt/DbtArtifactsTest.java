package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our artifacts carry the fields dbt's published JSON schemas (manifest v12, run-results v6) mark as
 * required. The schemas themselves are not vendored (they are fetched from dbt's site, which a build
 * must not need), so the required fields are listed here from that documentation.
 */
class DbtArtifactsTest {

  static final List<String> MANIFEST = List.of("metadata", "nodes", "sources", "macros", "docs", "exposures", "metrics",
      "groups", "selectors", "disabled", "parent_map", "child_map", "group_map", "saved_queries", "semantic_models",
      "unit_tests");
  static final List<String> NODE = List.of("database", "schema", "name", "resource_type", "package_name", "path",
      "original_file_path", "unique_id", "fqn", "alias", "checksum");
  static final List<String> RUN_RESULTS = List.of("metadata", "results", "elapsed_time");
  static final List<String> RESULT = List.of("status", "timing", "thread_id", "execution_time", "adapter_response",
      "message", "failures", "unique_id", "compiled", "compiled_code", "relation_name");

  @TempDir Path data;

  @Test
  void manifestAndRunResultsHaveDbtsRequiredFields() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    try (Lake lake = Lake.open(data)) {
      DbtRunner r = new DbtRunner(DbtProject.read(p), new SqlSession(lake), null, null);
      r.run(DbtRunner.Command.build, Selector.select(r, List.of("+stg_orders raw_customers"), null), null);
    }
    ObjectMapper m = new ObjectMapper();
    JsonNode man = m.readTree(p.resolve("target/manifest.json").toFile());
    assertThat(man.fieldNames()).toIterable().containsAll(MANIFEST);
    assertThat(man.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
    JsonNode model = man.at("/nodes/model.shop.stg_orders");
    assertThat(model.fieldNames()).toIterable().containsAll(NODE);
    assertThat(model.at("/fqn").toString()).isEqualTo("[\"shop\",\"staging\",\"stg_orders\"]");
    assertThat(model.at("/depends_on/nodes").toString()).contains("seed.shop.raw_orders");
    assertThat(model.at("/config/materialized").asText()).isEqualTo("view");
    assertThat(man.at("/child_map/model.shop.stg_orders").toString()).contains("model.shop.customer_revenue");
    assertThat(man.at("/nodes/test.shop.not_null_stg_orders_order_id/test_metadata/name").asText()).isEqualTo("not_null");

    JsonNode rr = m.readTree(p.resolve("target/run_results.json").toFile());
    assertThat(rr.fieldNames()).toIterable().containsAll(RUN_RESULTS);
    assertThat(rr.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");
    assertThat(rr.at("/results")).isNotEmpty();
    for (JsonNode res : rr.at("/results")) {
      assertThat(res.fieldNames()).toIterable().containsAll(RESULT);
      assertThat(res.at("/status").asText()).isIn("success", "pass");
    }
    assertThat(rr.at("/results").size()).isEqualTo(2 + 1 + 4); // two seeds, stg_orders, its 4 tests
  }
}
