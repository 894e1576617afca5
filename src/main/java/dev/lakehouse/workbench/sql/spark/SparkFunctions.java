package dev.lakehouse.workbench.sql.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/**
 * The catalogue of Spark SQL built-in functions the workbench runs, each written as the engine's SQL
 * with Spark's semantics (1-based dayofweek from Sunday, regexp_replace of every match, nulls
 * skipped by collect_list, ...). A name not in the catalogue fails naming the nearest one.
 */
public final class SparkFunctions {

  /** One call being translated: its arguments as SQL and as trees. */
  static final class Call {
    final SparkTranslator t;
    final String name;
    final List<ExpressionContext> args;
    final List<String> a;
    final boolean distinct;
    String filter;

    Call(SparkTranslator t, String name, List<ExpressionContext> args, List<String> a, boolean distinct, String filter) {
      this.t = t;
      this.name = name;
      this.args = args;
      this.a = a;
      this.distinct = distinct;
      this.filter = filter;
    }

    String a(int i) {
      return a.get(i);
    }

    int n() {
      return a.size();
    }

    Call arity(int min, int max) {
      if (a.size() < min || a.size() > max) {
        throw SparkErrors.wrongArguments(name, min == max ? min + " argument" + (min == 1 ? "" : "s") : min + " to " + max + " arguments");
      }
      return this;
    }

    /** The value of argument i when it is a string literal, else null. */
    String str(int i) {
      PrimaryExpressionContext p = SparkTranslator.primary(args.get(i));
      if (p instanceof ConstantDefaultContext && ((ConstantDefaultContext) p).constant() instanceof StringLiteralContext) {
        return SparkLiterals.string((StringLiteralContext) ((ConstantDefaultContext) p).constant());
      }
      return null;
    }

    /** The value of argument i when it is a whole-number literal, else null. */
    Long num(int i) {
      String s = args.get(i).getText().replaceAll("(?i)[lsy]$", "");
      return s.matches("-?\\d{1,18}") ? Long.parseLong(s) : null;
    }

    /** An aggregate, with the call's FILTER (WHERE ...) and an extra condition combined. */
    String agg(String sql, String extra) {
      String cond = filter == null ? extra : extra == null ? filter : "(" + filter + ") AND (" + extra + ")";
      filter = null;
      return cond == null ? sql : sql + " FILTER (WHERE " + cond + ")";
    }

    String dist() {
      return distinct ? "DISTINCT " : "";
    }

    String all() {
      return String.join(", ", a);
    }
  }

  interface Fn {
    String apply(Call c);
  }

  private static final Map<String, Fn> FNS = new TreeMap<>();
  private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "mean", "min", "max", "collect_list",
      "collect_set", "array_agg", "percentile", "percentile_approx", "approx_percentile", "approx_count_distinct",
      "count_if", "max_by", "min_by", "first", "last", "first_value", "last_value", "any_value", "stddev", "stddev_samp",
      "stddev_pop", "std", "variance", "var_samp", "var_pop", "corr", "covar_pop", "covar_samp", "bool_and", "bool_or",
      "every", "some", "any", "median", "mode", "string_agg", "listagg", "bit_and", "bit_or", "bit_xor", "kurtosis",
      "skewness", "regr_slope", "regr_intercept", "regr_count", "regr_r2");

  private SparkFunctions() {}

  /** The names of every function the workbench translates. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(FNS.keySet());
  }

  static String call(SparkTranslator t, FunctionCallContext f) {
    String name = SparkTranslator.functionName(f.functionName());
    Fn fn = FNS.get(name);
    if (fn == null) {
      throw SparkErrors.unknownFunction(name, FNS.keySet());
    }
    List<ExpressionContext> args = new ArrayList<>();
    List<String> a = new ArrayList<>();
    for (FunctionArgumentContext arg : f.argument) {
      if (arg.expression() == null) {
        throw SparkErrors.unsupportedArgument(name, "named arguments", "pass the arguments by position");
      }
      args.add(arg.expression());
      a.add(t.expr(arg.expression()));
    }
    boolean distinct = f.setQuantifier() != null && f.setQuantifier().DISTINCT() != null;
    String filter = f.where != null ? t.expr(f.where) : null;
    if (filter != null && !AGGREGATES.contains(name)) {
      throw SparkErrors.unsupportedArgument(name, "FILTER (WHERE ...)", "FILTER applies to aggregate functions only");
    }
    Call c = new Call(t, name, args, a, distinct, filter);
    String sql = fn.apply(c);
    if (c.filter != null) {
      sql = c.agg(sql, null);
    }
    if (f.nullsOption != null && f.nullsOption.getText().equalsIgnoreCase("IGNORE")) {
      sql = sql.replaceFirst("\\)$", " IGNORE NULLS)");
    }
    if (f.windowSpec() != null) {
      sql += " OVER " + t.windowSpec(f.windowSpec());
    }
    return sql;
  }

  // ------------------------------------------------------------------ helpers used by the translator

  static String struct(SparkTranslator t, List<NamedExpressionContext> fields) {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    int i = 1;
    for (NamedExpressionContext ne : fields) {
      String name;
      if (ne.name != null) {
        name = SparkTranslator.ident(ne.name);
      } else {
        PrimaryExpressionContext p = SparkTranslator.primary(ne.expression());
        name = p instanceof ColumnReferenceContext || p instanceof DereferenceContext ? SparkNames.of(p) : "col" + i;
      }
      j.add(SparkLiterals.quoteString(name) + ": " + t.expr(ne.expression()));
      i++;
    }
    return j.toString();
  }

  static String substring(String s, String pos, String len) {
    String p = pos.equals("0") ? "1" : pos;
    return len == null ? "substring(" + s + ", " + p + ")" : "substring(" + s + ", " + p + ", greatest(" + len + ", 0))";
  }

  static String datePart(SparkTranslator t, String field, String src) {
    switch (field.toUpperCase(Locale.ROOT)) {
      case "YEAR": case "Y": case "YEARS": case "YR": case "YRS": return "year(" + ts(src) + ")";
      case "QUARTER": case "QTR": return "quarter(" + ts(src) + ")";
      case "MONTH": case "MON": case "MONS": case "MONTHS": return "month(" + ts(src) + ")";
      case "WEEK": case "W": case "WEEKS": return "week(" + ts(src) + ")";
      case "DAY": case "D": case "DAYS": return "day(" + ts(src) + ")";
      case "DAYOFWEEK": case "DOW": return "(dayofweek(" + ts(src) + ") + 1)";
      case "DAYOFWEEK_ISO": case "DOW_ISO": return "isodow(" + ts(src) + ")";
      case "DOY": return "dayofyear(" + ts(src) + ")";
      case "HOUR": case "H": case "HOURS": case "HR": case "HRS": return "hour(" + ts(src) + ")";
      case "MINUTE": case "M": case "MIN": case "MINS": case "MINUTES": return "minute(" + ts(src) + ")";
      case "SECOND": case "S": case "SEC": case "SECONDS": case "SECS":
        return "CAST(second(" + ts(src) + ") + microsecond(" + ts(src) + ") % 1000000 / 1000000.0 AS DECIMAL(8,6))";
      default:
        throw SparkErrors.unsupportedArgument("extract", "the field " + field, "use YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DOY, HOUR, MINUTE or SECOND");
    }
  }

  /** Whether an expression is known to be a map (its constructor or a map function). */
  static boolean isMapExpression(ExpressionContext e) {
    PrimaryExpressionContext p = SparkTranslator.primary(e);
    if (p instanceof FunctionCallContext) {
      String n = SparkTranslator.functionName(((FunctionCallContext) p).functionName());
      return n.equals("map") || n.startsWith("map_from") || n.equals("str_to_map") || n.equals("map_concat")
          || n.equals("map_filter") || n.equals("transform_values") || n.equals("transform_keys");
    }
    return false;
  }

  /** Whether an expression is known to be an array (its constructor or a function returning one). */
  static boolean isArrayExpression(ExpressionContext e) {
    PrimaryExpressionContext p = SparkTranslator.primary(e);
    if (p instanceof FunctionCallContext) {
      String n = SparkTranslator.functionName(((FunctionCallContext) p).functionName());
      return n.equals("array") || n.startsWith("array_") || n.equals("split") || n.startsWith("collect_") || n.equals("sequence")
          || n.equals("map_keys") || n.equals("map_values") || n.equals("filter") || n.equals("transform") || n.equals("slice")
          || n.equals("flatten") || n.equals("sort_array") || n.equals("regexp_extract_all");
    }
    return false;
  }

  /** Whether an expression is known to be binary (a X'..' literal or a function returning bytes). */
  static boolean isBinaryExpression(ExpressionContext e) {
    PrimaryExpressionContext p = SparkTranslator.primary(e);
    if (p instanceof ConstantDefaultContext && ((ConstantDefaultContext) p).constant() instanceof TypeConstructorContext) {
      return ((TypeConstructorContext) ((ConstantDefaultContext) p).constant()).literalType().getText().equalsIgnoreCase("X");
    }
    if (p instanceof FunctionCallContext) {
      String n = SparkTranslator.functionName(((FunctionCallContext) p).functionName());
      return n.equals("unhex") || n.equals("encode") || n.equals("unbase64") || n.equals("binary") || n.equals("to_binary");
    }
    return false;
  }

  /** The bytes of argument i: binary as it is, anything else as UTF-8. */
  private static String bytes(Call c, int i) {
    return isBinaryExpression(c.args.get(i)) ? c.a(i) : "encode(CAST(" + c.a(i) + " AS VARCHAR))";
  }

  private static String strings(Call c) {
    StringJoiner j = new StringJoiner(", ");
    c.a.forEach(x -> j.add("CAST(" + x + " AS VARCHAR)"));
    return j.toString();
  }

  private static String scaled(Call c, String fn) {
    c.arity(1, 2);
    if (c.n() == 1) {
      return "CAST(" + fn + "(" + c.a(0) + ") AS BIGINT)";
    }
    Long scale = c.num(1);
    if (scale == null) {
      throw SparkErrors.unsupportedArgument(fn, "a scale that is not a literal", "write the scale as a whole number");
    }
    String v = fn + "(" + c.a(0) + " * pow(10, " + scale + ")) / pow(10, " + scale + ")";
    return scale <= 0 ? "CAST(" + v + " AS BIGINT)" : "CAST(" + v + " AS DECIMAL(38, " + scale + "))";
  }

  private static String ts(String x) {
    return "CAST(" + x + " AS TIMESTAMP)";
  }

  private static String d(String x) {
    return "CAST(CAST(" + x + " AS TIMESTAMP) AS DATE)";
  }

  private static String lit(String s) {
    return SparkLiterals.quoteString(s);
  }

  private static void def(String names, Fn fn) {
    for (String n : names.split(",")) {
      FNS.put(n.trim(), fn);
    }
  }

  /** A function whose engine form is the same name with the same arguments. */
  private static void same(String names, int min, int max) {
    for (String n : names.split(",")) {
      String name = n.trim();
      FNS.put(name, c -> name + "(" + c.arity(min, max).all() + ")");
    }
  }

  private static void rename(String sparkName, String duckName, int min, int max) {
    FNS.put(sparkName, c -> duckName + "(" + c.arity(min, max).all() + ")");
  }

  private static String pattern(Call c, int i, String dflt) {
    if (i >= c.n()) {
      return lit(SparkDatetime.format(dflt, c.name));
    }
    String p = c.str(i);
    if (p == null) {
      throw SparkErrors.unsupportedArgument(c.name, "a pattern that is not a literal", "write the pattern as a 'string'");
    }
    return lit(SparkDatetime.format(p, c.name));
  }

  private static String unit(Call c, String u, boolean date) {
    switch (u.toUpperCase(Locale.ROOT)) {
      case "YEAR": case "YYYY": case "YY": return "year";
      case "QUARTER": return "quarter";
      case "MONTH": case "MM": case "MON": return "month";
      case "WEEK": return "week";
      default:
        break;
    }
    if (!date) {
      switch (u.toUpperCase(Locale.ROOT)) {
        case "DAY": case "DD": return "day";
        case "HOUR": return "hour";
        case "MINUTE": return "minute";
        case "SECOND": return "second";
        case "MILLISECOND": return "millisecond";
        case "MICROSECOND": return "microsecond";
        default:
          break;
      }
    }
    return null;
  }

  private static String javaReplacement(String r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      char ch = r.charAt(i);
      if (ch == '\\' && i + 1 < r.length()) {
        char nx = r.charAt(++i);
        sb.append(nx == '\\' ? "\\\\" : String.valueOf(nx));
      } else if (ch == '$' && i + 1 < r.length() && Character.isDigit(r.charAt(i + 1))) {
        sb.append('\\').append(r.charAt(++i));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static String lambdaBody(Call c, int i) {
    PrimaryExpressionContext p = SparkTranslator.primary(c.args.get(i));
    if (!(p instanceof LambdaContext)) {
      throw SparkErrors.unsupportedArgument(c.name, "a function that is not a lambda", "write it as x -> expression");
    }
    return c.a(i);
  }

  static {
    // ---- conditional and null handling
    def("nvl,ifnull", c -> "coalesce(" + c.arity(2, 2).all() + ")");
    def("nvl2", c -> "CASE WHEN " + c.arity(3, 3).a(0) + " IS NOT NULL THEN " + c.a(1) + " ELSE " + c.a(2) + " END");
    same("coalesce", 1, 99);
    same("nullif", 2, 2);
    def("if,iff", c -> "CASE WHEN " + c.arity(3, 3).a(0) + " THEN " + c.a(1) + " ELSE " + c.a(2) + " END");
    def("isnull", c -> "(" + c.arity(1, 1).a(0) + " IS NULL)");
    def("isnotnull", c -> "(" + c.arity(1, 1).a(0) + " IS NOT NULL)");
    def("equal_null", c -> "(" + c.arity(2, 2).a(0) + " IS NOT DISTINCT FROM " + c.a(1) + ")");
    def("nanvl", c -> "CASE WHEN isnan(" + c.arity(2, 2).a(0) + ") THEN " + c.a(1) + " ELSE " + c.a(0) + " END");
    def("zeroifnull", c -> "coalesce(" + c.arity(1, 1).a(0) + ", 0)");
    def("nullifzero", c -> "nullif(" + c.arity(1, 1).a(0) + ", 0)");
    def("isnan", c -> "isnan(" + c.arity(1, 1).a(0) + ")");
    same("greatest,least", 2, 99);
    def("typeof", c -> SparkTypeOf.sql(c.arity(1, 1).a(0)));

    // ---- math
    def("cbrt", c -> "CASE WHEN pow(round(cbrt(" + c.arity(1, 1).a(0) + ")), 3) = " + c.a(0) + " THEN round(cbrt(" + c.a(0) + ")) ELSE cbrt(" + c.a(0) + ") END");
    same("abs,sqrt,exp,ln,log10,log2,degrees,radians,sin,cos,tan,asin,acos,atan,sinh,cosh,tanh,cot,pi,factorial", 0, 2);
    same("atan2,mod", 2, 2);
    def("log", c -> c.arity(1, 2).n() == 1 ? "ln(" + c.a(0) + ")" : "log(" + c.a(0) + ", " + c.a(1) + ")");
    def("e", c -> "exp(1)");
    def("pow,power", c -> "pow(" + c.arity(2, 2).a(0) + ", " + c.a(1) + ")");
    def("pmod", c -> "(((" + c.arity(2, 2).a(0) + ") % (" + c.a(1) + ") + (" + c.a(1) + ")) % (" + c.a(1) + "))");
    def("round", c -> "round(" + c.arity(1, 2).a(0) + ", " + (c.n() > 1 ? c.a(1) : "0") + ")");
    def("bround", c -> {
      c.arity(1, 2);
      String digits = c.n() > 1 ? c.a(1) : "0";
      return "CAST(round_even(" + c.a(0) + ", " + digits + ") AS " + (digits.equals("0") || digits.startsWith("-") ? "BIGINT" : "DOUBLE") + ")";
    });
    def("ceil,ceiling", c -> scaled(c, "ceil"));
    def("floor", c -> scaled(c, "floor"));
    def("sign,signum", c -> "CAST(sign(" + c.arity(1, 1).a(0) + ") AS DOUBLE)");
    def("negative", c -> "(-" + c.arity(1, 1).a(0) + ")");
    def("positive", c -> "(+" + c.arity(1, 1).a(0) + ")");
    def("rand,random", c -> "random()");
    def("try_divide", c -> "(CAST(" + c.arity(2, 2).a(0) + " AS DOUBLE) / nullif(" + c.a(1) + ", 0))");
    def("div", c -> "CAST(trunc(" + c.arity(2, 2).a(0) + " / " + c.a(1) + ") AS BIGINT)");
    def("hex", c -> "upper(hex(" + c.arity(1, 1).a(0) + "))");
    def("unhex", c -> "unhex(" + c.arity(1, 1).a(0) + ")");
    def("bin", c -> "ltrim(bin(CAST(" + c.arity(1, 1).a(0) + " AS BIGINT)), '0')");
    def("width_bucket", c -> {
      c.arity(4, 4);
      String v = c.a(0);
      String lo = c.a(1);
      String hi = c.a(2);
      String n = c.a(3);
      return "CAST(CASE WHEN " + v + " IS NULL OR " + lo + " IS NULL OR " + hi + " IS NULL OR " + n + " <= 0 OR " + lo + " = " + hi + " THEN NULL"
          + " WHEN " + lo + " < " + hi + " THEN (CASE WHEN " + v + " < " + lo + " THEN 0 WHEN " + v + " >= " + hi + " THEN " + n + " + 1"
          + " ELSE floor((" + v + " - " + lo + ") / ((" + hi + " - " + lo + ") / " + n + ")) + 1 END)"
          + " ELSE (CASE WHEN " + v + " > " + lo + " THEN 0 WHEN " + v + " <= " + hi + " THEN " + n + " + 1"
          + " ELSE floor((" + lo + " - " + v + ") / ((" + lo + " - " + hi + ") / " + n + ")) + 1 END) END AS BIGINT)";
    });

    // ---- strings
    def("length", c -> isBinaryExpression(c.arity(1, 1).args.get(0)) ? "CAST(octet_length(" + c.a(0) + ") AS INTEGER)" : "length(" + c.a(0) + ")");
    same("upper,lower,trim,ltrim,rtrim,translate,left,right,repeat,md5,sha1", 1, 3);
    def("reverse", c -> (isArrayExpression(c.arity(1, 1).args.get(0)) ? "list_reverse(" : "reverse(") + c.a(0) + ")");
    def("ascii", c -> "ascii(CAST(" + c.arity(1, 1).a(0) + " AS VARCHAR))");
    def("levenshtein", c -> c.arity(2, 3).n() == 2 ? "levenshtein(" + c.all() + ")"
        : "CASE WHEN levenshtein(" + c.a(0) + ", " + c.a(1) + ") > " + c.a(2) + " THEN -1 ELSE levenshtein(" + c.a(0) + ", " + c.a(1) + ") END");
    def("ucase", c -> "upper(" + c.arity(1, 1).a(0) + ")");
    def("lcase", c -> "lower(" + c.arity(1, 1).a(0) + ")");
    def("char_length,character_length,len", c -> "length(" + c.arity(1, 1).a(0) + ")");
    def("octet_length", c -> "CAST(octet_length(" + bytes(c.arity(1, 1), 0) + ") AS INTEGER)");
    def("bit_length", c -> "CAST(octet_length(" + bytes(c.arity(1, 1), 0) + ") * 8 AS INTEGER)");
    def("chr,char", c -> "chr(CAST(" + c.arity(1, 1).a(0) + " AS INTEGER) % 256)");
    def("concat", c -> c.n() == 0 ? "''" : "(" + String.join(" || ", c.a) + ")");
    def("concat_ws", c -> c.arity(1, 99).n() == 1 ? "CASE WHEN " + c.a(0) + " IS NULL THEN NULL ELSE '' END" : "concat_ws(" + c.all() + ")");
    def("substring,substr", c -> substring(c.arity(2, 3).a(0), c.a(1), c.n() > 2 ? c.a(2) : null));
    def("replace", c -> "replace(" + c.arity(2, 3).a(0) + ", " + c.a(1) + ", " + (c.n() > 2 ? c.a(2) : "''") + ")");
    def("lpad,rpad", c -> c.name + "(" + c.arity(2, 3).a(0) + ", " + c.a(1) + ", " + (c.n() > 2 ? c.a(2) : "' '") + ")");
    def("instr", c -> "strpos(" + c.arity(2, 2).a(0) + ", " + c.a(1) + ")");
    def("locate,position", c -> {
      c.arity(2, 3);
      if (c.n() == 2) {
        return "strpos(" + c.a(1) + ", " + c.a(0) + ")";
      }
      String found = "strpos(substring(" + c.a(1) + ", " + c.a(2) + "), " + c.a(0) + ")";
      return "CASE WHEN " + c.a(2) + " < 1 THEN 0 WHEN " + found + " = 0 THEN 0 ELSE " + found + " + " + c.a(2) + " - 1 END";
    });
    def("initcap", c -> "array_to_string(list_transform(string_split(" + c.arity(1, 1).a(0)
        + ", ' '), lambda w: upper(substring(w, 1, 1)) || lower(substring(w, 2))), ' ')");
    def("substring_index", c -> {
      c.arity(3, 3);
      String parts = "string_split(" + c.a(0) + ", " + c.a(1) + ")";
      return "CASE WHEN " + c.a(2) + " = 0 THEN '' WHEN " + c.a(2) + " > 0 THEN array_to_string(" + parts + "[1:" + c.a(2) + "], " + c.a(1)
          + ") ELSE array_to_string(" + parts + "[" + c.a(2) + ":], " + c.a(1) + ") END";
    });
    def("split", c -> {
      c.arity(2, 3);
      if (c.n() == 3 && c.num(2) == null) {
        throw SparkErrors.unsupportedArgument("split", "a limit that is not a literal", "write the limit as a whole number");
      }
      c.t.nested = true;
      String parts = "string_split_regex(" + c.a(0) + ", " + c.a(1) + ")";
      if (c.n() == 3 && c.num(2) > 0) {
        long n = c.num(2);
        String delims = "regexp_extract_all(" + c.a(0) + ", " + c.a(1) + ")";
        String rest = "array_to_string(list_transform(range(" + n + ", len(" + parts + ") + 1), lambda k: " + parts + "[k] || coalesce(" + delims
            + "[k], '')), '')";
        return "CASE WHEN len(" + parts + ") <= " + n + " THEN " + parts + " ELSE list_append(" + parts + "[1:" + (n - 1) + "], " + rest + ") END";
      }
      return parts;
    });
    def("regexp_replace", c -> {
      c.arity(3, 4);
      if (c.n() == 4 && !"1".equals(c.args.get(3).getText())) {
        throw SparkErrors.unsupportedArgument("regexp_replace", "a start position", "apply it to substring(...) instead");
      }
      String r = c.str(2);
      return "regexp_replace(" + c.a(0) + ", " + c.a(1) + ", " + (r != null ? lit(javaReplacement(r)) : c.a(2)) + ", 'g')";
    });
    def("regexp_extract", c -> "regexp_extract(" + c.arity(2, 3).a(0) + ", " + c.a(1) + ", " + (c.n() > 2 ? c.a(2) : "1") + ")");
    def("regexp_extract_all", c -> {
      c.t.nested = true;
      return "regexp_extract_all(" + c.arity(2, 3).a(0) + ", " + c.a(1) + ", " + (c.n() > 2 ? c.a(2) : "1") + ")";
    });
    def("regexp_like,rlike,regexp", c -> "regexp_matches(" + c.arity(2, 2).a(0) + ", " + c.a(1) + ")");
    def("regexp_count", c -> "len(regexp_extract_all(" + c.arity(2, 2).a(0) + ", " + c.a(1) + "))");
    def("regexp_substr", c -> "nullif(regexp_extract(" + c.arity(2, 2).a(0) + ", " + c.a(1) + "), '')");
    def("format_number", c -> {
      c.arity(2, 2);
      Long dgt = c.num(1);
      if (dgt == null) {
        throw SparkErrors.unsupportedArgument("format_number", "a pattern", "give the number of decimal places, e.g. format_number(x, 2)");
      }
      return "format('{:," + (dgt == 0 ? ".0f" : "." + dgt + "f") + "}', CAST(" + c.a(0) + " AS DOUBLE))";
    });
    def("format_string,printf", c -> "printf(" + c.arity(1, 99).all() + ")");
    def("startswith,starts_with", c -> "starts_with(" + strings(c.arity(2, 2)) + ")");
    def("endswith,ends_with", c -> "ends_with(" + strings(c.arity(2, 2)) + ")");
    def("contains", c -> "contains(" + strings(c.arity(2, 2)) + ")");
    def("like", c -> "(" + c.arity(2, 2).a(0) + " LIKE " + c.a(1) + " ESCAPE '\\')");
    def("ilike", c -> "(" + c.arity(2, 2).a(0) + " ILIKE " + c.a(1) + " ESCAPE '\\')");
    def("elt", c -> {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (int i = 1; i < c.arity(2, 99).n(); i++) {
        j.add("CAST(" + c.a(i) + " AS VARCHAR)");
      }
      return j + "[" + c.a(0) + "]";
    });
    for (String[] cast : new String[][] {{"date", "DATE"}, {"timestamp", "TIMESTAMP"}, {"string", "VARCHAR"}, {"int", "INTEGER"},
        {"bigint", "BIGINT"}, {"smallint", "SMALLINT"}, {"tinyint", "TINYINT"}, {"double", "DOUBLE"}, {"float", "FLOAT"},
        {"boolean", "BOOLEAN"}, {"decimal", "DECIMAL(10, 0)"}, {"binary", "BLOB"}}) {
      def(cast[0], c -> "CAST(" + c.arity(1, 1).a(0) + " AS " + cast[1] + ")");
    }
    def("space", c -> "repeat(' ', " + c.arity(1, 1).a(0) + ")");
    def("btrim", c -> "trim(" + c.arity(1, 2).all() + ")");
    def("split_part", c -> "split_part(" + c.arity(3, 3).all() + ")");
    def("uuid", c -> "CAST(uuid() AS VARCHAR)");
    def("soundex", c -> {
      throw SparkErrors.unknownFunction("soundex", List.of("levenshtein"));
    });
    def("sha2", c -> {
      c.arity(2, 2);
      Long bits = c.num(1);
      if (bits == null || bits != 0 && bits != 256) {
        throw SparkErrors.unsupportedArgument("sha2", "bit length " + c.args.get(1).getText(), "use sha2(x, 256), sha1(x) or md5(x)");
      }
      return "sha256(" + c.a(0) + ")";
    });
    def("base64", c -> "to_base64(encode(CAST(" + c.arity(1, 1).a(0) + " AS VARCHAR)))");
    def("unbase64", c -> "from_base64(" + c.arity(1, 1).a(0) + ")");
    def("hash", c -> {
      throw SparkErrors.unsupportedArgument("hash", "Spark's Murmur3 hash", "use md5(x), sha1(x) or sha2(x, 256)");
    });
    def("crc32", c -> {
      String h = "hex(" + bytes(c.arity(1, 1), 0) + ")";
      String octets = "list_transform(range(len(" + h + ") // 2), lambda i: CAST('0x' || substring(" + h + ", 2 * i + 1, 2) AS BIGINT))";
      return "xor(list_reduce(" + octets + ", lambda c, b: list_reduce(range(8), lambda acc, k: xor(acc >> 1, 3988292384 & -(acc & 1)), xor(c, b)),"
          + " CAST(4294967295 AS BIGINT)), 4294967295)";
    });
    def("encode", c -> {
      String cs = c.arity(2, 2).str(1);
      if (cs == null || !cs.replace("-", "").equalsIgnoreCase("utf8")) {
        throw SparkErrors.unsupportedArgument("encode", "the charset " + c.args.get(1).getText(), "use 'UTF-8'");
      }
      return "encode(CAST(" + c.a(0) + " AS VARCHAR))";
    });
    def("decode", c -> {
      String cs = c.arity(2, 2).str(1);
      if (cs == null || !cs.replace("-", "").equalsIgnoreCase("utf8")) {
        throw SparkErrors.unsupportedArgument("decode", "the charset " + c.args.get(1).getText(), "use 'UTF-8'");
      }
      return "decode(" + c.a(0) + ")";
    });

    // ---- dates and times
    def("current_date,curdate", c -> "current_date");
    def("current_timestamp,now,localtimestamp", c -> "CAST(current_timestamp AS TIMESTAMP)");
    def("current_timezone", c -> "'UTC'");
    def("date_format", c -> "strftime(" + ts(c.arity(2, 2).a(0)) + ", " + pattern(c, 1, "") + ")");
    def("to_date", c -> c.arity(1, 2).n() == 1 ? d(c.a(0)) : "CAST(strptime(" + c.a(0) + ", " + pattern(c, 1, "") + ") AS DATE)");
    def("to_timestamp", c -> c.arity(1, 2).n() == 1 ? ts(c.a(0)) : "CAST(strptime(" + c.a(0) + ", " + pattern(c, 1, "") + ") AS TIMESTAMP)");
    def("try_to_timestamp", c -> c.arity(1, 2).n() == 1 ? "TRY_CAST(" + c.a(0) + " AS TIMESTAMP)"
        : "CAST(try_strptime(" + c.a(0) + ", " + pattern(c, 1, "") + ") AS TIMESTAMP)");
    def("unix_timestamp,to_unix_timestamp", c -> {
      c.arity(0, 2);
      if (c.n() == 0) {
        return "CAST(epoch(current_timestamp) AS BIGINT)";
      }
      if (c.n() == 1 && c.str(0) == null) {
        return "CAST(epoch(" + ts(c.a(0)) + ") AS BIGINT)";
      }
      return "CAST(epoch(strptime(CAST(" + c.a(0) + " AS VARCHAR), " + pattern(c, 1, "yyyy-MM-dd HH:mm:ss") + ")) AS BIGINT)";
    });
    def("from_unixtime", c -> "strftime(make_timestamp(CAST(" + c.arity(1, 2).a(0) + " AS BIGINT) * 1000000), "
        + pattern(c, 1, "yyyy-MM-dd HH:mm:ss") + ")");
    def("timestamp_seconds", c -> "make_timestamp(CAST(" + c.arity(1, 1).a(0) + " * 1000000 AS BIGINT))");
    def("unix_seconds", c -> "CAST(epoch(" + ts(c.arity(1, 1).a(0)) + ") AS BIGINT)");
    def("unix_date", c -> "CAST(" + d(c.arity(1, 1).a(0)) + " - DATE '1970-01-01' AS INTEGER)");
    def("date_from_unix_date", c -> "(DATE '1970-01-01' + CAST(" + c.arity(1, 1).a(0) + " AS INTEGER))");
    def("year", c -> "CAST(year(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("quarter", c -> "CAST(quarter(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("month", c -> "CAST(month(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("day,dayofmonth", c -> "CAST(day(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("dayofyear", c -> "CAST(dayofyear(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("hour", c -> "CAST(hour(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("minute", c -> "CAST(minute(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("second", c -> "CAST(second(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("dayofweek", c -> "CAST(dayofweek(" + ts(c.arity(1, 1).a(0)) + ") + 1 AS INTEGER)");
    def("weekday", c -> "CAST(isodow(" + ts(c.arity(1, 1).a(0)) + ") - 1 AS INTEGER)");
    def("weekofyear", c -> "CAST(week(" + ts(c.arity(1, 1).a(0)) + ") AS INTEGER)");
    def("dayname", c -> "strftime(" + ts(c.arity(1, 1).a(0)) + ", '%a')");
    def("monthname", c -> "strftime(" + ts(c.arity(1, 1).a(0)) + ", '%b')");
    def("date_part,datepart", c -> {
      String f = c.arity(2, 2).str(0);
      if (f == null) {
        throw SparkErrors.unsupportedArgument(c.name, "a field that is not a literal", "write the field as a 'string'");
      }
      return datePart(c.t, f, c.a(1));
    });
    def("make_date", c -> "make_date(" + c.arity(3, 3).all() + ")");
    def("make_timestamp", c -> "make_timestamp(" + c.arity(6, 6).all() + ")");
    def("datediff,date_diff", c -> {
      c.arity(2, 3);
      if (c.n() == 3) {
        String u = c.str(0);
        String unit = u == null ? null : unit(c, u, false);
        if (unit == null) {
          throw SparkErrors.unsupportedArgument(c.name, "the unit " + c.args.get(0).getText(), "use 'DAY', 'HOUR', 'MONTH' or 'YEAR'");
        }
        return "datediff('" + unit + "', " + ts(c.a(1)) + ", " + ts(c.a(2)) + ")";
      }
      return "datediff('day', " + d(c.a(1)) + ", " + d(c.a(0)) + ")";
    });
    def("date_add,dateadd", c -> "CAST(" + d(c.arity(2, 2).a(0)) + " + CAST(" + c.a(1) + " AS INTEGER) AS DATE)");
    def("date_sub", c -> "CAST(" + d(c.arity(2, 2).a(0)) + " - CAST(" + c.a(1) + " AS INTEGER) AS DATE)");
    def("add_months", c -> "CAST(" + d(c.arity(2, 2).a(0)) + " + to_months(CAST(" + c.a(1) + " AS INTEGER)) AS DATE)");
    def("months_between", c -> {
      c.arity(2, 3);
      String x = ts(c.a(0));
      String y = ts(c.a(1));
      String months = "((year(" + x + ") - year(" + y + ")) * 12 + month(" + x + ") - month(" + y + "))";
      String secs = "((day(" + x + ") - day(" + y + ")) * 86400 + (epoch(" + x + ") - epoch(date_trunc('day', " + x + "))) - (epoch(" + y
          + ") - epoch(date_trunc('day', " + y + "))))";
      boolean round = c.n() < 3 || !c.args.get(2).getText().equalsIgnoreCase("false");
      String frac = "CAST(" + months + " AS DOUBLE) + " + secs + " / 2678400.0";
      return "CASE WHEN day(" + x + ") = day(" + y + ") OR (day(" + x + ") = day(last_day(" + x + ")) AND day(" + y + ") = day(last_day(" + y
          + "))) THEN CAST(" + months + " AS DOUBLE) ELSE " + (round ? "round(" + frac + ", 8)" : frac) + " END";
    });
    def("last_day", c -> "last_day(" + d(c.arity(1, 1).a(0)) + ")");
    def("next_day", c -> {
      c.arity(2, 2);
      String day = c.str(1);
      int dow = day == null ? -1 : List.of("SU", "MO", "TU", "WE", "TH", "FR", "SA").indexOf(day.toUpperCase(Locale.ROOT).substring(0, Math.min(2, day.length())));
      if (dow < 0) {
        throw SparkErrors.unsupportedArgument("next_day", "the day " + c.args.get(1).getText(), "write the day as 'MO', 'TU', ... or 'Monday'");
      }
      String x = d(c.a(0));
      return "CAST(" + x + " + CAST((" + dow + " - dayofweek(" + x + ") + 6) % 7 + 1 AS INTEGER) AS DATE)";
    });
    def("trunc", c -> {
      c.arity(2, 2);
      String u = c.str(1);
      String unit = u == null ? null : unit(c, u, true);
      if (u != null && unit == null) {
        return "CAST(NULL AS DATE)";
      }
      if (unit == null) {
        throw SparkErrors.unsupportedArgument("trunc", "a unit that is not a literal", "write the unit as 'MM', 'YEAR', 'QUARTER' or 'WEEK'");
      }
      return "CAST(date_trunc('" + unit + "', " + d(c.a(0)) + ") AS DATE)";
    });
    def("date_trunc", c -> {
      c.arity(2, 2);
      String u = c.str(0);
      String unit = u == null ? null : unit(c, u, false);
      if (u != null && unit == null) {
        return "CAST(NULL AS TIMESTAMP)";
      }
      if (unit == null) {
        throw SparkErrors.unsupportedArgument("date_trunc", "a unit that is not a literal", "write the unit as 'DAY', 'MONTH', 'YEAR', 'HOUR', ...");
      }
      return "CAST(date_trunc('" + unit + "', " + ts(c.a(1)) + ") AS TIMESTAMP)";
    });
    def("from_utc_timestamp", c -> "CAST(timezone(" + c.arity(2, 2).a(1) + ", timezone('UTC', " + ts(c.a(0)) + ")) AS TIMESTAMP)");
    def("to_utc_timestamp", c -> "CAST(timezone('UTC', timezone(" + c.arity(2, 2).a(1) + ", " + ts(c.a(0)) + ")) AS TIMESTAMP)");

    // ---- aggregates
    def("count", c -> {
      if (c.n() == 1 && c.a(0).equals("*")) {
        return c.agg("count(*)", null);
      }
      if (c.distinct && c.n() > 1) {
        StringJoiner nn = new StringJoiner(" AND ");
        c.a.forEach(x -> nn.add(x + " IS NOT NULL"));
        return c.agg("count(DISTINCT (" + c.all() + "))", nn.toString());
      }
      return c.agg("count(" + c.dist() + c.arity(1, 1).a(0) + ")", null);
    });
    for (String n : List.of("sum", "avg", "min", "max", "stddev_samp", "stddev_pop", "var_samp", "var_pop", "corr",
        "covar_pop", "covar_samp", "bool_and", "bool_or", "median", "any_value", "bit_and", "bit_or", "bit_xor",
        "regr_slope", "regr_intercept", "regr_count", "regr_r2")) {
      if (n.equals("any_value")) {
        continue;
      }
      def(n, c -> c.agg(n + "(" + c.dist() + c.arity(1, 2).all() + ")", null));
    }
    def("any_value", c -> {
      boolean ignore = c.arity(1, 2).n() == 2 && c.args.get(1).getText().equalsIgnoreCase("true");
      return c.agg("first(" + c.a(0) + ")", ignore ? c.a(0) + " IS NOT NULL" : null);
    });
    def("mean", c -> c.agg("avg(" + c.dist() + c.arity(1, 1).a(0) + ")", null));
    def("stddev,std", c -> c.agg("stddev_samp(" + c.dist() + c.arity(1, 1).a(0) + ")", null));
    def("variance", c -> c.agg("var_samp(" + c.dist() + c.arity(1, 1).a(0) + ")", null));
    def("every", c -> c.agg("bool_and(" + c.arity(1, 1).a(0) + ")", null));
    def("some,any,bool_or", c -> c.agg("bool_or(" + c.arity(1, 1).a(0) + ")", null));
    def("collect_list,array_agg", c -> {
      c.t.nested = true;
      return "coalesce(" + c.agg("list(" + c.dist() + c.arity(1, 1).a(0) + ")", c.a(0) + " IS NOT NULL") + ", [])";
    });
    def("collect_set", c -> {
      c.t.nested = true;
      return "list_sort(coalesce(" + c.agg("list(DISTINCT " + c.arity(1, 1).a(0) + ")", c.a(0) + " IS NOT NULL") + ", []))";
    });
    def("percentile", c -> {
      c.arity(2, 3);
      if (c.n() == 3) {
        throw SparkErrors.unsupportedArgument("percentile", "a frequency", "repeat the rows instead");
      }
      return c.agg("quantile_cont(" + c.a(0) + ", " + c.a(1) + ")", null);
    });
    def("percentile_approx,approx_percentile", c -> c.agg("quantile_disc(" + c.arity(2, 3).a(0) + ", " + c.a(1) + ")", null));
    def("approx_count_distinct", c -> c.agg("count(DISTINCT " + c.arity(1, 2).a(0) + ")", null));
    def("count_if", c -> c.agg("count_if(" + c.arity(1, 1).a(0) + ")", null));
    def("max_by", c -> c.agg("arg_max(" + c.arity(2, 2).all() + ")", null));
    def("min_by", c -> c.agg("arg_min(" + c.arity(2, 2).all() + ")", null));
    def("first,first_value", c -> {
      boolean ignore = c.arity(1, 2).n() == 2 && c.args.get(1).getText().equalsIgnoreCase("true");
      return c.agg("first(" + c.a(0) + ")", ignore ? c.a(0) + " IS NOT NULL" : null);
    });
    def("last,last_value", c -> {
      boolean ignore = c.arity(1, 2).n() == 2 && c.args.get(1).getText().equalsIgnoreCase("true");
      return c.agg("last(" + c.a(0) + ")", ignore ? c.a(0) + " IS NOT NULL" : null);
    });
    def("string_agg,listagg", c -> c.agg("string_agg(" + c.dist() + c.arity(1, 2).a(0) + ", " + (c.n() > 1 ? c.a(1) : "''") + ")", null));
    def("mode", c -> c.agg("mode(" + c.arity(1, 1).a(0) + ")", null));
    def("grouping", c -> "grouping(" + c.arity(1, 1).a(0) + ")");
    def("grouping_id", c -> {
      if (c.n() == 0) {
        if (c.t.groupingColumns.isEmpty()) {
          throw SparkErrors.unsupportedArgument("grouping_id", "no GROUP BY", "use it with GROUP BY CUBE, ROLLUP or GROUPING SETS");
        }
        return "grouping_id(" + String.join(", ", c.t.groupingColumns) + ")";
      }
      return "grouping_id(" + c.all() + ")";
    });

    // ---- window functions
    same("row_number,cume_dist,ntile,lag,lead,nth_value", 0, 3);
    def("rank,dense_rank,percent_rank", c -> c.name + "()");

    // ---- arrays, maps and structs
    def("array", c -> {
      c.t.nested = true;
      return "[" + c.all() + "]";
    });
    def("map", c -> {
      c.t.nested = true;
      if (c.n() % 2 != 0) {
        throw SparkErrors.wrongArguments("map", "key, value pairs");
      }
      StringJoiner k = new StringJoiner(", ", "[", "]");
      StringJoiner v = new StringJoiner(", ", "[", "]");
      for (int i = 0; i < c.n(); i += 2) {
        k.add(c.a(i));
        v.add(c.a(i + 1));
      }
      return c.n() == 0 ? "MAP()" : "MAP(" + k + ", " + v + ")";
    });
    def("named_struct", c -> {
      c.t.nested = true;
      if (c.n() % 2 != 0) {
        throw SparkErrors.wrongArguments("named_struct", "name, value pairs");
      }
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (int i = 0; i < c.n(); i += 2) {
        String name = c.str(i);
        if (name == null) {
          throw SparkErrors.unsupportedArgument("named_struct", "a field name that is not a literal", "write each name as a 'string'");
        }
        j.add(lit(name) + ": " + c.a(i + 1));
      }
      return j.toString();
    });
    def("struct", c -> {
      c.t.nested = true;
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (int i = 0; i < c.n(); i++) {
        PrimaryExpressionContext p = SparkTranslator.primary(c.args.get(i));
        String name = p instanceof ColumnReferenceContext || p instanceof DereferenceContext ? SparkNames.of(p) : "col" + (i + 1);
        j.add(lit(name) + ": " + c.a(i));
      }
      return j.toString();
    });
    def("size,cardinality,array_size", c -> {
      c.arity(1, 1);
      return isMapExpression(c.args.get(0)) ? "cardinality(" + c.a(0) + ")" : "CAST(len(" + c.a(0) + ") AS INTEGER)";
    });
    def("element_at", c -> {
      c.arity(2, 2);
      return isMapExpression(c.args.get(0)) || c.str(1) != null ? c.a(0) + "[" + c.a(1) + "]" : c.a(0) + "[" + c.a(1) + "]";
    });
    def("try_element_at", c -> c.arity(2, 2).a(0) + "[" + c.a(1) + "]");
    def("array_contains", c -> "list_contains(" + c.arity(2, 2).all() + ")");
    def("array_distinct", c -> {
      c.t.nested = true;
      return "list_filter(" + c.arity(1, 1).a(0) + ", lambda x, i: list_position(" + c.a(0) + ", x) = i OR (x IS NULL AND i = list_position(list_transform(" + c.a(0) + ", lambda y: y IS NULL), true)))";
    });
    def("array_max", c -> "list_max(" + c.arity(1, 1).a(0) + ")");
    def("array_min", c -> "list_min(" + c.arity(1, 1).a(0) + ")");
    def("array_join", c -> c.arity(2, 3).n() == 2 ? "array_to_string(" + c.a(0) + ", " + c.a(1) + ")"
        : "array_to_string(list_transform(" + c.a(0) + ", lambda x: coalesce(CAST(x AS VARCHAR), " + c.a(2) + ")), " + c.a(1) + ")");
    def("array_position", c -> "CAST(coalesce(list_position(" + c.arity(2, 2).all() + "), 0) AS BIGINT)");
    def("array_remove", c -> {
      c.t.nested = true;
      return "list_filter(" + c.arity(2, 2).a(0) + ", lambda x: x IS DISTINCT FROM " + c.a(1) + ")";
    });
    def("array_sort", c -> {
      c.t.nested = true;
      if (c.arity(1, 2).n() == 2) {
        throw SparkErrors.unsupportedArgument("array_sort", "a comparator", "use array_sort(arr) or sort_array(arr, false)");
      }
      return "list_sort(" + c.a(0) + ", 'ASC', 'NULLS LAST')";
    });
    def("sort_array", c -> {
      c.t.nested = true;
      boolean asc = c.arity(1, 2).n() == 1 || !c.args.get(1).getText().equalsIgnoreCase("false");
      return "list_sort(" + c.a(0) + ", " + (asc ? "'ASC', 'NULLS FIRST'" : "'DESC', 'NULLS LAST'") + ")";
    });
    def("array_union", c -> {
      c.t.nested = true;
      String all = "list_concat(" + c.arity(2, 2).a(0) + ", " + c.a(1) + ")";
      return "list_filter(" + all + ", lambda x, i: list_position(" + all + ", x) = i)";
    });
    def("array_intersect", c -> {
      c.t.nested = true;
      return "list_filter(" + c.arity(2, 2).a(0) + ", lambda x, i: list_contains(" + c.a(1) + ", x) AND list_position(" + c.a(0) + ", x) = i)";
    });
    def("array_except", c -> {
      c.t.nested = true;
      return "list_filter(" + c.arity(2, 2).a(0) + ", lambda x, i: NOT list_contains(" + c.a(1) + ", x) AND list_position(" + c.a(0) + ", x) = i)";
    });
    def("arrays_overlap", c -> "list_has_any(" + c.arity(2, 2).all() + ")");
    def("array_append", c -> {
      c.t.nested = true;
      return "CASE WHEN " + c.arity(2, 2).a(0) + " IS NULL THEN NULL ELSE list_append(" + c.all() + ") END";
    });
    def("array_prepend", c -> {
      c.t.nested = true;
      return "CASE WHEN " + c.arity(2, 2).a(0) + " IS NULL THEN NULL ELSE list_prepend(" + c.a(1) + ", " + c.a(0) + ") END";
    });
    def("array_compact", c -> {
      c.t.nested = true;
      return "list_filter(" + c.arity(1, 1).a(0) + ", lambda x: x IS NOT NULL)";
    });
    def("array_repeat", c -> {
      c.t.nested = true;
      return "list_transform(range(CAST(" + c.arity(2, 2).a(1) + " AS BIGINT)), lambda i: " + c.a(0) + ")";
    });
    def("flatten", c -> {
      c.t.nested = true;
      return "flatten(" + c.arity(1, 1).a(0) + ")";
    });
    def("slice", c -> {
      c.t.nested = true;
      c.arity(3, 3);
      String start = "(CASE WHEN " + c.a(1) + " < 0 THEN len(" + c.a(0) + ") + 1 + " + c.a(1) + " ELSE " + c.a(1) + " END)";
      return "list_slice(" + c.a(0) + ", " + start + ", " + start + " + " + c.a(2) + " - 1)";
    });
    def("sequence", c -> {
      c.t.nested = true;
      c.arity(2, 3);
      String step = c.n() == 3 ? c.a(2) : "CASE WHEN " + c.a(0) + " <= " + c.a(1) + " THEN 1 ELSE -1 END";
      String series = "generate_series(" + c.a(0) + ", " + c.a(1) + ", " + step + ")";
      String first = c.args.get(0).getText().toLowerCase(Locale.ROOT);
      return first.startsWith("to_date(") || first.startsWith("date'") || first.startsWith("date(") || first.startsWith("make_date(")
          ? "list_transform(" + series + ", lambda x: CAST(x AS DATE))" : series;
    });
    def("transform", c -> {
      c.t.nested = true;
      c.arity(2, 2);
      PrimaryExpressionContext p = SparkTranslator.primary(c.args.get(1));
      if (p instanceof LambdaContext && ((LambdaContext) p).identifier().size() == 2) {
        LambdaContext l = (LambdaContext) p;
        String x = SparkTranslator.ident(l.identifier(0));
        String i = SparkTranslator.ident(l.identifier(1));
        String body = c.t.withSubstitution(i, "(\"__index\" - 1)", () -> c.t.expr(l.expression()));
        return "list_transform(" + c.a(0) + ", lambda " + SparkTranslator.quote(x) + ", \"__index\": " + body + ")";
      }
      return "list_transform(" + c.a(0) + ", " + lambdaBody(c, 1) + ")";
    });
    def("filter", c -> {
      c.t.nested = true;
      c.arity(2, 2);
      PrimaryExpressionContext p = SparkTranslator.primary(c.args.get(1));
      if (p instanceof LambdaContext && ((LambdaContext) p).identifier().size() == 2) {
        LambdaContext l = (LambdaContext) p;
        String x = SparkTranslator.ident(l.identifier(0));
        String i = SparkTranslator.ident(l.identifier(1));
        String body = c.t.withSubstitution(i, "(\"__index\" - 1)", () -> c.t.expr(l.expression()));
        return "list_filter(" + c.a(0) + ", lambda " + SparkTranslator.quote(x) + ", \"__index\": " + body + ")";
      }
      return "list_filter(" + c.a(0) + ", " + lambdaBody(c, 1) + ")";
    });
    def("exists", c -> {
      String tf = "list_transform(" + c.arity(2, 2).a(0) + ", " + lambdaBody(c, 1) + ")";
      return "CASE WHEN " + c.a(0) + " IS NULL THEN NULL WHEN len(list_filter(" + tf + ", lambda b: b)) > 0 THEN true"
          + " WHEN len(list_filter(" + tf + ", lambda b: b IS NULL)) > 0 THEN NULL ELSE false END";
    });
    def("forall", c -> {
      String tf = "list_transform(" + c.arity(2, 2).a(0) + ", " + lambdaBody(c, 1) + ")";
      return "CASE WHEN " + c.a(0) + " IS NULL THEN NULL WHEN len(list_filter(" + tf + ", lambda b: NOT b)) > 0 THEN false"
          + " WHEN len(list_filter(" + tf + ", lambda b: b IS NULL)) > 0 THEN NULL ELSE true END";
    });
    def("aggregate,reduce", c -> {
      c.arity(3, 4);
      String reduced = "list_reduce(" + c.a(0) + ", " + lambdaBody(c, 2) + ", " + c.a(1) + ")";
      if (c.n() == 4) {
        return "list_transform([" + reduced + "], " + c.a(3) + ")[1]";
      }
      return reduced;
    });
    def("map_keys", c -> {
      c.t.nested = true;
      return "map_keys(" + c.arity(1, 1).a(0) + ")";
    });
    def("map_values", c -> {
      c.t.nested = true;
      return "map_values(" + c.arity(1, 1).a(0) + ")";
    });
    def("map_from_arrays", c -> {
      c.t.nested = true;
      return "MAP(" + c.arity(2, 2).a(0) + ", " + c.a(1) + ")";
    });
    def("map_contains_key", c -> "map_contains(" + c.arity(2, 2).all() + ")");
    def("map_concat", c -> {
      c.t.nested = true;
      return "map_concat(" + c.arity(1, 99).all() + ")";
    });
    def("explode,explode_outer,posexplode,posexplode_outer,inline,inline_outer", c -> {
      throw SparkErrors.unsupportedArgument(c.name, "a position other than a whole SELECT item",
          "write SELECT " + c.name + "(...) alone as a column, or use LATERAL VIEW " + c.name + "(...)");
    });

    // ---- JSON
    def("get_json_object", c -> "json_extract_string(" + c.arity(2, 2).a(0) + ", " + c.a(1) + ")");
    def("json_array_length", c -> "CASE WHEN json_valid(" + c.arity(1, 1).a(0) + ") THEN CAST(json_array_length(" + c.a(0) + ") AS INTEGER) END");
    def("to_json", c -> {
      PrimaryExpressionContext p = SparkTranslator.primary(c.arity(1, 2).args.get(0));
      if (p instanceof FunctionCallContext && SparkTranslator.functionName(((FunctionCallContext) p).functionName()).equals("map")
          && !((FunctionCallContext) p).argument.isEmpty()) {
        PrimaryExpressionContext k = SparkTranslator.primary(((FunctionCallContext) p).argument.get(0).expression());
        if (k instanceof StructContext || k instanceof FunctionCallContext && SparkTranslator.functionName(((FunctionCallContext) k).functionName()).endsWith("struct")) {
          throw SparkErrors.unsupportedArgument("to_json", "a map whose keys are structs", "use strings as map keys");
        }
      }
      if (c.n() == 2) {
        throw SparkErrors.unsupportedArgument("to_json", "options", "drop the options map");
      }
      return "CAST(to_json(" + c.a(0) + ") AS VARCHAR)";
    });
    def("from_json", c -> {
      if (c.arity(2, 3).n() == 3) {
        throw SparkErrors.unsupportedArgument("from_json", "options", "drop the options map, or parse the values afterwards with to_timestamp");
      }
      String schema = c.str(1);
      if (schema == null) {
        throw SparkErrors.unsupportedArgument("from_json", "a schema that is not a literal", "write the schema as 'a INT, b STRING'");
      }
      c.t.nested = true;
      return "json_transform(" + c.a(0) + ", " + lit(SparkJsonSchema.structure(schema)) + ")";
    });
  }
}
