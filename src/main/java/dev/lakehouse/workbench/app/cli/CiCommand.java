package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.pipeline.ci.CiRun;
import dev.lakehouse.workbench.pipeline.ci.CiRunner;
import dev.lakehouse.workbench.pipeline.ci.CiRuns;
import dev.lakehouse.workbench.pipeline.ci.GitRepo;
import dev.lakehouse.workbench.pipeline.ci.WorkbenchCommands;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ci init|branch|switch|commit|run|runs|log}: the learner's project as a git repository and its
 * GitHub Actions workflow run locally on a clean checkout of a branch (decision 0046).
 */
@Command(name = "ci", mixinStandardHelpOptions = true,
    description = "Git for your dbt project and its .github/workflows run locally, as a pull request into main.",
    subcommands = {CiCommand.Init.class, CiCommand.Branch.class, CiCommand.Switch.class, CiCommand.Commit.class,
        CiCommand.Run.class, CiCommand.Runs.class, CiCommand.Log.class})
final class CiCommand {

  /** The repository option every subcommand shares; relative paths are read under the data folder. */
  static class RepoOption {
    @Option(names = "--repo", paramLabel = "DIR", description = "the project's folder (default DATA-DIR/dbt; a relative one not found here is read under DATA-DIR)")
    Path repo;

    Path resolve(Path dataDir) {
      return repo == null ? dataDir.resolve("dbt") : DbtCommand.underDataDir(dataDir, repo);
    }

    /** How runs name the repository: relative to the data folder when it is under it. */
    String name(Path dataDir) {
      Path p = resolve(dataDir).toAbsolutePath().normalize();
      Path d = dataDir.toAbsolutePath().normalize();
      return p.startsWith(d) ? d.relativize(p).toString().replace('\\', '/') : p.toString();
    }
  }

  private static Path dataDir(CommandSpec spec) {
    return ((WorkbenchCli) spec.root().userObject()).dataDir();
  }

  @Command(name = "init", mixinStandardHelpOptions = true, description = "Make the project folder a git repository, its files the first commit on main.")
  static final class Init implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @CommandLine.Mixin private RepoOption repo = new RepoOption();

    @Override
    public Integer call() {
      Path dir = repo.resolve(dataDir(spec));
      if (Files.isDirectory(dir.resolve(".git"))) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, dir + " is a git repository already",
            "init starts a new history and would replace it", "use 'ci branch' and 'ci commit' in it");
      }
      try (GitRepo g = GitRepo.init(dir, "Start the project")) {
        spec.commandLine().getOut().println("created a git repository in " + dir + ", its files the first commit on main "
            + g.head(GitRepo.MAIN).substring(0, 7));
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "branch", mixinStandardHelpOptions = true, description = "Create a branch at the current commit and switch to it (your changes come along).")
  static final class Branch implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @CommandLine.Mixin private RepoOption repo = new RepoOption();
    @Parameters(index = "0", paramLabel = "NAME") private String name;

    @Override
    public Integer call() {
      try (GitRepo g = GitRepo.open(repo.resolve(dataDir(spec)))) {
        g.createBranch(name);
        spec.commandLine().getOut().println("switched to a new branch " + name);
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "switch", mixinStandardHelpOptions = true, description = "Switch the project's files to another branch.")
  static final class Switch implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @CommandLine.Mixin private RepoOption repo = new RepoOption();
    @Parameters(index = "0", paramLabel = "NAME") private String name;

    @Override
    public Integer call() {
      try (GitRepo g = GitRepo.open(repo.resolve(dataDir(spec)))) {
        g.switchTo(name);
        spec.commandLine().getOut().println("switched to " + name);
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "commit", mixinStandardHelpOptions = true, description = "Commit every change of the project's files on the current branch.")
  static final class Commit implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @CommandLine.Mixin private RepoOption repo = new RepoOption();
    @Option(names = {"-m", "--message"}, required = true, paramLabel = "MESSAGE") private String message;

    @Override
    public Integer call() {
      try (GitRepo g = GitRepo.open(repo.resolve(dataDir(spec)))) {
        String id = g.commitAll(message);
        spec.commandLine().getOut().println("committed " + id.substring(0, 7) + " on " + g.currentBranch() + ": " + message);
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run the branch's .github/workflows as a pull request into main, on a clean checkout; exit 1 when it fails.")
  static final class Run implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @CommandLine.Mixin private RepoOption repo = new RepoOption();
    @Option(names = "--branch", paramLabel = "B", description = "the branch to run (default: the one checked out)") private String branch;

    @Override
    public Integer call() {
      Path dataDir = dataDir(spec);
      return run(dataDir, repo.resolve(dataDir), repo.name(dataDir), branch, spec.commandLine().getOut());
    }
  }

  /** Runs CI and returns the exit code: 0 passed, 1 failed. */
  static int run(Path dataDir, Path repoDir, String repoName, String branch, PrintWriter out) {
    CiRun r = new CiRunner(new CiRuns(dataDir), dispatcher(dataDir)).run(repoDir, repoName, branch, out);
    out.println("kept as CI run " + r.id() + " in " + r.dir() + " (log, verdict, dbt artifacts; 'ci log " + r.id() + "' shows it again)");
    out.flush();
    return r.passed() ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, description = "List the kept CI runs, newest first.")
  static final class Runs implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<CiRun> runs = new CiRuns(dataDir(spec)).list();
      if (runs.isEmpty()) {
        out.println("no CI runs yet: 'ci run --repo DIR --branch B' runs one");
        return WorkbenchCli.OK;
      }
      out.printf("%4s  %-7s  %-24s  %-20s  %-8s  %-20s  %s%n", "run", "verdict", "repo", "branch", "commit", "started", "failed step");
      for (CiRun r : runs) {
        out.printf("%4d  %-7s  %-24s  %-20s  %-8s  %-20s  %s%n", r.id(), r.verdict(), r.repo(), r.branch(),
            r.commit().substring(0, Math.min(7, r.commit().length())), r.started().toString().substring(0, 19) + "Z",
            r.failedStep() == null ? "" : r.failedStep());
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "log", mixinStandardHelpOptions = true, description = "Print a kept CI run's log (default: the newest).")
  static final class Log implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN") private Integer id;

    @Override
    public Integer call() {
      CiRuns runs = new CiRuns(dataDir(spec));
      CiRun r;
      if (id == null) {
        List<CiRun> all = runs.list();
        if (all.isEmpty()) {
          throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no CI runs yet", null,
              "run 'ci run --repo DIR --branch B' first");
        }
        r = all.get(0);
      } else {
        r = runs.get(id);
      }
      try {
        spec.commandLine().getOut().print(Files.readString(r.log()));
      } catch (IOException e) {
        throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "cannot read the log of CI run " + r.id(),
            String.valueOf(e.getMessage()), "check the folder " + r.dir());
      }
      return r.passed() ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  /**
   * The workbench's own command dispatcher for CI steps: the words after {@code workbench} run as a
   * command line of this data folder, in this process. A word naming a file or folder of the checkout
   * ({@code ./main-artifacts}) is read there, and {@code dbt} builds the checkout unless a step names
   * another {@code --project}.
   */
  static WorkbenchCommands dispatcher(Path dataDir) {
    return (args, workDir, out) -> {
      if (args.get(0).equals("ci")) {
        out.println("error: a CI step cannot run 'ci' itself: a run would start another. Call the verbs CI checks (dbt, sql, quality, ...).");
        return WorkbenchCli.BAD_INPUT;
      }
      List<String> a = new ArrayList<>();
      a.add("--data-dir");
      a.add(dataDir.toString());
      for (String w : args) {
        a.add(inCheckout(w, workDir));
      }
      if (args.get(0).equals("dbt") && args.stream().noneMatch(w -> w.equals("--project") || w.startsWith("--project="))) {
        a.add("--project");
        a.add(workDir.toString());
      }
      return WorkbenchCli.run(a.toArray(String[]::new), p -> { }, out, out);
    };
  }

  private static String inCheckout(String word, Path workDir) {
    int eq = word.startsWith("--") ? word.indexOf('=') : -1;
    String value = eq < 0 ? word : word.substring(eq + 1);
    if (value.isEmpty() || value.startsWith("-") || value.contains(":") || value.contains("*")) {
      return word;
    }
    try {
      Path p = Path.of(value);
      if (!p.isAbsolute() && Files.exists(workDir.resolve(p))) {
        String abs = workDir.resolve(p).normalize().toString();
        return eq < 0 ? abs : word.substring(0, eq + 1) + abs;
      }
    } catch (java.nio.file.InvalidPathException e) {
      return word;
    }
    return word;
  }

  /** Runs one {@code ci} command line of a lab's reference work or editor; returns the exit code. */
  static int applyRun(Path dataDir, String commandLine, PrintWriter out) {
    List<String> a = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "ci"));
    a.addAll(CiRunner.words(commandLine.trim()));
    return WorkbenchCli.run(a.toArray(String[]::new), p -> { }, out, out);
  }
}
