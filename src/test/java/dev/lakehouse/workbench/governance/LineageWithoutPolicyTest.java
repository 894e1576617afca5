package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.governance.internal.LineageEvents;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh data folder with no governance policy: nothing is checked or audited, but writes still have lineage. */
class LineageWithoutPolicyTest {

  @TempDir
  Path dir;

  @Test
  void writesRecordTableAndColumnLineageAndRunEventsWithoutAPolicy() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      SqlSession s = new SqlSession(lake);
      s.hook(Governance.open(dir, lake, null));
      s.execute("""
          CREATE TABLE silver.customers (id BIGINT, email STRING, region STRING);
          INSERT INTO silver.customers VALUES (1, 'a@x.io', 'EU'), (2, 'b@x.io', 'US');
          CREATE TABLE gold.revenue AS SELECT upper(region) AS region, count(id) AS total FROM silver.customers GROUP BY 1;
          SELECT * FROM gold.revenue""");

      assertThat(dir.resolve("governance/policy.json")).as("recording lineage does not turn governance on").doesNotExist();
      assertThat(lake.exists(TableId.of("access", "audit"))).as("no audit without a policy").isFalse();
      assertThat(s.execute("""
          SELECT source_table_full_name, target_table_full_name FROM system.access.table_lineage
          WHERE source_table_full_name IS NOT NULL""").get(0).rows())
          .containsExactly(List.of("main.silver.customers", "main.gold.revenue"));
      assertThat(s.execute("""
          SELECT source_column_name, target_column_name FROM system.access.column_lineage ORDER BY 2""").get(0).rows())
          .containsExactly(List.of("region", "region"), List.of("id", "total"));
      assertThat(s.execute("SELECT count(*) FROM system.access.table_lineage WHERE target_table_full_name IS NULL")
          .get(0).rows()).as("a read alone is not recorded without a policy").containsExactly(List.of(0L));
    }
    OpenLineageSpec spec = new OpenLineageSpec();
    List<String> runs = new ArrayList<>();
    for (String line : Files.readAllLines(LineageEvents.file(dir))) {
      JsonNode e = LineageEventsTest.JSON.readTree(line);
      assertThat(spec.violations(e)).as(line).isEmpty();
      runs.add(e.get("eventType").asText() + " " + e.at("/job/name").asText());
    }
    assertThat(runs).containsExactly(
        "START learner.createTable.main.silver.customers", "COMPLETE learner.createTable.main.silver.customers",
        "START learner.insert.main.silver.customers", "COMPLETE learner.insert.main.silver.customers",
        "START learner.createTable.main.gold.revenue", "COMPLETE learner.createTable.main.gold.revenue");
  }
}
