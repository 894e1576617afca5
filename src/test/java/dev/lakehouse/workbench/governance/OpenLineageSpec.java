package dev.lakehouse.workbench.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenLineage specification's own JSON schemas, vendored unchanged under
 * {@code src/test/resources/openlineage/spec} (see the NOTICE there): a run event is checked against
 * {@code OpenLineage.json#/$defs/RunEvent} and every facet it carries against that facet's schema. A
 * facet without a vendored schema is reported too, so a new facet cannot slip through unchecked.
 */
final class OpenLineageSpec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = "/openlineage/spec/";
  private static final List<String> FACETS = List.of("ColumnLineageDatasetFacet", "SchemaDatasetFacet", "SQLJobFacet",
      "SymlinksDatasetFacet", "DatasetVersionDatasetFacet", "JobTypeJobFacet", "ErrorMessageRunFacet",
      "ProcessingEngineRunFacet");

  private final Schema runEvent;
  private final Map<String, Schema> facets = new LinkedHashMap<>(); // facet name (e.g. columnLineage) -> its schema

  OpenLineageSpec() throws IOException {
    Map<String, String> byId = new LinkedHashMap<>();
    Map<String, String> facetIds = new LinkedHashMap<>();
    String event = read(SPEC + "OpenLineage.json");
    String eventId = JSON.readTree(event).get("$id").asText();
    byId.put(eventId, event);
    for (String f : FACETS) {
      String text = read(SPEC + "facets/" + f + ".json");
      JsonNode root = JSON.readTree(text);
      byId.put(root.get("$id").asText(), text);
      root.get("properties").fieldNames().forEachRemaining(name -> facetIds.put(name, root.get("$id").asText()));
    }
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(byId));
    runEvent = registry.getSchema(SchemaLocation.of(eventId + "#/$defs/RunEvent"));
    facetIds.forEach((name, id) -> facets.put(name, registry.getSchema(SchemaLocation.of(id))));
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = OpenLineageSpec.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every way the event breaks the specification (empty: it conforms). */
  List<String> violations(JsonNode event) {
    List<String> out = new ArrayList<>();
    runEvent.validate(event).forEach(e -> out.add("RunEvent: " + e));
    facets(event.at("/run/facets"), "run", out);
    facets(event.at("/job/facets"), "job", out);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode d : event.path(side)) {
        facets(d.path("facets"), side, out);
        facets(d.path("inputFacets"), side, out);
        facets(d.path("outputFacets"), side, out);
      }
    }
    return out;
  }

  private void facets(JsonNode container, String where, List<String> out) {
    if (!container.isObject()) {
      return;
    }
    container.fields().forEachRemaining(f -> {
      Schema schema = facets.get(f.getKey());
      if (schema == null) {
        out.add(where + " facet " + f.getKey() + ": no vendored schema for it");
        return;
      }
      ObjectNode one = JSON.createObjectNode();
      one.set(f.getKey(), f.getValue());
      schema.validate(one).forEach(e -> out.add(where + " facet " + f.getKey() + ": " + e));
    });
  }
}
