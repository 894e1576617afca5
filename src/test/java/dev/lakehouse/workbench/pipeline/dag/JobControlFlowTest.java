package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's control flow on real Delta tables: a SQL task's output feeding a for_each_task (one
 * iteration per row, side by side on the simulated clock) and a condition_task whose outcome picks
 * the downstream tasks; timeout_seconds with and without retry_on_timeout; and one line per mistake.
 */
class JobControlFlowTest {

  @TempDir Path dataDir;
  Lake lake;
  SqlSession sql;
  JobRunner runner;
  Path dir;

  static final String JOB = """
      bundle:
        name: shop_jobs
      resources:
        jobs:
          shop_days:
            name: Shop days
            tasks:
              - task_key: list_days
                sql_task:
                  warehouse_id: local
                  file: {path: src/list_days.sql}
              - task_key: per_day
                depends_on: [{task_key: list_days}]
                for_each_task:
                  inputs: "{{tasks.list_days.output.rows}}"
                  concurrency: 2
                  task:
                    task_key: per_day_iteration
                    max_retries: 1
                    sql_task:
                      warehouse_id: local
                      file: {path: src/day.sql}
                      parameters: {day: "{{input.day}}"}
              - task_key: count_bad
                depends_on: [{task_key: per_day}]
                sql_task:
                  warehouse_id: local
                  file: {path: src/count_bad.sql}
              - task_key: has_bad
                depends_on: [{task_key: count_bad}]
                condition_task:
                  op: GREATER_THAN
                  left: "{{tasks.count_bad.output.first_row.bad}}"
                  right: "0"
              - task_key: quarantine
                depends_on: [{task_key: has_bad, outcome: "true"}]
                sql_task:
                  warehouse_id: local
                  file: {path: src/quarantine.sql}
              - task_key: publish
                depends_on: [{task_key: has_bad, outcome: "false"}]
                sql_task:
                  warehouse_id: local
                  file: {path: src/publish.sql}
      """;

  @BeforeEach
  void open() throws Exception {
    lake = Lake.open(dataDir);
    sql = new SqlSession(lake);
    runner = new JobRunner(sql, dataDir);
    sql.execute("""
        CREATE TABLE src.orders (order_id BIGINT, amount DECIMAL(10,2), order_date DATE);
        INSERT INTO src.orders VALUES (1, 10.00, DATE '2024-03-01'), (2, 20.00, DATE '2024-03-01'),
          (3, 30.00, DATE '2024-03-02'), (4, 5.00, DATE '2024-03-03');
        CREATE TABLE shop.daily (order_date DATE, revenue DECIMAL(20,2));
        CREATE TABLE shop.log (what STRING);
        """);
    dir = Files.createDirectories(dataDir.resolve("work/jobs/src")).getParent();
    Files.writeString(dir.resolve("src/list_days.sql"), "SELECT DISTINCT CAST(order_date AS STRING) AS day FROM src.orders ORDER BY day\n");
    Files.writeString(dir.resolve("src/day.sql"), """
        DELETE FROM shop.daily WHERE order_date = CAST(:day AS DATE);
        INSERT INTO shop.daily SELECT order_date, sum(amount) FROM src.orders WHERE order_date = CAST(:day AS DATE) GROUP BY order_date;
        """);
    Files.writeString(dir.resolve("src/count_bad.sql"), "SELECT count(*) AS bad FROM src.orders WHERE amount < 0\n");
    Files.writeString(dir.resolve("src/quarantine.sql"), "INSERT INTO shop.log VALUES ('quarantine');\n");
    Files.writeString(dir.resolve("src/publish.sql"), "INSERT INTO shop.log VALUES ('publish');\n");
    Files.writeString(dir.resolve("databricks.yml"), JOB);
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  JobSpec job() {
    return JobBundles.read(dir.resolve("databricks.yml"), null).get(0);
  }

  @Test
  void aForEachRunsOncePerOutputRowAndTheConditionPicksItsOutcomesBranch() {
    DagRun r = runner.runDay(job(), LocalDate.of(2024, 3, 4), Map.of());
    assertThat(r.state()).isEqualTo("success");
    assertThat(sql.query("SELECT CAST(order_date AS STRING), CAST(revenue AS STRING) FROM shop.daily ORDER BY 1").rows())
        .containsExactly(List.of("2024-03-01", "30.00"), List.of("2024-03-02", "30.00"), List.of("2024-03-03", "5.00"));
    DagRun.Try loop = r.tries().stream().filter(t -> t.taskId().equals("per_day")).findFirst().orElseThrow();
    assertThat(loop.log()).contains("3 inputs, up to 2 at once").contains("iteration 3 of 3 (input {\"day\":\"2024-03-03\"}): success");
    assertThat(r.states()).containsEntry("has_bad", TaskState.SUCCESS).containsEntry("publish", TaskState.SUCCESS)
        .containsEntry("quarantine", TaskState.SKIPPED);
    assertThat(r.tries().stream().filter(t -> t.taskId().equals("has_bad")).findFirst().orElseThrow().log())
        .contains("condition \"0\" GREATER_THAN \"0\" is false; excluded: quarantine");
    assertThat(sql.query("SELECT what FROM shop.log").rows()).containsExactly(List.of("publish"));

    sql.execute("INSERT INTO src.orders VALUES (5, -1.00, DATE '2024-03-03')");
    DagRun bad = runner.runDay(job(), LocalDate.of(2024, 3, 5), Map.of());
    assertThat(bad.states()).containsEntry("quarantine", TaskState.SUCCESS).containsEntry("publish", TaskState.SKIPPED);
    assertThat(sql.query("SELECT count(*) FROM shop.daily").rows().get(0).get(0)).as("rerun days are replaced").isEqualTo(3L);
  }

  @Test
  void aFailingIterationIsRetriedAloneAndAFailureForGoodUndoesTheWholeLoop() throws Exception {
    sql.execute("""
        CREATE TABLE pipeline.faults (job_key STRING, task_key STRING, run_date DATE, fail_tries INT, message STRING);
        INSERT INTO pipeline.faults VALUES ('shop_days', 'per_day_iteration', DATE '2024-03-04', 1, 'the warehouse did not answer');
        """);
    DagRun r = runner.runDay(job(), LocalDate.of(2024, 3, 4), Map.of());
    assertThat(r.states()).containsEntry("per_day", TaskState.SUCCESS);
    assertThat(r.tries().stream().filter(t -> t.taskId().equals("per_day")).findFirst().orElseThrow().log())
        .contains("try 1 failed (the warehouse did not answer), retrying after 0 s").contains("success on try 2");
    // each iteration's tries are rows of their own under the for-each task, with their input and log
    assertThat(sql.query("SELECT task_id, task_try, iteration, input, try_number, state FROM pipeline.task_iteration"
        + " ORDER BY iteration, try_number").rows()).containsExactly(
        List.of("per_day", 1, 1, "{\"day\":\"2024-03-01\"}", 1, "up_for_retry"),
        List.of("per_day", 1, 1, "{\"day\":\"2024-03-01\"}", 2, "success"),
        List.of("per_day", 1, 2, "{\"day\":\"2024-03-02\"}", 1, "up_for_retry"),
        List.of("per_day", 1, 2, "{\"day\":\"2024-03-02\"}", 2, "success"),
        List.of("per_day", 1, 3, "{\"day\":\"2024-03-03\"}", 1, "up_for_retry"),
        List.of("per_day", 1, 3, "{\"day\":\"2024-03-03\"}", 2, "success"));
    assertThat(r.iterations().get(0).log()).contains("try 1 failed (the warehouse did not answer)").doesNotContain("2024-03-02");
    assertThat(r.iterations().get(1).log()).contains("SQL file day.sql with {day=2024-03-01}").doesNotContain("2024-03-02");
    assertThat(r.iterations().get(1).start()).as("the retry starts when the failed try ended").isEqualTo(r.iterations().get(0).end());

    Files.writeString(dir.resolve("src/day.sql"), """
        INSERT INTO shop.daily SELECT order_date, sum(amount) FROM src.orders WHERE order_date = CAST(:day AS DATE) GROUP BY order_date;
        SELECT CAST(:day AS INT);
        """);
    DagRun failed = runner.runDay(job(), LocalDate.of(2024, 3, 6), Map.of());
    assertThat(failed.states()).containsEntry("per_day", TaskState.FAILED).containsEntry("count_bad", TaskState.UPSTREAM_FAILED);
    assertThat(sql.query("SELECT count(*) FROM shop.daily").rows().get(0).get(0)).as("no partial write").isEqualTo(3L);
  }

  @Test
  void aTimeoutIsRetriedOnlyWithRetryOnTimeout() throws Exception {
    sql.execute("""
        CREATE TABLE pipeline.faults (job_key STRING, task_key STRING, run_date DATE, fail_tries INT, message STRING, hang_seconds INT);
        INSERT INTO pipeline.faults VALUES ('shop_days', 'list_days', DATE '2024-03-04', 1, 'the warehouse hangs', 3600),
          ('shop_days', 'per_day_iteration', DATE '2024-03-04', 1, 'slow', 600);
        """);
    String timed = JOB.replace("- task_key: list_days\n", "- task_key: list_days\n          timeout_seconds: 600\n          max_retries: 1\n");
    Files.writeString(dir.resolve("databricks.yml"), timed);
    DagRun r = runner.runDay(job(), LocalDate.of(2024, 3, 4), Map.of());
    List<DagRun.Try> tries = r.tries().stream().filter(t -> t.taskId().equals("list_days")).toList();
    assertThat(tries).extracting(DagRun.Try::state).containsExactly(TaskState.FAILED);
    assertThat(Duration.between(tries.get(0).start(), tries.get(0).end())).isEqualTo(Duration.ofMinutes(10));
    assertThat(tries.get(0).log()).contains("timed out: stopped at its timeout_seconds of 600 s");

    Files.writeString(dir.resolve("databricks.yml"), timed.replace("timeout_seconds: 600\n", "timeout_seconds: 600\n          retry_on_timeout: true\n"));
    DagRun retried = runner.runDay(job(), LocalDate.of(2024, 3, 4), Map.of());
    assertThat(retried.tries().stream().filter(t -> t.taskId().equals("list_days")).map(DagRun.Try::state).toList())
        .containsExactly(TaskState.UP_FOR_RETRY, TaskState.SUCCESS);
    assertThat(retried.state()).isEqualTo("success");
    // each iteration's first try takes 10 simulated minutes (no timeout on it): 3 inputs, 2 at once, 20 minutes
    DagRun.Try loop = retried.tries().stream().filter(t -> t.taskId().equals("per_day")).findFirst().orElseThrow();
    assertThat(Duration.between(loop.start(), loop.end())).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(21));
  }

  @Test
  void eachMistakeIsOneLineNamingFileJobTaskFieldAndFix() {
    Map<String, String> cases = Map.of(
        "op: GREATER_THAN", "op: \">\"",
        "inputs: \"{{tasks.list_days.output.rows}}\"", "inputs: [\"2024-03-01\"]",
        "right: \"0\"", "right: \"{{input}}\"",
        "concurrency: 2", "concurrency: 0",
        "left: \"{{tasks.count_bad.output.first_row.bad}}\"", "left: \"{{tasks.count_bad.values.bad}}\"",
        "depends_on: [{task_key: per_day}]", "depends_on: [{task_key: per_day, outcome: \"true\"}]",
        "parameters: {day: \"{{input.day}}\"}", "parameters: {day: \"{{tasks.publish.output.rows}}\"}");
    Map<String, String> expected = Map.of(
        "op: \">\"", "databricks.yml, job shop_days, task has_bad, field condition_task.op: `>` is not a condition operator. Write `op: GREATER_THAN`.",
        "inputs: [\"2024-03-01\"]", "databricks.yml, job shop_days, task per_day, field for_each_task.inputs: `inputs` is a YAML list, and a bundle wants a string. Write the list as JSON in quotes: `inputs: '[\"2024-03-01\"]'`.",
        "right: \"{{input}}\"", "task has_bad, field condition_task.right: {{input}} only has a value in the task a for_each_task runs for each input",
        "concurrency: 0", "task per_day, field for_each_task.concurrency: `0` is not a number of iterations from 1 to 100",
        "left: \"{{tasks.count_bad.values.bad}}\"", "reads a task value, which only a Python notebook sets",
        "depends_on: [{task_key: per_day, outcome: \"true\"}]", "task count_bad, field depends_on.outcome: `outcome` only follows a condition_task, and per_day is a for_each_task",
        "parameters: {day: \"{{tasks.publish.output.rows}}\"}", "task per_day > per_day_iteration, field sql_task.parameters.day: {{tasks.publish.output.rows}} names task publish, which does not run before this one");
    cases.forEach((good, bad) -> {
      JobBundles.Parsed p = JobBundles.parse(dir.resolve("databricks.yml"), JOB.replace(good, bad), null);
      assertThat(p.problems()).as(bad).hasSize(1);
      assertThat(p.problems().get(0)).as(bad).contains(expected.get(bad)).doesNotContain("\n");
    });
    assertThat(JobBundles.parse(dir.resolve("databricks.yml"), JOB, null).problems()).isEmpty();
  }
}
