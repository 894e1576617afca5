package dev.lakehouse.workbench.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits editor text into statements on semicolons outside quotes and comments, keeping where each
 * statement is, so the editor can run the statement under the cursor.
 */
public final class SqlScript {

  /** One statement: its text (trimmed, without the semicolon) and its span in the script. */
  public record Statement(String text, int start, int end) {}

  private SqlScript() {}

  public static List<Statement> split(String script) {
    List<Statement> out = new ArrayList<>();
    int n = script.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int eol = script.indexOf('\n', i);
        i = eol < 0 ? n : eol;
        continue;
      }
      if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int close = script.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        int j = i + 1;
        while (j < n) {
          if (script.charAt(j) == c) {
            if (j + 1 < n && script.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        i = Math.min(n, j + 1);
        continue;
      }
      if (c == ';') {
        add(out, script, start, i);
        start = i + 1;
      }
      i++;
    }
    add(out, script, start, n);
    return out;
  }

  /** The statement the caret is in (or just after), if any. */
  public static Optional<Statement> at(String script, int caret) {
    Statement best = null;
    for (Statement s : split(script)) {
      if (caret >= s.start() && caret <= s.end() + 1) {
        return Optional.of(s);
      }
      if (s.end() < caret) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }

  private static void add(List<Statement> out, String script, int from, int to) {
    String raw = script.substring(from, to);
    String body = stripComments(raw).strip();
    if (body.isEmpty()) {
      return;
    }
    int lead = 0;
    while (lead < raw.length() && Character.isWhitespace(raw.charAt(lead))) {
      lead++;
    }
    int trail = raw.length();
    while (trail > lead && Character.isWhitespace(raw.charAt(trail - 1))) {
      trail--;
    }
    out.add(new Statement(raw.substring(lead, trail), from + lead, from + trail));
  }

  /** The text without {@code --} line comments (outside quotes); blank when only comments remain. */
  static String stripComments(String sql) {
    StringBuilder b = new StringBuilder();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol;
        continue;
      }
      if (c == '\'') {
        int j = sql.indexOf('\'', i + 1);
        j = j < 0 ? n : j + 1;
        b.append(sql, i, j);
        i = j;
        continue;
      }
      b.append(c);
      i++;
    }
    return b.toString();
  }
}
