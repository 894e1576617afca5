package dev.lakehouse.workbench.common;

import java.util.Objects;

/**
 * An error a learner can act on. Every message says what went wrong, why, and how to fix it, in one
 * line; the command line prints {@link #getMessage()} and the workbench shows it in place.
 */
public class WorkbenchException extends RuntimeException {

  /** How the command line reports the error (see the exit codes in README.md). */
  public enum Kind {
    /** Bad usage or bad input (a typo, a missing table, a wrong type): exit code 2. */
    BAD_INPUT,
    /** Anything else (a damaged file, an unexpected I/O failure): exit code 3. */
    FAILURE
  }

  private final Kind kind;

  public WorkbenchException(Kind kind, String what, String why, String fix) {
    this(kind, compose(what, why, fix), null);
  }

  public WorkbenchException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  /** Joins the three parts into one line: "what: why. fix." */
  public static String compose(String what, String why, String fix) {
    StringBuilder line = new StringBuilder(what);
    if (why != null && !why.isBlank()) {
      line.append(": ").append(why);
    }
    if (fix != null && !fix.isBlank()) {
      line.append(line.charAt(line.length() - 1) == '.' ? " " : ". ")
          .append(Character.toUpperCase(fix.charAt(0))).append(fix.substring(1));
      if (!fix.endsWith(".")) {
        line.append('.');
      }
    }
    return line.toString();
  }
}
