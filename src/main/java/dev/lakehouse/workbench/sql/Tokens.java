package dev.lakehouse.workbench.sql;

import dev.lakehouse.workbench.lake.LakeErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokenizer of our Spark SQL dialect: words, `quoted identifiers`, 'strings' and "strings"
 * (Spark reads double quotes as strings), numbers and symbols; comments and whitespace dropped.
 */
final class Tokens {

  enum Type { WORD, QIDENT, STRING, NUMBER, SYM, EOF }

  /** One token; {@code text} is the value (unquoted for QIDENT and STRING). */
  record Token(Type type, String text, int start, int end) {
    boolean is(String word) {
      return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    boolean sym(String s) {
      return type == Type.SYM && text.equals(s);
    }

    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }
  }

  private Tokens() {}

  static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int e = sql.indexOf("*/", i + 2);
        if (e < 0) {
          throw error(sql, i, "a /* comment is not closed", null);
        }
        i = e + 2;
      } else if (Character.isLetter(c) || c == '_') {
        int s = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Type.WORD, sql.substring(s, i), s, i));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int s = i;
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E') && i + 1 < n
            && (Character.isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+')) {
          i += 2;
          while (i < n && Character.isDigit(sql.charAt(i))) {
            i++;
          }
        }
        String num = sql.substring(s, i);
        // Spark's typed literal suffixes: 10L, 1.5D, 2.0BD, 3S, 4Y
        if (i < n && Character.isLetter(sql.charAt(i))) {
          int e = i;
          while (e < n && Character.isLetterOrDigit(sql.charAt(e))) {
            e++;
          }
          String suffix = sql.substring(i, e).toUpperCase(Locale.ROOT);
          if (suffix.matches("L|D|F|S|Y|BD")) {
            i = e;
          }
        }
        out.add(new Token(Type.NUMBER, num, s, i));
      } else if (c == '\'' || c == '"') {
        int s = i;
        StringBuilder sb = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == '\\' && i + 1 < n) {
            char e = sql.charAt(i + 1);
            sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            i += 2;
          } else if (d == c) {
            if (i + 1 < n && sql.charAt(i + 1) == c) {
              sb.append(c);
              i += 2;
            } else {
              i++;
              closed = true;
              break;
            }
          } else {
            sb.append(d);
            i++;
          }
        }
        if (!closed) {
          throw error(sql, s, "a string starting here is not closed", null);
        }
        out.add(new Token(Type.STRING, sb.toString(), s, i));
      } else if (c == '`') {
        int s = i;
        int e = sql.indexOf('`', i + 1);
        if (e < 0) {
          throw error(sql, s, "a `quoted name` is not closed", null);
        }
        out.add(new Token(Type.QIDENT, sql.substring(i + 1, e), s, e + 1));
        i = e + 1;
      } else {
        String two = i + 1 < n ? sql.substring(i, i + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") || two.equals("==")
            || two.equals("||") || two.equals("::") || two.equals("<=>")) {
          out.add(new Token(Type.SYM, two, i, i + 2));
          i += 2;
        } else if ("(),;.*=<>+-/%@[]{}:|&^~!?".indexOf(c) >= 0) {
          out.add(new Token(Type.SYM, String.valueOf(c), i, i + 1));
          i++;
        } else {
          throw error(sql, i, "unexpected character '" + c + "'", String.valueOf(c));
        }
      }
    }
    out.add(new Token(Type.EOF, "", n, n));
    return out;
  }

  static RuntimeException error(String sql, int pos, String detail, String near) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < pos && k < sql.length(); k++) {
      if (sql.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return LakeErrors.syntaxError(detail, line, col, near);
  }
}
