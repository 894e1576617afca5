package dev.lakehouse.workbench.lake;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's error messages in the learner's words: its categories ("Binder Error", "Catalog Error")
 * and type names (INT32, VARCHAR) never reach the learner, who writes Spark SQL. Each known shape is
 * rewritten; anything else keeps only its first line, without the category.
 */
final class EngineMessages {

  private EngineMessages() {}

  private static final Pattern CATEGORY = Pattern.compile("^(?:[A-Z][A-Za-z]*(?: [A-Za-z]+)*) Error: ");

  private record Rule(Pattern pattern, String replacement) {}

  private static final Rule[] RULES = {
    rule("syntax error at or near \"([^\"]*)\".*", "syntax error near '$1'"),
    rule("syntax error at end of input.*", "syntax error: the statement ends too early"),
    rule("Referenced column \"([^\"]+)\" not found in FROM clause!?(?:\\s*Candidate bindings: ([^\\n]*))?.*", "column $1 not found$2"),
    rule("(?:Values list|Table) \"([^\"]+)\" does not have a column named \"([^\"]+)\"!?(?:\\s*Candidate bindings: ([^\\n]*))?.*",
        "column $1.$2 not found$3"),
    rule("Referenced table \"([^\"]+)\" not found!?(?:\\s*Candidate tables: ([^\\n]*))?.*", "table or alias $1 not found$2"),
    rule("column \"?([^\" ]+)\"? must appear in the GROUP BY clause or (?:must )?be (?:used in|part of) an aggregate function.*",
        "column $1 must appear in GROUP BY or inside an aggregate function such as max($1)"),
    rule("Table with name ([^ ]+) does not exist!?.*", "table $1 not found"),
    rule("(?:Scalar|Aggregate|Table) Function with name ([^ ]+) does not exist!?.*", "function $1 does not exist"),
    rule("No function matches the given name and argument types '([^(']+)\\(.*", "function $1 does not accept these argument types"),
    rule("Could not convert string '([^']*)' to ([A-Z0-9]+).*", "'$1' cannot be converted to $2"),
    rule("Ambiguous reference to column name \"([^\"]+)\".*", "column $1 is ambiguous: qualify it with its table, e.g. t.$1"),
    rule("Division by zero.*", "division by zero"),
  };

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), replacement);
  }

  /** The message in plain words: no engine category, no engine type names, one line. */
  static String plain(String engineMessage) {
    String m = engineMessage.strip();
    // the JDBC driver wraps the real error: "... pending query result\nError: Binder Error: ..."
    int real = m.indexOf("\nError: ");
    if (real >= 0) {
      m = m.substring(real + "\nError: ".length());
    }
    m = CATEGORY.matcher(m).replaceFirst("");
    for (Rule r : RULES) {
      Matcher x = r.pattern().matcher(m);
      if (x.matches()) {
        String out = r.replacement();
        for (int g = 1; g <= x.groupCount(); g++) {
          String v = x.group(g);
          if (g == x.groupCount() && r.replacement().endsWith("$" + g) && !r.replacement().endsWith("'$" + g)
              && (r.replacement().contains("not found$"))) {
            v = v == null || v.isBlank() ? "" : " (did you mean " + v.strip().replaceAll("\"", "") + "?)";
          }
          out = out.replace("$" + g, v == null ? "" : v);
        }
        m = out;
        break;
      }
    }
    m = m.split("\\R", 2)[0].replaceAll("!$", "");
    return types(m);
  }

  private static final Pattern TYPE = Pattern.compile("\\b(INT8|INT16|INT32|INT64|INTEGER|BIGINT|SMALLINT|TINYINT|VARCHAR|DOUBLE|FLOAT|BOOLEAN|HUGEINT)\\b");

  /** DuckDB's type names as Spark names them. */
  static String types(String s) {
    Matcher m = TYPE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String spark = switch (m.group(1)) {
        case "INT8", "TINYINT" -> "tinyint";
        case "INT16", "SMALLINT" -> "smallint";
        case "INT32", "INTEGER" -> "int";
        case "INT64", "BIGINT" -> "bigint";
        case "HUGEINT" -> "decimal(38,0)";
        case "VARCHAR" -> "string";
        default -> m.group(1).toLowerCase(Locale.ROOT);
      };
      m.appendReplacement(out, spark);
    }
    m.appendTail(out);
    return out.toString();
  }
}
