package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.DataDir;
import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root of the command line. With no verb it opens the workbench; with a verb it runs headless.
 * {@code --data-dir} and {@code --verbose} are inherited, so they work before or after the verb.
 */
@Command(
    name = "lakehouse-workbench",
    mixinStandardHelpOptions = true,
    versionProvider = WorkbenchCli.Version.class,
    description = "Teach yourself the Lakehouse stack in 30 days. No verb opens the workbench.",
    subcommands = {ProgressCommand.class, NoteCommand.class, LabCommand.class, RecapCommand.class, SqlCommand.class,
        BenchCommand.class, ShopCommand.class, QualityCommand.class, ShareCommand.class, DagCommand.class, DbtCommand.class,
        JobCommand.class, CiCommand.class})
public final class WorkbenchCli implements Callable<Integer> {

  /** Exit codes, a stable contract (README.md). */
  public static final int OK = 0;
  public static final int CHECK_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int FAILURE = 3;

  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Where the lake and the progress database live (default: $LAKEHOUSE_WORKBENCH_HOME or ~/.lakehouse-workbench).")
  private Path dataDir;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
  private boolean verbose;

  @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "USER",
      description = "Run statements as this principal: grants, masks and row filters apply and the audit names them (default: learner, an admin).")
  private String principal;

  /** The principal statements run as (--as), or null for the data folder's admin. */
  String principal() {
    return principal;
  }

  private final Consumer<Path> openWorkbench;
  private final java.util.function.IntConsumer hardStop;
  private AppContext context;

  public WorkbenchCli(Consumer<Path> openWorkbench) {
    this(openWorkbench, code -> { });
  }

  private WorkbenchCli(Consumer<Path> openWorkbench, java.util.function.IntConsumer hardStop) {
    this.openWorkbench = openWorkbench;
    this.hardStop = hardStop;
  }

  /**
   * Ends the process at once with {@code code}, for a statement the engine cannot interrupt (the
   * standalone command only; a no-op where the command line runs inside another program).
   */
  void hardStop(int code) {
    hardStop.accept(code);
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String[] args, Consumer<Path> openWorkbench, PrintWriter out, PrintWriter err) {
    return run(args, openWorkbench, out, err, code -> { });
  }

  /** As above; {@code hardStop} ends the process when a statement outlives its timeout and cannot be interrupted. */
  public static int run(String[] args, Consumer<Path> openWorkbench, PrintWriter out, PrintWriter err,
      java.util.function.IntConsumer hardStop) {
    WorkbenchCli root = new WorkbenchCli(openWorkbench, hardStop);
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    // a statement may start with a -- comment: the sql verb takes words it does not know as SQL
    // (SqlCommand still refuses a lone --word as an unknown option)
    CommandLine sql = cli.getSubcommands().get("sql");
    if (sql != null) {
      sql.setUnmatchedOptionsArePositionalParams(true);
    }
    cli.setParameterExceptionHandler(
        (ex, argv) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage()
              + ". Run with --help to see the usage.");
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr(), root.verbose));
    try {
      return cli.execute(args);
    } finally {
      root.closeContext();
      out.flush();
      err.flush();
    }
  }

  /**
   * Opens the workbench for arguments made only of the global options ({@code --data-dir DIR},
   * {@code --data-dir=DIR}, {@code --verbose}) without building the command-line model, which
   * costs a few hundred milliseconds of a cold start. Errors are reported as {@link #run} reports them.
   */
  public static int openWorkbench(java.util.List<String> args, Consumer<Path> openWorkbench, PrintWriter err) {
    Path dir = null;
    boolean verbose = false;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("--verbose")) {
          verbose = true;
        } else if (a.equals("--data-dir") && i + 1 < args.size()) {
          dir = Path.of(args.get(++i));
        } else if (a.startsWith("--data-dir=")) {
          dir = Path.of(a.substring("--data-dir=".length()));
        } else {
          throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "unexpected argument " + a,
              "only --data-dir and --verbose open the workbench", "run with --help to see the verbs");
        }
      }
      openWorkbench.accept(DataDir.resolve(dir, System.getenv()));
      return OK;
    } catch (RuntimeException ex) {
      return report(ex, err, verbose);
    } finally {
      err.flush();
    }
  }

  /** One line on {@code err} for a failed command (a stack trace too with {@code --verbose}); returns the exit code. */
  static int report(Exception ex, PrintWriter err, boolean verbose) {
    int code = FAILURE;
    String line;
    if (ex instanceof WorkbenchException w) {
      code = w.kind() == WorkbenchException.Kind.BAD_INPUT ? BAD_INPUT : FAILURE;
      line = w.getMessage();
    } else {
      line = "unexpected error: " + ex + ". Run again with --verbose for details, and report it if it persists.";
    }
    err.println("error: " + line);
    if (verbose) {
      ex.printStackTrace(err);
    }
    return code;
  }

  @Override
  public Integer call() {
    openWorkbench.accept(dataDir());
    return OK;
  }

  /** The data directory chosen on the command line, in the environment, or the default. */
  public Path dataDir() {
    return DataDir.resolve(dataDir, System.getenv());
  }

  /** The services for this data directory, created on first use and closed when the command ends. */
  public AppContext context() {
    if (context == null) {
      context = AppContext.open(dataDir());
      context.actAs(principal);
    }
    return context;
  }

  /** The services of the data directory, for a verb anywhere below the root command. */
  static AppContext context(picocli.CommandLine.Model.CommandSpec spec) {
    return ((WorkbenchCli) spec.root().userObject()).context();
  }

  private void closeContext() {
    if (context != null) {
      context.close();
      context = null;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WorkbenchCli.class.getPackage().getImplementationVersion();
      return new String[] {"Lakehouse Workbench " + (v == null ? "(development build)" : v)};
    }
  }
}
