package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day-15 lab from the command line as a learner does it: the starter bundle refused, one line a
 * fault, the planted failures and each fault diagnosed in turn, the fixed bundle (retries, run_if,
 * the condition's outcome, a For each over statuses) run twice in dev and passing, reset failing again.
 */
class JobLabCliTest {

  static final String LAB = "day-15-databricks-job";
  static final String BUNDLE = "work/day-15/databricks.yml";

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  @Test
  void theStarterIsRefusedDiagnosedFaultByFaultAndTheFixedJobPassesTwiceOverAndResetStartsOver() throws Exception {
    assertThat(run("lab", "setup", LAB).code()).isZero();
    CliRun invalid = run("job", "validate", BUNDLE);
    assertThat(invalid.code()).isEqualTo(2);
    assertThat(invalid.out().strip().lines()).containsExactly(
        "databricks.yml, job shop_daily, field schedule.quartz_cron_expression: `0 6 * * *` has five fields: that is UNIX cron,"
            + " not Quartz. Quartz starts with seconds and puts ? in day-of-month or day-of-week: 06:00 daily is \"0 0 6 * * ?\".",
        "databricks.yml, job shop_daily, task publish_by_status, field for_each_task.inputs: `placed, paid, shipped, delivered,"
            + " cancelled` is not a JSON array. Write a JSON array in quotes, e.g. `inputs: '[\"2024-03-01\", \"2024-03-02\"]'`, or a"
            + " reference such as \"{{tasks.list_days.output.rows}}\".");
    CliRun refused = run("job", "run", BUNDLE, "--date", "2024-03-06");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("UNIX cron, not Quartz").doesNotContain("Exception");
    assertThat(run("lab", "check", LAB).out()).contains("hint: The job was never deployed");

    Path yml = dataDir.resolve(BUNDLE);
    Files.writeString(yml, Files.readString(yml).replace("\"0 6 * * *\"", "\"0 0 6 * * ?\"")
        .replace("inputs: \"placed, paid, shipped, delivered, cancelled\"", "inputs: '[\"placed\", \"paid\", \"shipped\", \"delivered\", \"cancelled\"]'"));
    assertThat(run("job", "validate", BUNDLE).out()).contains("ok: bundle shop_jobs, target dev",
        "job shop_daily: [dev learner] Shop daily revenue (6 tasks, 0 0 6 * * ? UTC paused)");
    CliRun starter = run("job", "run", BUNDLE, "--target", "dev", "--from", "2024-03-06", "--to", "2024-03-09");
    assertThat(starter.code()).isEqualTo(1);
    assertThat(starter.out()).contains("2024-03-07  failed  stage_orders=failed build_revenue=upstream_failed",
        "alert TASK_FAILED: task stage_orders failed after 1 try: the SQL warehouse did not answer within 60 s",
        "alert EMAIL_ON_FAILURE: would email data-oncall@example.com: job [dev learner] Shop daily revenue run of 2024-03-07 failed in stage_orders");
    assertThat(run("lab", "check", LAB).out()).contains("hint: stage_orders failed for good on 7 March");

    // each fault fixed in turn, reset and run again, shows the next one's diagnosis
    String retries = Files.readString(yml).replace("tasks:\n        - task_key: stage_orders\n",
        "tasks:\n        - task_key: stage_orders\n          max_retries: 2\n          min_retry_interval_millis: 60000\n");
    assertThat(retries.split("max_retries", -1)).as("retries on stage_orders alone").hasSize(2);
    assertThat(rerun(retries)).contains("hint: lab15_dev.incidents has rows for days whose build succeeded");
    String incident = "          sql_task:\n            warehouse_id: ${var.warehouse_id}\n            file:\n              path: ./record_incident.sql";
    String runIf = retries.replace(incident, "          run_if: AT_LEAST_ONE_FAILED\n" + incident);
    assertThat(rerun(runIf)).contains("hint: 9 March was published although its batch came twice");
    String outcome = runIf.replace("            - task_key: day_is_clean\n          for_each_task:",
        "            - task_key: day_is_clean\n              outcome: \"true\"\n          for_each_task:");
    assertThat(outcome).contains("outcome: \"true\"", "run_if: AT_LEAST_ONE_FAILED", "max_retries: 2");
    assertThat(outcome.split("run_if", -1)).as("run_if on record_incident alone").hasSize(2);
    assertThat(rerun(outcome)).contains("hint: A day doubled");

    Path stage = dataDir.resolve("work/day-15/stage_orders.sql");
    assertThat(run("lab", "reset", LAB, "--yes").code()).isZero();
    Files.writeString(yml, outcome);
    Files.writeString(stage, "DELETE FROM IDENTIFIER(:schema || '.staged_orders') WHERE order_date = CAST(:run_date AS DATE);\n"
        + Files.readString(stage));
    run("job", "run", BUNDLE, "--from", "2024-03-06", "--to", "2024-03-09");
    CliRun second = run("job", "run", BUNDLE, "--from", "2024-03-06", "--to", "2024-03-09", "--json");
    assertThat(second.code()).as("8 March fails on purpose").isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(second.out());
    assertThat(json.get("jobName").asText()).isEqualTo("[dev learner] Shop daily revenue");
    assertThat(json.get("runs")).hasSize(4);
    assertThat(json.get("runs").get(2).get("tasks").toString()).isEqualTo("{\"stage_orders\":\"success\",\"build_revenue\":\"failed\","
        + "\"count_duplicates\":\"upstream_failed\",\"day_is_clean\":\"upstream_failed\",\"publish_by_status\":\"upstream_failed\","
        + "\"record_incident\":\"success\"}");
    assertThat(json.get("runs").get(3).get("tasks").get("publish_by_status").asText()).isEqualTo("skipped");
    assertThat(json.get("runs").get(1).get("tries").toString()).contains("\"taskId\":\"stage_orders\",\"try\":2,\"state\":\"success\"");
    CliRun pass = run("lab", "check", LAB);
    assertThat(pass.out()).as(pass.out()).contains("10 of 10 checks pass");
    assertThat(pass.code()).isZero();

    assertThat(run("lab", "reset", LAB, "--yes").code()).isZero();
    CliRun again = run("lab", "check", LAB);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.out()).contains("0 of 10 checks pass", "hint: The job was never deployed");
  }

  /** Resets the lab, writes the bundle, runs the four days twice and returns the check's output. */
  private String rerun(String bundle) throws Exception {
    assertThat(run("lab", "reset", LAB, "--yes").code()).isZero();
    Files.writeString(dataDir.resolve(BUNDLE), bundle);
    run("job", "run", BUNDLE, "--from", "2024-03-06", "--to", "2024-03-09");
    run("job", "run", BUNDLE, "--from", "2024-03-06", "--to", "2024-03-09");
    CliRun check = run("lab", "check", LAB);
    assertThat(check.code()).isEqualTo(1);
    return check.out();
  }
}
