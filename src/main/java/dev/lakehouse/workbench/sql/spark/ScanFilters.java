package dev.lakehouse.workbench.sql.spark;

import dev.lakehouse.workbench.lake.ScanFilter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/** The simple conjuncts of a WHERE ({@code col op literal}) that let a scan skip files. */
final class ScanFilters {

  private ScanFilters() {}

  static List<ScanFilter> of(BooleanExpressionContext where) {
    List<ScanFilter> out = new ArrayList<>();
    collect(where, out);
    return out;
  }

  private static void collect(BooleanExpressionContext b, List<ScanFilter> out) {
    if (b instanceof LogicalBinaryContext && ((LogicalBinaryContext) b).AND() != null) {
      collect(((LogicalBinaryContext) b).left, out);
      collect(((LogicalBinaryContext) b).right, out);
      return;
    }
    if (!(b instanceof PredicatedContext) || ((PredicatedContext) b).predicate() != null) {
      return;
    }
    ValueExpressionContext v = ((PredicatedContext) b).valueExpression();
    if (!(v instanceof ComparisonContext)) {
      return;
    }
    ComparisonContext c = (ComparisonContext) v;
    String op = c.comparisonOperator().getText();
    op = op.equals("==") ? "=" : op.equals("!=") ? "<>" : op;
    if (op.equals("<=>")) {
      return;
    }
    String col = column(c.left);
    String lit = literal(c.right);
    if (col != null && lit != null) {
      out.add(new ScanFilter(col, op, lit));
      return;
    }
    col = column(c.right);
    lit = literal(c.left);
    if (col != null && lit != null) {
      String flipped = op.equals("<") ? ">" : op.equals(">") ? "<" : op.equals("<=") ? ">=" : op.equals(">=") ? "<=" : op;
      out.add(new ScanFilter(col, flipped, lit));
    }
  }

  private static String column(ValueExpressionContext v) {
    if (!(v instanceof ValueExpressionDefaultContext)) {
      return null;
    }
    PrimaryExpressionContext p = ((ValueExpressionDefaultContext) v).primaryExpression();
    if (p instanceof ColumnReferenceContext) {
      return SparkTranslator.ident(((ColumnReferenceContext) p).identifier());
    }
    if (p instanceof DereferenceContext && ((DereferenceContext) p).base instanceof ColumnReferenceContext) {
      return SparkTranslator.ident(((DereferenceContext) p).fieldName);
    }
    return null;
  }

  private static String literal(ValueExpressionContext v) {
    if (!(v instanceof ValueExpressionDefaultContext)) {
      return null;
    }
    PrimaryExpressionContext p = ((ValueExpressionDefaultContext) v).primaryExpression();
    if (!(p instanceof ConstantDefaultContext)) {
      return null;
    }
    ConstantContext c = ((ConstantDefaultContext) p).constant();
    if (c instanceof NumericLiteralContext) {
      String t = c.getText().replaceAll("(?i)(bd|[lsydf])$", "");
      return t.matches("-?\\d+(\\.\\d+)?") ? t : null;
    }
    if (c instanceof StringLiteralContext) {
      return SparkLiterals.string((StringLiteralContext) c);
    }
    if (c instanceof TypeConstructorContext && ((TypeConstructorContext) c).literalType().getText().equalsIgnoreCase("DATE")) {
      return SparkLiterals.string(((TypeConstructorContext) c).stringLit());
    }
    return null;
  }
}
