package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestration labs end to end from the command line: setup, the starter DAG backfilled and
 * diagnosed, the learner's fixed DAG backfilled twice and passing, reset failing again, and the
 * reference solution applied passing.
 */
class DagLabsCliTest {

  static final String PROJECT = CliRun.PROJECT;

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  @Test
  void day04TheStarterIsDiagnosedTheFixedDagPassesAndResetStartsOver() throws Exception {
    String lab = "day-04-airflow-dag";
    assertThat(run("lab", "setup", lab).code()).isZero();
    Path dag = dataDir.resolve("work/day-04/shop_daily.yaml");
    assertThat(run("dag", "validate", "work/day-04/shop_daily.yaml").out()).contains("ok: work/day-04/shop_daily.yaml ([shop_daily])");

    CliRun starter = run("dag", "backfill", "work/day-04/shop_daily.yaml", "--from", "2024-03-06", "--to", "2024-03-12");
    assertThat(starter.code()).isEqualTo(1);
    assertThat(starter.out()).contains("2024-03-09  failed  load_orders=success dbt_build=success check_batch=failed publish_revenue=success");
    CliRun check = run("lab", "check", lab);
    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out()).contains("hint: Your tasks start together");

    // the learner wires the tasks and makes the load idempotent, then runs the week twice
    String fixed = Files.readString(dag)
        .replace("      operator: workbench.operators.DbtBuildOperator\n",
            "      operator: workbench.operators.DbtBuildOperator\n      dependencies: [load_orders]\n")
        .replace("    - task_id: check_batch\n      operator: airflow.providers.common.sql.operators.sql.SQLCheckOperator\n",
            "    - task_id: check_batch\n      operator: airflow.providers.common.sql.operators.sql.SQLCheckOperator\n      dependencies: [dbt_build]\n")
        .replace("    - task_id: publish_revenue\n      operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator\n",
            "    - task_id: publish_revenue\n      operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator\n"
                + "      dependencies: [check_batch]\n")
        .replace("      sql: |\n        INSERT INTO lab04.staged_orders",
            "      sql: |\n        DELETE FROM lab04.staged_orders WHERE order_date = DATE '{{ ds }}';\n        INSERT INTO lab04.staged_orders");
    assertThat(fixed).contains("dependencies: [load_orders]", "dependencies: [dbt_build]", "dependencies: [check_batch]",
        "DELETE FROM lab04.staged_orders");
    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    Files.writeString(dag, fixed);
    run("dag", "backfill", "work/day-04/shop_daily.yaml", "--from", "2024-03-06", "--to", "2024-03-12");
    CliRun second = run("dag", "backfill", "work/day-04/shop_daily.yaml", "--from", "2024-03-06", "--to", "2024-03-12");
    assertThat(second.out()).contains("2024-03-12  failed  load_orders=success dbt_build=success check_batch=failed publish_revenue=upstream_failed  (1 retry)")
        .contains("7 runs, 2 failed, 2 alerts");
    CliRun pass = run("lab", "check", lab);
    assertThat(pass.out()).contains("5 of 5 checks pass");
    assertThat(pass.code()).isZero();
    assertThat(run("dag", "tasks", "shop_daily", "2024-03-09").out()).contains("publish_revenue  0  upstream_failed");

    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    CliRun reset = run("lab", "check", lab);
    assertThat(reset.code()).isEqualTo(1);
    assertThat(reset.out()).contains("0 of 5 checks pass", "hint: No run is recorded yet");
    CliRun applied = run("lab", "solution", lab, "--apply");
    assertThat(applied.out()).contains("backfilled shop_daily: 7 runs, 2 failed");
    assertThat(run("lab", "check", lab).code()).isZero();
  }

  @Test
  void day16TheStarterFailsOnTheFlakyTaskAndTheSolutionRetriesAndMissesTheDeadlineOnTheMissingDay() {
    String lab = "day-16-pipeline-health";
    assertThat(run("lab", "setup", lab).code()).isZero();
    CliRun starter = run("dag", "backfill", "work/day-16/shop_health.yaml", "--from", "2024-03-20", "--to", "2024-03-26");
    assertThat(starter.out()).contains("2024-03-20  failed  wait_for_batch=success pull_fx_rates=failed load_day=upstream_failed");
    CliRun check = run("lab", "check", lab);
    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out()).contains("hint: pull_fx_rates failed on its first try and was never retried");

    CliRun applied = run("lab", "solution", lab, "--apply");
    assertThat(applied.out()).contains("backfilled shop_health: 7 runs, 1 failed");
    CliRun pass = run("lab", "check", lab);
    assertThat(pass.out()).contains("3 of 3 checks pass");
    assertThat(run("dag", "tasks", "shop_health", "2024-03-22").out())
        .contains("pull_fx_rates  1  up_for_retry", "pull_fx_rates  2  up_for_retry", "pull_fx_rates  3  success");

    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    assertThat(run("lab", "check", lab).code()).isEqualTo(1);
  }
}
