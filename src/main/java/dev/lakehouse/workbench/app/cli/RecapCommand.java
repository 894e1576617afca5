package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.recap.ExportListener;
import dev.lakehouse.workbench.recap.RecapExporter;
import dev.lakehouse.workbench.recap.RecapFormat;
import dev.lakehouse.workbench.recap.RecapScope;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recap (--week N | --month) [--format md|html|pdf] --out FILE}. */
@Command(name = "recap", mixinStandardHelpOptions = true,
    description = "Export a recap of a week or the month: days done, time, streak, lab evidence, quiz scores, notes, drafts and charts.")
final class RecapCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  static final class Scope {
    @Option(names = "--week", paramLabel = "N", required = true, description = "A week of the plan, 1 to 5 (week 5 is days 29-30).")
    Integer week;

    @Option(names = "--month", required = true, description = "The whole month, days 1 to 30.")
    boolean month;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Scope scope;

  @Option(names = "--format", paramLabel = "md|html|pdf",
      description = "md (charts in FILE-charts/ beside it), html (one self-contained page) or pdf. Default: from FILE's extension, else md.")
  private String format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the recap.")
  private Path out;

  @Option(names = "--force", description = "Replace the file at --out if one is there.")
  private boolean force;

  @Override
  public Integer call() {
    RecapScope s = scope.month ? RecapScope.MONTH : RecapScope.week(scope.week);
    RecapFormat f = format != null ? RecapFormat.parse(format) : fromExtension(out);
    AppContext ctx = WorkbenchCli.context(spec);
    Path written = new RecapExporter(ctx.recap(), ctx.dataDir()).export(s, f, out, force, ExportListener.silent());
    spec.commandLine().getOut().println("Recap of " + s.title()
        + " written to " + written + " (" + f.extension() + ").");
    return WorkbenchCli.OK;
  }

  private static RecapFormat fromExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (RecapFormat f : RecapFormat.values()) {
      if (name.endsWith("." + f.extension()) || f == RecapFormat.MD && name.endsWith(".markdown")) {
        return f;
      }
    }
    return RecapFormat.MD;
  }
}
