package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day 22 from the command line: the feed lands with morning commit times, the learner's monitors run
 * with {@code quality monitor}, and the lab passes only when they alert on the late, missing,
 * duplicated and shrunken batches and the new column, and on nothing else.
 */
class ObservabilityLabCliTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "work/day-22/monitors.yaml";

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  static String monitors(String freshness, String volume, String schema) {
    return "tables:\n  lab22.orders:\n    batchColumn: order_date\n    since: 2024-03-06\n"
        + "    freshness: " + freshness + "\n    volume: " + volume + "\n    schema: " + schema + "\n";
  }

  static final String GOOD_FRESHNESS = "{expectedAt: '06:00', maxLagHours: 2}";
  static final String GOOD_VOLUME = "{baseline: day_of_week, window: 28, minHistory: 2, tolerance: 0.4}";
  static final String GOOD_SCHEMA = "{alertOn: [added, retyped]}";

  @Test
  void theLearnersMonitorsPassTheStarterAndTheTooTightOnesFailWithTheFalseAlarmDayNamed() throws Exception {
    CliRun setup = run("lab", "setup", "day-22-observability");
    assertThat(setup.code()).as(setup.out() + setup.err()).isZero();
    Path learner = dataDir.resolve(FILE);

    // the feed's commits carry morning landing times: the late batch of 18 March landed a day late
    CliRun history = run("sql", "DESCRIBE HISTORY lab22.orders");
    assertThat(history.out()).contains("2024-03-20T0").contains("2024-04-10T0");

    CliRun starter = run("lab", "check", "day-22-observability", "--json");
    assertThat(starter.code()).isEqualTo(1);
    assertThat(JSON.readTree(starter.out()).get("hint").asText()).contains("false alarms");

    Files.writeString(learner, monitors(GOOD_FRESHNESS, GOOD_VOLUME, GOOD_SCHEMA));
    CliRun watched = run("quality", "monitor", FILE);
    assertThat(watched.code()).isEqualTo(1);
    assertThat(watched.out()).contains("2024-03-18  freshness: the batch landed 2")
        .contains("2024-03-24  freshness: no batch for 2024-03-24")
        .contains("2024-03-09  volume:").contains("2024-04-05  volume:")
        .contains("2024-03-27  schema: columns changed: +coupon_code").contains("5 days");
    CliRun ok = run("lab", "check", "day-22-observability", "--json");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    JsonNode check = JSON.readTree(ok.out()).get("checks").get(0);
    assertThat(check.get("measured").asText()).contains("precision 1.00 (5 of 5").contains("recall 1.00 (5 of 5");

    // a freshness allowance tighter than a normal morning names the day it falsely alerted on
    Files.writeString(learner, monitors("{expectedAt: '06:00', maxLagHours: 0.5}", GOOD_VOLUME, GOOD_SCHEMA));
    CliRun tight = run("lab", "check", "day-22-observability", "--json");
    JsonNode t = JSON.readTree(tight.out());
    assertThat(tight.code()).isEqualTo(1);
    assertThat(t.get("hint").asText()).containsPattern("false alarms: 2024-0\\d-\\d\\d \\(\\w+day\\) freshness");

    // a baseline that mixes weekdays and weekends alerts on a weekend
    Files.writeString(learner, monitors(GOOD_FRESHNESS, "{baseline: trailing, window: 14, minHistory: 3, tolerance: 0.15}", GOOD_SCHEMA));
    JsonNode weekend = JSON.readTree(run("lab", "check", "day-22-observability", "--json").out());
    assertThat(weekend.get("hint").asText()).containsPattern("\\((Saturday|Sunday)\\) volume");

    // schema alerts only on removed columns miss the new column
    Files.writeString(learner, monitors(GOOD_FRESHNESS, GOOD_VOLUME, "{alertOn: [removed]}"));
    JsonNode missed = JSON.readTree(run("lab", "check", "day-22-observability", "--json").out());
    assertThat(missed.get("hint").asText()).contains("miss incidents").contains("2024-03-27");

    assertThat(run("lab", "reset", "day-22-observability", "--yes").code()).isZero();
    assertThat(Files.readString(learner)).contains("maxLagHours: 0.25");
    CliRun after = run("lab", "check", "day-22-observability", "--json");
    assertThat(after.code()).isEqualTo(1);
    assertThat(JSON.readTree(after.out()).get("hint").asText()).contains("false alarms");

    // the reference monitors, applied, pass on the history that now ends in the reset's RESTORE
    CliRun applied = run("lab", "solution", "day-22-observability", "--apply");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(run("lab", "check", "day-22-observability").code()).isZero();

    CliRun bad = run("quality", "monitor", FILE.replace("monitors", "nothing"));
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("does not exist").doesNotContain("Exception");
  }
}
