package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.VersionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table's observability timeline, oldest first: each commit with its time, operation, rows written
 * and any schema change (columns added, removed or retyped) against the version before it, plus the
 * quality pass rate of every recorded validation run of the table.
 */
public final class Observability {

  public record Commit(long version, Instant time, String operation, String rowsWritten, String schemaChange) {}

  public record QualityRun(String runId, Instant time, long tableVersion, long expectations, long passed) {
    public double passRate() {
      return expectations == 0 ? 1.0 : (double) passed / expectations;
    }
  }

  public record Timeline(String table, List<Commit> commits, List<QualityRun> quality) {}

  private final Lake lake;

  public Observability(Lake lake) {
    this.lake = lake;
  }

  public Timeline timeline(TableId table) {
    List<VersionInfo> history = new ArrayList<>(lake.history(table));
    java.util.Collections.reverse(history);
    List<Commit> commits = new ArrayList<>();
    List<ColumnDef> before = null;
    for (VersionInfo v : history) {
      List<ColumnDef> cols;
      try {
        cols = lake.snapshot(table, v.version()).columns();
      } catch (dev.lakehouse.workbench.common.WorkbenchException e) {
        cols = before;   // a version whose files are gone still shows in the history
      }
      String change = before == null || cols == null ? "" : schemaChange(before, cols);
      Map<String, String> m = v.metrics() == null ? Map.of() : v.metrics();
      commits.add(new Commit(v.version(), v.timestamp(), v.operation(), m.getOrDefault("numOutputRows", ""), change));
      before = cols;
    }
    List<QualityRun> runs = new ArrayList<>();
    if (lake.exists(Validator.RESULTS)) {
      String rel = "(" + lake.scan(Validator.RESULTS, dev.lakehouse.workbench.lake.TimeTravel.LATEST, List.of()).sql() + ")";
      for (List<Object> r : lake.query("SELECT run_id, epoch_ms(min(run_time)), max(table_version), count(*),"
          + " count(*) FILTER (WHERE success) FROM " + rel + " AS t WHERE table_name = '"
          + table.toString().replace("'", "''") + "' GROUP BY run_id ORDER BY 2").rows()) {
        runs.add(new QualityRun(String.valueOf(r.get(0)), Instant.ofEpochMilli(((Number) r.get(1)).longValue()),
            ((Number) r.get(2)).longValue(),
            ((Number) r.get(3)).longValue(), ((Number) r.get(4)).longValue()));
      }
    }
    return new Timeline(table.toString(), commits, runs);
  }

  static String schemaChange(List<ColumnDef> before, List<ColumnDef> after) {
    List<String> parts = new ArrayList<>();
    for (ColumnDef a : after) {
      ColumnDef b = before.stream().filter(x -> x.name().equalsIgnoreCase(a.name())).findFirst().orElse(null);
      if (b == null) {
        parts.add("+" + a.name() + " " + a.type());
      } else if (!Objects.equals(b.type(), a.type())) {
        parts.add(a.name() + " " + b.type() + " -> " + a.type());
      }
    }
    for (ColumnDef b : before) {
      if (after.stream().noneMatch(x -> x.name().equalsIgnoreCase(b.name()))) {
        parts.add("-" + b.name());
      }
    }
    return String.join(", ", parts);
  }
}
