package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt snapshots as SCD type 2 on Delta: a changed row is closed and its new version inserted by one MERGE. */
class DbtSnapshotTest {

  @TempDir Path tmp;

  @Test
  void aChangedCustomerIsClosedAndReopenedAndANewOneInsertedInOneMergeCommit() throws Exception {
    Path p = DbtFixture.shop(tmp.resolve("p"));
    DbtFixture.write(p, "snapshots/customers_snapshot.sql", """
        {% snapshot customers_snapshot %}
        {{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols=['name']) }}
        select * from {{ ref('raw_customers') }}
        {% endsnapshot %}
        """);
    try (Lake lake = Lake.open(tmp.resolve("data"))) {
      SqlSession sql = new SqlSession(lake);
      List<DbtRunner.Result> first = new DbtRunner(DbtProject.read(p), sql, "a", Map.of()).run(DbtRunner.Command.build, null, null);
      assertThat(first).as(first.toString()).allMatch(r -> r.status().equals("success") || r.status().equals("pass"));
      assertThat(sql.query("SELECT count(*) FROM snapshots.customers_snapshot WHERE dbt_valid_to IS NULL").rows().get(0).get(0))
          .isEqualTo(2L);

      DbtFixture.write(p, "seeds/raw_customers.csv", """
          id,name
          10,Ada
          11,Grace Hopper
          12,Alan
          """);
      List<DbtRunner.Result> second = new DbtRunner(DbtProject.read(p), sql, "a", Map.of()).run(DbtRunner.Command.build, null, null);
      assertThat(second).as(second.toString()).allMatch(r -> r.status().equals("success") || r.status().equals("pass"));
      assertThat(sql.query("SELECT id, name, dbt_valid_to IS NULL FROM snapshots.customers_snapshot ORDER BY id, dbt_valid_from").rows())
          .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2))
          .containsExactly("10 Ada true", "11 Grace false", "11 Grace Hopper true", "12 Alan true");
      var history = sql.execute("DESCRIBE HISTORY snapshots.customers_snapshot");
      assertThat(history.get(history.size() - 1).rows()).map(r -> String.valueOf(r.get(2)))
          .containsExactly("MERGE", "CREATE TABLE AS SELECT");
    }
  }
}
