package dev.lakehouse.workbench.pipeline.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kept CI runs: one folder per run under the data folder's {@code ci/runs/}, numbered from 1
 * ({@code 0001}), each with {@code run.json} (the verdict and the steps), {@code log.txt} and the dbt
 * artifacts the run left in {@code target/}. Files, like dbt's own artifacts, so a lab check reads them
 * without this class (decision 0046).
 */
public final class CiRuns {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  /** The runs of the data folder {@code dataDir}. */
  public CiRuns(Path dataDir) {
    this.dir = dataDir.resolve("ci/runs");
  }

  public Path dir() {
    return dir;
  }

  /** Every kept run, newest first; a run folder without a readable run.json is left out. */
  public List<CiRun> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<CiRun> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        CiRun r = read(p);
        if (r != null) {
          out.add(r);
        }
      }
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "cannot list the CI runs in " + dir,
          String.valueOf(e.getMessage()), "check that the folder is readable");
    }
    out.sort(Comparator.comparingInt(CiRun::id).reversed());
    return out;
  }

  /** The run with this number; one line naming the kept ones when there is none. */
  public CiRun get(int id) {
    CiRun r = read(dir.resolve(String.format("%04d", id)));
    if (r == null) {
      List<CiRun> all = list();
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no CI run " + id,
          all.isEmpty() ? "no run is kept yet" : "the kept runs are 1 to " + all.get(0).id(),
          "run 'ci runs' to list them");
    }
    return r;
  }

  /** A new, empty folder for the next run. */
  Path newRunDir() throws IOException {
    Files.createDirectories(dir);
    int next = list().stream().mapToInt(CiRun::id).max().orElse(0) + 1;
    try (Stream<Path> s = Files.list(dir)) {
      next = Math.max(next, s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .mapToInt(Integer::parseInt).max().orElse(0) + 1);
    }
    Path p = dir.resolve(String.format("%04d", next));
    Files.createDirectories(p);
    return p;
  }

  private static CiRun read(Path p) {
    Path f = p.resolve("run.json");
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(f.toFile());
      List<CiRun.StepResult> steps = new ArrayList<>();
      for (JsonNode s : n.path("steps")) {
        steps.add(new CiRun.StepResult(s.path("job").asText(), s.path("name").asText(), s.path("exit_code").asInt(),
            s.path("seconds").asDouble(), s.path("message").isNull() ? null : s.path("message").asText(null)));
      }
      return new CiRun(n.path("id").asInt(), n.path("repo").asText(), n.path("branch").asText(), n.path("commit").asText(),
          n.path("base").asText(), n.path("base_commit").asText(), n.path("workflow").asText(), n.path("verdict").asText(),
          Instant.parse(n.path("started").asText()), n.path("seconds").asDouble(), List.copyOf(steps),
          n.path("failed_step").isNull() ? null : n.path("failed_step").asText(null), p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
