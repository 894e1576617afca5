package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality labs end to end from the command line, as a learner or a script drives them: setup,
 * the learner's own file, check 0; reset, check 1 with a diagnosed hint; the reference solution
 * applied passes but never counts as the learner's work.
 */
class QualityLabsCliTest {

  static final String PROJECT = CliRun.PROJECT;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  static final String LEARNER_SUITE = """
      {"name": "mine", "expectations": [
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "order_id"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount", "mostly": 0.95}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "quantity", "min_value": 1, "max_value": 10}}
      ]}""";

  static final String LEARNER_DRIFT = """
      table: lab12.orders
      batchColumn: order_date
      reference: {version: 0}
      columns: [amount]
      thresholds: {psi: 0.25, ksPValue: 0.001}
      """;

  static final String LEARNER_DETECTOR = """
      table: lab23.orders
      batchColumn: order_date
      since: 2024-03-06
      metrics: [row_count, null_rate.amount, mean.amount, mean.quantity, mean.customer_id]
      method: day_of_week
      window: 28
      minHistory: 3
      threshold: 4.5
      """;

  static final String LEARNER_CONTRACT = """
      apiVersion: v3.1.0
      kind: DataContract
      id: mine
      version: 1.0.0
      status: active
      schema:
        - name: orders
          physicalName: lab24.day_07
          properties:
            - name: order_id
              logicalType: integer
              unique: true
            - name: amount
              logicalType: number
              quality:
                - metric: nullValues
                  mustBeLessThan: 3
      """;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "day-06-expectations | work/day-06/suite.json | LEARNER_SUITE | lab06.day_09 gets through your suite",
      "day-12-drift        | work/day-12/drift.yaml | LEARNER_DRIFT | Your settings miss the shift on 21 March",
      "day-23-anomalies    | work/day-23/detector.yaml | LEARNER_DETECTOR | Too many false alarms",
      "day-24-contracts    | work/day-24/orders.odcs.yaml | LEARNER_CONTRACT | lab24.day_09 keeps your contract"})
  void setupTheLearnersFileCheckPassesResetFailsWithADiagnosisAndTheAppliedSolutionIsNotCounted(
      String id, String file, String which, String hint) throws Exception {
    assertThat(run("lab", "setup", id).code()).isZero();
    Path learner = dataDir.resolve(file);
    assertThat(learner).exists();
    assertThat(run("lab", "show", id).out()).contains(learner.toString());

    // the starter file fails, with a hint diagnosed from what it found
    CliRun starter = run("lab", "check", id, "--json");
    assertThat(starter.code()).as(starter.out() + starter.err()).isEqualTo(1);

    Files.writeString(learner, switch (which) {
      case "LEARNER_SUITE" -> LEARNER_SUITE;
      case "LEARNER_DRIFT" -> LEARNER_DRIFT;
      case "LEARNER_CONTRACT" -> LEARNER_CONTRACT;
      default -> LEARNER_DETECTOR;
    });
    CliRun ok = run("lab", "check", id, "--json");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    JsonNode report = JSON.readTree(ok.out());
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("checks").get(0).get("expected").asText()).contains(file);
    assertThat(JSON.readTree(run("progress", "--json").out()).toString()).contains("\"done\"");

    assertThat(run("lab", "reset", id, "--yes").code()).isZero();
    assertThat(Files.readString(learner)).doesNotContain("\"mine\"").doesNotContain("psi: 0.25").doesNotContain("4.5").doesNotContain("id: mine");
    CliRun after = run("lab", "check", id, "--json");
    assertThat(after.code()).isEqualTo(1);
    JsonNode failed = JSON.readTree(after.out());
    assertThat(failed.get("hint").asText()).contains(hint);
    assertThat(failed.get("checks").findValuesAsText("passed")).contains("false");
  }

  @Test
  void theAppliedSolutionPassesButNeverMarksTheDayDone() throws Exception {
    for (String id : new String[] {"day-06-expectations", "day-12-drift", "day-23-anomalies", "day-24-contracts"}) {
      assertThat(run("lab", "setup", id).code()).isZero();
      CliRun applied = run("lab", "solution", id, "--apply");
      assertThat(applied.code()).as(applied.err()).isZero();
      assertThat(applied.out()).contains("recorded as applied");
      CliRun check = run("lab", "check", id);
      assertThat(check.code()).as(check.out()).isZero();
    }
    JsonNode days = JSON.readTree(run("progress", "--json").out());
    assertThat(days.get(5).get("state").asText()).isNotEqualTo("done");
    assertThat(days.get(11).get("state").asText()).isNotEqualTo("done");
    assertThat(days.get(22).get("state").asText()).isNotEqualTo("done");
    assertThat(days.get(23).get("state").asText()).isNotEqualTo("done");
  }
}
