package dev.lakehouse.workbench.sql.spark;

import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/**
 * The name Spark gives a result column that has no alias: {@code count(1)} for count(*),
 * {@code CAST(amount AS STRING)}, {@code (a + b)}, string literals without quotes.
 */
final class SparkNames {

  /** Functions whose name Spark writes in capitals. */
  private static final Set<String> UPPER = Set.of("acos", "asin", "atan", "atan2", "cos", "cosh", "sin", "sinh", "tan",
      "tanh", "cot", "exp", "expm1", "ln", "log10", "log1p", "log2", "sqrt", "cbrt", "ceil", "floor", "pow", "power",
      "acosh", "asinh", "atanh", "sec", "csc", "degrees", "radians", "rint", "signum", "e", "pi");

  private SparkNames() {}

  static String of(ParseTree n) {
    if (n instanceof ExpressionContext) {
      return of(((ExpressionContext) n).booleanExpression());
    }
    if (n instanceof PredicatedContext) {
      PredicatedContext p = (PredicatedContext) n;
      if (p.predicate() == null) {
        return of(p.valueExpression());
      }
      return predicate(of(p.valueExpression()), p.predicate());
    }
    if (n instanceof LogicalBinaryContext) {
      LogicalBinaryContext l = (LogicalBinaryContext) n;
      return "(" + of(l.left) + " " + l.operator.getText().toUpperCase(Locale.ROOT) + " " + of(l.right) + ")";
    }
    if (n instanceof LogicalNotContext) {
      return "(NOT " + of(((LogicalNotContext) n).booleanExpression()) + ")";
    }
    if (n instanceof ValueExpressionDefaultContext) {
      return of(((ValueExpressionDefaultContext) n).primaryExpression());
    }
    if (n instanceof ArithmeticBinaryContext) {
      ArithmeticBinaryContext a = (ArithmeticBinaryContext) n;
      String op = a.operator.getText();
      return "(" + of(a.left) + " " + (op.equalsIgnoreCase("div") ? "div" : op) + " " + of(a.right) + ")";
    }
    if (n instanceof ArithmeticUnaryContext) {
      ArithmeticUnaryContext u = (ArithmeticUnaryContext) n;
      return "(" + u.operator.getText() + " " + of(u.valueExpression()) + ")";
    }
    if (n instanceof ComparisonContext) {
      ComparisonContext c = (ComparisonContext) n;
      String op = c.comparisonOperator().getText();
      op = op.equals("==") ? "=" : op.equals("<>") ? "!=" : op;
      if (op.equals("!=")) {
        return "(NOT (" + of(c.left) + " = " + of(c.right) + "))";
      }
      return "(" + of(c.left) + " " + op + " " + of(c.right) + ")";
    }
    if (n instanceof ColumnReferenceContext) {
      return SparkTranslator.ident(((ColumnReferenceContext) n).identifier());
    }
    if (n instanceof DereferenceContext) {
      return SparkTranslator.ident(((DereferenceContext) n).fieldName);
    }
    if (n instanceof ParenthesizedExpressionContext) {
      return of(((ParenthesizedExpressionContext) n).expression());
    }
    if (n instanceof ConstantDefaultContext) {
      return constant(((ConstantDefaultContext) n).constant());
    }
    if (n instanceof CastContext) {
      CastContext c = (CastContext) n;
      return (c.TRY_CAST() != null ? "TRY_CAST(" : "CAST(") + of(c.expression()) + " AS " + SparkTypes.sparkSqlName(c.dataType()) + ")";
    }
    if (n instanceof FunctionCallContext) {
      return function((FunctionCallContext) n);
    }
    if (n instanceof CurrentLikeContext) {
      return ((CurrentLikeContext) n).name.getText().toLowerCase(Locale.ROOT) + "()";
    }
    if (n instanceof FirstContext || n instanceof LastContext) {
      ParserRuleContext c = (ParserRuleContext) n;
      return (n instanceof FirstContext ? "first(" : "last(") + of(c.getRuleContext(ExpressionContext.class, 0)) + ")";
    }
    if (n instanceof StructContext) {
      StringJoiner j = new StringJoiner(", ", "struct(", ")");
      ((StructContext) n).argument.forEach(a -> j.add(of(a.expression())));
      return j.toString();
    }
    if (n instanceof SearchedCaseContext) {
      SearchedCaseContext c = (SearchedCaseContext) n;
      StringBuilder sb = new StringBuilder("CASE");
      for (WhenClauseContext w : c.whenClause()) {
        sb.append(" WHEN ").append(of(w.condition)).append(" THEN ").append(of(w.result));
      }
      if (c.elseExpression != null) {
        sb.append(" ELSE ").append(of(c.elseExpression));
      }
      return sb.append(" END").toString();
    }
    if (n instanceof SubstringContext) {
      SubstringContext s = (SubstringContext) n;
      String f = s.SUBSTR() != null ? "substr" : "substring";
      return f + "(" + of(s.str) + ", " + of(s.pos) + (s.len != null ? ", " + of(s.len) : "") + ")";
    }
    if (n instanceof ParserRuleContext) {
      return SparkTranslator.text((ParserRuleContext) n);
    }
    return n.getText();
  }

  private static String predicate(String v, PredicateContext p) {
    boolean not = p.errorCapturingNot() != null;
    String s;
    switch (p.kind.getText().toUpperCase(Locale.ROOT)) {
      case "NULL":
        return "(" + v + " IS " + (not ? "NOT " : "") + "NULL)";
      case "IN": {
        StringJoiner j = new StringJoiner(", ", "(" + v + " IN (", "))");
        p.expression().forEach(e -> j.add(of(e)));
        s = j.toString();
        break;
      }
      case "BETWEEN":
        s = "between(" + v + ", " + of(p.lower) + ", " + of(p.upper) + ")";
        break;
      case "LIKE":
        s = v + " LIKE " + of(p.pattern);
        break;
      case "RLIKE":
        s = "RLIKE(" + v + ", " + of(p.pattern) + ")";
        break;
      default:
        return v + " " + SparkTranslator.text(p);
    }
    return not ? "(NOT " + s + ")" : s;
  }

  private static String constant(ConstantContext c) {
    if (c instanceof StringLiteralContext) {
      return SparkLiterals.string((StringLiteralContext) c);
    }
    if (c instanceof NullLiteralContext) {
      return "NULL";
    }
    if (c instanceof BooleanLiteralContext) {
      return c.getText().toLowerCase(Locale.ROOT);
    }
    if (c instanceof NumericLiteralContext) {
      return c.getText().replaceAll("(?i)(bd|[lsydf])$", "");
    }
    if (c instanceof TypeConstructorContext) {
      TypeConstructorContext t = (TypeConstructorContext) c;
      return t.literalType().getText().toUpperCase(Locale.ROOT) + " '" + SparkLiterals.string(t.stringLit()) + "'";
    }
    return SparkTranslator.text(c);
  }

  private static String function(FunctionCallContext f) {
    String name = SparkTranslator.functionName(f.functionName());
    String shown = UPPER.contains(name) ? name.toUpperCase(Locale.ROOT) : name;
    StringJoiner j = new StringJoiner(", ", shown + "(" + (f.setQuantifier() != null
        && f.setQuantifier().DISTINCT() != null ? "DISTINCT " : ""), ")");
    if (f.argument.size() == 1 && f.argument.get(0).getText().equals("*") && name.equals("count")) {
      j.add("1");
    } else {
      for (FunctionArgumentContext a : f.argument) {
        j.add(a.expression() != null ? of(a.expression()) : SparkTranslator.text(a));
      }
    }
    String out = j.toString();
    if (f.windowSpec() != null) {
      out += " OVER " + SparkTranslator.text(f.windowSpec());
    }
    return out;
  }
}
