package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.governance.Governance;
import dev.lakehouse.workbench.governance.Sharing;
import dev.lakehouse.workbench.lake.Lake;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code share serve [--port N]}: the Delta Sharing server on 127.0.0.1 until the process is stopped. */
@Command(name = "share", mixinStandardHelpOptions = true, subcommands = ShareCommand.Serve.class,
    description = "Delta Sharing: serve the shares made with CREATE SHARE to their recipients.")
final class ShareCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return WorkbenchCli.BAD_INPUT;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serve the open Delta Sharing protocol on 127.0.0.1 (only) until stopped with Ctrl-C.")
  static final class Serve implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the port (default: the one recipients' profiles name, 8770)")
    private Integer port;

    @Override
    public Integer call() throws InterruptedException {
      WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
      PrintWriter out = spec.commandLine().getOut();
      try (Lake lake = Lake.open(root.dataDir())) {
        Governance g = Governance.open(root.dataDir(), lake, root.principal());
        try (Sharing server = Sharing.serve(g, lake, port == null ? g.sharingPort() : port)) {
          out.println("serving Delta Sharing at " + server.endpoint() + " (profiles in " + g.profiles() + "); Ctrl-C stops");
          out.flush();
          Thread.currentThread().join();
        }
      }
      return WorkbenchCli.OK;
    }
  }
}
