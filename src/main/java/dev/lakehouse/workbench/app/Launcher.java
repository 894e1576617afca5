package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.app.cli.WorkbenchCli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The entry point. It does not extend {@code javafx.application.Application}, so the jar runs with
 * JavaFX on the class path. No verb opens the workbench; a verb runs headless.
 */
public final class Launcher {


  private Launcher() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    EarlyStart early = EarlyStart.forArguments(args);
    int code = EarlyStart.opensWorkbench(java.util.List.of(args))
        ? WorkbenchCli.openWorkbench(java.util.List.of(args), dataDir -> WorkbenchLauncher.open(dataDir, early), err)
        : WorkbenchCli.run(args, dataDir -> WorkbenchLauncher.open(dataDir, early), out, err,
            stop -> Runtime.getRuntime().halt(stop));
    System.exit(code);
  }
}
