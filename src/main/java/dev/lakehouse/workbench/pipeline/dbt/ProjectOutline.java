package dev.lakehouse.workbench.pipeline.dbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the project pane shows of a dbt project, read from its folder without touching the lake: its
 * models, seeds, snapshots and tests with their parents (from {@code ref} and {@code source}), the
 * status each had in the last run ({@code target/run_results.json}) and the compiled SQL that run wrote
 * ({@code target/compiled}).
 */
public record ProjectOutline(Path dir, String name, List<Item> items, String problem) {

  /**
   * One node: {@code status} is run_results.json's (success, pass, fail, warn, error, skipped), "compiled"
   * when the last command was {@code dbt compile}, or "not run".
   */
  public record Item(String uniqueId, Node.Type type, String name, String file, String status, String message,
      String rawCode, String compiledCode, List<String> dependsOn) {}

  public static final String NOT_RUN = "not run";

  /** Folders holding a {@code dbt_project.yml} under {@code root} (at most four levels down), sorted. */
  public static List<Path> find(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.find(root, 4, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("dbt_project.yml"))) {
      return s.map(Path::getParent).filter(p -> !p.toString().contains("/target/")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the project; a project that does not parse gives an outline with no items and the one-line problem. */
  public static ProjectOutline read(Path dir) {
    DbtProject p;
    try {
      p = DbtProject.read(dir);
    } catch (WorkbenchException e) {
      return new ProjectOutline(dir, dir.getFileName().toString(), List.of(), e.getMessage());
    }
    String problem = null;
    try {
      new DbtRunner(p, null, null, Map.of()); // parses refs and sources into each node's parents, touching no table
    } catch (WorkbenchException e) {
      problem = e.getMessage(); // a bad ref or Jinja error: the nodes are still listed, without edges
    }
    Map<String, String[]> last = lastRun(dir.resolve("target/run_results.json"));
    List<Item> items = new ArrayList<>();
    for (Node n : p.nodes()) {
      String id = n.uniqueId(p.name);
      String[] r = last.getOrDefault(id, new String[] {NOT_RUN, null});
      items.add(new Item(id, n.type, n.name, n.originalFilePath, r[0], r[1], n.rawCode, compiled(p, n), List.copyOf(n.dependsOn)));
    }
    return new ProjectOutline(dir, p.name, List.copyOf(items), problem);
  }

  /**
   * The project's own files, relative to its folder and sorted: what a learner edits (YAML, SQL, CSV,
   * Markdown), leaving out what dbt writes ({@code target/}, {@code logs/}, {@code dbt_packages/}) and
   * hidden files.
   */
  public static List<String> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir, 6)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(r -> !r.startsWith("target/") && !r.startsWith("logs/") && !r.startsWith("dbt_packages/")
              && !r.startsWith(".") && !r.contains("/."))
          .filter(r -> r.matches("(?i).*\\.(ya?ml|sql|csv|md)"))
          .sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public List<Item> of(Node.Type type) {
    return items.stream().filter(i -> i.type() == type).toList();
  }

  private static Map<String, String[]> lastRun(Path f) {
    Map<String, String[]> out = new HashMap<>();
    if (!Files.isRegularFile(f)) {
      return out;
    }
    try {
      JsonNode root = new ObjectMapper().readTree(f.toFile());
      boolean compileOnly = root.path("args").path("which").asText().equals("compile");
      for (JsonNode r : root.path("results")) {
        out.put(r.path("unique_id").asText(), new String[] {compileOnly ? "compiled" : r.path("status").asText(NOT_RUN),
            r.path("message").isTextual() ? r.path("message").asText() : null});
      }
    } catch (IOException e) {
      // an unreadable run_results.json is as good as none: every node shows "not run"
    }
    return out;
  }

  /** The SQL the last compile or run wrote for the node, or null. */
  private static String compiled(DbtProject p, Node n) {
    if (n.type == Node.Type.seed) {
      return null;
    }
    String rel = n.testName != null ? n.originalFilePath.replaceAll("\\.ya?ml$", "") + "/" + n.name + ".sql" : n.originalFilePath;
    Path f = p.dir.resolve("target/compiled").resolve(p.name).resolve(rel);
    return Files.isRegularFile(f) ? DbtProject.text(f) : null;
  }
}
