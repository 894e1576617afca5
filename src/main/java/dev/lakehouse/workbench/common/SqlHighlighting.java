package dev.lakehouse.workbench.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits SQL text into highlight spans (keyword, string, number, comment, plain). Used for code in
 * lessons and for the lab editor; it only colours text, it does not parse.
 */
public final class SqlHighlighting {

  /** What a span of SQL text is, for colouring. */
  public enum Kind { KEYWORD, STRING, NUMBER, COMMENT, PLAIN }

  /** {@code length} characters from {@code start} are of kind {@code kind}. */
  public record Span(Kind kind, int start, int length) {}

  private static final Set<String> KEYWORDS = Set.of(
      "ADD", "ALL", "ALTER", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CLONE", "COLUMN",
      "COLUMNS", "COMMENT", "CREATE", "CROSS", "DATABASE", "DELETE", "DELTA", "DESC", "DESCRIBE", "DETAIL",
      "DISTINCT", "DROP", "DRY", "ELSE", "END", "EVOLUTION", "EXISTS", "EXPLAIN", "FALSE", "FROM", "FULL",
      "GROUP", "HAVING", "HISTORY", "HOURS", "IF", "IN", "INNER", "INSERT", "INTO", "IS", "JOIN", "LEFT",
      "LIKE", "LIMIT", "LOCATION", "MATCHED", "MERGE", "NOT", "NULL", "OF", "ON", "OPTIMIZE", "OR", "ORDER",
      "OUTER", "OVER", "OVERWRITE", "PARTITION", "PARTITIONED", "REPLACE", "RESTORE", "RETAIN", "RIGHT",
      "RUN", "SCHEMA", "SELECT", "SET", "SHALLOW", "SHOW", "TABLE", "TABLES", "TBLPROPERTIES", "THEN",
      "TIMESTAMP", "TO", "TRUE", "UNION", "UPDATE", "USING", "VACUUM", "VALUES", "VERSION", "VIEW", "WHEN",
      "WHERE", "WITH", "ZORDER", "BIGINT", "INT", "INTEGER", "STRING", "DOUBLE", "DECIMAL", "DATE",
      "BOOLEAN", "COUNT", "SUM", "AVG", "MIN", "MAX");

  private SqlHighlighting() {}

  public static boolean isKeyword(String word) {
    return KEYWORDS.contains(word.toUpperCase(Locale.ROOT));
  }

  /** Spans covering the whole text, in order. */
  public static List<Span> spans(String sql) {
    List<Span> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    int plainStart = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int end = -1;
      Kind kind = null;
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' && onCommandLine(sql, i)) {
        end = i + 2; // an option of a pipeline command line (dbt build --project DIR), not a comment
        while (end < n && !Character.isWhitespace(sql.charAt(end))) {
          end++;
        }
        kind = Kind.PLAIN;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        kind = Kind.COMMENT;
      } else if (c == '\'' || c == '"' || c == '`') {
        end = i + 1;
        while (end < n && sql.charAt(end) != c) {
          end++;
        }
        end = Math.min(n, end + 1);
        kind = c == '\'' ? Kind.STRING : Kind.PLAIN;
      } else if (Character.isDigit(c) && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
        end = i;
        while (end < n && (Character.isDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        kind = Kind.NUMBER;
      } else if (Character.isLetter(c) || c == '_') {
        end = i;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        boolean qualified = i > 0 && sql.charAt(i - 1) == '.';
        kind = !qualified && isKeyword(sql.substring(i, end)) ? Kind.KEYWORD : null;
        if (kind == null) {
          i = end;
          continue;
        }
      }
      if (kind == null) {
        i++;
        continue;
      }
      if (plainStart < i) {
        out.add(new Span(Kind.PLAIN, plainStart, i - plainStart));
      }
      out.add(new Span(kind, i, end - i));
      i = end;
      plainStart = end;
    }
    if (plainStart < n) {
      out.add(new Span(Kind.PLAIN, plainStart, n - plainStart));
    }
    return out;
  }

  /** Whether position {@code i} is on a line that starts with a pipeline verb the lab editor runs (dbt, dag, job). */
  static boolean onCommandLine(String text, int i) {
    int start = text.lastIndexOf('\n', i - 1) + 1;
    String line = text.substring(start, i).stripLeading();
    return line.matches("(dbt|dag|job)\\s.*") && i + 2 < text.length() && Character.isLetter(text.charAt(i + 2));
  }
}
