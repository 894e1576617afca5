package dev.lakehouse.workbench.sql.spark;

import java.util.Locale;
import java.util.StringJoiner;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/** Spark's type names: to DuckDB's for casts, from DuckDB's for typeof and result headers. */
public final class SparkTypes {

  private SparkTypes() {}

  static String toDuck(DataTypeContext d) {
    if (d instanceof ComplexDataTypeContext) {
      ComplexDataTypeContext c = (ComplexDataTypeContext) d;
      switch (c.complex.getText().toUpperCase(Locale.ROOT)) {
        case "ARRAY":
          return toDuck(c.dataType(0)) + "[]";
        case "MAP":
          return "MAP(" + toDuck(c.dataType(0)) + ", " + toDuck(c.dataType(1)) + ")";
        default:
          StringJoiner j = new StringJoiner(", ", "STRUCT(", ")");
          if (c.complexColTypeList() != null) {
            for (ComplexColTypeContext f : c.complexColTypeList().complexColType()) {
              j.add(SparkTranslator.quote(SparkTranslator.ident(f.errorCapturingIdentifier())) + " " + toDuck(f.dataType()));
            }
          }
          return j.toString();
      }
    }
    if (d instanceof PrimitiveDataTypeContext) {
      PrimitiveDataTypeContext p = (PrimitiveDataTypeContext) d;
      String t = p.type().getText().toUpperCase(Locale.ROOT);
      String args = p.INTEGER_VALUE().isEmpty() ? "" : "(" + String.join(", ", p.INTEGER_VALUE().stream().map(Object::toString).toList()) + ")";
      return primitive(t, args);
    }
    throw SparkErrors.unsupportedSyntax("the type " + d.getText(), "use a Spark SQL type such as INT, STRING or DECIMAL(10,2)");
  }

  /** A Spark type name (with its arguments) as DuckDB's. */
  static String primitive(String t, String args) {
    switch (t) {
      case "STRING": case "VARCHAR": case "CHAR": case "CHARACTER": return "VARCHAR";
      case "INT": case "INTEGER": return "INTEGER";
      case "BIGINT": case "LONG": return "BIGINT";
      case "SMALLINT": case "SHORT": return "SMALLINT";
      case "TINYINT": case "BYTE": return "TINYINT";
      case "DOUBLE": return "DOUBLE";
      case "FLOAT": case "REAL": return "FLOAT";
      case "BOOLEAN": return "BOOLEAN";
      case "DATE": return "DATE";
      case "TIMESTAMP": case "TIMESTAMP_NTZ": case "TIMESTAMP_LTZ": return "TIMESTAMP";
      case "BINARY": return "BLOB";
      case "DECIMAL": case "DEC": case "NUMERIC": return args.isEmpty() ? "DECIMAL(10, 0)" : "DECIMAL" + args;
      default:
        throw SparkErrors.unsupportedSyntax("the type " + t, "use a Spark SQL type such as INT, STRING or DECIMAL(10,2)");
    }
  }

  /** Spark's name of a type, as CAST(x AS ...) shows it in a column name. */
  static String sparkSqlName(DataTypeContext d) {
    if (d instanceof PrimitiveDataTypeContext) {
      PrimitiveDataTypeContext p = (PrimitiveDataTypeContext) d;
      String t = p.type().getText().toUpperCase(Locale.ROOT);
      switch (t) {
        case "INTEGER": return "INT";
        case "LONG": return "BIGINT";
        case "SHORT": return "SMALLINT";
        case "BYTE": return "TINYINT";
        case "REAL": return "FLOAT";
        case "VARCHAR": case "CHAR": return "STRING";
        case "DEC": case "NUMERIC": case "DECIMAL":
          return p.INTEGER_VALUE().isEmpty() ? "DECIMAL(10,0)"
              : "DECIMAL(" + p.INTEGER_VALUE(0).getText() + "," + (p.INTEGER_VALUE().size() > 1 ? p.INTEGER_VALUE(1).getText() : "0") + ")";
        default: return t;
      }
    }
    return d.getText().toUpperCase(Locale.ROOT);
  }

  /** Spark's name for a DuckDB type (INTEGER -> int, VARCHAR -> string, INTEGER[] -> array&lt;int&gt;). */
  public static String fromDuck(String duck) {
    String t = duck.trim();
    if (t.endsWith("[]")) {
      return "array<" + fromDuck(t.substring(0, t.length() - 2)) + ">";
    }
    String u = t.toUpperCase(Locale.ROOT);
    if (u.startsWith("MAP(") && u.endsWith(")")) {
      String[] kv = splitTop(t.substring(4, t.length() - 1));
      return "map<" + fromDuck(kv[0]) + "," + fromDuck(kv.length > 1 ? kv[1] : "") + ">";
    }
    if (u.startsWith("STRUCT(") && u.endsWith(")")) {
      StringJoiner j = new StringJoiner(",", "struct<", ">");
      for (String f : splitTop(t.substring(7, t.length() - 1))) {
        f = f.trim();
        int sp = f.startsWith("\"") ? f.indexOf('"', 1) + 1 : f.indexOf(' ');
        j.add(f.substring(0, sp).replace("\"", "") + ":" + fromDuck(f.substring(sp).trim()));
      }
      return j.toString();
    }
    if (u.startsWith("DECIMAL")) {
      return u.toLowerCase(Locale.ROOT).replace(" ", "");
    }
    switch (u) {
      case "INTEGER": case "INT32": return "int";
      case "BIGINT": case "INT64": case "HUGEINT": case "UBIGINT": return "bigint";
      case "SMALLINT": case "INT16": return "smallint";
      case "TINYINT": case "INT8": return "tinyint";
      case "DOUBLE": return "double";
      case "FLOAT": return "float";
      case "VARCHAR": case "JSON": return "string";
      case "BOOLEAN": return "boolean";
      case "DATE": return "date";
      case "TIMESTAMP": case "TIMESTAMP WITH TIME ZONE": case "TIMESTAMP_NS": case "TIMESTAMP_MS": return "timestamp";
      case "BLOB": return "binary";
      case "INTERVAL": return "interval";
      case '"' + "NULL" + '"': case "NULL": return "void";
      default: return t.toLowerCase(Locale.ROOT);
    }
  }

  private static String[] splitTop(String s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(s.substring(start).trim());
    return out.toArray(new String[0]);
  }
}
