package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily metrics of a table by its batch (date) column, computed in one GROUP BY pass: the row
 * count (0 for a day between the first and the last that has no rows), each column's null rate, and
 * the mean of each numeric column. Named {@code row_count}, {@code null_rate.<column>},
 * {@code mean.<column>}. Kept in {@link #TABLE}, one row per table, day and metric.
 */
public final class DailyMetrics {

  public static final TableId TABLE = TableId.of("quality", "metrics");

  /** One metric of one day. */
  public record Metric(LocalDate day, String name, double value) {}

  /** The metrics of one table at one version, by day. */
  public record Series(String table, long version, String batchColumn, Map<LocalDate, Map<String, Double>> days) {
    public List<String> names() {
      return days.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    }
  }

  private final Lake lake;

  public DailyMetrics(Lake lake) {
    this.lake = lake;
  }

  public Series compute(TableId table, String batchColumn, TimeTravel at) {
    TableSnapshot s = lake.snapshot(table, at);
    ColumnDef batch = s.columns().stream().filter(c -> c.name().equalsIgnoreCase(batchColumn)).findFirst()
        .orElseThrow(() -> new dev.lakehouse.workbench.common.WorkbenchException(
            dev.lakehouse.workbench.common.WorkbenchException.Kind.BAD_INPUT, "there is no column '" + batchColumn + "' in " + table,
            "daily metrics group the rows by a date column", "use one of " + String.join(", ",
                s.columns().stream().map(ColumnDef::name).toList())));
    String rel = "(" + lake.scan(table, TimeTravel.version(s.version()), List.of()).sql() + ")";
    String b = ValidationSql.quote(batch.name());
    List<String> names = new ArrayList<>(List.of("row_count"));
    StringBuilder sql = new StringBuilder("SELECT CAST(" + b + " AS DATE) AS d, count(*)");
    for (ColumnDef c : s.columns()) {
      if (c.name().equalsIgnoreCase(batch.name())) {
        continue;
      }
      String q = ValidationSql.quote(c.name());
      sql.append(", CAST(count(*) - count(").append(q).append(") AS DOUBLE) / count(*)");
      names.add("null_rate." + c.name());
      if ("numeric".equals(DriftAnalyzer.kind(c))) {
        sql.append(", avg(CAST(").append(q).append(" AS DOUBLE))");
        names.add("mean." + c.name());
      }
    }
    sql.append(" FROM ").append(rel).append(" AS t WHERE ").append(b).append(" IS NOT NULL GROUP BY 1 ORDER BY 1");
    Map<LocalDate, Map<String, Double>> days = new java.util.TreeMap<>();
    for (List<Object> row : lake.query(sql.toString()).rows()) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        Object v = row.get(i + 1);
        m.put(names.get(i), v == null ? null : ((Number) v).doubleValue());
      }
      days.put(LocalDate.parse(row.get(0).toString().substring(0, 10)), m);
    }
    if (!days.isEmpty()) {
      LocalDate first = ((java.util.TreeMap<LocalDate, Map<String, Double>>) days).firstKey();
      LocalDate last = ((java.util.TreeMap<LocalDate, Map<String, Double>>) days).lastKey();
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        days.computeIfAbsent(d, k -> {
          Map<String, Double> m = new LinkedHashMap<>();
          m.put("row_count", 0.0);
          return m;
        });
      }
    }
    return new Series(table.toString(), s.version(), batch.name(), days);
  }

  /** Replaces this table's rows in {@link #TABLE} with the series (one DELETE and one append); returns the version. */
  public long record(Series series) {
    lake.createTable(TABLE, new Lake.TableDefinition(List.of(new ColumnDef("table_name", "string"),
        new ColumnDef("table_version", "bigint"), new ColumnDef("day", "date"), new ColumnDef("metric", "string"),
        new ColumnDef("value", "double")), List.of(), "daily metrics per table", Map.of(), null, null),
        Lake.CreateMode.IF_NOT_EXISTS);
    String name = "'" + series.table().replace("'", "''") + "'";
    lake.delete(TABLE, null, "table_name = " + name, List.of());
    List<String> rows = new ArrayList<>();
    series.days().forEach((d, m) -> m.forEach((k, v) -> rows.add("(" + name + ", CAST(" + series.version()
        + " AS BIGINT), DATE '" + d + "', '" + k.replace("'", "''") + "', " + (v == null ? "CAST(NULL AS DOUBLE)"
        : "CAST(" + v + " AS DOUBLE)") + ")")));
    if (rows.isEmpty()) {
      return lake.latestVersion(TABLE);
    }
    return lake.write(TABLE, new Lake.WriteRequest("SELECT * FROM (VALUES " + String.join(", ", rows) + ")", null,
        false, false)).version();
  }
}
