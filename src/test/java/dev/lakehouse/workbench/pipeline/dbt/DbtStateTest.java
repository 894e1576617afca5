package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slim CI: state:modified+ against another run's manifest, --defer to its relations, targets from profiles.yml. */
class DbtStateTest {

  @TempDir Path tmp;

  @Test
  void stateModifiedPlusSelectsTheChangedModelAndItsChildrenAndDeferReadsTheRestFromProduction() throws Exception {
    Path prod = DbtFixture.shop(tmp.resolve("prod"));
    Path pr = DbtFixture.shop(tmp.resolve("pr"));
    try (Lake lake = Lake.open(tmp.resolve("data"))) {
      SqlSession sql = new SqlSession(lake);
      DbtRunner main = new DbtRunner(DbtProject.read(prod), sql, "prod", Map.of());
      assertThat(main.run(DbtRunner.Command.build, null, null)).allMatch(r -> r.status().equals("success") || r.status().equals("pass"));
      DbtState state = DbtState.read(prod.resolve("target"));

      DbtRunner same = new DbtRunner(DbtProject.read(pr), sql, "ci", Map.of());
      assertThat(Selector.select(same, List.of("state:modified+"), List.of(), state)).as("nothing changed").isEmpty();

      DbtFixture.write(pr, "models/staging/stg_orders.sql", Files.readString(pr.resolve("models/staging/stg_orders.sql"))
          .replace("as amount_cents", "as amount_cents, 1 as changed"));
      DbtRunner ci = new DbtRunner(DbtProject.read(pr), sql, "ci", Map.of());
      Set<String> selected = Selector.select(ci, List.of("state:modified+"), List.of(), state);
      assertThat(selected).contains("model.shop.stg_orders", "model.shop.customer_revenue")
          .doesNotContain("seed.shop.raw_orders", "seed.shop.raw_customers");
      assertThat(Selector.select(ci, List.of("state:modified"), List.of(), state)).contains("model.shop.stg_orders")
          .doesNotContain("model.shop.customer_revenue");

      ci.defer(state, selected);
      List<DbtRunner.Result> results = ci.run(DbtRunner.Command.build, selected, null);
      assertThat(results).allMatch(r -> r.status().equals("success") || r.status().equals("pass"));
      assertThat(ci.node("model.shop.stg_orders").compiledCode()).contains("prod.raw_orders");
      assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.parse("ci.raw_orders"))).isFalse();
      assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.parse("ci.customer_revenue"))).isTrue();
    }
  }

  @Test
  void stateModifiedComparesDbtsSha256ChecksumOfTheFileAndTheUnrenderedConfig() throws Exception {
    Path p = DbtFixture.shop(tmp.resolve("p"));
    try (Lake lake = Lake.open(tmp.resolve("data"))) {
      SqlSession sql = new SqlSession(lake);
      new DbtRunner(DbtProject.read(p), sql, "x", Map.of()).run(DbtRunner.Command.ls, null, null);
      Path stateDir = Files.createDirectories(tmp.resolve("state"));
      Files.copy(p.resolve("target/manifest.json"), stateDir.resolve("manifest.json"));
      var man = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stateDir.resolve("manifest.json").toFile());
      String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(p.resolve("models/staging/stg_orders.sql"))));
      assertThat(man.at("/nodes/model.shop.stg_orders/checksum").toString()).isEqualTo("{\"name\":\"sha256\",\"checksum\":\"" + sha + "\"}");
      assertThat(man.at("/nodes/test.shop.unique_stg_orders_order_id/checksum/name").asText()).isEqualTo("none");
      DbtState state = DbtState.read(stateDir);

      // a folder config in dbt_project.yml, a test's severity and a seed's bytes are changes; a comment in the yml is not
      DbtFixture.write(p, "dbt_project.yml", Files.readString(p.resolve("dbt_project.yml")).replace("+materialized: view", "+materialized: table"));
      DbtFixture.write(p, "models/schema.yml", "# reviewed\n" + Files.readString(p.resolve("models/schema.yml"))
          .replace("data_tests: [not_null, unique]", "data_tests: [not_null, {unique: {config: {severity: warn}}}]"));
      DbtFixture.write(p, "seeds/raw_customers.csv", Files.readString(p.resolve("seeds/raw_customers.csv")) + "12,Edsger\n");
      DbtRunner r = new DbtRunner(DbtProject.read(p), sql, "x", Map.of());
      List<String> modified = r.order().stream().filter(id -> state.isModified(id, r.node(id), r.project())).toList();
      assertThat(modified).containsExactlyInAnyOrder(
          "model.shop.stg_orders", "test.shop.unique_stg_orders_order_id", "seed.shop.raw_customers");
    }
  }

  @Test
  void aStateSelectorWithoutStateOrAManifestIsOneLineSayingWhatToPass() throws Exception {
    Path p = DbtFixture.shop(tmp.resolve("p"));
    try (Lake lake = Lake.open(tmp.resolve("data"))) {
      DbtRunner r = new DbtRunner(DbtProject.read(p), new SqlSession(lake), "x", Map.of());
      assertThatThrownBy(() -> Selector.select(r, List.of("state:modified+"), List.of(), null))
          .isInstanceOf(WorkbenchException.class).hasMessageContaining("Add --state DIR");
      assertThatThrownBy(() -> DbtState.read(tmp.resolve("nowhere")))
          .isInstanceOf(WorkbenchException.class).hasMessageContaining("there is no manifest.json in that folder");
    }
  }

  @Test
  void theTargetSchemaComesFromTheProjectsProfilesAndAnUnknownTargetNamesTheOutputs() throws Exception {
    Path p = DbtFixture.shop(tmp.resolve("p"));
    assertThat(DbtProject.read(p).targetSchema(null)).isNull();
    DbtFixture.write(p, "profiles.yml", """
        shop:
          target: dev
          outputs:
            dev: {type: databricks, schema: lab_dev}
            ci: {type: databricks, schema: lab_ci}
        """);
    assertThat(DbtProject.read(p).targetSchema(null)).isEqualTo("lab_dev");
    assertThat(DbtProject.read(p).targetSchema("ci")).isEqualTo("lab_ci");
    assertThatThrownBy(() -> DbtProject.read(p).targetSchema("prod")).isInstanceOf(WorkbenchException.class)
        .hasMessageContaining("profile 'shop' has no output 'prod'");
  }
}
