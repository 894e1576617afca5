package dev.lakehouse.workbench.quality;

import static dev.lakehouse.workbench.common.Timing.median;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality benchmark: validating a 20-expectation suite on a 1,000,000-row Delta table against
 * one hand-written DuckDB query computing the same counts over the same files, interleaved, as a
 * ratio measured in one run (goal: at most 1.5×).
 */
public final class QualityBenchmark {

  static final TableId TABLE = TableId.of("bench", "orders_quality");

  static final String ROWS = "SELECT i AS id, CAST(1 + i % 50000 AS INTEGER) AS customer,"
      + " CASE WHEN i % 200 = 0 THEN NULL ELSE CAST((i % 9973) * 1.25 AS DECIMAL(12,2)) END AS amount,"
      + " ['placed', 'paid', 'shipped', 'delivered', 'cancelled'][1 + i % 5] AS status,"
      + " 'user' || (i % 50000) || '@example.com' AS email, DATE '2024-03-01' + CAST(i % 30 AS INTEGER) AS day"
      + " FROM range(1000000) r(i)";

  static final String SUITE = """
      {"name": "bench_orders", "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "customer"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "customer", "min_value": 1, "max_value": 50000}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount", "mostly": 0.99}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 10000}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "status", "value_set": ["placed", "paid", "shipped", "delivered", "cancelled"]}},
        {"type": "expect_column_values_to_not_be_in_set", "kwargs": {"column": "status", "value_set": ["lost"]}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "status"}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "email", "regex": "^[a-z0-9.]+@[a-z.]+$"}},
        {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "email", "min_value": 5, "max_value": 60}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "email"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "day", "min_value": "2024-03-01", "max_value": "2024-03-31"}},
        {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 10000}},
        {"type": "expect_column_median_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 10000}},
        {"type": "expect_column_max_to_be_between", "kwargs": {"column": "amount", "max_value": 20000}},
        {"type": "expect_column_min_to_be_between", "kwargs": {"column": "amount", "min_value": 0}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1, "max_value": 2000000}},
        {"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": ["id", "customer", "amount", "status", "email", "day"]}},
        {"type": "expect_column_to_exist", "kwargs": {"column": "email"}}
      ]}""";

  /** The same counts, written by hand as one query (%s is the table's relation). */
  static final String HAND = "SELECT count(*), count(*) FILTER (WHERE id IS NULL),"
      + " (SELECT coalesce(sum(k), 0) FROM (SELECT count(*) AS k FROM %1$s AS u WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1)),"
      + " count(*) FILTER (WHERE customer IS NULL), count(*) FILTER (WHERE customer NOT BETWEEN 1 AND 50000),"
      + " count(*) FILTER (WHERE amount IS NULL), count(*) FILTER (WHERE amount NOT BETWEEN 0 AND 10000),"
      + " count(*) FILTER (WHERE status NOT IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),"
      + " count(*) FILTER (WHERE status IN ('lost')), count(*) FILTER (WHERE status IS NULL),"
      + " count(*) FILTER (WHERE NOT regexp_matches(email, '^[a-z0-9.]+@[a-z.]+$')),"
      + " count(*) FILTER (WHERE length(email) NOT BETWEEN 5 AND 60), count(*) FILTER (WHERE email IS NULL),"
      + " count(*) FILTER (WHERE day NOT BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'),"
      + " avg(amount), median(amount), max(amount), min(amount) FROM %1$s AS t";

  private final Path work;
  private final PrintWriter out;

  public QualityBenchmark(Path work, PrintWriter out) {
    this.work = work;
    this.out = out;
  }

  /** Runs the comparison and prints one line; returns false if the goal was missed. */
  public boolean run() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("quality-bench-data"));
    try (Lake lake = Lake.open(dataDir)) {
      lake.createTable(TABLE, new Lake.TableDefinition(List.of(new ColumnDef("id", "bigint"),
          new ColumnDef("customer", "int"), new ColumnDef("amount", "decimal(12,2)"), new ColumnDef("status", "string"),
          new ColumnDef("email", "string"), new ColumnDef("day", "date")), List.of(), null, Map.of(), null, null),
          Lake.CreateMode.OR_REPLACE);
      lake.write(TABLE, new Lake.WriteRequest(ROWS, null, true, false));
      ExpectationSuite suite = ExpectationSuite.parse(SUITE, "bench suite");
      Validator validator = new Validator(lake);
      String relation = "(" + lake.scan(TABLE, TimeTravel.LATEST, List.of()).sql() + ")";
      String hand = String.format(Locale.ROOT, HAND, relation);
      validator.validate(suite, TABLE, TimeTravel.LATEST); // warm-up
      lake.query(hand);
      List<Double> suiteMs = new ArrayList<>();
      List<Double> handMs = new ArrayList<>();
      ValidationResult last = null;
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        last = validator.validate(suite, TABLE, TimeTravel.LATEST);
        suiteMs.add(ms(t0));
        t0 = System.nanoTime();
        lake.query(String.format(Locale.ROOT, HAND, "(" + lake.scan(TABLE, TimeTravel.LATEST, List.of()).sql() + ")"));
        handMs.add(ms(t0));
      }
      double ratio = median(suiteMs) / median(handMs);
      boolean met = ratio <= 1.5 && last != null && last.results().size() == 20;
      out.printf(Locale.ROOT, "%-62s %9.1f ms   %s %s%n", "validate a 20-expectation suite, 1M rows (median of 5)",
          median(suiteMs), "one hand-written DuckDB query " + String.format(Locale.ROOT, "%.1f", median(handMs))
              + " ms; ratio " + String.format(Locale.ROOT, "%.2f", ratio) + "x (goal <= 1.5x)", met ? "[met]" : "[MISSED]");
      out.flush();
      return met;
    }
  }

  /**
   * Times a daily-metrics backfill of {@code table} (every day it holds, computed and recorded in
   * {@link DailyMetrics#TABLE}; median of 3) against one hand-written DuckDB query counting its rows
   * per day, the least a backfill must read. Goal: at most 10 s.
   */
  public boolean backfill(Lake lake, TableId table, String batchColumn) {
    DailyMetrics metrics = new DailyMetrics(lake);
    String hand = "SELECT CAST(" + batchColumn + " AS DATE), count(*) FROM %s AS t GROUP BY 1";
    metrics.compute(table, batchColumn, TimeTravel.LATEST); // warm-up
    List<Double> backfillMs = new ArrayList<>();
    List<Double> handMs = new ArrayList<>();
    int days = 0;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      DailyMetrics.Series series = metrics.compute(table, batchColumn, TimeTravel.LATEST);
      metrics.record(series);
      backfillMs.add(ms(t0));
      days = series.days().size();
      t0 = System.nanoTime();
      lake.query(String.format(Locale.ROOT, hand, "(" + lake.scan(table, TimeTravel.LATEST, List.of()).sql() + ")"));
      handMs.add(ms(t0));
    }
    double ratio = median(backfillMs) / median(handMs);
    boolean met = median(backfillMs) <= 10_000 && days >= 90;
    out.printf(Locale.ROOT, "%-62s %9.1f ms   %s %s%n", "daily-metrics backfill, " + days + " days of " + table + " (median of 3)",
        median(backfillMs), "rows-per-day query " + String.format(Locale.ROOT, "%.1f", median(handMs)) + " ms; ratio "
            + String.format(Locale.ROOT, "%.2f", ratio) + "x (goal <= 10 s)", met ? "[met]" : "[MISSED]");
    out.flush();
    return met;
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
