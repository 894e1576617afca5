package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.Launcher;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.sql.SqlBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench [--work DIR]}: the lake benchmark, each number beside its baseline. Exit 1 if a goal is missed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the lake: bulk insert vs DuckDB alone, small commits, time travel, a cold sql process.")
final class BenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--work", paramLabel = "DIR", description = "scratch folder (default: a new temp folder)")
  private Path work;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("lake-bench");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cold = List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Launcher.class.getName());
    try {
      return new SqlBenchmark(dir, spec.commandLine().getOut()).run(cold) ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    } catch (WorkbenchException e) {
      throw e;
    }
  }
}
