package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.QueryResult;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Format;
import io.delta.standalone.actions.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Our own snapshot reader for read-only statements, so a cold {@code sql} process never loads
 * delta-standalone, Hadoop or Scala: the newest single-file checkpoint at or before the version (read
 * through DuckDB), then the JSON commits after it, add/remove reconciled by path. Only what we fully
 * understand is served here: reader protocol 1 or 2 (column mapping) without features, a flat schema of the types we write, contiguous
 * commits. For anything else {@link #read} returns null and the caller uses delta-standalone (which
 * also produces the precise error for damaged or unsupported tables).
 */
final class LogReplay {

  /** A replayed snapshot: its version, metadata, and the active files sorted by path. */
  record State(long version, Metadata metadata, List<ColumnDef> columns, List<AddFile> files) {}

  /** The last replayed state of a table and what it needs to be continued by later commits. */
  private record Replayed(State state, String commitIdentity, JsonNode metadata, JsonNode protocol) {}

  /** The commit versions and single-file checkpoint versions in a table's log. */
  record Listing(TreeMap<Long, Path> commits, TreeMap<Long, Path> checkpoints) {
    long latest() {
      return commits.isEmpty() ? -1 : commits.lastKey();
    }
  }

  private final ObjectMapper json;
  private final Duck duck;
  /** Per table location, the last state replayed: a warm process continues it instead of starting over. */
  private final Map<Path, Replayed> last = new HashMap<>();

  LogReplay(ObjectMapper json, Duck duck) {
    this.json = json;
    this.duck = duck;
  }

  static Listing list(Path location) throws IOException {
    TreeMap<Long, Path> commits = new TreeMap<>();
    TreeMap<Long, Path> checkpoints = new TreeMap<>();
    TreeMap<Long, Integer> multiPart = new TreeMap<>();
    try (Stream<Path> s = Files.list(location.resolve("_delta_log"))) {
      s.forEach(p -> {
        String n = p.getFileName().toString();
        if (n.matches("\\d{20}\\.json")) {
          commits.put(Long.parseLong(n.substring(0, 20)), p);
        } else if (n.matches("\\d{20}\\.checkpoint\\.parquet")) {
          checkpoints.put(Long.parseLong(n.substring(0, 20)), p);
        } else if (n.matches("\\d{20}\\.checkpoint\\..+\\.parquet")) {
          multiPart.put(Long.parseLong(n.substring(0, 20)), 1);
        }
      });
    }
    multiPart.keySet().forEach(checkpoints::remove);
    return new Listing(commits, checkpoints);
  }

  /** The snapshot at {@code version}, or null when this reader leaves the table to delta-standalone. */
  State read(Path location, Listing listing, long version) {
    try {
      Replayed cached = last.get(location);
      if (cached != null && (cached.state().version() > version || !listing.commits().containsKey(cached.state().version())
          || !cached.commitIdentity().equals(identity(listing.commits().get(cached.state().version()))))) {
        cached = null; // an older version, or the table was dropped and created again
      }
      if (cached != null && cached.state().version() == version) {
        return cached.state();
      }
      Map.Entry<Long, Path> cp = cached != null ? null : listing.checkpoints().floorEntry(version);
      long from = cached != null ? cached.state().version() + 1 : cp == null ? 0 : cp.getKey() + 1;
      for (long v = from; v <= version; v++) {
        if (!listing.commits().containsKey(v)) {
          return null;
        }
      }
      Map<String, AddFile> files = new TreeMap<>();
      JsonNode[] metadata = new JsonNode[1];
      JsonNode[] protocol = new JsonNode[1];
      if (cached != null) {
        cached.state().files().forEach(f -> files.put(f.getPath(), f));
        metadata[0] = cached.metadata();
        protocol[0] = cached.protocol();
      }
      if (cp != null) {
        QueryResult r = duck.query("SELECT to_json(add), to_json(metaData), to_json(protocol) FROM read_parquet('"
            + cp.getValue().toString().replace("'", "''") + "')");
        for (List<Object> row : r.rows()) {
          if (row.get(0) != null) {
            apply(json.readTree((String) row.get(0)), files, true);
          }
          if (row.get(1) != null) {
            metadata[0] = json.readTree((String) row.get(1));
          }
          if (row.get(2) != null) {
            protocol[0] = json.readTree((String) row.get(2));
          }
        }
      }
      for (long v = from; v <= version; v++) {
        for (String line : Files.readAllLines(listing.commits().get(v), StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode n = json.readTree(line);
          if (n.has("add")) {
            apply(n.get("add"), files, true);
          } else if (n.has("remove")) {
            apply(n.get("remove"), files, false);
          } else if (n.has("metaData")) {
            metadata[0] = n.get("metaData");
          } else if (n.has("protocol")) {
            protocol[0] = n.get("protocol");
          }
        }
      }
      if (metadata[0] == null || protocol[0] == null || protocol[0].path("minReaderVersion").asInt(99) > 2
          || protocol[0].has("readerFeatures")) {
        return null;
      }
      List<ColumnDef> columns = columns(metadata[0].path("schemaString").asText());
      if (columns == null) {
        return null;
      }
      State state = new State(version, metadata(metadata[0], columns), columns, List.copyOf(files.values()));
      if (cached == null || version > cached.state().version()) {
        last.put(location, new Replayed(state, identity(listing.commits().get(version)), metadata[0], protocol[0]));
      }
      return state;
    } catch (Exception e) {
      return null;
    }
  }

  /** Which file a commit is: a table dropped and created again has new files for the same versions. */
  static String identity(Path commit) throws IOException {
    BasicFileAttributes a = Files.readAttributes(commit, BasicFileAttributes.class);
    return a.fileKey() + "/" + a.lastModifiedTime().toMillis() + "/" + a.size();
  }

  private void apply(JsonNode a, Map<String, AddFile> files, boolean add) {
    String path = a.path("path").asText();
    if (!add) {
      files.remove(path);
      return;
    }
    files.put(path, new AddFile(path, stringMap(a.get("partitionValues")), a.path("size").asLong(),
        a.path("modificationTime").asLong(), false, // a snapshot's files carry dataChange = false, as Delta's replay does
        a.hasNonNull("stats") ? a.get("stats").asText() : null,
        a.hasNonNull("tags") ? stringMap(a.get("tags")) : null));
  }

  /** The columns of a flat schema of types we know, or null (nested types, extra field metadata ...). */
  private List<ColumnDef> columns(String schemaString) throws IOException {
    JsonNode schema = json.readTree(schemaString);
    List<ColumnDef> out = new ArrayList<>();
    for (JsonNode f : schema.path("fields")) {
      if (!f.path("type").isTextual()) {
        return null;
      }
      JsonNode md = f.path("metadata");
      Iterator<String> keys = md.fieldNames();
      while (keys.hasNext()) {
        String key = keys.next();
        if (!key.equals("comment") && !key.equals(DeltaTypes.GENERATION_EXPRESSION) && !key.equals(DeltaTypes.MAPPING_ID)
            && !key.equals(DeltaTypes.MAPPING_PHYSICAL_NAME)) {
          return null;
        }
      }
      String type;
      try {
        type = DeltaTypes.normalize(f.get("type").asText());
      } catch (RuntimeException unknown) {
        return null;
      }
      out.add(new ColumnDef(f.path("name").asText(), type, f.path("nullable").asBoolean(true),
          md.hasNonNull("comment") ? md.get("comment").asText() : null,
          md.hasNonNull(DeltaTypes.GENERATION_EXPRESSION) ? md.get(DeltaTypes.GENERATION_EXPRESSION).asText() : null,
          md.hasNonNull(DeltaTypes.MAPPING_PHYSICAL_NAME) ? md.get(DeltaTypes.MAPPING_PHYSICAL_NAME).asText() : null,
          md.hasNonNull(DeltaTypes.MAPPING_ID) ? md.get(DeltaTypes.MAPPING_ID).asLong() : null));
    }
    return out;
  }

  private static Metadata metadata(JsonNode m, List<ColumnDef> columns) {
    JsonNode format = m.path("format");
    List<String> partitionColumns = new ArrayList<>();
    m.path("partitionColumns").forEach(p -> partitionColumns.add(p.asText()));
    return new Metadata(m.path("id").asText(null), m.hasNonNull("name") ? m.get("name").asText() : null,
        m.hasNonNull("description") ? m.get("description").asText() : null,
        new Format(format.path("provider").asText("parquet"), stringMap(format.get("options"))),
        partitionColumns, stringMap(m.get("configuration")),
        m.hasNonNull("createdTime") ? Optional.of(m.get("createdTime").asLong()) : Optional.empty(),
        DeltaTypes.toStruct(columns));
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    }
    return out;
  }
}
