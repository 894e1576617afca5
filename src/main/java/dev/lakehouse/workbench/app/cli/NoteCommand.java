package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code note show DAY} and {@code note set DAY (TEXT | -)}. */
@Command(name = "note", mixinStandardHelpOptions = true, description = "Show or replace a day's note.",
    subcommands = {NoteCommand.Show.class, NoteCommand.Set.class})
final class NoteCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: " + spec.name() + " needs a subcommand: show or set. Run '"
        + spec.qualifiedName() + " --help' to see the usage.");
    return WorkbenchCli.BAD_INPUT;
  }

  static AppContext context(CommandSpec spec) {
    return WorkbenchCli.context(spec);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a day's note.")
  static final class Show implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DAY", description = "1 to 30")
    private int day;

    @Override
    public Integer call() {
      String note = context(spec).progress().note(day);
      spec.commandLine().getOut().print(note.isEmpty() || note.endsWith("\n") ? note : note + "\n");
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Replace a day's note; '-' reads it from standard input.")
  static final class Set implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DAY", description = "1 to 30")
    private int day;

    @Parameters(index = "1", paramLabel = "TEXT", description = "the note, or - to read standard input")
    private String text;

    @Override
    public Integer call() {
      String note = text.equals("-") ? readStdin() : text;
      context(spec).progress().saveNote(day, note);
      return WorkbenchCli.OK;
    }

    private static String readStdin() {
      return TextInput.read(java.nio.file.Path.of("-"), System.in);
    }
  }
}
