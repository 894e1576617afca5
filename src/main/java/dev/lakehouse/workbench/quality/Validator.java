package dev.lakehouse.workbench.quality;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableInfo;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Validates expectation suites against a version of a lake table. The whole suite is one DuckDB
 * query: row and aggregate expectations share one aggregate pass, each uniqueness expectation is a
 * GROUP BY scalar subquery in it; table expectations read the schema only. Results are appended to the results table
 * ({@link #RESULTS}) when asked, and failed rows can be copied to a quarantine table.
 */
public final class Validator {

  /** Every recorded run, one row per expectation, so quality history can be time-travelled. */
  public static final TableId RESULTS = TableId.of("quality", "validation_results");

  static final List<ColumnDef> RESULT_COLUMNS = List.of(
      new ColumnDef("run_id", "string"), new ColumnDef("run_time", "timestamp"), new ColumnDef("suite", "string"),
      new ColumnDef("table_name", "string"), new ColumnDef("table_version", "bigint"),
      new ColumnDef("expectation_type", "string"), new ColumnDef("column_name", "string"),
      new ColumnDef("kwargs", "string"), new ColumnDef("severity", "string"), new ColumnDef("success", "boolean"),
      new ColumnDef("element_count", "bigint"), new ColumnDef("unexpected_count", "bigint"),
      new ColumnDef("unexpected_percent", "double"), new ColumnDef("observed_value", "string"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lake lake;
  private final Clock clock;

  public Validator(Lake lake) {
    this(lake, Clock.systemUTC());
  }

  public Validator(Lake lake, Clock clock) {
    this.lake = lake;
    this.clock = clock;
  }

  public ValidationResult validate(ExpectationSuite suite, TableId table, TimeTravel at) {
    TableInfo info = lake.describe(table);
    var snapshot = lake.snapshot(table, at);
    List<ColumnDef> columns = snapshot.columns();
    check(suite, table, columns);
    String relation = "(" + lake.scan(table, TimeTravel.version(snapshot.version()), List.of()).sql() + ")";
    List<Expectation> es = suite.expectations();
    QueryResult main = lake.query(ValidationSql.mainPass(es, relation));
    List<Object> row = main.rows().get(0);
    long n = ((Number) row.get(0)).longValue();
    int col = 1;
    List<ExpectationResult> results = new ArrayList<>();
    for (Expectation e : es) {
      ExpectationTypes.Kind kind = ExpectationTypes.get(e.type()).kind();
      switch (kind) {
        case ROW -> {
          long counted = ((Number) row.get(col)).longValue();
          long bad = ((Number) row.get(col + 1)).longValue();
          List<Object> partial = e.type().equals("expect_column_values_to_not_be_null")
              ? Collections.nCopies((int) Math.min(bad, ValidationSql.PARTIAL), null) : parseList(row.get(col + 2));
          col += 3;
          results.add(mapResult(e, n, counted, bad, partial));
        }
        case AGGREGATE -> {
          Object observed = number(row.get(col++));
          results.add(new ExpectationResult(e, between(observed, e.kwargs()), observedOnly(observed)));
        }
        case UNIQUE -> {
          long counted = ((Number) row.get(col)).longValue();
          String dup = String.valueOf(row.get(col + 1));
          col += 2;
          int bar = dup.indexOf('|');
          results.add(mapResult(e, n, counted, Long.parseLong(dup.substring(0, bar)), parseList(dup.substring(bar + 1))));
        }
        case TABLE -> results.add(tableResult(e, n, columns));
        default -> throw new IllegalStateException(kind.toString());
      }
    }
    return new ValidationResult(UUID.randomUUID().toString(), clock.instant(), suite.name(), info.table().toString(),
        snapshot.version(), results);
  }

  private static void check(ExpectationSuite suite, TableId table, List<ColumnDef> columns) {
    List<String> names = columns.stream().map(ColumnDef::name).toList();
    for (Expectation e : suite.expectations()) {
      List<String> wanted = new ArrayList<>();
      ExpectationTypes.Kind kind = ExpectationTypes.get(e.type()).kind();
      String key = "column";
      if (kind == ExpectationTypes.Kind.ROW || kind == ExpectationTypes.Kind.AGGREGATE) {
        wanted.add(e.column());
      } else if (kind == ExpectationTypes.Kind.UNIQUE) {
        wanted.addAll(ValidationSql.uniqueColumns(e));
        key = e.kwargs().containsKey("column_list") ? "column_list" : "column";
      }
      for (String w : wanted) {
        if (names.stream().noneMatch(x -> x.equalsIgnoreCase(w))) {
          throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the suite " + suite.source() + ", field "
              + e.field() + ".kwargs." + key + " names a column " + table + " does not have",
              "there is no column '" + w + "' (the columns are " + String.join(", ", names) + ")",
              "correct the column name in the suite");
        }
      }
    }
  }

  private static ExpectationResult mapResult(Expectation e, long n, long counted, long bad, List<Object> partial) {
    double mostly = e.kwargs().get("mostly") instanceof Number m ? m.doubleValue() : 1.0;
    boolean success = counted == 0 || (double) (counted - bad) / counted >= mostly - 1e-12;
    Map<String, Object> r = new LinkedHashMap<>();
    boolean nullType = e.type().equals("expect_column_values_to_not_be_null") || e.type().equals("expect_column_values_to_be_null");
    long missing = nullType ? 0 : n - counted;
    r.put("element_count", n);
    r.put("unexpected_count", bad);
    r.put("unexpected_percent", counted == 0 ? 0.0 : 100.0 * bad / counted);
    r.put("partial_unexpected_list", partial);
    if (!nullType) {
      r.put("missing_count", missing);
      r.put("missing_percent", n == 0 ? 0.0 : 100.0 * missing / n);
      r.put("unexpected_percent_total", n == 0 ? 0.0 : 100.0 * bad / n);
      r.put("unexpected_percent_nonmissing", counted == 0 ? 0.0 : 100.0 * bad / counted);
    }
    Map<Object, Long> counts = new LinkedHashMap<>();
    partial.forEach(v -> counts.merge(v == null ? "null" : v, 1L, Long::sum));
    List<Map<String, Object>> pc = new ArrayList<>();
    counts.forEach((v, c) -> pc.add(Map.of("value", v, "count", c)));
    r.put("partial_unexpected_counts", pc);
    return new ExpectationResult(e, success, r);
  }

  private static Map<String, Object> observedOnly(Object observed) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("observed_value", observed);
    return r;
  }

  private static ExpectationResult tableResult(Expectation e, long n, List<ColumnDef> columns) {
    List<String> names = columns.stream().map(ColumnDef::name).toList();
    Map<String, Object> k = e.kwargs();
    return switch (e.type()) {
      case "expect_column_to_exist" -> {
        int idx = indexOf(names, e.column());
        boolean ok = idx >= 0 && (!(k.get("column_index") instanceof Number i) || i.intValue() == idx);
        yield new ExpectationResult(e, ok, Map.of());
      }
      case "expect_table_row_count_to_be_between" -> new ExpectationResult(e, between(n, k), observedOnly(n));
      case "expect_table_row_count_to_equal" ->
          new ExpectationResult(e, k.get("value") instanceof Number v && v.longValue() == n, observedOnly(n));
      case "expect_table_columns_to_match_ordered_list" -> {
        List<String> want = strings(k.get("column_list"));
        boolean ok = lower(want).equals(lower(names));
        Map<String, Object> r = observedOnly(names);
        if (!ok) {
          List<Map<String, Object>> details = new ArrayList<>();
          for (int i = 0; i < Math.max(want.size(), names.size()); i++) {
            String w = i < want.size() ? want.get(i) : null;
            String f = i < names.size() ? names.get(i) : null;
            if (w == null || !w.equalsIgnoreCase(f)) {
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("Expected Column Position", i);
              d.put("Expected", w);
              d.put("Found", f);
              details.add(d);
            }
          }
          r.put("details", Map.of("mismatched", details));
        }
        yield new ExpectationResult(e, ok, r);
      }
      case "expect_table_columns_to_match_set" -> {
        List<String> want = lower(strings(k.get("column_set")));
        List<String> have = lower(names);
        boolean exact = !Boolean.FALSE.equals(k.get("exact_match"));
        boolean ok = exact ? new java.util.HashSet<>(want).equals(new java.util.HashSet<>(have)) : have.containsAll(want);
        yield new ExpectationResult(e, ok, observedOnly(names));
      }
      default -> throw new IllegalStateException(e.type());
    };
  }

  private static int indexOf(List<String> names, String column) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> strings(Object o) {
    return ((List<?>) o).stream().map(String::valueOf).toList();
  }

  private static List<String> lower(List<String> l) {
    return l.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  static boolean between(Object observed, Map<String, Object> k) {
    if (!(observed instanceof Number o)) {
      return false;
    }
    double v = o.doubleValue();
    Object min = k.get("min_value");
    Object max = k.get("max_value");
    if (min != null) {
      double m = Double.parseDouble(min.toString());
      if (Boolean.TRUE.equals(k.get("strict_min")) ? v <= m : v < m) {
        return false;
      }
    }
    if (max != null) {
      double m = Double.parseDouble(max.toString());
      if (Boolean.TRUE.equals(k.get("strict_max")) ? v >= m : v > m) {
        return false;
      }
    }
    return true;
  }

  private static Object number(Object v) {
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValue() : d.doubleValue();
    }
    return v;
  }

  private static List<Object> parseList(Object json) {
    if (json == null) {
      return List.of();
    }
    try {
      List<Object> l = JSON.readValue(json.toString(), new TypeReference<List<Object>>() {});
      return l == null ? List.of() : Collections.unmodifiableList(l);
    } catch (java.io.IOException e) {
      return List.of(json.toString());
    }
  }

  // ------------------------------------------------------------------ results and quarantine

  /** Appends one row per expectation of the run to {@link #RESULTS} (created on first use). */
  public long record(ValidationResult v) {
    lake.createTable(RESULTS, new Lake.TableDefinition(RESULT_COLUMNS, List.of(),
        "one row per expectation per validation run", Map.of(), null, null), Lake.CreateMode.IF_NOT_EXISTS);
    List<String> rows = new ArrayList<>();
    for (ExpectationResult r : v.results()) {
      String observed;
      try {
        observed = r.observedValue() == null ? null : JSON.writeValueAsString(r.observedValue());
        rows.add("(" + lit(v.runId()) + ", TIMESTAMP " + lit(v.runTime().toString().replace('T', ' ').replace("Z", ""))
            + ", " + lit(v.suiteName()) + ", " + lit(v.table()) + ", CAST(" + v.version() + " AS BIGINT), "
            + lit(r.expectation().type()) + ", " + lit(r.expectation().column()) + ", "
            + lit(JSON.writeValueAsString(r.expectation().kwargs())) + ", " + lit(r.expectation().severity().json())
            + ", " + r.success() + ", CAST(" + r.result().getOrDefault("element_count", "NULL") + " AS BIGINT), CAST("
            + (r.unexpectedCount() == null ? "NULL" : r.unexpectedCount()) + " AS BIGINT), CAST("
            + r.result().getOrDefault("unexpected_percent", "NULL") + " AS DOUBLE), " + lit(observed) + ")");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    if (rows.isEmpty()) {
      return lake.latestVersion(RESULTS);
    }
    return lake.write(RESULTS, new Lake.WriteRequest("SELECT * FROM (VALUES " + String.join(", ", rows) + ")",
        null, false, false)).version();
  }

  /**
   * Copies the rows of the validated version that fail any row or uniqueness expectation into
   * {@code target} (created with the table's columns plus {@code _failed_expectations},
   * {@code _run_id}), and returns how many were copied.
   */
  public long quarantine(ExpectationSuite suite, ValidationResult v, TableId table, TableId target) {
    String relation = "(" + lake.scan(table, TimeTravel.version(v.version()), List.of()).sql() + ")";
    String sql = ValidationSql.failedRows(suite.expectations(), relation, ", " + lit(v.runId()) + " AS _run_id");
    if (sql == null) {
      return 0;
    }
    long n = ((Number) lake.query("SELECT count(*) FROM (" + sql + ")").rows().get(0).get(0)).longValue();
    if (n == 0) {
      return 0;
    }
    List<ColumnDef> columns = new ArrayList<>(lake.snapshot(table, v.version()).columns());
    columns.add(new ColumnDef("_failed_expectations", "string"));
    columns.add(new ColumnDef("_run_id", "string"));
    if (!lake.exists(target)) {
      lake.createTable(target, new Lake.TableDefinition(columns, List.of(), "rows that failed " + suite.name(),
          Map.of(), null, null), Lake.CreateMode.IF_NOT_EXISTS);
    }
    List<String> names = columns.stream().map(ColumnDef::name).toList();
    lake.write(target, new Lake.WriteRequest(sql, names, false, true));
    return n;
  }

  private static String lit(String s) {
    return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
  }
}
