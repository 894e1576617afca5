package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quality observe}: a table's commits with their rows and schema changes, and its validation pass rates. */
class QualityObserveCliTest {

  @TempDir Path dataDir;

  @Test
  void theTimelineShowsEachCommitItsSchemaChangeAndTheRecordedValidations() throws Exception {
    assertThat(CliRun.in(dataDir, "sql", "CREATE TABLE obs.orders (id INT, amount DOUBLE);"
        + "INSERT INTO obs.orders VALUES (1, 10.0), (2, NULL), (3, 7.5);"
        + "ALTER TABLE obs.orders ADD COLUMNS (coupon STRING);"
        + "INSERT INTO obs.orders VALUES (4, 3.0, 'X')").code()).isZero();
    Path suite = dataDir.resolve("suite.json");
    Files.writeString(suite, """
        {"name": "obs", "expectations": [
          {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}},
          {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount"}}
        ]}""");
    CliRun validate = CliRun.in(dataDir, "quality", "validate", suite.toString(), "obs.orders", "--action", "warn");
    assertThat(validate.code()).as(validate.err()).isZero();

    CliRun observe = CliRun.in(dataDir, "quality", "observe", "obs.orders", "--json");
    assertThat(observe.code()).as(observe.err()).isZero();
    JsonNode t = new ObjectMapper().readTree(observe.out());
    assertThat(t.get("table").asText()).isEqualTo("obs.orders");
    JsonNode commits = t.get("commits");
    assertThat(commits).hasSize(4);
    assertThat(commits.get(1).get("operation").asText()).isEqualTo("WRITE");
    assertThat(commits.get(1).get("rowsWritten").asText()).isEqualTo("3");
    assertThat(commits.get(2).get("schemaChange").asText()).contains("coupon");
    assertThat(commits.get(3).get("schemaChange").asText()).isEmpty();
    JsonNode quality = t.get("quality");
    assertThat(quality).hasSize(1);
    assertThat(quality.get(0).get("tableVersion").asLong()).isEqualTo(3);
    assertThat(quality.get(0).get("expectations").asLong()).isEqualTo(2);
    assertThat(quality.get(0).get("passed").asLong()).isEqualTo(1);

    CliRun text = CliRun.in(dataDir, "quality", "observe", "obs.orders");
    assertThat(text.out()).contains("schema: ").contains("1 of 2 expectations met (50%)");
    CliRun missing = CliRun.in(dataDir, "quality", "observe", "obs.nope");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).startsWith("error: ").doesNotContain("\n");
  }
}
