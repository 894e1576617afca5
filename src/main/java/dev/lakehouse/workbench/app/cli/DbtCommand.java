package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.pipeline.dbt.DbtProject;
import dev.lakehouse.workbench.pipeline.dbt.DbtRunner;
import dev.lakehouse.workbench.pipeline.dbt.DbtState;
import dev.lakehouse.workbench.pipeline.dbt.Node;
import dev.lakehouse.workbench.pipeline.dbt.Selector;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbt build|run|test|compile|seed|snapshot|ls}: a project in dbt's layout, built on the lake. */
@Command(name = "dbt", mixinStandardHelpOptions = true,
    description = "Run a dbt project (dbt_project.yml, models/, tests/, seeds/, macros/) on the lake.")
final class DbtCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "COMMAND", description = "build, run, test, compile, seed, snapshot or ls")
  private DbtRunner.Command command;

  @Option(names = "--project", paramLabel = "DIR", description = "the project folder (default DATA-DIR/dbt; a relative one not found here is read under DATA-DIR)")
  private Path project;

  @Option(names = {"-s", "--select"}, paramLabel = "SPEC", description = "nodes: name, +name, name+, tag:X, path:DIR")
  private List<String> select = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "SPEC", description = "nodes to leave out, same syntax as --select")
  private List<String> exclude = new ArrayList<>();

  @Option(names = "--full-refresh", description = "rebuild incremental models from scratch")
  private boolean fullRefresh;

  @Option(names = "--target-schema", paramLabel = "SCHEMA", description = "the schema models go to (default: the target's schema in the project's profiles.yml, else analytics)")
  private String targetSchema;

  @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "the output of the project's profiles.yml to build into (default: its target)")
  private String target;

  @Option(names = "--state", paramLabel = "DIR", description = "the folder of another run's manifest.json (e.g. main's target/) that state:modified compares with")
  private Path state;

  @Option(names = "--defer", description = "refs to nodes this run does not build read the relations of the --state run")
  private boolean defer;

  @Override
  public Integer call() {
    WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
    principal = root.principal();
    SqlSession.warmUp();
    try (Lake lake = Lake.open(root.dataDir())) {
      return execute(root.dataDir(), lake, spec.commandLine().getOut());
    }
  }

  /** Who the build runs as (--as; null: the data folder's admin, as a lab's reference build). */
  private String principal;

  private int execute(Path dataDir, Lake lake, PrintWriter out) {
    Path dir = project != null ? underDataDir(dataDir, project) : dataDir.resolve("dbt");
    {
      DbtProject p = DbtProject.read(dir);
      String schema = targetSchema != null ? targetSchema : p.targetSchema(target);
      SqlSession session = new SqlSession(lake);
      session.hook(dev.lakehouse.workbench.governance.Governance.open(dataDir, lake, principal));
      DbtRunner runner = new DbtRunner(p, session, schema, Map.of());
      runner.fullRefresh(fullRefresh);
      DbtState st = state == null ? null : DbtState.read(underDataDir(dataDir, state));
      if (defer && st == null) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "--defer needs --state DIR",
            "deferring reads the relations another run built, from its manifest.json", "add --state DIR (e.g. main's target/ folder)");
      }
      Set<String> selected = Selector.select(runner, select, exclude, st);
      if (defer) {
        runner.defer(st, selected);
      }
      Map<String, Object> args = new java.util.LinkedHashMap<>();
      args.put("select", select);
      args.put("exclude", exclude);
      if (st != null) {
        args.put("state", st.dir().toString());
      }
      args.put("defer", defer);
      args.put("target", target == null ? "default" : target);
      args.put("target_schema", schema == null ? DbtRunner.DEFAULT_TARGET_SCHEMA : schema);
      runner.invocation(args);
      if (command == DbtRunner.Command.ls) {
        for (String id : runner.order()) {
          if (selected.contains(id)) {
            Node n = runner.node(id);
            out.println(n.type() + " " + id.substring(id.indexOf('.') + 1));
          }
        }
        runner.run(DbtRunner.Command.ls, Set.of(), null);
        return WorkbenchCli.OK;
      }
      int[] counts = new int[5];
      List<DbtRunner.Result> results = runner.run(command, selected, r -> {
        String name = r.uniqueId().substring(r.uniqueId().indexOf('.') + 1);
        out.printf("%-8s %-50s %6.2fs%s%n", r.status().toUpperCase(java.util.Locale.ROOT), name, r.seconds(),
            r.message() == null || r.status().equals("success") && command == DbtRunner.Command.compile ? "" : "  " + r.message());
        out.flush();
      });
      for (DbtRunner.Result r : results) {
        switch (r.status()) {
          case "success", "pass" -> counts[0]++;
          case "warn" -> counts[1]++;
          case "error" -> counts[2]++;
          case "fail" -> counts[3]++;
          default -> counts[4]++;
        }
      }
      out.printf("Done. PASS=%d WARN=%d ERROR=%d FAIL=%d SKIP=%d TOTAL=%d (artifacts in %s)%n", counts[0], counts[1], counts[2],
          counts[3], counts[4], results.size(), dir.resolve("target"));
      if (results.isEmpty() && command != DbtRunner.Command.compile) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "dbt " + command + " selected nothing",
            "the selection has no node of that kind", "run 'dbt ls' to see the project's nodes");
      }
      return counts[2] + counts[3] + counts[4] > 0 ? WorkbenchCli.CHECK_FAILED : WorkbenchCli.OK;
    }
  }

  /** A path as given when it exists (or is absolute), else under the data folder, as the lab files are. */
  static Path underDataDir(Path dataDir, Path p) {
    if (p.isAbsolute() || java.nio.file.Files.exists(p)) {
      return p;
    }
    return dataDir.resolve(p);
  }

  /**
   * Runs one dbt command line of a lab's reference work ({@code lab solution --apply}) in the running
   * app's context; a failing test is part of some labs' reference work, so the exit code is returned, not thrown.
   */
  static int applyRun(dev.lakehouse.workbench.app.AppContext ctx, String commandLine, PrintWriter out) {
    DbtCommand cmd = new DbtCommand();
    new picocli.CommandLine(cmd).parseArgs(commandLine.trim().split("\\s+"));
    StringWriter sink = new StringWriter();
    int code;
    try {
      code = cmd.execute(ctx.dataDir(), ctx.lake(), new PrintWriter(sink, true));
    } catch (WorkbenchException e) {
      out.println("dbt " + commandLine.trim() + ": " + e.getMessage());
      return WorkbenchCli.FAILURE;
    }
    String last = sink.toString().strip();
    out.println("dbt " + commandLine.trim() + ": " + last.substring(last.lastIndexOf('\n') + 1));
    return code;
  }
}
