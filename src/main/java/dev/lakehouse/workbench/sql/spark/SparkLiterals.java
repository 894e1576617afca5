package dev.lakehouse.workbench.sql.spark;

import java.util.Locale;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/** Spark's literals (strings with backslash escapes, 10L, 1.5D, DATE '...') as DuckDB literals. */
final class SparkLiterals {

  private SparkLiterals() {}

  static String constant(SparkTranslator t, ConstantContext c) {
    if (c instanceof NullLiteralContext) {
      return "NULL";
    }
    if (c instanceof BooleanLiteralContext) {
      return c.getText().toLowerCase(Locale.ROOT);
    }
    if (c instanceof StringLiteralContext) {
      return quoteString(string((StringLiteralContext) c));
    }
    if (c instanceof NumericLiteralContext) {
      return number(((NumericLiteralContext) c).number());
    }
    if (c instanceof TypeConstructorContext) {
      TypeConstructorContext tc = (TypeConstructorContext) c;
      String type = tc.literalType().getText().toUpperCase(Locale.ROOT);
      String v = string(tc.stringLit());
      switch (type) {
        case "DATE":
          return "DATE " + quoteString(v);
        case "TIMESTAMP":
        case "TIMESTAMP_NTZ":
        case "TIMESTAMP_LTZ":
          return "CAST(" + quoteString(v) + " AS TIMESTAMP)";
        case "X":
          return "from_hex(" + quoteString(v) + ")";
        default:
          throw SparkErrors.unsupportedSyntax(type + " '" + v + "'", "use DATE '...', TIMESTAMP '...' or X'...'");
      }
    }
    if (c instanceof IntervalLiteralContext) {
      return interval(t, (IntervalLiteralContext) c);
    }
    throw SparkErrors.unsupportedSyntax("the literal " + c.getText(), "use a number, a 'string', DATE '...' or TIMESTAMP '...'");
  }

  private static String interval(SparkTranslator t, IntervalLiteralContext c) {
    IntervalContext i = c.interval();
    if (i.errorCapturingMultiUnitsInterval() != null) {
      MultiUnitsIntervalContext m = i.errorCapturingMultiUnitsInterval().body;
      StringBuilder sb = new StringBuilder("(");
      for (int k = 0; k < m.intervalValue().size(); k++) {
        if (k > 0) {
          sb.append(" + ");
        }
        String v = m.intervalValue(k).getText();
        if (v.startsWith("'") || v.startsWith("\"")) {
          v = unescape(v);
        }
        sb.append("INTERVAL (").append(v).append(") ").append(m.unitInMultiUnits(k).getText().toUpperCase(Locale.ROOT));
      }
      return sb.append(")").toString();
    }
    throw SparkErrors.unsupportedSyntax("INTERVAL '...' unit TO unit", "write INTERVAL 1 DAY, INTERVAL 2 HOURS and add them up");
  }

  static String number(NumberContext n) {
    String text = n.getText();
    Token last = n.getStop();
    String body = text.replaceAll("(?i)(bd|[lsydf])$", "");
    switch (last.getType()) {
      case SqlBaseLexer.BIGINT_LITERAL:
        return "CAST(" + body + " AS BIGINT)";
      case SqlBaseLexer.SMALLINT_LITERAL:
        return "CAST(" + body + " AS SMALLINT)";
      case SqlBaseLexer.TINYINT_LITERAL:
        return "CAST(" + body + " AS TINYINT)";
      case SqlBaseLexer.DOUBLE_LITERAL:
      case SqlBaseLexer.EXPONENT_VALUE:
        return "CAST(" + body + " AS DOUBLE)";
      case SqlBaseLexer.FLOAT_LITERAL:
        return "CAST(" + body + " AS FLOAT)";
      case SqlBaseLexer.BIGDECIMAL_LITERAL:
        return body;
      default:
        return text;
    }
  }

  static String string(StringLiteralContext c) {
    StringBuilder sb = new StringBuilder();
    for (StringLitContext s : c.stringLit()) {
      sb.append(string(s));
    }
    return sb.toString();
  }

  static String string(StringLitContext s) {
    return unescape(s.getText());
  }

  /** Whether a TIMESTAMP AS OF expression holds a quoted string (a literal, or a cast of one). */
  static boolean hasString(ValueExpressionContext v) {
    String t = v.getText();
    return t.indexOf('\'') >= 0 || t.indexOf('"') >= 0;
  }

  /** The value of a TIMESTAMP AS OF expression: a string, or a cast of one. */
  static String timestampText(ValueExpressionContext v) {
    String t = v.getText();
    int q = Math.max(t.indexOf('\''), t.indexOf('"'));
    if (q >= 0) {
      char c = t.charAt(q);
      int e = t.indexOf(c, q + 1);
      if (e > q) {
        return t.substring(q + 1, e);
      }
    }
    throw SparkErrors.unsupportedSyntax("TIMESTAMP AS OF " + t, "write TIMESTAMP AS OF '2024-05-01 13:45:00'");
  }

  /** Spark's unescaping of a quoted string literal (raw r'...' strings kept as written). */
  static String unescape(String quoted) {
    if (quoted.length() >= 3 && (quoted.charAt(0) == 'r' || quoted.charAt(0) == 'R')) {
      return quoted.substring(2, quoted.length() - 1);
    }
    char q = quoted.charAt(0);
    String s = quoted.substring(1, quoted.length() - 1);
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == q && i + 1 < s.length() && s.charAt(i + 1) == q) {
        sb.append(q);
        i++;
      } else if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case '0': sb.append('\0'); break;
          case 'b': sb.append('\b'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'Z': sb.append('\u001A'); break;
          case '%': sb.append("\\%"); break;
          case '_': sb.append("\\_"); break;
          case 'u':
            if (i + 4 < s.length()) {
              sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
              i += 4;
            } else {
              sb.append(n);
            }
            break;
          default: sb.append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static String backquoted(String text) {
    if (text.length() >= 2 && text.startsWith("`") && text.endsWith("`")) {
      return text.substring(1, text.length() - 1).replace("``", "`");
    }
    return text;
  }

  static String quoteString(String v) {
    return "'" + v.replace("'", "''") + "'";
  }
}
