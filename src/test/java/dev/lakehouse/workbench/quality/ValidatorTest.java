package dev.lakehouse.workbench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suites validated on a real Delta table. The small table and the outcomes follow the cases of Great
 * Expectations' own test definitions (not-null with mostly 0.7 passes and 0.8 fails on one null of
 * four; an empty value set fails every value; a float set matches exactly), so our results agree with GX.
 */
@SuppressWarnings("unchecked")
class ValidatorTest {

  @TempDir Path dir;
  Lake lake;
  SqlSession sql;
  final ObjectMapper json = new ObjectMapper();
  static final TableId T = TableId.of("q", "t");

  @BeforeEach
  void open() {
    lake = Lake.open(dir);
    sql = new SqlSession(lake);
    sql.execute("CREATE TABLE q.t (id INT, one_null INT, y DOUBLE, z STRING, all_null STRING) USING DELTA");
    sql.execute("INSERT INTO q.t VALUES (1, 4, 1.1, 'hello', NULL), (2, 5, 2.2, 'jello', NULL),"
        + " (4, NULL, 5.5, 'mello', NULL), (4, 7, 2.2, 'yellow', NULL)");
  }

  @AfterEach
  void close() {
    lake.close();
  }

  private ExpectationResult one(String type, String kwargs) {
    ExpectationSuite s = ExpectationSuite.parse("{\"name\": \"s\", \"expectations\": [{\"type\": \"" + type
        + "\", \"kwargs\": " + kwargs + "}]}", "suite.json");
    return new Validator(lake).validate(s, T, TimeTravel.LATEST).results().get(0);
  }

  @Test
  void mapExpectationsCountLikeGreatExpectations() {
    ExpectationResult none = one("expect_column_values_to_not_be_null", "{\"column\": \"one_null\"}");
    assertThat(none.success()).isFalse();
    assertThat(none.result()).containsEntry("element_count", 4L).containsEntry("unexpected_count", 1L)
        .containsEntry("unexpected_percent", 25.0);
    assertThat((List<Object>) none.result().get("partial_unexpected_list")).containsExactly((Object) null);
    assertThat(one("expect_column_values_to_not_be_null", "{\"column\": \"one_null\", \"mostly\": 0.7}").success()).isTrue();
    assertThat(one("expect_column_values_to_not_be_null", "{\"column\": \"one_null\", \"mostly\": 0.8}").success()).isFalse();
    assertThat(one("expect_column_values_to_not_be_null", "{\"column\": \"all_null\"}").unexpectedCount()).isEqualTo(4);

    ExpectationResult inSet = one("expect_column_values_to_be_in_set", "{\"column\": \"id\", \"value_set\": [2, 4]}");
    assertThat(inSet.success()).isFalse();
    assertThat((List<Object>) inSet.result().get("partial_unexpected_list")).containsExactly(1);
    assertThat(one("expect_column_values_to_be_in_set", "{\"column\": \"id\", \"value_set\": []}").unexpectedCount()).isEqualTo(4);
    assertThat(one("expect_column_values_to_be_in_set", "{\"column\": \"y\", \"value_set\": [1.1, 2.2, 5.5]}").success()).isTrue();
    assertThat(one("expect_column_values_to_be_in_set", "{\"column\": \"y\", \"value_set\": [1.11, 2.22, 5.51]}").unexpectedCount()).isEqualTo(4);

    // nulls are missing, not unexpected: 3 of 3 non-null values in range
    ExpectationResult between = one("expect_column_values_to_be_between", "{\"column\": \"one_null\", \"min_value\": 4, \"max_value\": 7}");
    assertThat(between.success()).isTrue();
    assertThat(between.result()).containsEntry("missing_count", 1L).containsEntry("unexpected_count", 0L);
    assertThat(one("expect_column_values_to_be_between", "{\"column\": \"one_null\", \"min_value\": 4, \"max_value\": 7, \"strict_max\": true}")
        .unexpectedCount()).isEqualTo(1);

    assertThat(one("expect_column_values_to_match_regex", "{\"column\": \"z\", \"regex\": \"^[hjm]ello$\"}").unexpectedCount()).isEqualTo(1);
    assertThat(one("expect_column_value_lengths_to_be_between", "{\"column\": \"z\", \"min_value\": 5, \"max_value\": 5}").unexpectedCount()).isEqualTo(1);

    ExpectationResult unique = one("expect_column_values_to_be_unique", "{\"column\": \"id\"}");
    assertThat(unique.success()).isFalse();
    assertThat(unique.unexpectedCount()).isEqualTo(2);
    assertThat((List<Object>) unique.result().get("partial_unexpected_list")).containsExactly(4);
    assertThat(one("expect_compound_columns_to_be_unique", "{\"column_list\": [\"id\", \"y\"]}").success()).isTrue();
  }

  @Test
  void aggregateAndTableExpectationsReportTheObservedValue() {
    ExpectationResult mean = one("expect_column_mean_to_be_between", "{\"column\": \"one_null\", \"min_value\": 5, \"max_value\": 6}");
    assertThat(mean.success()).isTrue();
    assertThat(((Number) mean.observedValue()).doubleValue()).isEqualTo(16.0 / 3);
    assertThat(one("expect_column_median_to_be_between", "{\"column\": \"one_null\", \"min_value\": 5, \"max_value\": 5}").success()).isTrue();
    assertThat(one("expect_column_max_to_be_between", "{\"column\": \"one_null\", \"max_value\": 6}").success()).isFalse();
    assertThat(one("expect_table_row_count_to_be_between", "{\"min_value\": 1, \"max_value\": 4}").observedValue()).isEqualTo(4L);
    assertThat(one("expect_table_columns_to_match_ordered_list", "{\"column_list\": [\"id\", \"one_null\", \"y\", \"z\", \"all_null\"]}").success()).isTrue();
    ExpectationResult order = one("expect_table_columns_to_match_ordered_list", "{\"column_list\": [\"id\", \"y\"]}");
    assertThat(order.success()).isFalse();
    assertThat(order.result()).containsKey("details");
    assertThat(one("expect_column_to_exist", "{\"column\": \"z\", \"column_index\": 3}").success()).isTrue();
    assertThat(one("expect_column_to_exist", "{\"column\": \"nope\"}").success()).isFalse();
  }

  @Test
  void aSuiteValidatesInOnePassShapedAsGxAndIsRecordedAndQuarantined() throws Exception {
    String text = """
        {"name": "orders", "expectations": [
          {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "one_null"}, "meta": {"why": "x"}, "severity": "warning"},
          {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "id", "value_set": [1, 2, 4]}},
          {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}, "severity": "critical"}
        ]}""";
    ExpectationSuite suite = ExpectationSuite.parse(text, "orders.json");
    Validator v = new Validator(lake);
    ValidationResult r = v.validate(suite, T, TimeTravel.LATEST);
    JsonNode out = r.toJson(json);
    assertThat(out.get("success").asBoolean()).isFalse();
    assertThat(out.get("suite_name").asText()).isEqualTo("orders");
    assertThat(out.at("/statistics/evaluated_expectations").asInt()).isEqualTo(3);
    assertThat(out.at("/statistics/successful_expectations").asInt()).isEqualTo(1);
    assertThat(out.at("/statistics/success_percent").asDouble()).isBetween(33.3, 33.4);
    assertThat(out.at("/results/0/expectation_config/type").asText()).isEqualTo("expect_column_values_to_not_be_null");
    assertThat(out.at("/results/0/expectation_config/meta/why").asText()).isEqualTo("x");
    assertThat(out.at("/results/0/result/unexpected_count").asInt()).isEqualTo(1);
    assertThat(out.at("/results/0/exception_info/raised_exception").asBoolean()).isFalse();
    assertThat(r.criticalFailed()).isTrue();

    long version = v.record(r);
    assertThat(lake.query("SELECT count(*), count(*) FILTER (WHERE NOT success) FROM ("
        + lake.scan(Validator.RESULTS, TimeTravel.version(version), List.of()).sql() + ")").rows().get(0))
        .containsExactly(3L, 2L);
    v.record(r);
    assertThat(lake.history(Validator.RESULTS)).hasSize(3);   // create + two appends

    Checkpoint cp = new Checkpoint("gate", suite, T, null, Checkpoint.Action.QUARANTINE, null, false);
    Checkpoint.Outcome o = cp.run(v);
    assertThat(o.passed()).isTrue();
    assertThat(o.quarantined()).isEqualTo(2);   // both id 4 rows, one of them also without one_null
    TableId q = Checkpoint.defaultQuarantine(T);
    assertThat(lake.query("SELECT count(*) FROM (" + lake.scan(q, TimeTravel.LATEST, List.of()).sql()
        + ") WHERE _failed_expectations LIKE '%unique%'").rows().get(0).get(0)).isEqualTo(2L);
    assertThat(new Checkpoint("gate", suite, T, 1L, Checkpoint.Action.FAIL, null, false).run(v).passed()).isFalse();
    assertThat(new Checkpoint("gate", suite, T, 1L, Checkpoint.Action.WARN, null, false).run(v).passed()).isTrue();
  }

  @Test
  void zeroXSuitesAreReadAndWrittenBackAsOneX() {
    ExpectationSuite s = ExpectationSuite.parse("""
        {"expectation_suite_name": "old", "expectations": [
          {"expectation_type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}, "meta": {}}]}""", "old.json");
    assertThat(s.name()).isEqualTo("old");
    assertThat(s.expectations().get(0).type()).isEqualTo("expect_column_values_to_not_be_null");
    JsonNode back = s.toJson();
    assertThat(back.get("name").asText()).isEqualTo("old");
    assertThat(back.at("/expectations/0/type").asText()).isEqualTo("expect_column_values_to_not_be_null");
    assertThat(back.at("/expectations/0/severity").asText()).isEqualTo("critical");
  }

  @Test
  void badSuitesGetOneLineNamingTheFileTheFieldAndTheFix() throws Exception {
    assertThatThrownBy(() -> ExpectationSuite.parse("{\"name\": \"s\", \"expectations\": [", "s.json"))
        .isInstanceOf(WorkbenchException.class).hasMessageContaining("s.json").hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ExpectationSuite.parse("{\"name\": \"s\", \"expectations\": [{\"type\": \"expect_magic\"}]}", "s.json"))
        .hasMessageContaining("expectations[0].type").hasMessageContaining("expect_column_values_to_not_be_null");
    assertThatThrownBy(() -> ExpectationSuite.parse("{\"name\": \"s\", \"expectations\": [{\"type\": "
        + "\"expect_column_values_to_not_be_null\", \"kwargs\": {\"column\": \"id\", \"mostly\": 2}}]}", "s.json"))
        .hasMessageContaining("expectations[0].kwargs.mostly");
    Path f = dir.resolve("s.json");
    Files.writeString(f, "{\"name\": \"s\", \"expectations\": [{\"type\": \"expect_column_values_to_not_be_null\","
        + " \"kwargs\": {\"column\": \"amout\"}}]}");
    ExpectationSuite s = ExpectationSuite.read(f);
    assertThatThrownBy(() -> new Validator(lake).validate(s, T, TimeTravel.LATEST))
        .isInstanceOf(WorkbenchException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("expectations[0]").hasMessageContaining("'amout'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> ExpectationSuite.read(dir.resolve("missing.json"))).hasMessageContaining("does not exist");
    assertThat(lake.exists(Validator.RESULTS)).isFalse();
  }
}
