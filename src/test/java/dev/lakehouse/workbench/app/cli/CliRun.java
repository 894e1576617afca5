package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.Content;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** One command line run in process against a data folder, with what it printed; for CLI tests. */
record CliRun(int code, String out, String err) {

  static final String PROJECT = System.getProperty("workbench.project.dir", ".");

  /** Runs {@code args} with {@code --data-dir dataDir} and the project's lessons and labs. */
  static CliRun in(Path dataDir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    System.setProperty(Content.PROPERTY, PROJECT);
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = WorkbenchCli.run(all, p -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }
}
