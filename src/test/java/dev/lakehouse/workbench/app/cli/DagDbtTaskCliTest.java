package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DAG's dbt task builds its selection of a real dbt project on the lake, through the dbt half, with its lineage. */
class DagDbtTaskCliTest {

  @TempDir Path dataDir;

  private void write(String rel, String text) throws Exception {
    Path f = dataDir.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  @Test
  void aDbtTaskBuildsItsSelectionAndAFailingTestFailsTheTask() throws Exception {
    write("work/shopdbt/dbt_project.yml", """
        name: shopdbt
        version: '1.0'
        config-version: 2
        profile: shopdbt
        models:
          shopdbt:
            +materialized: table
        """);
    write("work/shopdbt/seeds/raw_orders.csv", "id,amount\n1,20.5\n2,10\n3,5\n");
    write("work/shopdbt/models/big_orders.sql", "select id, amount from {{ ref('raw_orders') }} where amount > {{ var('floor') }}\n");
    write("work/shopdbt/models/schema.yml", """
        version: 2
        models:
          - name: big_orders
            columns:
              - name: id
                data_tests: [not_null, unique]
        """);
    write("work/dags/nightly.yaml", """
        nightly_models:
          default_args: {owner: learner, start_date: 2024-03-01}
          schedule: "@daily"
          tasks:
            - task_id: build_models
              operator: workbench.operators.DbtBuildOperator
              project_dir: work/shopdbt
              select: "+big_orders"
              vars: {floor: 6}
        """);

    CliRun run = CliRun.in(dataDir, "dag", "test", dataDir.resolve("work/dags/nightly.yaml").toString(), "2024-03-01");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    CliRun count = CliRun.in(dataDir, "sql", "SELECT count(*) AS n FROM analytics.big_orders");
    assertThat(count.out()).as(count.err()).contains("2");

    // no governance policy in this folder, yet the run's lineage is recorded (and nothing is audited)
    assertThat(dataDir.resolve("governance/policy.json")).doesNotExist();
    CliRun lineage = CliRun.in(dataDir, "sql", "SELECT DISTINCT source_table_name || ' -> ' || target_table_name AS edge"
        + " FROM system.access.table_lineage WHERE target_table_name = 'big_orders'");
    assertThat(lineage.out()).as(lineage.err()).contains("raw_orders -> big_orders");
    assertThat(dataDir.resolve("lake/access/audit")).doesNotExist();
    String events = Files.readString(dataDir.resolve("lineage/openlineage.jsonl"));
    assertThat(events.lines().filter(l -> l.contains("\"COMPLETE\"") && l.contains("main.analytics.big_orders")))
        .as(events).isNotEmpty();
  }
}
