package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day-15 lab from the command line as a learner does it: the starter bundle refused in one line,
 * the planted transient failure and each fault diagnosed, the fixed bundle run twice in dev and passing, reset failing again.
 */
class JobLabCliTest {

  static final String LAB = "day-15-databricks-job";
  static final String BUNDLE = "work/day-15/databricks.yml";

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  @Test
  void theStarterIsRefusedDiagnosedAndTheFixedJobPassesTwiceOverAndResetStartsOver() throws Exception {
    assertThat(run("lab", "setup", LAB).code()).isZero();
    CliRun invalid = run("job", "validate", BUNDLE);
    assertThat(invalid.code()).isEqualTo(2);
    assertThat(invalid.out().strip()).isEqualTo("databricks.yml, job shop_daily, field schedule.quartz_cron_expression: `0 6 * * *`"
        + " has five fields: that is UNIX cron, not Quartz. Quartz starts with seconds and puts ? in day-of-month or day-of-week:"
        + " 06:00 daily is \"0 0 6 * * ?\".");
    CliRun refused = run("job", "run", BUNDLE, "--date", "2024-03-06");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("UNIX cron, not Quartz").doesNotContain("Exception");
    assertThat(run("lab", "check", LAB).out()).contains("hint: The job was never deployed");

    Path yml = dataDir.resolve(BUNDLE);
    Files.writeString(yml, Files.readString(yml).replace("\"0 6 * * *\"", "\"0 0 6 * * ?\""));
    assertThat(run("job", "validate", BUNDLE).out()).contains("ok: bundle shop_jobs, target dev",
        "job shop_daily: [dev learner] Shop daily revenue (3 tasks, 0 0 6 * * ? UTC paused)");
    CliRun starter = run("job", "run", BUNDLE, "--target", "dev", "--from", "2024-03-06", "--to", "2024-03-08");
    assertThat(starter.code()).isEqualTo(1);
    assertThat(starter.out()).contains("2024-03-06  success stage_orders=success build_revenue=success record_incident=success",
        "2024-03-07  failed  stage_orders=failed build_revenue=success record_incident=success",
        "alert TASK_FAILED: task stage_orders failed after 1 try: the SQL warehouse did not answer within 60 s",
        "alert EMAIL_ON_FAILURE: would email data-oncall@example.com: job [dev learner] Shop daily revenue run of 2024-03-07 failed in stage_orders");
    assertThat(run("lab", "check", LAB).out()).contains("hint: stage_orders failed for good on 7 March");

    // the learner fixes the three other faults, resets, and runs the days twice
    String fixed = Files.readString(yml)
        .replace("        - task_key: stage_orders\n", "        - task_key: stage_orders\n          max_retries: 2\n          min_retry_interval_millis: 60000\n")
        .replace("        - task_key: build_revenue\n          notebook_task:",
            "        - task_key: build_revenue\n          depends_on:\n            - task_key: stage_orders\n          notebook_task:")
        .replace("            - task_key: build_revenue\n          sql_task:",
            "            - task_key: build_revenue\n          run_if: AT_LEAST_ONE_FAILED\n          sql_task:");
    assertThat(fixed).contains("run_if: AT_LEAST_ONE_FAILED", "depends_on:\n            - task_key: stage_orders", "max_retries: 2");
    Path stage = dataDir.resolve("work/day-15/stage_orders.sql");
    assertThat(run("lab", "reset", LAB, "--yes").code()).isZero();
    Files.writeString(yml, fixed);
    Files.writeString(stage, "DELETE FROM IDENTIFIER(:schema || '.staged_orders') WHERE order_date = CAST(:run_date AS DATE);\n"
        + Files.readString(stage));
    run("job", "run", BUNDLE, "--from", "2024-03-06", "--to", "2024-03-08");
    CliRun second = run("job", "run", BUNDLE, "--from", "2024-03-06", "--to", "2024-03-08", "--json");
    assertThat(second.code()).as(second.out() + second.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(second.out());
    assertThat(json.get("jobName").asText()).isEqualTo("[dev learner] Shop daily revenue");
    assertThat(json.get("runs")).hasSize(3);
    assertThat(json.get("runs").get(0).get("tasks").toString())
        .isEqualTo("{\"stage_orders\":\"success\",\"build_revenue\":\"success\",\"record_incident\":\"skipped\"}");
    assertThat(json.get("runs").get(1).get("tries").toString()).contains("\"taskId\":\"stage_orders\",\"try\":2,\"state\":\"success\"");
    CliRun pass = run("lab", "check", LAB);
    assertThat(pass.out()).as(pass.out()).contains("6 of 6 checks pass");
    assertThat(pass.code()).isZero();

    assertThat(run("lab", "reset", LAB, "--yes").code()).isZero();
    assertThat(run("lab", "check", LAB).code()).isEqualTo(1);
  }
}
