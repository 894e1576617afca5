package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundle jobs run on real Delta tables: dependency order, run_if, retries, rollback, targets, idempotent days, history. */
class JobRunnerTest {

  @TempDir Path dataDir;
  Lake lake;
  SqlSession sql;
  JobRunner runner;
  Path bundle;

  @BeforeEach
  void open() throws Exception {
    lake = Lake.open(dataDir);
    sql = new SqlSession(lake);
    runner = new JobRunner(sql, dataDir);
    sql.execute("""
        CREATE TABLE src.orders (order_id BIGINT, amount DECIMAL(10,2), order_date DATE);
        INSERT INTO src.orders VALUES (1, 10.00, DATE '2024-03-01'), (2, 20.00, DATE '2024-03-01'),
          (3, 30.00, DATE '2024-03-02'), (4, 5.00, DATE '2024-03-03');
        CREATE TABLE dev_shop.staged (order_id BIGINT, amount DECIMAL(10,2), order_date DATE);
        CREATE TABLE dev_shop.revenue (order_date DATE, orders BIGINT, revenue DECIMAL(20,2));
        CREATE TABLE dev_shop.incidents (run_date DATE);
        CREATE TABLE shop.staged (order_id BIGINT, amount DECIMAL(10,2), order_date DATE);
        CREATE TABLE shop.revenue (order_date DATE, orders BIGINT, revenue DECIMAL(20,2));
        CREATE TABLE shop.incidents (run_date DATE);
        """);
    Path dir = Files.createDirectories(dataDir.resolve("work/jobs"));
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/stage.sql"), """
        DELETE FROM IDENTIFIER(:schema || '.staged') WHERE order_date = CAST(:run_date AS DATE);
        INSERT INTO IDENTIFIER(:schema || '.staged') SELECT * FROM src.orders WHERE order_date = CAST(:run_date AS DATE);
        """);
    Files.writeString(dir.resolve("src/revenue.sql"), """
        -- Databricks notebook source
        MERGE INTO IDENTIFIER(:schema || '.revenue') AS t
        USING (SELECT order_date, count(*) AS orders, CAST(sum(amount) AS DECIMAL(20,2)) AS revenue
               FROM IDENTIFIER(:schema || '.staged') WHERE order_date = CAST(:run_date AS DATE) GROUP BY order_date) AS s
        ON t.order_date = s.order_date
        WHEN MATCHED THEN UPDATE SET *
        WHEN NOT MATCHED THEN INSERT *

        -- COMMAND ----------

        SELECT count(*) FROM IDENTIFIER(:schema || '.revenue')
        """);
    Files.writeString(dir.resolve("src/incident.sql"), "INSERT INTO IDENTIFIER(:schema || '.incidents') VALUES (CAST(:run_date AS DATE));\n");
    bundle = dir.resolve("databricks.yml");
    Files.writeString(bundle, """
        bundle:
          name: shop_jobs
        variables:
          schema:
            default: dev_shop
        resources:
          jobs:
            shop_daily:
              name: Shop daily
              parameters:
                - {name: run_date, default: "{{job.start_time.iso_date}}"}
              schedule: {quartz_cron_expression: "0 30 6 * * ?", timezone_id: UTC}
              email_notifications: {on_failure: [team@example.com]}
              tasks:
                - task_key: stage
                  max_retries: 2
                  min_retry_interval_millis: 120000
                  sql_task:
                    warehouse_id: local
                    file: {path: src/stage.sql}
                    parameters: {schema: "${var.schema}", attempt: "{{task.execution_count}}"}
                - task_key: revenue
                  depends_on: [{task_key: stage}]
                  notebook_task:
                    notebook_path: src/revenue.sql
                    base_parameters: {schema: "${var.schema}"}
                - task_key: on_failure
                  depends_on: [{task_key: revenue}]
                  run_if: AT_LEAST_ONE_FAILED
                  sql_task:
                    warehouse_id: local
                    file: {path: src/incident.sql}
                    parameters: {schema: "${var.schema}"}
        targets:
          dev: {mode: development, default: true}
          prod:
            mode: production
            variables: {schema: shop}
        """);
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  JobSpec job(String target) {
    return JobBundles.read(bundle, target).get(0);
  }

  Object one(String q) {
    return sql.query(q).rows().get(0).get(0);
  }

  @Test
  void aDayRunsTheTasksInOrderInTheTargetsSchemaAndSkipsTheFailureTask() {
    DagRun r = runner.runDay(job(null), LocalDate.of(2024, 3, 1), Map.of());
    assertThat(r.state()).isEqualTo("success");
    assertThat(r.dagId()).isEqualTo("[dev learner] Shop daily");
    assertThat(r.logicalDate()).isEqualTo(LocalDateTime.of(2024, 3, 1, 6, 30));
    assertThat(r.states()).containsExactly(Map.entry("stage", TaskState.SUCCESS), Map.entry("revenue", TaskState.SUCCESS),
        Map.entry("on_failure", TaskState.SKIPPED));
    DagRun.Try stage = r.tries().get(0);
    DagRun.Try revenue = r.tries().get(1);
    assertThat(revenue.start()).isAfterOrEqualTo(stage.end());
    assertThat(stage.log()).contains("run_date=2024-03-01").contains("attempt=1");
    assertThat(one("SELECT concat(CAST(orders AS STRING), '/', CAST(revenue AS STRING)) FROM dev_shop.revenue")).isEqualTo("2/30.00");
    assertThat(one("SELECT count(*) FROM shop.revenue")).as("prod's tables are untouched by a dev run").isEqualTo(0L);
    assertThat(one("SELECT count(*) FROM pipeline.task_instance WHERE dag_id = '[dev learner] Shop daily' AND state = 'success'")).isEqualTo(2L);
  }

  @Test
  void runningTheSameDayTwiceLeavesTheSameTablesAndOneRunInTheHistory() {
    JobSpec prod = job("prod");
    runner.runDay(prod, LocalDate.of(2024, 3, 1), Map.of());
    runner.runDay(prod, LocalDate.of(2024, 3, 2), Map.of());
    List<List<Object>> once = sql.query("SELECT * FROM shop.revenue ORDER BY order_date").rows();
    long staged = (Long) one("SELECT count(*) FROM shop.staged");
    runner.runDay(prod, LocalDate.of(2024, 3, 2), Map.of());
    assertThat(sql.query("SELECT * FROM shop.revenue ORDER BY order_date").rows()).isEqualTo(once);
    assertThat(one("SELECT count(*) FROM shop.staged")).isEqualTo(staged).isEqualTo(3L);
    assertThat(one("SELECT count(*) FROM pipeline.dag_run WHERE dag_id = 'Shop daily'")).isEqualTo(2L);
  }

  @Test
  void aFailedTaskIsRetriedAfterItsIntervalRolledBackAndRunsTheFailureTask() throws Exception {
    Files.writeString(dataDir.resolve("work/jobs/src/stage.sql"), """
        DELETE FROM IDENTIFIER(:schema || '.staged') WHERE order_date = CAST(:run_date AS DATE);
        INSERT INTO IDENTIFIER(:schema || '.staged') SELECT * FROM src.orders WHERE order_date = CAST(:run_date AS DATE);
        SELECT * FROM src.no_such_table;
        """);
    long before = lake.latestVersion(TableId.of("dev_shop", "staged"));
    DagRun r = runner.runDay(job("dev"), LocalDate.of(2024, 3, 1), Map.of());
    assertThat(r.state()).as("a workspace judges the run by its leaves: the on_failure leaf succeeded")
        .isEqualTo(JobRunner.SUCCESS_WITH_FAILURES);
    assertThat(r.states()).containsExactly(Map.entry("stage", TaskState.FAILED), Map.entry("revenue", TaskState.UPSTREAM_FAILED),
        Map.entry("on_failure", TaskState.SUCCESS));
    List<DagRun.Try> stage = r.tries().stream().filter(t -> t.taskId().equals("stage")).toList();
    assertThat(stage).extracting(DagRun.Try::state).containsExactly(TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RETRY, TaskState.FAILED);
    assertThat(Duration.between(stage.get(0).end(), stage.get(1).start())).isEqualTo(Duration.ofMinutes(2));
    assertThat(one("SELECT count(*) FROM dev_shop.staged")).as("no partial write").isEqualTo(0L);
    assertThat(lake.latestVersion(TableId.of("dev_shop", "staged"))).isGreaterThan(before);
    assertThat(one("SELECT count(*) FROM dev_shop.incidents")).isEqualTo(1L);
    assertThat(r.alerts()).extracting(DagRun.Alert::kind).containsExactly("TASK_FAILED", "EMAIL_ON_FAILURE");
  }

  @Test
  void aFailedRunEmailsTheOnFailureList() throws Exception {
    Files.writeString(dataDir.resolve("work/jobs/src/incident.sql"), "SELECT * FROM src.no_such_table");
    Files.writeString(dataDir.resolve("work/jobs/src/stage.sql"), "SELECT * FROM src.no_such_table");
    DagRun r = runner.runDay(job("dev"), LocalDate.of(2024, 3, 1), Map.of());
    assertThat(r.state()).isEqualTo("failed");
    assertThat(one("SELECT message FROM pipeline.alerts WHERE kind = 'EMAIL_ON_FAILURE'")).asString()
        .startsWith("would email team@example.com: job [dev learner] Shop daily run of 2024-03-01 failed in stage, on_failure");
  }

  @Test
  void theScheduleReplaysEveryTickAndDeployRecordsTheTarget() {
    JobSpec dev = job("dev");
    runner.deploy(dev);
    List<DagRun> runs = runner.runSchedule(dev, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 3), Map.of(), null);
    assertThat(runs).extracting(DagRun::runId).containsExactly("periodic__2024-03-01T06:30:00+00:00",
        "periodic__2024-03-02T06:30:00+00:00", "periodic__2024-03-03T06:30:00+00:00");
    assertThat(one("SELECT count(*) FROM dev_shop.revenue")).isEqualTo(3L);
    assertThat(sql.query("SELECT job_name, target, mode, quartz_cron_expression, paused, tasks FROM pipeline.jobs").rows())
        .containsExactly(List.of("[dev learner] Shop daily", "dev", "development", "0 30 6 * * ?", true, "stage,revenue,on_failure"));
    runner.deploy(dev);
    assertThat(one("SELECT count(*) FROM pipeline.jobs")).as("a redeploy replaces the row").isEqualTo(1L);
  }

  @Test
  void anUnknownParameterOverrideIsOneLine() {
    assertThatThrownBy(() -> runner.runDay(job("dev"), LocalDate.of(2024, 3, 1), Map.of("run_day", "x")))
        .isInstanceOf(WorkbenchException.class).hasMessageContaining("there is no job parameter run_day");
  }

  @Test
  void aPlantedTransientFailureIsRetriedAfterTheIntervalAndTheRunSucceeds() {
    sql.execute("""
        CREATE TABLE pipeline.faults (job_key STRING, task_key STRING, run_date DATE, fail_tries INT, message STRING);
        INSERT INTO pipeline.faults VALUES ('shop_daily', 'stage', DATE '2024-03-02', 1, 'the warehouse did not answer');
        """);
    DagRun clean = runner.runDay(job("dev"), LocalDate.of(2024, 3, 1), Map.of());
    assertThat(clean.tries()).filteredOn(t -> t.taskId().equals("stage")).hasSize(1);
    DagRun r = runner.runDay(job("dev"), LocalDate.of(2024, 3, 2), Map.of());
    assertThat(r.state()).isEqualTo("success");
    List<DagRun.Try> stage = r.tries().stream().filter(t -> t.taskId().equals("stage")).toList();
    assertThat(stage).extracting(DagRun.Try::state).containsExactly(TaskState.UP_FOR_RETRY, TaskState.SUCCESS);
    assertThat(stage.get(0).log()).contains("failed: the warehouse did not answer");
    assertThat(Duration.between(stage.get(0).end(), stage.get(1).start())).isEqualTo(Duration.ofMinutes(2));
    assertThat(stage.get(1).log()).contains("attempt=2");
    assertThat(r.states()).containsEntry("on_failure", TaskState.SKIPPED);
  }
}
