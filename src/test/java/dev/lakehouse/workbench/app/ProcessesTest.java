package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.ProgressStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbench and the command line are separate processes on one data directory. */
class ProcessesTest {

  @TempDir Path dataDir;

  record Result(int code, String out, String err) {}

  static Result launch(Path dataDir, String... verb) throws IOException, InterruptedException {
    return launch(60, dataDir, verb);
  }

  static Result launch(int waitSeconds, Path dataDir, String... verb) throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin,
        "-D" + Content.PROPERTY + "=" + System.getProperty("workbench.project.dir", "."),
        "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "--data-dir", dataDir.toString()));
    cmd.addAll(java.util.List.of(verb));
    Process p = new ProcessBuilder(cmd).start();
    assertThat(p.waitFor(waitSeconds, TimeUnit.SECONDS)).as("%s ended within %d s", verb[0], waitSeconds).isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theCommandLineReadsAndWritesProgressWhileAnotherProcessHasTheDatabaseOpen() throws Exception {
    try (ProgressStore open = ProgressStores.open(dataDir, Clock.systemUTC())) {
      open.markDone(1);
      Result progress = launch(dataDir, "progress", "--json");
      assertThat(progress.err()).isEmpty();
      assertThat(progress.code()).isZero();
      assertThat(progress.out()).contains("\"state\" : \"done\"");

      Result set = launch(dataDir, "note", "set", "9", "written from the command line");
      assertThat(set.code()).isZero();
      assertThat(open.note(9)).isEqualTo("written from the command line");
    }
  }

  @Test
  void aSuccessfulCommandPrintsNothingOnStderrAndAFailedOneOneLine() throws Exception {
    // every library's logging stays silent: a stray binding once printed SLF4J warnings on every command
    Result setup = launch(180, dataDir, "lab", "setup", "day-24-contracts");
    assertThat(setup.code()).as(setup.err()).isZero();
    assertThat(setup.err()).isEmpty();
    Result contract = launch(dataDir, "quality", "contract", "check", dataDir.resolve("work/day-24/orders.odcs.yaml").toString());
    assertThat(contract.err()).doesNotContain("SLF4J").doesNotContain("Exception");
    Result sql = launch(dataDir, "sql", "SELECT count(*) AS n FROM lab24.day_07");
    assertThat(sql.code()).isZero();
    assertThat(sql.err()).isEmpty();
    Result bad = launch(dataDir, "sql", "SELEC 1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).startsWith("error: ").doesNotContain("\n");
  }

  @Test
  void aSecondWorkbenchOnTheSameFolderIsToldItIsAlreadyOpen() {
    try (WorkbenchLock first = WorkbenchLock.acquire(dataDir)) {
      assertThat(first).isNotNull();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkbenchLock.acquire(dataDir))
          .isInstanceOf(WorkbenchException.class)
          .hasMessageStartingWith("the workbench is already open on " + dataDir);
    }
    try (WorkbenchLock again = WorkbenchLock.acquire(dataDir)) {
      assertThat(again).isNotNull();
    }
  }
}
