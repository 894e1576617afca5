package dev.lakehouse.workbench.sql.spark;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error a learner sees about Spark SQL the workbench cannot run, in one line: what went wrong,
 * why, and how to fix it. Engine messages are rewritten in Spark's terms; the engine's own wording
 * never reaches the learner.
 */
public final class SparkErrors {

  private SparkErrors() {}

  private static SparkSqlException bad(String what, String why, String fix) {
    return new SparkSqlException(WorkbenchException.compose(what, why, fix), null);
  }

  static SparkSqlException unknownFunction(String name, Collection<String> known) {
    String near = nearest(name, known);
    return bad("the function " + name + "() is not available", "this workbench runs the everyday Spark SQL built-ins",
        near == null ? "see the Spark SQL function list in the lesson" : "the nearest one it knows is " + near + "()");
  }

  static SparkSqlException unknownTableFunction(String name) {
    return bad("the table function " + name + "() is not available", "this workbench knows range(), explode() and table_changes() in FROM",
        "use range(n) or a VALUES table");
  }

  static SparkSqlException wrongArguments(String name, String expected) {
    return bad(name + "() was given the wrong number of arguments", "it takes " + expected, "fix the call");
  }

  static SparkSqlException unsupportedArgument(String name, String what, String fix) {
    return bad(name + "() with " + what + " is not supported", "this workbench runs the everyday forms of Spark SQL", fix);
  }

  static SparkSqlException unsupportedSyntax(String what, String fix) {
    return bad(what + " is not supported", "this workbench runs the everyday forms of Spark SQL", fix);
  }

  static SparkSqlException badVersion(String v) {
    return bad("'" + v + "' is not a version number", "VERSION AS OF takes a whole number", "write VERSION AS OF 3");
  }

  private static final Pattern COLUMN = Pattern.compile("Referenced column \"([^\"]+)\" not found in FROM clause!(?:\\s*Candidate bindings: (.*?))?(?:\\s*LINE|\\.?\\s*$|\\.? Fix)");
  private static final Pattern VALUES_COLUMN = Pattern.compile("Values list \"([^\"]+)\" does not have a column named \"([^\"]+)\"");
  private static final Pattern ENGINE = Pattern.compile("(Binder|Catalog|Parser|Conversion|Invalid Input|Out of Range|Not implemented|Constraint|Syntax) Error");
  private static final Pattern NO_FUNC = Pattern.compile("No function matches the given name and argument types '([a-z_0-9]+)\\((.*?)\\)'");
  private static final Pattern CONVERT = Pattern.compile("Could not convert string '(.*?)' to ([A-Z0-9_]+)");
  private static final Pattern GROUP = Pattern.compile("column \"([^\"]+)\" must appear in the GROUP BY clause");
  private static final Pattern REF_TABLE = Pattern.compile("Referenced table \"([^\"]+)\" not found!?(?:\\s*Candidate tables: ([^!]*?))?(?:\\s*LINE|\\.?\\s*$|\\.? Fix)");
  private static final Pattern TABLE = Pattern.compile("Table with name ([^ ]+) does not exist");

  /** The learner's message for a failure of the engine while running translated SQL. */
  public static SparkSqlException fromEngine(Throwable e) {
    Throwable c = e;
    while (c != null && !(c instanceof SQLException)) {
      c = c.getCause();
    }
    String raw = c != null ? String.valueOf(c.getMessage()) : String.valueOf(e.getMessage());
    // the driver wraps the real error: "... pending query result\nError: Binder Error: ..."
    int real = raw.indexOf("\nError: ");
    String msg = (real >= 0 ? raw.substring(real + "\nError: ".length()) : raw).replace('\n', ' ');
    Matcher m = COLUMN.matcher(msg);
    if (m.find()) {
      String cands = m.group(2) == null ? "" : m.group(2).replaceAll("\"", "`").replaceAll("\\s+", " ").trim();
      return bad("column `" + m.group(1) + "` cannot be resolved", "no table in the FROM clause has it",
          cands.isEmpty() ? "check the spelling, or DESCRIBE the table" : "did you mean one of " + cands);
    }
    m = REF_TABLE.matcher(msg);
    if (m.find()) {
      String cands = m.group(2) == null ? "" : m.group(2).replaceAll("\"", "`").replaceAll("\\s+", " ").trim();
      return bad("`" + m.group(1) + "` cannot qualify a column here", "only the tables and aliases of this statement can"
          + (cands.isEmpty() ? "" : " (here " + cands + ")"), "qualify the column with one of those names, e.g. alias.column");
    }
    m = VALUES_COLUMN.matcher(msg);
    if (m.find()) {
      return bad("column `" + m.group(1) + "`.`" + m.group(2) + "` cannot be resolved", "`" + m.group(1) + "` has no column `" + m.group(2) + "`",
          "check the spelling, or DESCRIBE the table");
    }
    m = NO_FUNC.matcher(msg);
    if (m.find()) {
      return bad(m.group(1) + "() cannot take arguments of types (" + sparkTypes(m.group(2)) + ")",
          "Spark SQL would need the values cast first", "CAST the arguments to the types the function takes");
    }
    m = CONVERT.matcher(msg);
    if (m.find()) {
      return bad("the value '" + m.group(1) + "' cannot be cast to " + SparkTypes.fromDuck(duckType(m.group(2))).toUpperCase(Locale.ROOT),
          "it is not a valid " + SparkTypes.fromDuck(duckType(m.group(2))), "use try_cast(...) to get NULL for bad values, or fix the data");
    }
    m = GROUP.matcher(msg);
    if (m.find()) {
      return bad("column `" + m.group(1) + "` is neither grouped nor aggregated", "every selected column must be in GROUP BY or inside an aggregate",
          "add it to GROUP BY or wrap it in an aggregate such as first(" + m.group(1) + ")");
    }
    m = TABLE.matcher(msg);
    if (m.find()) {
      return bad("table or view " + m.group(1) + " cannot be found", "no table or WITH query has that name", "check the name, or SHOW TABLES");
    }
    if (msg.contains("Division by zero") || msg.contains("division by zero")) {
      return bad("division by zero", "Spark SQL refuses x / 0", "use try_divide(x, y) or NULLIF(y, 0)");
    }
    if (msg.contains("Permission Error") || msg.contains("disabled by configuration") || msg.contains("external access")) {
      return bad("file access refused", "lab SQL may only read tables of the lake", "query a table by name instead");
    }
    String clean = msg.replaceAll("^.*?(Binder|Catalog|Parser|Conversion|Invalid Input|Out of Range|Not implemented|Constraint|Invalid|Syntax) Error: ", "")
        .replaceAll("\\s*LINE \\d+:.*$", "")
        .replaceAll("__lh_[a-z0-9_]*", "(internal)")
        .replaceAll("main\\.", "")
        .replaceAll("\\bVARCHAR\\b", "STRING").replaceAll("\\bINTEGER\\b", "INT").replaceAll("\\bINT32\\b", "INT")
        .replaceAll("\\bINT64\\b|\\bHUGEINT\\b", "BIGINT").replaceAll("\\bBLOB\\b", "BINARY")
        .replaceAll("list_value", "array").replaceAll("struct_pack", "struct").replaceAll("\\s+", " ").trim();
    if (clean.length() > 200) {
      clean = clean.substring(0, 200) + "…";
    }
    return new SparkSqlException(WorkbenchException.compose("the query failed", clean, "fix the SQL and run it again"), null);
  }

  /** Whether a message carries the engine's own wording (and so must be rewritten before a learner sees it). */
  public static boolean isEngineText(String message) {
    return message != null && ENGINE.matcher(message).find();
  }

  private static String sparkTypes(String list) {
    StringBuilder sb = new StringBuilder();
    for (String t : list.split(",\\s*")) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(SparkTypes.fromDuck(t.replace("_LITERAL", "").replace("\"", "")).toUpperCase(Locale.ROOT));
    }
    return sb.toString();
  }

  private static String duckType(String internal) {
    switch (internal) {
      case "INT32": return "INTEGER";
      case "INT64": return "BIGINT";
      case "INT16": return "SMALLINT";
      case "INT8": return "TINYINT";
      default: return internal;
    }
  }

  /** The closest known name by edit distance, if close enough to help. */
  static String nearest(String name, Collection<String> known) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (k.contains(name) || name.contains(k)) {
        d = Math.min(d, Math.abs(k.length() - name.length()) / 2 + 1);
      }
      if (d < bestD || d == bestD && best != null && k.compareTo(best) < 0) {
        bestD = d;
        best = k;
      }
    }
    return best != null && bestD <= Math.max(3, name.length() / 2) ? best : null;
  }

  private static int distance(String a, String b) {
    return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
  }
}
