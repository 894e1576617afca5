package dev.lakehouse.workbench.quality.internal;

import dev.lakehouse.workbench.quality.Expectation;
import dev.lakehouse.workbench.quality.ExpectationTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the DuckDB SQL that validates a suite: one aggregate pass computes the row count and, for
 * every row and aggregate expectation, its counts, a sample of unexpected values and its observed
 * value; each uniqueness expectation needs one GROUP BY pass of its own. Columns are already checked.
 */
public final class ValidationSql {

  /** How many unexpected values a result lists, as GX's SUMMARY format does. */
  public static final int PARTIAL = 20;

  private ValidationSql() {}

  public static String quote(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }

  public static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return "'" + v.toString().replace("'", "''") + "'";
  }

  /** The condition a non-null value of a row expectation must meet (null: the expectation is about nulls). */
  public static String rowCondition(Expectation e) {
    String c = quote(e.column());
    Map<String, Object> k = e.kwargs();
    return switch (e.type()) {
      case "expect_column_values_to_be_in_set" ->
          ((List<?>) k.get("value_set")).isEmpty() ? "FALSE" : c + " IN (" + list(k.get("value_set")) + ")";
      case "expect_column_values_to_not_be_in_set" ->
          ((List<?>) k.get("value_set")).isEmpty() ? "TRUE" : c + " NOT IN (" + list(k.get("value_set")) + ")";
      case "expect_column_values_to_be_between" -> between(c, k);
      case "expect_column_values_to_match_regex" -> "regexp_matches(CAST(" + c + " AS VARCHAR), " + literal(k.get("regex")) + ")";
      case "expect_column_values_to_not_match_regex" ->
          "NOT regexp_matches(CAST(" + c + " AS VARCHAR), " + literal(k.get("regex")) + ")";
      case "expect_column_value_lengths_to_be_between" -> between("length(CAST(" + c + " AS VARCHAR))", k);
      default -> null;
    };
  }

  private static String list(Object values) {
    List<?> l = (List<?>) values;
    if (l.isEmpty()) {
      return "NULL";
    }
    return l.stream().map(ValidationSql::literal).collect(Collectors.joining(", "));
  }

  static String between(String x, Map<String, Object> k) {
    List<String> parts = new ArrayList<>();
    if (k.get("min_value") != null) {
      parts.add(x + (Boolean.TRUE.equals(k.get("strict_min")) ? " > " : " >= ") + literal(k.get("min_value")));
    }
    if (k.get("max_value") != null) {
      parts.add(x + (Boolean.TRUE.equals(k.get("strict_max")) ? " < " : " <= ") + literal(k.get("max_value")));
    }
    return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
  }

  /** The condition that makes a row unexpected for a row expectation. */
  public static String unexpected(Expectation e) {
    String c = quote(e.column());
    return switch (e.type()) {
      case "expect_column_values_to_not_be_null" -> c + " IS NULL";
      case "expect_column_values_to_be_null" -> c + " IS NOT NULL";
      default -> c + " IS NOT NULL AND NOT (" + rowCondition(e) + ")";
    };
  }

  /** The counted rows of a row expectation: nulls are missing, except for the null expectations. */
  static String counted(Expectation e) {
    return switch (e.type()) {
      case "expect_column_values_to_not_be_null", "expect_column_values_to_be_null" -> "count(*)";
      default -> "count(" + quote(e.column()) + ")";
    };
  }

  static String aggregate(Expectation e) {
    String c = quote(e.column());
    return switch (e.type()) {
      case "expect_column_mean_to_be_between" -> "avg(CAST(" + c + " AS DOUBLE))";
      case "expect_column_median_to_be_between" -> "median(" + c + ")";
      case "expect_column_max_to_be_between" -> "max(" + c + ")";
      case "expect_column_min_to_be_between" -> "min(" + c + ")";
      case "expect_column_sum_to_be_between" -> "sum(" + c + ")";
      case "expect_column_stdev_to_be_between" -> "stddev_samp(CAST(" + c + " AS DOUBLE))";
      case "expect_column_unique_value_count_to_be_between" -> "count(DISTINCT " + c + ")";
      case "expect_column_proportion_of_unique_values_to_be_between" ->
          "CAST(count(DISTINCT " + c + ") AS DOUBLE) / nullif(count(" + c + "), 0)";
      default -> throw new IllegalArgumentException(e.type());
    };
  }

  /**
   * The one query: column 0 is the row count; then for each expectation in order, a row expectation
   * adds (counted, unexpected, sample as JSON), an aggregate one its observed value, and a uniqueness
   * one (counted, "unexpected|sample") from its own GROUP BY as a scalar subquery.
   */
  public static String mainPass(List<Expectation> expectations, String relation) {
    StringBuilder s = new StringBuilder("SELECT count(*)");
    for (Expectation e : expectations) {
      ExpectationTypes.Kind kind = ExpectationTypes.get(e.type()).kind();
      if (kind == ExpectationTypes.Kind.ROW) {
        String bad = unexpected(e);
        boolean nulls = e.type().equals("expect_column_values_to_not_be_null");
        s.append(", ").append(counted(e))
            .append(", count(*) FILTER (WHERE ").append(bad).append(")")
            // a bounded sample (at most PARTIAL values kept while scanning); the null sample is made in Java
            .append(nulls ? ", NULL" : ", to_json(min_by(" + quote(e.column()) + ", 0, " + PARTIAL + ") FILTER (WHERE "
                + bad + "))");
      } else if (kind == ExpectationTypes.Kind.AGGREGATE) {
        s.append(", ").append(aggregate(e));
      } else if (kind == ExpectationTypes.Kind.UNIQUE) {
        String present = uniqueColumns(e).stream().map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" OR "));
        s.append(", count(*) FILTER (WHERE ").append(present).append("), (").append(uniquePass(e, relation)).append(")");
      }
    }
    return s.append(" FROM ").append(relation).append(" AS t").toString();
  }

  /** The columns a uniqueness expectation is about. */
  @SuppressWarnings("unchecked")
  public static List<String> uniqueColumns(Expectation e) {
    return e.type().equals("expect_column_values_to_be_unique") ? List.of(e.column())
        : ((List<Object>) e.kwargs().get("column_list")).stream().map(Object::toString).toList();
  }

  /** A uniqueness subquery: "rows in repeated values|sample as JSON" over the value (combinations) seen more than once. */
  public static String uniquePass(Expectation e, String relation) {
    List<String> cols = uniqueColumns(e).stream().map(ValidationSql::quote).toList();
    String anyPresent = cols.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" OR "));
    String value = cols.size() == 1 ? cols.get(0)
        : "{" + cols.stream().map(c -> "'" + c.substring(1, c.length() - 1).replace("'", "''") + "': " + c)
            .collect(Collectors.joining(", ")) + "}";
    return "SELECT CAST(coalesce(sum(k), 0) AS VARCHAR) || '|' || coalesce(CAST(to_json(min_by(v, 0, " + PARTIAL
        + ")) AS VARCHAR), '[]') FROM (SELECT " + value + " AS v, count(*) AS k FROM " + relation + " AS u WHERE "
        + anyPresent + " GROUP BY ALL HAVING count(*) > 1)";
  }

  /** The rows that fail any row or uniqueness expectation, with the failed types listed, for quarantine. */
  public static String failedRows(List<Expectation> expectations, String relation, String extraColumns) {
    List<String> windows = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int u = 0;
    for (Expectation e : expectations) {
      ExpectationTypes.Kind kind = ExpectationTypes.get(e.type()).kind();
      String label = e.type() + (e.column() == null ? "" : "(" + e.column() + ")");
      if (kind == ExpectationTypes.Kind.ROW) {
        reasons.add("CASE WHEN " + unexpected(e) + " THEN " + literal(label) + " END");
      } else if (kind == ExpectationTypes.Kind.UNIQUE) {
        List<String> cols = uniqueColumns(e).stream().map(ValidationSql::quote).toList();
        String name = "__workbench_u" + u++;
        windows.add("count(*) OVER (PARTITION BY " + String.join(", ", cols) + ") AS " + name);
        String present = cols.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" OR "));
        reasons.add("CASE WHEN (" + present + ") AND " + name + " > 1 THEN " + literal(label) + " END");
      }
    }
    if (reasons.isEmpty()) {
      return null;
    }
    String inner = windows.isEmpty() ? relation
        : "(SELECT *, " + String.join(", ", windows) + " FROM " + relation + " AS t0)";
    String failed = "concat_ws('; ', " + String.join(", ", reasons) + ")";
    String exclude = windows.isEmpty() ? "*" : "* EXCLUDE (" + java.util.stream.IntStream.range(0, u)
        .mapToObj(i -> "__workbench_u" + i).collect(Collectors.joining(", ")) + ")";
    return "SELECT " + exclude + ", " + failed + " AS _failed_expectations" + extraColumns + " FROM " + inner
        + " AS t WHERE " + failed + " <> ''";
  }
}
