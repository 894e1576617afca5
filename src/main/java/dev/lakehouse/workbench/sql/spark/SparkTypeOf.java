package dev.lakehouse.workbench.sql.spark;

/** typeof(x) answering with Spark's type names (int, string, array&lt;int&gt;) instead of the engine's. */
final class SparkTypeOf {

  private static final String[][] NAMES = {
      {"TIMESTAMP WITH TIME ZONE", "timestamp"}, {"\\bHUGEINT\\b", "bigint"}, {"\\bBIGINT\\b", "bigint"},
      {"\\bINTEGER\\b", "int"}, {"\\bSMALLINT\\b", "smallint"}, {"\\bTINYINT\\b", "tinyint"}, {"\\bDOUBLE\\b", "double"},
      {"\\bFLOAT\\b", "float"}, {"\\bVARCHAR\\b", "string"}, {"\\bBOOLEAN\\b", "boolean"}, {"\\bTIMESTAMP\\b", "timestamp"},
      {"\\bDATE\\b", "date"}, {"\\bBLOB\\b", "binary"}, {"\\bINTERVAL\\b", "interval"}, {"\"NULL\"", "void"},
      {"^NULL$", "void"}, {"DECIMAL\\((\\d+),(\\d+)\\)", "decimal(\\1,\\2)"}};

  private SparkTypeOf() {}

  static String sql(String arg) {
    String s = "typeof(" + arg + ")";
    for (String[] n : NAMES) {
      s = "regexp_replace(" + s + ", " + SparkLiterals.quoteString(n[0]) + ", " + SparkLiterals.quoteString(n[1]) + ", 'g')";
    }
    for (int i = 0; i < 2; i++) {
      s = "regexp_replace(" + s + ", '([a-z]+(\\([0-9,]+\\))?)\\[\\]', 'array<\\1>', 'g')";
    }
    s = "regexp_replace(" + s + ", '^MAP\\((.*), (.*)\\)$', 'map<\\1,\\2>')";
    return s;
  }
}
