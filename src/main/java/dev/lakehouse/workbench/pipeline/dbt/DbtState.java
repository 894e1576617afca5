package dev.lakehouse.workbench.pipeline.dbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state another run left ({@code --state DIR}: the folder of its {@code manifest.json}, usually
 * production's), for slim CI: {@code state:modified} compares each node's checksum with it, and
 * {@code --defer} reads the relations of the nodes a run does not build from it.
 */
public final class DbtState {

  /** unique_id to the node's checksum in the state's manifest. */
  final Map<String, String> checksums = new LinkedHashMap<>();
  /** unique_id to the relation the state's run built. */
  final Map<String, String> relations = new LinkedHashMap<>();
  private final Path dir;

  private DbtState(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Reads {@code dir/manifest.json}; a missing or unreadable one is one line saying how to make it. */
  public static DbtState read(Path dir) {
    Path f = dir.resolve("manifest.json");
    if (!Files.isRegularFile(f)) {
      throw DbtErrors.bad("--state " + dir, "there is no manifest.json in that folder",
          "build the main branch first (its target/ folder then holds manifest.json) and pass that folder");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      throw DbtErrors.bad(f.toString(), "not a readable manifest (" + e.getClass().getSimpleName() + ")",
          "build the main branch again to write a fresh target/manifest.json");
    }
    DbtState s = new DbtState(dir);
    JsonNode nodes = root.path("nodes");
    if (!nodes.isObject()) {
      throw DbtErrors.bad(f.toString(), "the manifest has no 'nodes'", "pass the target/ folder of a dbt run");
    }
    nodes.fields().forEachRemaining(e -> {
      s.checksums.put(e.getKey(), e.getValue().path("checksum").path("checksum").asText(""));
      JsonNode rel = e.getValue().path("relation_name");
      if (rel.isTextual()) {
        s.relations.put(e.getKey(), rel.asText());
      }
    });
    return s;
  }

  /** dbt's {@code state:new}: the node is not in the state's manifest. */
  boolean isNew(String uniqueId) {
    return !checksums.containsKey(uniqueId);
  }

  /** dbt's {@code state:modified}: new, or its code, arguments or config changed. */
  boolean isModified(String uniqueId, Node n) {
    return isNew(uniqueId) || !checksums.get(uniqueId).equals(Artifacts.checksum(n));
  }
}
