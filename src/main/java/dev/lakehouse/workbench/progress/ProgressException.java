package dev.lakehouse.workbench.progress;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.nio.file.Path;

/** Errors of the progress store, each built here and saying what, why and how to fix it. */
public final class ProgressException extends WorkbenchException {

  private ProgressException(Kind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }

  public static ProgressException inUse(Path dataDir, Throwable cause) {
    return new ProgressException(Kind.FAILURE, compose(
        "the progress database in " + dataDir + " is in use by another program",
        "H2 allows one owner of a database file (error 90020)",
        "close the other program, or choose another folder with --data-dir"), cause);
  }

  public static ProgressException busy(Path dataDir, long seconds, int attempts, Throwable cause) {
    return new ProgressException(Kind.FAILURE, compose(
        "the progress database in " + dataDir + " stayed busy for " + seconds + " s",
        "other workbench processes kept it locked through " + attempts + " tries (" + firstLine(cause) + ")",
        "run the command again in a moment; if it persists, close other workbench windows and commands on this folder"), cause);
  }

  public static ProgressException cannotOpen(Path dataDir, Throwable cause) {
    return new ProgressException(Kind.FAILURE, compose(
        "cannot open the progress database in " + dataDir,
        firstLine(cause),
        "check that the folder exists and is writable, or choose another with --data-dir"), cause);
  }

  public static ProgressException newerSchema(Path dataDir, int found, int known) {
    return new ProgressException(Kind.FAILURE, compose(
        "the progress database in " + dataDir + " is at schema version " + found,
        "this build of the workbench knows versions up to " + known,
        "update the workbench; your data is untouched"), null);
  }

  public static ProgressException failed(String action, Throwable cause) {
    return new ProgressException(Kind.FAILURE, compose(
        "could not " + action, firstLine(cause), "try again; if it keeps failing run with --verbose"), cause);
  }

  public static ProgressException badDay(int day) {
    return new ProgressException(Kind.BAD_INPUT, compose(
        "there is no day " + day, "the plan has days 1 to 30", "give a day between 1 and 30"), null);
  }

  public static ProgressException badPeriod(DraftKind kind, int period) {
    return new ProgressException(Kind.BAD_INPUT, compose(
        "there is no " + kind.label() + " number " + period,
        kind == DraftKind.LINKEDIN ? "the plan has one per day, 1 to 30" : "the plan has one per week, 1 to 5",
        "give a number between 1 and " + kind.periods()), null);
  }

  private static String firstLine(Throwable t) {
    if (t == null || t.getMessage() == null) {
      return t == null ? "" : t.getClass().getSimpleName();
    }
    String m = t.getMessage();
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    int bracket = line.indexOf(" [");
    return bracket > 0 ? line.substring(0, bracket) : line;
  }
}
