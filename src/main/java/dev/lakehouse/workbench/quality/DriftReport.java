package dev.lakehouse.workbench.quality;

import java.util.List;

/** Drift of one table's newest batch against a reference, per column, with a verdict. */
public record DriftReport(String runId, java.time.Instant runTime, String table, String reference, String current,
    long version, long referenceRows, long currentRows, List<ColumnDrift> columns) {

  public DriftReport {
    columns = List.copyOf(columns);
  }

  /** One column's statistics. {@code pValue} is KS (numbers) or chi-square (categories). */
  public record ColumnDrift(String column, String kind, double psi, Double ksStatistic, double pValue,
      double referenceNullRate, double currentNullRate, long referenceDistinct, long currentDistinct,
      List<String> reasons) {
    public boolean drifted() {
      return !reasons.isEmpty();
    }
  }

  public boolean drifted() {
    return columns.stream().anyMatch(ColumnDrift::drifted);
  }

  public String verdict() {
    return drifted() ? "DRIFT" : "STABLE";
  }

  public java.util.Optional<ColumnDrift> column(String name) {
    return columns.stream().filter(c -> c.column().equalsIgnoreCase(name)).findFirst();
  }
}
