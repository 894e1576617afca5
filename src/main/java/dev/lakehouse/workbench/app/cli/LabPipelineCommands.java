package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.PipelineCommands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline verbs a lab's editor runs, on the app's own lake: {@code dbt ...} (any of the dbt
 * verb's commands), {@code dag backfill FILE --from DATE --to DATE} and
 * {@code job run FILE [--target T] --from DATE --to DATE}, with files relative to the data folder.
 * They do what the command line's verbs do (the same code), printing their summary lines.
 */
public final class LabPipelineCommands implements PipelineCommands {

  private static final String FORMS = "dbt COMMAND [OPTIONS], dag backfill FILE --from DATE --to DATE,"
      + " job run FILE [--target T] --from DATE --to DATE, or ci run|branch|commit [OPTIONS]";

  private final AppContext ctx;

  public LabPipelineCommands(AppContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String run(String commandLine) {
    List<String> words = List.of(commandLine.strip().replaceAll(";\\s*$", "").split("\\s+"));
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    switch (words.get(0)) {
      case "dbt" -> {
        int code;
        try {
          code = DbtCommand.applyRun(ctx, String.join(" ", words.subList(1, words.size())), out);
        } catch (picocli.CommandLine.ParameterException e) {
          throw bad(commandLine, e.getMessage());
        }
        if (code == WorkbenchCli.FAILURE) {
          throw bad(commandLine, text.toString().strip());
        }
      }
      case "dag" -> {
        Span s = span(commandLine, words, "backfill");
        DagCommand.applyRun(ctx, new LabDefinition.SolutionRun(s.file(), s.from(), s.to()), out);
      }
      case "job" -> {
        Span s = span(commandLine, words, "run");
        JobCommand.applyRun(ctx, new LabDefinition.SolutionRun(null, s.from(), s.to(), s.file(),
            s.target() == null ? "dev" : s.target()), out);
      }
      case "ci" -> {
        int code = CiCommand.applyRun(ctx.dataDir(), commandLine.strip().substring(2).strip(), out);
        if (code == WorkbenchCli.BAD_INPUT || code == WorkbenchCli.FAILURE) {
          throw bad(commandLine, text.toString().strip().replaceFirst("^error: ", ""));
        }
      }
      default -> throw bad(commandLine, "no such verb");
    }
    return text.toString();
  }

  @Override
  public void startRepository(java.nio.file.Path dir, String message) {
    dev.lakehouse.workbench.pipeline.ci.GitRepo.init(dir, message).close();
  }

  /** A file and a range of days, from {@code VERB SUB FILE [--target T] --from D --to D}. */
  record Span(String file, String target, LocalDate from, LocalDate to) {}

  private static Span span(String line, List<String> words, String sub) {
    if (words.size() < 3 || !words.get(1).equals(sub)) {
      throw bad(line, "the editor runs " + words.get(0) + " " + sub + " only");
    }
    String file = words.get(2);
    String target = null;
    LocalDate from = null;
    LocalDate to = null;
    List<String> rest = new ArrayList<>(words.subList(3, words.size()));
    try {
      for (int i = 0; i + 1 < rest.size(); i += 2) {
        switch (rest.get(i)) {
          case "--from" -> from = LocalDate.parse(rest.get(i + 1));
          case "--to" -> to = LocalDate.parse(rest.get(i + 1));
          case "--target" -> target = rest.get(i + 1);
          default -> throw bad(line, "the option " + rest.get(i) + " is not one the editor knows");
        }
      }
    } catch (DateTimeParseException e) {
      throw bad(line, "a date is not of the form 2024-03-06");
    }
    if (from == null || to == null || rest.size() % 2 != 0) {
      throw bad(line, "it needs --from DATE --to DATE");
    }
    return new Span(file, target, from, to);
  }

  private static WorkbenchException bad(String line, String why) {
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot run '" + line.strip() + "' in the lab editor",
        why, "write " + FORMS + ", or use the same verb in a terminal");
  }
}
