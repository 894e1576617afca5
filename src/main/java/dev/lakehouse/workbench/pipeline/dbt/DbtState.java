package dev.lakehouse.workbench.pipeline.dbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state another run left ({@code --state DIR}: the folder of its {@code manifest.json}, usually
 * production's), for slim CI: {@code state:modified} compares each node's checksum with it, and
 * {@code --defer} reads the relations of the nodes a run does not build from it.
 */
public final class DbtState {

  /** unique_id to the node in the state's manifest (checksum, unrendered_config, fqn). */
  final Map<String, JsonNode> nodes = new LinkedHashMap<>();
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
      s.nodes.put(e.getKey(), e.getValue());
      JsonNode rel = e.getValue().path("relation_name");
      if (rel.isTextual()) {
        s.relations.put(e.getKey(), rel.asText());
      }
    });
    return s;
  }

  /** dbt's {@code state:new}: the node is not in the state's manifest. */
  boolean isNew(String uniqueId) {
    return !nodes.containsKey(uniqueId);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The test configs dbt compares for a test (TestConfig.same_contents). */
  private static final List<String> TEST_MODIFIERS = List.of("severity", "where", "limit", "fail_calc", "warn_if",
      "error_if", "store_failures", "store_failures_as");

  /**
   * dbt's {@code state:modified}, as its {@code same_contents}: new; or the body changed (the
   * {@code sha256} checksum of the file differs; a checksum named {@code none}, a generic test's, is
   * never a body match, so generic tests skip this part as dbt's do); or the unrendered config differs
   * (for tests only the failure modifiers); or the fqn differs.
   */
  boolean isModified(String uniqueId, Node n, DbtProject project) {
    JsonNode old = nodes.get(uniqueId);
    if (old == null) {
      return true;
    }
    boolean genericTest = n.testName != null;
    if (!genericTest) {
      JsonNode was = old.path("checksum");
      Map<String, Object> now = Artifacts.checksum(project, n);
      if (was.path("name").asText().equals("none") || !was.path("name").asText().equals(now.get("name"))
          || !was.path("checksum").asText().equals(now.get("checksum"))) {
        return true;
      }
    }
    JsonNode wasConfig = old.path("unrendered_config");
    JsonNode nowConfig = JSON.valueToTree(Artifacts.unrenderedConfig(n));
    if (n.type == Node.Type.test) {
      for (String k : TEST_MODIFIERS) {
        if (!wasConfig.path(k).equals(nowConfig.path(k))) {
          return true;
        }
      }
    } else if (!(wasConfig.isMissingNode() ? JSON.createObjectNode() : wasConfig).equals(nowConfig)) {
      return true;
    }
    return !old.path("fqn").equals(JSON.valueToTree(Artifacts.fqn(project, n)));
  }
}
