package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's dbt_task builds its selection of a real dbt project on the lake; commands the workbench cannot run are one line. */
class JobDbtTaskCliTest {

  @TempDir Path dataDir;

  private void write(String rel, String text) throws Exception {
    Path f = dataDir.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  @Test
  void aDbtTaskBuildsItsSelectionWithTheRunsVarsAndAnUnsupportedCommandIsOneLine() throws Exception {
    write("work/jobs/shopdbt/dbt_project.yml", """
        name: shopdbt
        version: '1.0'
        config-version: 2
        profile: shopdbt
        models:
          shopdbt:
            +materialized: table
        """);
    write("work/jobs/shopdbt/seeds/raw_orders.csv", "id,amount\n1,20.5\n2,10\n3,5\n");
    write("work/jobs/shopdbt/models/big_orders.sql",
        "select id, amount, '{{ var('run_date') }}' as run_date from {{ ref('raw_orders') }} where amount > {{ var('floor') }}\n");
    String bundle = """
        bundle:
          name: shop_jobs
        resources:
          jobs:
            models:
              name: Models
              parameters:
                - {name: run_date, default: "{{job.start_time.iso_date}}"}
              tasks:
                - task_key: build_models
                  dbt_task:
                    project_directory: shopdbt
                    warehouse_id: local
                    commands:
                      - "dbt deps"
                      - "dbt build -s +big_orders --vars '{floor: 6, run_date: \\"{{job.parameters.run_date}}\\"}'"
        """;
    write("work/jobs/databricks.yml", bundle);

    CliRun run = CliRun.in(dataDir, "job", "run", "work/jobs/databricks.yml", "--date", "2024-03-06");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    CliRun rows = CliRun.in(dataDir, "sql", "SELECT count(*) AS n FROM analytics.big_orders WHERE run_date = '2024-03-06'");
    assertThat(rows.out()).as(rows.err()).contains("| 2 ");

    write("work/jobs/databricks.yml", bundle.replace("\"dbt deps\"", "\"dbt run -s big_orders\""));
    CliRun bad = CliRun.in(dataDir, "job", "validate", "work/jobs/databricks.yml");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out() + bad.err()).contains("databricks.yml, job models, task build_models, field dbt_task.commands: "
        + "`dbt run -s big_orders`: the workbench runs `dbt build` (and `dbt deps`), not `dbt run`. Write `dbt build -s <selection>`");
  }
}
