package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on real Delta tables: schedules, retries, trigger rules, branching, rollback, sensors, deadlines. */
class DagEngineTest {

  @TempDir Path dataDir;
  Lake lake;
  SqlSession sql;
  OperatorRegistry ops;
  DagEngine engine;
  Path work;

  @BeforeEach
  void open() throws Exception {
    lake = Lake.open(dataDir);
    sql = new SqlSession(lake);
    ops = new OperatorRegistry();
    work = Files.createDirectories(dataDir.resolve("work"));
    engine = new DagEngine(sql, ops, work, null);
    sql.execute("""
        CREATE TABLE src.orders (order_id BIGINT, amount DECIMAL(10,2), order_date DATE);
        INSERT INTO src.orders VALUES (1, 10.00, DATE '2024-03-01'), (2, 20.00, DATE '2024-03-01'),
          (3, 30.00, DATE '2024-03-02'), (4, 5.00, DATE '2024-03-03'), (5, 7.00, DATE '2024-03-03'), (6, 1.00, DATE '2024-03-03');
        CREATE TABLE silver.orders (order_id BIGINT, amount DECIMAL(10,2), order_date DATE);
        """);
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  private DagSpec dag(String yaml) throws Exception {
    Path f = work.resolve("dag.yaml");
    Files.writeString(f, yaml);
    return new DagFiles(ops).read(f).get(0);
  }

  private Object one(String query) {
    return sql.query(query).rows().get(0).get(0);
  }

  static final String LOAD = """
      daily_orders:
        default_args:
          owner: learner
          retries: 0
        schedule: "@daily"
        start_date: 2024-03-01
        catchup: false
        tags: [shop]
        tasks:
          - task_id: load
            operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
            sql: |
              DELETE FROM silver.orders WHERE order_date = DATE '{{ ds }}';
              INSERT INTO silver.orders SELECT * FROM src.orders WHERE order_date = DATE '{{ ds }}';
          - task_id: check
            operator: airflow.providers.common.sql.operators.sql.SQLCheckOperator
            sql: SELECT count(*) FROM silver.orders WHERE order_date = DATE '{{ ds }}'
            dependencies: [load]
      """;

  @Test
  void aBackfillLoadsOneDayPerRunAndRerunningItChangesNothing() throws Exception {
    DagSpec d = dag(LOAD);
    List<DagRun> runs = engine.backfill(d, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 3), null);
    assertThat(runs).extracting(DagRun::runId).containsExactly("backfill__2024-03-01T00:00:00+00:00",
        "backfill__2024-03-02T00:00:00+00:00", "backfill__2024-03-03T00:00:00+00:00");
    assertThat(runs).extracting(DagRun::state).containsOnly("success");
    assertThat(one("SELECT count(*) FROM silver.orders")).isEqualTo(6L);
    engine.backfill(d, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 3), null);
    assertThat(one("SELECT count(*) FROM silver.orders")).isEqualTo(6L);
    assertThat(one("SELECT count(*) FROM (SELECT order_date FROM silver.orders GROUP BY order_date HAVING count(DISTINCT order_id) <> count(*))"))
        .isEqualTo(0L);
    // runs are data: one row per run, replaced on rerun, task instances with their tries
    assertThat(one("SELECT count(*) FROM pipeline.dag_run WHERE dag_id = 'daily_orders'")).isEqualTo(3L);
    assertThat(one("SELECT count(*) FROM pipeline.task_instance WHERE state = 'success'")).isEqualTo(6L);
  }

  @Test
  void aNonIdempotentInsertDoublesADayOnRerun() throws Exception {
    DagSpec d = dag(LOAD.replace("DELETE FROM silver.orders WHERE order_date = DATE '{{ ds }}';\n", ""));
    engine.backfill(d, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), null);
    engine.backfill(d, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), null);
    assertThat(one("SELECT count(*) FROM silver.orders")).isEqualTo(4L);
  }

  @Test
  void retriesWaitTheirDelayWithExponentialBackoff() throws Exception {
    DagSpec d = dag("""
        flaky:
          schedule: null
          tasks:
            - task_id: pull
              operator: workbench.operators.TransientFailureOperator
              fail_tries: 2
              retries: 3
              retry_delay: {__type__: datetime.timedelta, minutes: 1}
              retry_exponential_backoff: true
        """);
    DagRun r = engine.trigger(d, LocalDateTime.of(2024, 3, 5, 6, 0), java.util.Map.of());
    assertThat(r.state()).isEqualTo("success");
    assertThat(r.tries()).extracting(DagRun.Try::state)
        .containsExactly(TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RETRY, TaskState.SUCCESS);
    // the second try waits 1 min, the third 2 min (backoff doubles the delay)
    assertThat(java.time.Duration.between(r.tries().get(0).end(), r.tries().get(1).start()).toSeconds()).isEqualTo(60);
    assertThat(java.time.Duration.between(r.tries().get(1).end(), r.tries().get(2).start()).toSeconds()).isEqualTo(120);
    assertThat(one("SELECT max(try_number) FROM pipeline.task_instance WHERE task_id = 'pull'")).isEqualTo(3);
  }

  @Test
  void aFailedTaskLeavesNoPartialWriteAndTriggerRulesDecideWhatRunsNext() throws Exception {
    long before = lake.latestVersion(TableId.parse("silver.orders"));
    DagSpec d = dag("""
        rules:
          schedule: null
          tasks:
            - task_id: half_write
              operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
              sql: |
                INSERT INTO silver.orders SELECT * FROM src.orders;
                CREATE TABLE scratch.tmp AS SELECT 1 AS x;
                INSERT INTO silver.orders SELECT no_such_column FROM src.orders;
            - task_id: publish
              operator: airflow.providers.standard.operators.empty.EmptyOperator
              dependencies: [half_write]
            - task_id: on_failure
              operator: airflow.providers.standard.operators.empty.EmptyOperator
              trigger_rule: one_failed
              dependencies: [half_write]
            - task_id: cleanup
              operator: airflow.providers.standard.operators.empty.EmptyOperator
              trigger_rule: all_done
              dependencies: [publish, on_failure]
        """);
    DagRun r = engine.test(d, LocalDateTime.of(2024, 3, 1, 0, 0));
    assertThat(r.states()).containsEntry("half_write", TaskState.FAILED).containsEntry("publish", TaskState.UPSTREAM_FAILED)
        .containsEntry("on_failure", TaskState.SUCCESS).containsEntry("cleanup", TaskState.SUCCESS);
    assertThat(r.state()).isEqualTo("success");   // the leaf (cleanup) succeeded, as in Airflow
    assertThat(one("SELECT count(*) FROM silver.orders")).isEqualTo(0L);
    assertThat(lake.exists(TableId.parse("scratch.tmp"))).isFalse();
    assertThat(lake.latestVersion(TableId.parse("silver.orders"))).isGreaterThan(before);   // a RESTORE, not a rewrite of history
    assertThat(r.tries().get(0).log()).contains("rolled back: restored silver.orders to version " + before);
    assertThat(r.alerts()).extracting(DagRun.Alert::kind).containsExactly("TASK_FAILED");
  }

  @Test
  void aBranchSkipsTheOtherPath() throws Exception {
    DagSpec d = dag("""
        branching:
          schedule: null
          params: {min_rows: 3}
          tasks:
            - task_id: enough
              operator: airflow.providers.common.sql.operators.sql.BranchSQLOperator
              sql: "SELECT count(*) >= {{ params.min_rows }} FROM src.orders WHERE order_date = DATE '{{ ds }}'"
              follow_task_ids_if_true: [load]
              follow_task_ids_if_false: [skip_day]
            - task_id: load
              operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
              sql: INSERT INTO silver.orders SELECT * FROM src.orders WHERE order_date = DATE '{{ ds }}'
              dependencies: [enough]
            - task_id: skip_day
              operator: airflow.providers.standard.operators.empty.EmptyOperator
              dependencies: [enough]
            - task_id: report
              operator: airflow.providers.standard.operators.empty.EmptyOperator
              trigger_rule: none_failed_min_one_success
              dependencies: [load, skip_day]
        """);
    DagRun small = engine.test(d, LocalDateTime.of(2024, 3, 1, 0, 0));
    assertThat(small.states()).containsEntry("load", TaskState.SKIPPED).containsEntry("skip_day", TaskState.SUCCESS)
        .containsEntry("report", TaskState.SUCCESS);
    DagRun big = engine.test(d, LocalDateTime.of(2024, 3, 3, 0, 0));
    assertThat(big.states()).containsEntry("load", TaskState.SUCCESS).containsEntry("skip_day", TaskState.SKIPPED);
    assertThat(one("SELECT count(*) FROM silver.orders")).isEqualTo(3L);
  }

  @Test
  void aSensorThatNeverSeesItsBatchTimesOutAndTheRunMissesItsDeadline() throws Exception {
    DagSpec d = dag("""
        waits:
          schedule: "0 6 * * *"
          start_date: 2024-03-01
          max_active_runs: 1
          deadline:
            reference: DeadlineReference.DAGRUN_LOGICAL_DATE
            interval: {__type__: datetime.timedelta, hours: 2}
          tasks:
            - task_id: wait_for_batch
              operator: airflow.providers.common.sql.sensors.sql.SqlSensor
              sql: "SELECT count(*) FROM src.orders WHERE order_date = DATE '{{ ds }}'"
              poke_interval: 600
              timeout: 10800
              mode: reschedule
            - task_id: load
              operator: airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator
              sql: INSERT INTO silver.orders SELECT * FROM src.orders WHERE order_date = DATE '{{ ds }}'
              dependencies: [wait_for_batch]
        """);
    List<DagRun> runs = engine.backfill(d, LocalDate.of(2024, 3, 3), LocalDate.of(2024, 3, 4), null);
    assertThat(runs.get(0).state()).isEqualTo("success");
    assertThat(runs.get(0).deadlineMissed()).isFalse();
    DagRun late = runs.get(1);   // 4 March never lands
    assertThat(late.states()).containsEntry("wait_for_batch", TaskState.FAILED).containsEntry("load", TaskState.UPSTREAM_FAILED);
    assertThat(late.tries().get(0).log()).contains("sensor timed out after 180 min (19 pokes)");
    assertThat(late.deadlineMissed()).isTrue();
    assertThat(sql.query("SELECT kind, task_id FROM pipeline.alerts WHERE run_id = '" + late.runId() + "' ORDER BY kind").rows())
        .containsExactly(java.util.Arrays.asList("DEADLINE_MISS", null), List.of("TASK_FAILED", "wait_for_batch"));
  }

  @Test
  void maxActiveRunsQueuesARunBehindALongOne() throws Exception {
    DagSpec d = dag("""
        hourly:
          schedule: "0 * * * *"
          start_date: 2024-03-01
          max_active_runs: 1
          tasks:
            - task_id: wait
              operator: airflow.providers.common.sql.sensors.sql.SqlSensor
              sql: SELECT count(*) FROM src.orders WHERE order_date = DATE '2030-01-01'
              poke_interval: 1800
              timeout: 5400
        """);
    List<DagRun> runs = engine.backfill(d, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), null).subList(0, 3);
    assertThat(runs.get(0).start()).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
    // each run waits 90 simulated minutes; with one slot, the next starts when the previous ends
    assertThat(runs.get(1).start()).isEqualTo(runs.get(0).end());
    assertThat(runs.get(2).start()).isEqualTo(runs.get(1).end());
  }

  @Test
  void catchupRunsEveryMissedTickAndWithoutItOnlyTheNewest() throws Exception {
    DagSpec d = dag(LOAD);
    LocalDateTime now = LocalDateTime.of(2024, 3, 3, 12, 0);
    assertThat(engine.schedule(d, now, Set.of(), null)).extracting(DagRun::logicalDate)
        .containsExactly(LocalDateTime.of(2024, 3, 3, 0, 0));
    DagSpec withCatchup = dag(LOAD.replace("catchup: false", "catchup: true"));
    assertThat(engine.schedule(withCatchup, now, Set.of("scheduled__2024-03-03T00:00:00+00:00"), null))
        .extracting(DagRun::logicalDate).containsExactly(LocalDateTime.of(2024, 3, 1, 0, 0), LocalDateTime.of(2024, 3, 2, 0, 0));
  }

  @Test
  void aCustomOperatorIsUsedByTwoDagsWithItsFieldsRenderedPerRun() throws Exception {
    Path opDir = Files.createDirectories(work.resolve("operators"));
    Files.writeString(opDir.resolve("load_day.yaml"), """
        name: include.operators.LoadDayOperator
        params:
          source: {type: table, required: true}
          target: {type: table, required: true}
          date_column: {type: string, default: order_date}
        template_fields: [target]
        retries: 2
        steps:
          - sql: DELETE FROM {{ target }} WHERE {{ date_column }} = DATE '{{ ds }}'
          - sql: INSERT INTO {{ target }} SELECT * FROM {{ source }} WHERE {{ date_column }} = DATE '{{ ds }}'
          - check: SELECT count(*) > 0 FROM {{ target }} WHERE {{ date_column }} = DATE '{{ ds }}'
        """);
    ops.registerFolder(opDir);
    sql.execute("CREATE TABLE silver.orders_by_day (order_id BIGINT, amount DECIMAL(10,2), order_date DATE)");
    DagSpec a = dag("""
        a:
          schedule: "@daily"
          start_date: 2024-03-01
          tasks:
            - task_id: load
              operator: include.operators.LoadDayOperator
              source: src.orders
              target: silver.orders
        """);
    DagSpec b = dag("""
        b:
          schedule: "@daily"
          start_date: 2024-03-01
          params: {layer: silver}
          tasks:
            - task_id: load
              operator: include.operators.LoadDayOperator
              source: src.orders
              target: "{{ params.layer }}.orders_by_day"
        """);
    assertThat(a.task("load").get().retries()).isEqualTo(2);   // the operator's default
    engine.backfill(a, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 3), null);
    List<DagRun> runs = engine.backfill(b, LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 3), null);
    assertThat(one("SELECT count(*) FROM silver.orders")).isEqualTo(6L);
    assertThat(one("SELECT count(*) FROM silver.orders_by_day")).isEqualTo(4L);
    assertThat(runs.get(0).tries().get(0).log()).contains("DELETE FROM silver.orders_by_day WHERE order_date = DATE '2024-03-02'");
    // a bad parameter is caught when the DAG is read
    Files.writeString(work.resolve("bad.yaml"), """
        c:
          schedule: null
          tasks:
            - task_id: load
              operator: include.operators.LoadDayOperator
              source: src.orders
              target: 42 days
        """);
    assertThat(new DagFiles(ops).problems(work.resolve("bad.yaml")))
        .containsExactly("bad.yaml, DAG c, task load: parameter `target` must be a table, found `42 days`. See the operator's fields with `dag operators`.");
  }
}
