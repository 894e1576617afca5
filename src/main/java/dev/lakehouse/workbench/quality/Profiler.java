package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.util.ArrayList;
import java.util.List;

/** A one-pass profile (exact distinct counts) of a table version: per column, nulls, distinct values, min, max and mean. */
public final class Profiler {

  public record ColumnProfile(String column, String type, long nulls, double nullPercent, long distinct, String min,
      String max, Double mean) {}

  public record Profile(String table, long version, long rows, List<ColumnProfile> columns) {}

  private final Lake lake;

  public Profiler(Lake lake) {
    this.lake = lake;
  }

  public Profile profile(TableId table, TimeTravel at) {
    TableSnapshot s = lake.snapshot(table, at);
    String rel = "(" + lake.scan(table, TimeTravel.version(s.version()), List.of()).sql() + ")";
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (ColumnDef c : s.columns()) {
      String q = ValidationSql.quote(c.name());
      boolean numeric = "numeric".equals(DriftAnalyzer.kind(c));
      sql.append(", count(*) - count(").append(q).append("), count(DISTINCT ").append(q).append("), CAST(min(")
          .append(q).append(") AS VARCHAR), CAST(max(").append(q).append(") AS VARCHAR), ")
          .append(numeric ? "avg(CAST(" + q + " AS DOUBLE))" : "CAST(NULL AS DOUBLE)");
    }
    List<Object> row = lake.query(sql.append(" FROM ").append(rel).append(" AS t").toString()).rows().get(0);
    long n = ((Number) row.get(0)).longValue();
    List<ColumnProfile> out = new ArrayList<>();
    int i = 1;
    for (ColumnDef c : s.columns()) {
      long nulls = ((Number) row.get(i)).longValue();
      out.add(new ColumnProfile(c.name(), c.type(), nulls, n == 0 ? 0 : 100.0 * nulls / n,
          ((Number) row.get(i + 1)).longValue(), (String) row.get(i + 2), (String) row.get(i + 3),
          row.get(i + 4) == null ? null : ((Number) row.get(i + 4)).doubleValue()));
      i += 5;
    }
    return new Profile(table.toString(), s.version(), n, out);
  }
}
