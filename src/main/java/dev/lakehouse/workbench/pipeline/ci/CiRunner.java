package dev.lakehouse.workbench.pipeline.ci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a repository's GitHub Actions workflow locally for a branch, as a pull request into
 * {@code main} (decision 0046): the branch's commit is checked out into a clean temporary folder,
 * main's commit beside it gives main's {@code manifest.json} in {@code ./main-artifacts} (what a real
 * workflow downloads from production), and each step runs in order through the workbench's own
 * command dispatcher, stopping at the first that fails. The run's log, verdict and dbt artifacts are
 * kept in {@link CiRuns}.
 */
public final class CiRunner {

  /** The folder of the checkout where main's manifest is put, for {@code --state ./main-artifacts}. */
  public static final String MAIN_ARTIFACTS = "main-artifacts";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CiRuns runs;
  private final WorkbenchCommands commands;

  public CiRunner(CiRuns runs, WorkbenchCommands commands) {
    this.runs = runs;
    this.commands = commands;
  }

  /**
   * Runs the workflows of {@code branch} (null: the branch checked out) of the repository in
   * {@code repoDir}; {@code repoName} is how the run names the repository. What the steps print goes
   * to {@code out} as it happens, and into the run's log.
   */
  public CiRun run(Path repoDir, String repoName, String branch, PrintWriter out) {
    try (GitRepo repo = GitRepo.open(repoDir)) {
      String b = branch == null ? repo.currentBranch() : branch;
      if (b.equals(GitRepo.MAIN)) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "CI runs a branch as a pull request into main",
            "main compared with itself has nothing to build", "create a branch with 'ci branch NAME', commit your change, then 'ci run --branch NAME'");
      }
      String commit = repo.head(b);
      String baseCommit = repo.head(GitRepo.MAIN);
      if (branch == null && !repo.isClean()) {
        out.println("note: uncommitted changes are not part of the run; 'ci commit -m MESSAGE' adds them to " + b);
      }
      Path work = Files.createTempDirectory("workbench-ci-");
      try {
        Path checkout = work.resolve("checkout");
        Path mainCheckout = work.resolve("main");
        repo.checkout(commit, checkout);
        List<Workflow> workflows = workflows(checkout);
        repo.checkout(baseCommit, mainCheckout);
        return execute(repoName, b, commit, baseCommit, repo.subject(commit), workflows, checkout, mainCheckout, out);
      } finally {
        GitRepo.deleteTree(work);
      }
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "the CI run could not use a temporary folder",
          String.valueOf(e.getMessage()), "free some disk space and run it again");
    }
  }

  /** The checkout's workflows that run on a pull request into main, in file-name order. */
  static List<Workflow> workflows(Path checkout) throws IOException {
    Path dir = checkout.resolve(".github/workflows");
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    if (files.isEmpty()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the branch has no workflow",
          "CI runs the files .github/workflows/*.yml of the branch's commit",
          "add .github/workflows/ci.yml (on: pull_request, with steps that run workbench commands) and commit it");
    }
    List<Workflow> out = new ArrayList<>();
    for (Path f : files) {
      Workflow w = Workflow.parse(".github/workflows/" + f.getFileName(), Files.readString(f));
      if (w.baseBranches().isEmpty() || w.baseBranches().contains(GitRepo.MAIN)) {
        out.add(w);
      }
    }
    if (out.isEmpty()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no workflow runs on a pull request into main",
          "each names other branches under on.pull_request.branches", "add main to one of them");
    }
    return out;
  }

  private CiRun execute(String repoName, String branch, String commit, String baseCommit, String subject,
      List<Workflow> workflows, Path checkout, Path mainCheckout, PrintWriter console) throws IOException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    StringWriter logText = new StringWriter();
    // the temporary checkout is gone after the run: its paths read as the checkout's own folder, "."
    PrintWriter log = new PrintWriter(new Tee(logText, console, checkout.toString()), true);
    log.printf("CI run of %s: branch %s at %s (%s), as a pull request into main at %s%n", repoName, branch, shortId(commit),
        subject, shortId(baseCommit));
    // what a real workflow fetches from production: main's manifest, for state:modified
    if (Files.isRegularFile(mainCheckout.resolve("dbt_project.yml"))) {
      StringWriter sink = new StringWriter();
      int code = commands.run(List.of("dbt", "ls", "--project", mainCheckout.toString()), mainCheckout, new PrintWriter(sink, true));
      Path manifest = mainCheckout.resolve("target/manifest.json");
      if (code == 0 && Files.isRegularFile(manifest)) {
        Files.createDirectories(checkout.resolve(MAIN_ARTIFACTS));
        Files.copy(manifest, checkout.resolve(MAIN_ARTIFACTS).resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);
        log.println("main's manifest.json is in ./" + MAIN_ARTIFACTS + " (for --state ./" + MAIN_ARTIFACTS + ")");
      } else {
        log.println("main's manifest could not be built (" + sink.toString().strip().replace('\n', ' ')
            + "); --state ./" + MAIN_ARTIFACTS + " will be missing");
      }
    }
    List<CiRun.StepResult> results = new ArrayList<>();
    String failed = null;
    String workflowNames = String.join(", ", workflows.stream().map(Workflow::file).toList());
    outer:
    for (Workflow w : workflows) {
      for (Workflow.Job job : w.jobs()) {
        log.println("== " + w.name() + " / " + job.name());
        for (Workflow.Step step : job.steps()) {
          log.println("-- " + step.label());
          long s0 = System.nanoTime();
          String message = null;
          int code = 0;
          if (step.uses() != null) {
            if (step.uses().startsWith("actions/checkout@") || step.uses().equals("actions/checkout")) {
              log.println("checked out " + branch + " at " + shortId(commit) + " (a clean copy of the commit)");
            } else {
              code = 2;
              message = "the action '" + step.uses() + "' does not run locally: only workbench commands run locally"
                  + " (write the step as 'run: workbench ...'; on GitHub the action runs as written)";
            }
          } else {
            for (String line : commandLines(step.run())) {
              List<String> words = words(line);
              if (words.isEmpty() || !words.get(0).equals("workbench") || words.size() < 2) {
                code = 2;
                message = "'" + line + "' is not a workbench command: only workbench commands run locally"
                    + " (write 'workbench dbt build ...'; on GitHub the line runs as written)";
                break;
              }
              log.println("$ " + line);
              code = commands.run(words.subList(1, words.size()), checkout, log);
              if (code != 0) {
                message = "'" + line + "' exited with " + code;
                break;
              }
            }
          }
          double secs = (System.nanoTime() - s0) / 1e9;
          results.add(new CiRun.StepResult(job.id(), step.label(), code, secs, message));
          if (code != 0) {
            log.println("step failed: " + message);
            failed = step.label();
            break outer;
          }
        }
      }
    }
    String verdict = failed == null ? CiRun.PASSED : CiRun.FAILED;
    double seconds = (System.nanoTime() - t0) / 1e9;
    log.printf("%s in %.1fs%s%n", verdict.toUpperCase(java.util.Locale.ROOT), seconds,
        failed == null ? "" : " at step '" + failed + "': the pull request must not merge until it passes");
    log.flush();
    Path dir = runs.newRunDir();
    int id = Integer.parseInt(dir.getFileName().toString());
    for (String artifact : List.of("run_results.json", "manifest.json")) {
      Path a = checkout.resolve("target").resolve(artifact);
      if (Files.isRegularFile(a)) {
        Files.createDirectories(dir.resolve("target"));
        Files.copy(a, dir.resolve("target").resolve(artifact), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    CiRun run = new CiRun(id, repoName, branch, commit, GitRepo.MAIN, baseCommit, workflowNames, verdict, started, seconds,
        List.copyOf(results), failed, dir);
    Files.writeString(dir.resolve("log.txt"), logText.toString());
    Files.writeString(dir.resolve("run.json"), JSON.writeValueAsString(json(run)));
    return run;
  }

  private static ObjectNode json(CiRun r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("repo", r.repo());
    n.put("branch", r.branch());
    n.put("commit", r.commit());
    n.put("base", r.base());
    n.put("base_commit", r.baseCommit());
    n.put("workflow", r.workflow());
    n.put("verdict", r.verdict());
    n.put("started", r.started().toString());
    n.put("seconds", Math.round(r.seconds() * 100) / 100.0);
    n.put("failed_step", r.failedStep());
    ArrayNode steps = n.putArray("steps");
    for (CiRun.StepResult s : r.steps()) {
      ObjectNode o = steps.addObject();
      o.put("job", s.job());
      o.put("name", s.name());
      o.put("exit_code", s.exitCode());
      o.put("seconds", Math.round(s.seconds() * 100) / 100.0);
      o.put("message", s.message());
    }
    return n;
  }

  /** A run: block's command lines: blank and # lines left out, a line ending in \ joined with the next. */
  static List<String> commandLines(String run) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String raw : run.split("\n")) {
      String line = raw.strip();
      if (cur.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        cur.append(line.substring(0, line.length() - 1).strip()).append(' ');
        continue;
      }
      cur.append(line);
      out.add(cur.toString().strip());
      cur.setLength(0);
    }
    if (!cur.isEmpty()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  /** A command line's words, as a shell splits them: on blanks, with '…' and "…" quoting. */
  public static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || !w.isEmpty()) {
          out.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
      }
    }
    if (any || !w.isEmpty()) {
      out.add(w.toString());
    }
    return out;
  }

  static String shortId(String commit) {
    return commit.substring(0, Math.min(7, commit.length()));
  }

  /** Writes to two writers at once, the run's log and the console, with the checkout's path as ".". */
  private static final class Tee extends Writer {
    private final Writer a;
    private final Writer b;
    private final String checkout;

    Tee(Writer a, Writer b, String checkout) {
      this.a = a;
      this.b = b;
      this.checkout = checkout;
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      String text = str.substring(off, off + len).replace(checkout, ".");
      a.write(text);
      b.write(text);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      a.write(cbuf, off, len);
      b.write(cbuf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
