package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.lakehouse.workbench.governance.internal.LineageEvents;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each governed write becomes OpenLineage run events in the data folder, valid against the
 * specification's own schemas (vendored, {@link OpenLineageSpec}) and the project's RunEvent rules.
 */
class LineageEventsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static Schema schema() throws Exception {
    try (InputStream in = LineageEventsTest.class.getResourceAsStream("/openlineage/run-event-conformance.schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
    }
  }

  @Test
  void writesEmitStartAndCompleteOrFailWithSchemaAndColumnLineageFacets() throws Exception {
    Lake lake = Lake.open(dir);
    try {
      SqlSession s = new SqlSession(lake);
      s.hook(Governance.open(dir, lake, null));
      s.execute("""
          CREATE GROUP analysts;
          CREATE TABLE silver.customers (id BIGINT, email STRING, region STRING);
          INSERT INTO silver.customers VALUES (1, 'a@x.io', 'EU'), (2, 'b@x.io', 'US');
          CREATE TABLE gold.revenue AS SELECT upper(region) AS region, count(id) AS total FROM silver.customers GROUP BY 1""");
      assertThatThrownBy(() -> s.execute("INSERT INTO gold.revenue SELECT nope, 1 FROM silver.customers"));
      s.execute("SELECT * FROM gold.revenue"); // a read: no run event
    } finally {
      lake.close();
    }
    List<String> lines = Files.readAllLines(LineageEvents.file(dir));
    List<JsonNode> events = new ArrayList<>();
    Schema schema = schema();
    OpenLineageSpec spec = new OpenLineageSpec();
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      List<Error> errors = schema.validate(e);
      assertThat(errors).as(line).isEmpty();
      assertThat(spec.violations(e)).as(line).isEmpty();
      OffsetDateTime.parse(e.get("eventTime").asText()); // RFC 3339 date-time
      events.add(e);
    }
    assertThat(events).extracting(e -> e.get("eventType").asText() + " " + e.at("/job/name").asText()).containsExactly(
        "START learner.createTable.main.silver.customers", "COMPLETE learner.createTable.main.silver.customers",
        "START learner.insert.main.silver.customers", "COMPLETE learner.insert.main.silver.customers",
        "START learner.createTable.main.gold.revenue", "COMPLETE learner.createTable.main.gold.revenue",
        "START learner.insert.main.gold.revenue", "FAIL learner.insert.main.gold.revenue");
    JsonNode ctas = events.get(5);
    assertThat(ctas.at("/run/runId").asText()).isEqualTo(events.get(4).at("/run/runId").asText());
    assertThat(ctas.at("/job/facets/sql/query").asText()).startsWith("CREATE TABLE gold.revenue AS SELECT");
    JsonNode in = ctas.at("/inputs/0");
    assertThat(in.at("/namespace").asText()).isEqualTo("file");
    assertThat(in.at("/facets/symlinks/identifiers/0/name").asText()).isEqualTo("main.silver.customers");
    JsonNode out = ctas.at("/outputs/0");
    assertThat(out.at("/facets/symlinks/identifiers/0/name").asText()).isEqualTo("main.gold.revenue");
    assertThat(out.at("/facets/schema/fields")).extracting(f -> f.get("name").asText()).containsExactly("region", "total");
    assertThat(out.at("/facets/version/datasetVersion").asText()).isEqualTo("0");
    assertThat(events.get(4).at("/outputs/0/name").asText()).isEqualTo(out.at("/name").asText()).doesNotEndWith("/");
    JsonNode region = out.at("/facets/columnLineage/fields/region/inputFields/0");
    assertThat(region.get("name").asText()).isEqualTo(in.get("name").asText());
    assertThat(region.get("field").asText()).isEqualTo("region");
    assertThat(out.at("/facets/columnLineage/fields/total/inputFields/0/field").asText()).isEqualTo("id");
    assertThat(events.get(7).at("/run/facets/errorMessage/message").asText()).contains("nope");
    assertThat(events.get(7).at("/run/facets/errorMessage/programmingLanguage").asText()).isEqualTo("SQL");

    // the schemas are not vacuous: an event without a runId or with a facet lacking _producer is refused
    ObjectNode broken = (ObjectNode) ctas.deepCopy();
    ((ObjectNode) broken.get("run")).remove("runId");
    assertThat(schema.validate(broken)).isNotEmpty();
    assertThat(spec.violations(broken)).anyMatch(v -> v.startsWith("RunEvent"));
    ObjectNode noProducer = (ObjectNode) ctas.deepCopy();
    ((ObjectNode) noProducer.at("/outputs/0/facets/columnLineage")).remove("_producer");
    assertThat(schema.validate(noProducer)).isNotEmpty();
    assertThat(spec.violations(noProducer)).anyMatch(v -> v.startsWith("outputs facet columnLineage"));
    ObjectNode badField = (ObjectNode) ctas.deepCopy(); // the official facet schema: inputFields need namespace, name, field
    ((ObjectNode) badField.at("/outputs/0/facets/columnLineage/fields/region/inputFields/0")).remove("field");
    assertThat(spec.violations(badField)).anyMatch(v -> v.startsWith("outputs facet columnLineage"));
  }
}
