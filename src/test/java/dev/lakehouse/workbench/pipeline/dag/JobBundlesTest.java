package dev.lakehouse.workbench.pipeline.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle files in the shape Databricks documents for jobs (bundle, variables, resources.jobs with
 * tasks, schedule, notifications, targets), written in our own words: what they resolve to per
 * target, and one line per problem naming file, job, task, field and fix.
 */
class JobBundlesTest {

  @TempDir Path dir;
  Path bundle;

  static final String BUNDLE = """
      bundle:
        name: shop_jobs

      variables:
        warehouse_id:
          description: The SQL warehouse the SQL tasks run on
          default: local
        schema:
          description: Where the job writes
          default: shop_dev

      resources:
        jobs:
          shop_daily:
            name: Shop daily revenue
            parameters:
              - name: run_date
                default: "{{job.start_time.iso_date}}"
            schedule:
              quartz_cron_expression: "0 0 6 * * ?"
              timezone_id: Europe/Amsterdam
              pause_status: UNPAUSED
            email_notifications:
              on_failure: [data-team@example.com]
            timeout_seconds: 3600
            tasks:
              - task_key: stage_orders
                sql_task:
                  warehouse_id: ${var.warehouse_id}
                  file:
                    path: ./src/stage_orders.sql
                  parameters:
                    schema: ${var.schema}
                max_retries: 2
                min_retry_interval_millis: 60000
              - task_key: build_revenue
                depends_on:
                  - task_key: stage_orders
                notebook_task:
                  notebook_path: ./src/build_revenue.sql
                  base_parameters:
                    schema: ${var.schema}
              - task_key: report_failure
                depends_on:
                  - task_key: build_revenue
                run_if: AT_LEAST_ONE_FAILED
                sql_task:
                  warehouse_id: ${var.warehouse_id}
                  file:
                    path: ./src/report_failure.sql
                  parameters:
                    schema: ${var.schema}

      targets:
        dev:
          mode: development
          default: true
        prod:
          mode: production
          variables:
            schema: shop
          resources:
            jobs:
              shop_daily:
                tasks:
                  - task_key: stage_orders
                    max_retries: 3
      """;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/stage_orders.sql"), """
        DELETE FROM IDENTIFIER(:schema || '.staged') WHERE order_date = CAST(:run_date AS DATE);
        INSERT INTO IDENTIFIER(:schema || '.staged') SELECT * FROM src.orders WHERE order_date = CAST(:run_date AS DATE);
        """);
    Files.writeString(dir.resolve("src/build_revenue.sql"), """
        -- Databricks notebook source
        -- MAGIC %md
        -- MAGIC # Revenue of the day

        -- COMMAND ----------

        DELETE FROM IDENTIFIER(:schema || '.revenue') WHERE order_date = CAST(:run_date AS DATE)

        -- COMMAND ----------

        INSERT INTO IDENTIFIER(:schema || '.revenue')
        SELECT order_date, count(*), sum(amount) FROM IDENTIFIER(:schema || '.staged')
        WHERE order_date = CAST(:run_date AS DATE) GROUP BY order_date
        """);
    Files.writeString(dir.resolve("src/report_failure.sql"), "INSERT INTO IDENTIFIER(:schema || '.incidents') VALUES (CAST(:run_date AS DATE));\n");
    bundle = dir.resolve("databricks.yml");
  }

  JobBundles.Parsed parse(String yaml, String target) throws Exception {
    Files.writeString(bundle, yaml);
    return JobBundles.parse(bundle, target);
  }

  @Test
  void developmentTargetPrefixesTheNamePausesTheScheduleAndResolvesVariables() throws Exception {
    JobBundles.Parsed p = parse(BUNDLE, null);
    assertThat(p.problems()).isEmpty();
    assertThat(p.target()).isEqualTo("dev");
    assertThat(p.targets()).containsExactly("dev", "prod");
    JobSpec job = p.jobs().get(0);
    assertThat(job.name()).isEqualTo("[dev learner] Shop daily revenue");
    assertThat(job.paused()).isTrue();
    assertThat(job.mode()).isEqualTo("development");
    assertThat(job.emailOnFailure()).containsExactly("data-team@example.com");
    assertThat(job.dag().dagrunTimeout()).hasSeconds(3600);
    TaskSpec stage = job.dag().task("stage_orders").orElseThrow();
    assertThat(stage.retries()).isEqualTo(2);
    assertThat(stage.retryDelay()).hasSeconds(60);
    assertThat(stage.fields().get("task_parameters")).asString().contains("schema=shop_dev");
    TaskSpec report = job.dag().task("report_failure").orElseThrow();
    assertThat(report.triggerRule()).isEqualTo(TriggerRule.ONE_FAILED);
    assertThat(report.upstream()).containsExactly("build_revenue");
    assertThat(job.dag().task("build_revenue").orElseThrow().fields()).containsEntry("notebook", true);
  }

  @Test
  void productionTargetKeepsTheNameAndMergesItsTaskSettingsByTaskKey() throws Exception {
    JobSpec job = parse(BUNDLE, "prod").jobs().get(0);
    assertThat(job.name()).isEqualTo("Shop daily revenue");
    assertThat(job.paused()).isFalse();
    TaskSpec stage = job.dag().task("stage_orders").orElseThrow();
    assertThat(stage.retries()).as("the target's max_retries wins").isEqualTo(3);
    assertThat(stage.retryDelay()).as("the rest of the task stays").hasSeconds(60);
    assertThat(stage.fields().get("task_parameters")).asString().contains("schema=shop}");
    assertThat(job.dag().tasks()).extracting(TaskSpec::taskId).containsExactly("stage_orders", "build_revenue", "report_failure");
  }

  @Test
  void quartzScheduleTicksInItsTimeZoneAndReturnsUtc() throws Exception {
    JobSpec job = parse(BUNDLE, "prod").jobs().get(0);
    // 06:00 in Amsterdam is 05:00 UTC in winter time and 04:00 UTC from 31 March 2024 (summer time)
    assertThat(job.dag().schedule().ticks(LocalDateTime.of(2024, 3, 29, 0, 0), LocalDateTime.of(2024, 4, 1, 23, 59)))
        .containsExactly(LocalDateTime.of(2024, 3, 29, 5, 0), LocalDateTime.of(2024, 3, 30, 5, 0),
            LocalDateTime.of(2024, 3, 31, 4, 0), LocalDateTime.of(2024, 4, 1, 4, 0));
  }

  @Test
  void quartzDayOfWeekRangesAndLastDayOfMonthTick() {
    assertThat(Schedule.quartz("0 30 7 ? * MON-FRI", "UTC").ticks(LocalDateTime.of(2024, 3, 8, 0, 0), LocalDateTime.of(2024, 3, 12, 0, 0)))
        .containsExactly(LocalDateTime.of(2024, 3, 8, 7, 30), LocalDateTime.of(2024, 3, 11, 7, 30));
    assertThat(Schedule.quartz("0 0 23 L * ?", "UTC").ticks(LocalDateTime.of(2024, 2, 1, 0, 0), LocalDateTime.of(2024, 3, 31, 23, 59)))
        .containsExactly(LocalDateTime.of(2024, 2, 29, 23, 0), LocalDateTime.of(2024, 3, 31, 23, 0));
  }

  @Test
  void aFiveFieldCronIsNamedAsUnixCronWithTheQuartzFix() throws Exception {
    List<String> problems = parse(BUNDLE.replace("\"0 0 6 * * ?\"", "\"0 6 * * *\""), null).problems();
    assertThat(problems).containsExactly("databricks.yml, job shop_daily, field schedule.quartz_cron_expression: `0 6 * * *` has five"
        + " fields: that is UNIX cron, not Quartz. Quartz starts with seconds and puts ? in day-of-month or day-of-week:"
        + " 06:00 daily is \"0 0 6 * * ?\".");
  }

  @Test
  void everyProblemIsOneLineNamingFileJobTaskFieldAndFix() throws Exception {
    String bad = BUNDLE
        .replace("- task_key: stage_orders\n          sql_task:", "- task_key: stage_orders\n          depends_on: [{task_key: report_failure}]\n          sql_task:")
        .replace("run_if: AT_LEAST_ONE_FAILED", "run_if: ON_FAILURE")
        .replace("path: ./src/report_failure.sql", "path: ./src/missing.sql")
        .replace("timezone_id: Europe/Amsterdam", "timezone_id: Mars/Olympus")
        .replace("- name: run_date\n", "- name: run_day\n");
    List<String> problems = parse(bad, null).problems();
    assertThat(problems).allSatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily").doesNotContain("\n"));
    assertThat(problems).anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, task stage_orders, field depends_on:")
        .contains("cycle (stage_orders -> report_failure -> build_revenue -> stage_orders)"));
    assertThat(problems).anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, task report_failure, field run_if:")
        .contains("AT_LEAST_ONE_FAILED"));
    assertThat(problems).anySatisfy(l -> assertThat(l).isEqualTo("databricks.yml, job shop_daily, task report_failure,"
        + " field sql_task.file.path: the file src/missing.sql does not exist. Write a path relative to databricks.yml, or create the file."));
    assertThat(problems).anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, field schedule.timezone_id:"));
    assertThat(problems).anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, task stage_orders, field sql_task.file.path:"
        + " the SQL uses the parameter marker :run_date, which the task does not pass"));
  }

  @Test
  void workspaceOnlyTasksReferencesInFilesAndMissingWarehousesAreNamed() throws Exception {
    Files.writeString(dir.resolve("src/report_failure.sql"), "SELECT '{{job.run_id}}'");
    String bad = BUNDLE
        .replace("notebook_task:\n            notebook_path: ./src/build_revenue.sql\n            base_parameters:\n              schema: ${var.schema}",
            "spark_python_task:\n            python_file: ./src/build.py")
        .replace("- task_key: stage_orders\n          sql_task:\n            warehouse_id: ${var.warehouse_id}\n",
            "- task_key: stage_orders\n          sql_task:\n");
    List<String> problems = parse(bad, null).problems();
    assertThat(problems).contains("databricks.yml, job shop_daily, task build_revenue, field spark_python_task: only a Databricks"
        + " workspace runs a spark_python_task. In the workbench use a sql_task with a file, or a notebook_task on a SQL notebook (.sql).");
    assertThat(problems).anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, task stage_orders, field sql_task.warehouse_id:"));
    assertThat(problems).anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, task report_failure, field sql_task.file.path:"
        + " the SQL uses {{...}}"));
  }

  @Test
  void unknownTargetsVariablesAndReferencesAreNamed() throws Exception {
    assertThat(parse(BUNDLE, "staging").problems()).containsExactly(
        "databricks.yml, field targets: there is no target `staging`. Use one of: dev, prod.");
    assertThat(parse(BUNDLE.replace("${var.schema}", "${var.schemma}"), null).problems())
        .contains("databricks.yml, field ${var.schemma}: there is no variable `schemma`. Declare it under `variables:` at the top of the file.");
    assertThat(parse(BUNDLE.replace("{{job.start_time.iso_date}}", "{{job.start_time.iso_day}}"), null).problems())
        .anySatisfy(l -> assertThat(l).startsWith("databricks.yml, job shop_daily, field parameters.run_date: {{job.start_time.iso_day}} is not"));
  }

  @Test
  void dynamicValueReferencesAndParameterMarkersResolveAsAWorkspaceDoes() {
    JobSql.RunFacts facts = new JobSql.RunFacts(7, "Shop", "periodic__2024-03-20T05:00:00+00:00", "periodic",
        LocalDateTime.of(2024, 3, 20, 5, 0), "stage", 2, java.util.Map.of("run_date", "2024-03-20"));
    assertThat(JobSql.references("d={{job.start_time.iso_date}} t={{ job.trigger.type }} n={{task.execution_count}}"
        + " p={{job.parameters.run_date}} w={{job.start_time.is_weekday}} other={{my.value}}", facts))
        .isEqualTo("d=2024-03-20 t=periodic n=2 p=2024-03-20 w=true other={{my.value}}");
    assertThat(JobSql.bind("SELECT * FROM IDENTIFIER(:schema || '.orders') WHERE d = :run_date AND s = ':run_date' AND x::int = 1 -- :nope",
        java.util.Map.of("schema", "shop", "run_date", "2024-03-20")))
        .isEqualTo("SELECT * FROM shop.orders WHERE d = '2024-03-20' AND s = ':run_date' AND x::int = 1 -- :nope");
  }
}
