package dev.lakehouse.workbench.lab;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A condition on one measured value, as lab files write it: {@code ">= 1"}, {@code "= 0"},
 * {@code "< 10"}, {@code "<> 0"}, {@code "contains customer_id"}, or a bare value meaning equality
 * ({@code "Append"}). Numbers compare as numbers; text compares ignoring case.
 */
public record Condition(String op, String operand) {

  public static Condition parse(String text) {
    String t = text.strip();
    for (String op : new String[] {">=", "<=", "<>", "!=", ">", "<", "="}) {
      if (t.startsWith(op)) {
        return new Condition(op.equals("!=") ? "<>" : op, t.substring(op.length()).strip());
      }
    }
    if (t.toLowerCase(Locale.ROOT).startsWith("contains ")) {
      return new Condition("contains", t.substring("contains ".length()).strip());
    }
    return new Condition("=", t);
  }

  public boolean test(String measured) {
    if (measured == null) {
      return false;
    }
    if (op.equals("contains")) {
      return measured.toLowerCase(Locale.ROOT).contains(operand.toLowerCase(Locale.ROOT));
    }
    BigDecimal a = number(measured);
    BigDecimal b = number(operand);
    int cmp;
    if (a != null && b != null) {
      cmp = a.compareTo(b);
    } else {
      cmp = unquote(measured).compareToIgnoreCase(unquote(operand));
      if (!op.equals("=") && !op.equals("<>")) {
        return false;
      }
    }
    return switch (op) {
      case "=" -> cmp == 0;
      case "<>" -> cmp != 0;
      case ">" -> cmp > 0;
      case ">=" -> cmp >= 0;
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return op.equals("=") ? operand : op + " " + operand;
  }

  private static String unquote(String s) {
    String t = s.strip();
    return t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))
        ? t.substring(1, t.length() - 1) : t;
  }

  static BigDecimal number(String s) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
