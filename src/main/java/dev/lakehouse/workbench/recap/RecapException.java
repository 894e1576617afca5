package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.nio.file.Path;

/** Errors of recap exports, each built here and saying what, why and how to fix it. */
public final class RecapException extends WorkbenchException {

  private final boolean cancelled;

  private RecapException(Kind kind, String message, Throwable cause, boolean cancelled) {
    super(kind, message, cause);
    this.cancelled = cancelled;
  }

  public boolean wasCancelled() {
    return cancelled;
  }

  public static RecapException badWeek(int week) {
    return new RecapException(Kind.BAD_INPUT, compose("there is no week " + week,
        "the plan has weeks 1 to 5 (week 5 is days 29-30)", "give --week between 1 and 5, or --month"), null, false);
  }

  public static RecapException badFormat(String format) {
    return new RecapException(Kind.BAD_INPUT, compose("unknown recap format '" + format + "'",
        "recaps are written as md, html or pdf", "give --format md, html or pdf"), null, false);
  }

  public static RecapException noFolder(Path file, Path folder) {
    return new RecapException(Kind.BAD_INPUT, compose("cannot write the recap to " + file,
        "the folder " + folder + " does not exist", "create it first, or choose another --out"), null, false);
  }

  public static RecapException insideDataFolder(Path file, Path dataDir) {
    return new RecapException(Kind.BAD_INPUT, compose("will not write the recap to " + file,
        "it is inside the data folder " + dataDir + ", which holds your lake and progress", "choose a file outside it, e.g. ~/recap.pdf"),
        null, false);
  }

  public static RecapException notARegularFile(Path file, String what) {
    return new RecapException(Kind.BAD_INPUT, compose("will not write the recap to " + file, "it is " + what + ", not a regular file",
        "choose a plain file name"), null, false);
  }

  public static RecapException exists(Path file) {
    return new RecapException(Kind.BAD_INPUT, compose(file + " already exists", "a recap replaces a file only when you say so",
        "add --force to replace it, or choose another --out"), null, false);
  }

  public static RecapException cannotWrite(Path file, Throwable cause) {
    return new RecapException(Kind.FAILURE, compose("cannot write the recap to " + file,
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
        "check that the folder exists and is writable, or choose another --out"), cause, false);
  }

  public static RecapException renderFailed(String what, Throwable cause) {
    return new RecapException(Kind.FAILURE, compose("could not render the recap's " + what,
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
        "try another format; if it keeps failing run with --verbose and report it"), cause, false);
  }

  public static RecapException cancelledByUser() {
    return new RecapException(Kind.FAILURE, compose("the recap export was cancelled",
        "you stopped it before it finished", "nothing was written; export again when ready"), null, true);
  }
}
