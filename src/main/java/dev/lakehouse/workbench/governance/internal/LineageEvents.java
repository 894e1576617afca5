package dev.lakehouse.workbench.governance.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Emits each write as OpenLineage run events (START, then COMPLETE or FAIL) through the
 * {@code openlineage-java} client's file transport: one JSON object per line in
 * {@code <data folder>/lineage/openlineage.jsonl} (decision 0039). Datasets are named as OpenLineage
 * names local files (namespace {@code file}, name the table's folder), with a {@code symlinks} facet
 * carrying the Unity Catalog name ({@code main.gold.revenue}); outputs carry the {@code schema},
 * {@code columnLineage} and {@code version} facets, the job the {@code sql} and {@code jobType} facets.
 */
public final class LineageEvents {

  /** The events file in a data folder. */
  public static Path file(Path dataDir) {
    return dataDir.resolve("lineage").resolve("openlineage.jsonl");
  }

  public static final URI PRODUCER = URI.create("urn:lakehouse-workbench:governance");
  public static final String JOB_NAMESPACE = "lakehouse-workbench";

  /** A table as an event names it: its Unity Catalog name, its folder, and (outputs) schema and version. */
  public record Dataset(String fullName, String location, List<ColumnDef> columns, Long version) {}

  /** One output column and the input columns it is computed from ({@code fullName}, column). */
  public record ColumnFrom(String column, List<String[]> inputs) {}

  /**
   * One client per events file for the whole process: each client registers its circuit breaker's
   * metrics globally, and a second registration prints a library warning in the learner's terminal.
   */
  private static final java.util.Map<Path, OpenLineageClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

  private final Path file;
  private final OpenLineage ol = new OpenLineage(PRODUCER);

  public LineageEvents(Path dataDir) {
    this.file = file(dataDir);
  }

  private OpenLineageClient client() {
    return CLIENTS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
      try {
        Files.createDirectories(f.getParent());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new OpenLineageClient(new FileTransport(new FileConfig(f.toString())));
    });
  }

  /** The run starts: the job (the statement) and the table it writes. */
  public void start(UUID runId, Instant time, String principal, String action, String statement, Dataset output) {
    emit(OpenLineage.RunEvent.EventType.START, runId, time, principal, action, statement, List.of(), output, List.of(), null);
  }

  /** The run ended: COMPLETE with what it read and wrote (and its column lineage), or FAIL with the error. */
  public void end(UUID runId, Instant time, String principal, String action, String statement, List<Dataset> inputs,
      Dataset output, List<ColumnFrom> columns, String error) {
    emit(error == null ? OpenLineage.RunEvent.EventType.COMPLETE : OpenLineage.RunEvent.EventType.FAIL, runId, time,
        principal, action, statement, inputs, output, columns, error);
  }

  private void emit(OpenLineage.RunEvent.EventType type, UUID runId, Instant time, String principal, String action,
      String statement, List<Dataset> inputs, Dataset output, List<ColumnFrom> columns, String error) {
    OpenLineage.RunFacetsBuilder runFacets = ol.newRunFacetsBuilder()
        .processing_engine(ol.newProcessingEngineRunFacet(version(), "lakehouse-workbench", null));
    if (error != null) {
      runFacets.errorMessage(ol.newErrorMessageRunFacet(error, "SQL", null));
    }
    OpenLineage.JobFacets jobFacets = ol.newJobFacetsBuilder()
        .sql(ol.newSQLJobFacet(statement, "spark"))
        .jobType(ol.newJobTypeJobFacet("BATCH", "LAKEHOUSE_WORKBENCH", "QUERY", null))
        .build();
    List<OpenLineage.InputDataset> in = new ArrayList<>();
    Map<String, Dataset> byName = new LinkedHashMap<>();
    for (Dataset d : inputs) {
      if (byName.putIfAbsent(d.fullName(), d) == null) {
        in.add(ol.newInputDatasetBuilder().namespace("file").name(path(d)).facets(facets(d).build()).build());
      }
    }
    List<OpenLineage.OutputDataset> out = new ArrayList<>();
    if (output != null) {
      OpenLineage.DatasetFacetsBuilder f = facets(output);
      if (output.columns() != null && !output.columns().isEmpty()) {
        List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
        output.columns().forEach(c -> fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(c.name()).type(c.type())
            .description(c.comment()).build()));
        f.schema(ol.newSchemaDatasetFacet(fields));
      }
      if (output.version() != null && type != OpenLineage.RunEvent.EventType.START) {
        f.version(ol.newDatasetVersionDatasetFacet(String.valueOf(output.version())));
      }
      if (!columns.isEmpty()) {
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder cf = ol.newColumnLineageDatasetFacetFieldsBuilder();
        for (ColumnFrom c : columns) {
          List<OpenLineage.InputField> from = new ArrayList<>();
          for (String[] i : c.inputs()) {
            Dataset d = byName.get(i[0]);
            if (d != null) {
              from.add(ol.newInputFieldBuilder().namespace("file").name(path(d)).field(i[1]).build());
            }
          }
          if (!from.isEmpty()) {
            cf.put(c.column(), ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(from).build());
          }
        }
        f.columnLineage(ol.newColumnLineageDatasetFacetBuilder().fields(cf.build()).build());
      }
      out.add(ol.newOutputDatasetBuilder().namespace("file").name(path(output)).facets(f.build()).build());
    }
    OpenLineage.RunEvent event = ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(time.atZone(ZoneOffset.UTC))
        .run(ol.newRun(runId, runFacets.build()))
        .job(ol.newJobBuilder().namespace(JOB_NAMESPACE).name(principal + "." + action
            + (output == null ? "" : "." + output.fullName())).facets(jobFacets).build())
        .inputs(in)
        .outputs(out)
        .build();
    client().emit(event);
  }

  private OpenLineage.DatasetFacetsBuilder facets(Dataset d) {
    return ol.newDatasetFacetsBuilder().symlinks(ol.newSymlinksDatasetFacet(List.of(
        ol.newSymlinksDatasetFacetIdentifiers(JOB_NAMESPACE, d.fullName(), "TABLE"))));
  }

  private static String path(Dataset d) {
    String l = d.location();
    if (l == null) {
      return "/" + d.fullName().replace('.', '/');
    }
    if (l.startsWith("file://")) {
      l = l.substring("file://".length());
    } else if (l.startsWith("file:")) {
      l = l.substring("file:".length());
    }
    return l.length() > 1 && l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
  }

  private static String version() {
    String v = LineageEvents.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
