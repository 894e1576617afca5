package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab hint}, asked twice from the terminal as a learner does. */
class LabHintCommandTest {

  @TempDir Path dataDir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = WorkbenchCli.run(all, p -> { }, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    return out.toString().strip();
  }

  @Test
  void theSecondHintIsNotTheFirst() {
    run("lab", "setup", "day-02-acid-writes");
    String first = run("lab", "hint", "day-02-acid-writes");
    String second = run("lab", "hint", "day-02-acid-writes");
    assertThat(first).isNotBlank();
    assertThat(second).isNotBlank().isNotEqualTo(first);
  }
}
