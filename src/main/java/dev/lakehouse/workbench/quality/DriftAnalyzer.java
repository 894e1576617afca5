package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.DriftReport.ColumnDrift;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.hipparchus.stat.inference.ChiSquareTest;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * Compares the newest batch of a table with a reference, column by column: PSI over the reference's
 * deciles and a two-sample Kolmogorov–Smirnov test for numbers; PSI and a chi-square test over the
 * categories for text; null-rate and distinct-count change for both. p-values come from Hipparchus.
 * Each side is read through DuckDB, at most {@link #SAMPLE} values per column (a repeatable sample).
 */
public final class DriftAnalyzer {

  public static final TableId HISTORY = TableId.of("quality", "drift_history");
  static final int SAMPLE = 100_000;
  private static final double EPS = 1e-4;

  private final Lake lake;
  private final Clock clock;

  public DriftAnalyzer(Lake lake) {
    this(lake, Clock.systemUTC());
  }

  public DriftAnalyzer(Lake lake, Clock clock) {
    this.lake = lake;
    this.clock = clock;
  }

  /** Drift of the newest batch at the latest version. */
  public DriftReport analyze(DriftSpec spec) {
    return analyze(spec, TimeTravel.LATEST);
  }

  /** Drift of the newest batch as of version {@code current} against the spec's reference. */
  public DriftReport analyze(DriftSpec spec, TimeTravel current) {
    TableSnapshot now = lake.snapshot(spec.table(), current);
    List<ColumnDef> cols = now.columns();
    ColumnDef batch = find(spec, cols, spec.batchColumn(), "batchColumn");
    List<ColumnDef> chosen = new ArrayList<>();
    if (spec.columns().isEmpty()) {
      cols.stream().filter(c -> !c.name().equalsIgnoreCase(batch.name()) && kind(c) != null).forEach(chosen::add);
    } else {
      for (String c : spec.columns()) {
        ColumnDef d = find(spec, cols, c, "columns");
        if (kind(d) == null) {
          throw DriftSpec.bad(spec.source(), "columns", "column " + c + " is of type " + d.type()
              + ", which drift does not compare", "list numeric or text columns");
        }
        chosen.add(d);
      }
    }
    String b = ValidationSql.quote(batch.name());
    String currentRel = "(" + lake.scan(spec.table(), TimeTravel.version(now.version()), List.of()).sql() + ")";
    Object newest = lake.query("SELECT max(" + b + ") FROM " + currentRel + " AS t").rows().get(0).get(0);
    if (newest == null) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "there is no batch to compare in " + spec.table(),
          "the table has no rows with a " + batch.name() + " at version " + now.version(), "land a batch first");
    }
    String cur = "(SELECT * FROM " + currentRel + " AS t WHERE " + b + " = " + ValidationSql.literal(newest.toString()) + ")";
    String ref;
    if (spec.referenceVersion() != null) {
      TableSnapshot r;
      try {
        r = lake.snapshot(spec.table(), TimeTravel.version(spec.referenceVersion()));
      } catch (WorkbenchException e) {
        throw DriftSpec.bad(spec.source(), "reference.version", "version " + spec.referenceVersion() + " of "
            + spec.table() + " cannot be read (" + e.getMessage() + ")", "pick a version DESCRIBE HISTORY lists");
      }
      ref = "(" + lake.scan(spec.table(), TimeTravel.version(r.version()), List.of()).sql() + ")";
    } else {
      ref = "(SELECT * FROM " + currentRel + " AS t WHERE " + b + " BETWEEN DATE '" + spec.referenceFrom()
          + "' AND DATE '" + spec.referenceTo() + "')";
    }
    long refRows = count(ref);
    long curRows = count(cur);
    if (refRows == 0) {
      throw DriftSpec.bad(spec.source(), "reference", "the reference (" + spec.referenceText() + ") has no rows",
          "pick a version or date range that holds data");
    }
    List<ColumnDrift> out = new ArrayList<>();
    for (ColumnDef c : chosen) {
      out.add("numeric".equals(kind(c)) ? numeric(spec, c.name(), ref, cur, refRows, curRows)
          : categorical(spec, c.name(), ref, cur, refRows, curRows));
    }
    return new DriftReport(UUID.randomUUID().toString(), clock.instant(), spec.table().toString(), spec.referenceText(),
        batch.name() + " = " + newest, now.version(), refRows, curRows, out);
  }

  private static ColumnDef find(DriftSpec spec, List<ColumnDef> cols, String name, String field) {
    return cols.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
        DriftSpec.bad(spec.source(), field, "there is no column '" + name + "' in " + spec.table(),
            "use one of " + String.join(", ", cols.stream().map(ColumnDef::name).toList())));
  }

  static String kind(ColumnDef c) {
    String t = c.type().toLowerCase(Locale.ROOT);
    if (t.startsWith("decimal") || List.of("int", "integer", "bigint", "smallint", "tinyint", "double", "float", "long",
        "short", "byte").contains(t)) {
      return "numeric";
    }
    if (t.equals("string") || t.equals("boolean") || t.startsWith("varchar") || t.startsWith("char")) {
      return "categorical";
    }
    return null;
  }

  private long count(String rel) {
    return ((Number) lake.query("SELECT count(*) FROM " + rel + " AS t").rows().get(0).get(0)).longValue();
  }

  private double[] values(String rel, String column) {
    String c = ValidationSql.quote(column);
    List<List<Object>> rows = lake.query("SELECT CAST(" + c + " AS DOUBLE) FROM " + rel + " AS t WHERE " + c
        + " IS NOT NULL USING SAMPLE reservoir(" + SAMPLE + " ROWS) REPEATABLE (42)").rows();
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) rows.get(i).get(0)).doubleValue();
    }
    return out;
  }

  private long[] nullsAndDistinct(String rel, String column) {
    String c = ValidationSql.quote(column);
    List<Object> r = lake.query("SELECT count(*) - count(" + c + "), count(DISTINCT " + c + ") FROM " + rel + " AS t").rows().get(0);
    return new long[] {((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()};
  }

  private ColumnDrift numeric(DriftSpec spec, String column, String ref, String cur, long refRows, long curRows) {
    double[] r = values(ref, column);
    double[] c = values(cur, column);
    long[] rn = nullsAndDistinct(ref, column);
    long[] cn = nullsAndDistinct(cur, column);
    double psi = Double.NaN;
    Double d = null;
    double p = Double.NaN;
    if (r.length > 0 && c.length > 0) {
      Arrays.sort(r);
      TreeSet<Double> edges = new TreeSet<>();
      for (int i = 1; i < 10; i++) {
        edges.add(r[Math.min(r.length - 1, (int) Math.floor(i * r.length / 10.0))]);
      }
      double[] e = edges.stream().mapToDouble(Double::doubleValue).toArray();
      psi = psi(bins(r, e), bins(c, e));
      KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(42L);
      d = ks.kolmogorovSmirnovStatistic(r, c);
      p = r.length > 1 && c.length > 1 ? ks.kolmogorovSmirnovTest(r, c) : 1.0;
    }
    return column(spec, column, "numeric", psi, d, p, rn, cn, refRows, curRows);
  }

  /** Counts per bin: bin i holds values in (e[i-1], e[i]]; the last bin everything above. */
  static long[] bins(double[] values, double[] edges) {
    long[] out = new long[edges.length + 1];
    for (double v : values) {
      int i = Arrays.binarySearch(edges, v);
      int bin = i >= 0 ? i : -i - 1;
      out[bin]++;
    }
    return out;
  }

  static double psi(long[] ref, long[] cur) {
    double rt = Arrays.stream(ref).sum();
    double ct = Arrays.stream(cur).sum();
    double psi = 0;
    for (int i = 0; i < ref.length; i++) {
      double a = Math.max(ref[i] / rt, EPS);
      double b = Math.max(cur[i] / ct, EPS);
      psi += (b - a) * Math.log(b / a);
    }
    return psi;
  }

  private ColumnDrift categorical(DriftSpec spec, String column, String ref, String cur, long refRows, long curRows) {
    String c = ValidationSql.quote(column);
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (int side = 0; side < 2; side++) {
      for (List<Object> row : lake.query("SELECT CAST(" + c + " AS VARCHAR), count(*) FROM " + (side == 0 ? ref : cur)
          + " AS t WHERE " + c + " IS NOT NULL GROUP BY 1 ORDER BY 1").rows()) {
        counts.computeIfAbsent(String.valueOf(row.get(0)), k -> new long[2])[side] = ((Number) row.get(1)).longValue();
      }
    }
    long[] r = counts.values().stream().mapToLong(x -> x[0]).toArray();
    long[] k = counts.values().stream().mapToLong(x -> x[1]).toArray();
    double psi = Double.NaN;
    double p = Double.NaN;
    if (Arrays.stream(r).sum() > 0 && Arrays.stream(k).sum() > 0) {
      psi = psi(r, k);
      p = counts.size() < 2 ? 1.0 : new ChiSquareTest().chiSquareTestDataSetsComparison(r, k);
    }
    return column(spec, column, "categorical", psi, null, p, nullsAndDistinct(ref, column), nullsAndDistinct(cur, column),
        refRows, curRows);
  }

  private static ColumnDrift column(DriftSpec spec, String column, String kind, double psi, Double d, double p,
      long[] rn, long[] cn, long refRows, long curRows) {
    DriftSpec.Thresholds t = spec.thresholds();
    double refNull = refRows == 0 ? 0 : (double) rn[0] / refRows;
    double curNull = curRows == 0 ? 0 : (double) cn[0] / curRows;
    List<String> reasons = new ArrayList<>();
    if (!Double.isNaN(psi) && psi >= t.psi()) {
      reasons.add(String.format(Locale.ROOT, "PSI %.3f >= %s", psi, t.psi()));
    }
    if (!Double.isNaN(p) && p < t.ksPValue()) {
      reasons.add(String.format(Locale.ROOT, "%s p-value %.2g < %s", kind.equals("numeric") ? "KS" : "chi-square", p, t.ksPValue()));
    }
    if (Math.abs(curNull - refNull) >= t.nullRate() && t.nullRate() > 0) {
      reasons.add(String.format(Locale.ROOT, "null rate %.1f%% -> %.1f%%", 100 * refNull, 100 * curNull));
    }
    if (kind.equals("categorical") && rn[1] > 0 && Math.abs(cn[1] - rn[1]) / (double) rn[1] >= t.distinctChange()
        && t.distinctChange() > 0) {
      reasons.add("distinct values " + rn[1] + " -> " + cn[1]);
    }
    return new ColumnDrift(column, kind, psi, d, p, refNull, curNull, rn[1], cn[1], reasons);
  }

  /** Appends the report to {@link #HISTORY}, one row per column; returns the new version. */
  public long record(DriftReport report) {
    List<ColumnDef> cols = List.of(new ColumnDef("run_id", "string"), new ColumnDef("run_time", "timestamp"),
        new ColumnDef("table_name", "string"), new ColumnDef("table_version", "bigint"),
        new ColumnDef("reference", "string"), new ColumnDef("current_batch", "string"),
        new ColumnDef("column_name", "string"), new ColumnDef("kind", "string"), new ColumnDef("psi", "double"),
        new ColumnDef("ks_statistic", "double"), new ColumnDef("p_value", "double"),
        new ColumnDef("reference_null_rate", "double"), new ColumnDef("current_null_rate", "double"),
        new ColumnDef("reference_distinct", "bigint"), new ColumnDef("current_distinct", "bigint"),
        new ColumnDef("drifted", "boolean"), new ColumnDef("reasons", "string"));
    lake.createTable(HISTORY, new Lake.TableDefinition(cols, List.of(), "one row per column per drift run", Map.of(),
        null, null), Lake.CreateMode.IF_NOT_EXISTS);
    if (report.columns().isEmpty()) {
      return lake.latestVersion(HISTORY);
    }
    List<String> rows = new ArrayList<>();
    for (ColumnDrift c : report.columns()) {
      rows.add("(" + String.join(", ", lit(report.runId()),
          "TIMESTAMP '" + report.runTime().toString().replace('T', ' ').replace("Z", "") + "'", lit(report.table()),
          "CAST(" + report.version() + " AS BIGINT)", lit(report.reference()), lit(report.current()), lit(c.column()),
          lit(c.kind()), dbl(c.psi()), c.ksStatistic() == null ? "CAST(NULL AS DOUBLE)" : dbl(c.ksStatistic()),
          dbl(c.pValue()), dbl(c.referenceNullRate()), dbl(c.currentNullRate()),
          "CAST(" + c.referenceDistinct() + " AS BIGINT)", "CAST(" + c.currentDistinct() + " AS BIGINT)",
          Boolean.toString(c.drifted()), lit(String.join("; ", c.reasons()))) + ")");
    }
    return lake.write(HISTORY, new Lake.WriteRequest("SELECT * FROM (VALUES " + String.join(", ", rows) + ")", null,
        false, false)).version();
  }

  private static String lit(String s) {
    return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
  }

  private static String dbl(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? "CAST(NULL AS DOUBLE)" : "CAST(" + d + " AS DOUBLE)";
  }
}
