package dev.lakehouse.workbench.sql.spark;

import java.util.Locale;
import java.util.StringJoiner;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/** A from_json schema ({@code 'a INT, b ARRAY<STRING>'} or {@code 'struct<a:int>'}) as the engine's JSON structure. */
final class SparkJsonSchema {

  private SparkJsonSchema() {}

  static String structure(String schema) {
    String s = schema.trim();
    if (s.toLowerCase(Locale.ROOT).startsWith("struct<") || s.toLowerCase(Locale.ROOT).startsWith("array<")
        || s.toLowerCase(Locale.ROOT).startsWith("map<")) {
      return of(SparkParser.parse(s, p -> p.singleDataType()).dataType());
    }
    ColTypeListContext cols = SparkParser.parse(s, p -> p.singleTableSchema()).colTypeList();
    StringJoiner j = new StringJoiner(",", "{", "}");
    for (ColTypeContext c : cols.colType()) {
      j.add(json(SparkTranslator.ident(c.colName)) + ":" + of(c.dataType()));
    }
    return j.toString();
  }

  private static String of(DataTypeContext d) {
    if (d instanceof ComplexDataTypeContext) {
      ComplexDataTypeContext c = (ComplexDataTypeContext) d;
      switch (c.complex.getText().toUpperCase(Locale.ROOT)) {
        case "ARRAY":
          return "[" + of(c.dataType(0)) + "]";
        case "MAP":
          return json("MAP(" + SparkTypes.toDuck(c.dataType(0)) + ", " + SparkTypes.toDuck(c.dataType(1)) + ")");
        default:
          StringJoiner j = new StringJoiner(",", "{", "}");
          if (c.complexColTypeList() != null) {
            for (ComplexColTypeContext f : c.complexColTypeList().complexColType()) {
              j.add(json(SparkTranslator.ident(f.errorCapturingIdentifier())) + ":" + of(f.dataType()));
            }
          }
          return j.toString();
      }
    }
    return json(SparkTypes.toDuck(d));
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
