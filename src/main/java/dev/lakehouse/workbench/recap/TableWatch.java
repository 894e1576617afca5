package dev.lakehouse.workbench.recap;

import java.time.LocalDate;
import java.util.List;

/**
 * A watched table's health for the recap, the same data the app's observability view draws: rows per
 * batch day against the expected band, how late each batch landed, the alerted days, and the pass
 * rate of each recorded validation.
 *
 * @param monitors whose monitors judged it, e.g. "your day-22 monitors"
 */
public record TableWatch(String table, String monitors, List<Day> days, List<Pass> passRates, int alerts) {

  public TableWatch {
    days = List.copyOf(days);
    passRates = List.copyOf(passRates);
  }

  /** One batch day; {@code rows} null for a batch that never came, {@code low}/{@code high} null where not judged. */
  public record Day(LocalDate day, Long rows, Double low, Double high, double lagHours, boolean volumeAlert,
      boolean freshnessAlert) {}

  /** One validation run: a label (table version and time) and the percent of expectations passed. */
  public record Pass(String label, double percent) {}
}
