package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.pipeline.dbt.DbtProject;
import dev.lakehouse.workbench.pipeline.dbt.DbtRunner;
import dev.lakehouse.workbench.pipeline.dbt.Node;
import dev.lakehouse.workbench.pipeline.dbt.Selector;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.PrintWriter;
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

  @Option(names = "--project", paramLabel = "DIR", description = "the project folder (default DATA-DIR/dbt)")
  private Path project;

  @Option(names = {"-s", "--select"}, paramLabel = "SPEC", description = "nodes: name, +name, name+, tag:X, path:DIR")
  private List<String> select = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "SPEC", description = "nodes to leave out, same syntax as --select")
  private List<String> exclude = new ArrayList<>();

  @Option(names = "--full-refresh", description = "rebuild incremental models from scratch")
  private boolean fullRefresh;

  @Option(names = "--target-schema", paramLabel = "SCHEMA", description = "the schema models go to (default analytics)")
  private String targetSchema;

  @Override
  public Integer call() {
    WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
    Path dir = project != null ? project : root.dataDir().resolve("dbt");
    PrintWriter out = spec.commandLine().getOut();
    SqlSession.warmUp();
    try (Lake lake = Lake.open(root.dataDir())) {
      DbtRunner runner = new DbtRunner(DbtProject.read(dir), new SqlSession(lake), targetSchema, Map.of());
      runner.fullRefresh(fullRefresh);
      Set<String> selected = Selector.select(runner, select, exclude);
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
}
