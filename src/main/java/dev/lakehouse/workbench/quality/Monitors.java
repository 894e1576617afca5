package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.lake.VersionInfo;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs {@link MonitorSpec} monitors commit by commit over a table's history, the way an
 * observability tool watches a feed land: at each commit, which batch days it brought (the rows per
 * day against the version before), how late it landed (commit time against the expected landing
 * time of its day), how many rows that day now has against the baseline of earlier days, and whether
 * the schema changed. A day whose volume alerted does not count in later baselines.
 */
public final class Monitors {

  /** What one commit brought for one batch day; {@code low}/{@code high} NaN when the volume was not judged. */
  public record Observation(long version, Instant committedAt, LocalDate day, long rows, double low, double high,
      double lagHours, String schemaChange) {}

  /** One alert: the batch day it is about, the monitor, the commit, and one line saying what was found. */
  public record Alert(LocalDate day, String monitor, long version, Instant committedAt, String detail) {
    public String line() {
      return day + "  " + monitor + ": " + detail + " (version " + version + ", committed " + committedAt + ")";
    }
  }

  /** The run over one table. */
  public record Report(String table, List<Observation> observations, List<Alert> alerts) {}

  private final Lake lake;

  public Monitors(Lake lake) {
    this.lake = lake;
  }

  public List<Report> run(MonitorSpec spec) {
    List<Report> out = new ArrayList<>();
    for (MonitorSpec.TableMonitors t : spec.tables()) {
      out.add(run(t, spec.source(), v -> { }, () -> false));
    }
    return out;
  }

  /** One table's monitors; {@code progress} gets the fraction done, {@code cancelled} is asked between commits. */
  public Report run(MonitorSpec.TableMonitors t, String source, Consumer<Double> progress,
      java.util.function.BooleanSupplier cancelled) {
    if (!lake.exists(t.table())) {
      throw MonitorSpec.bad(source, "tables." + t.table(), "there is no table " + t.table() + " in the lake",
          "set up the lab first, or name a table that exists ('lake tables' lists them)");
    }
    List<VersionInfo> history = new ArrayList<>(lake.history(t.table()));
    Collections.reverse(history);
    List<ColumnDef> first = lake.snapshot(t.table(), TimeTravel.version(history.get(0).version())).columns();
    String batch = first.stream().map(ColumnDef::name).filter(n -> n.equalsIgnoreCase(t.batchColumn())).findFirst()
        .orElseThrow(() -> MonitorSpec.bad(source, "tables." + t.table() + ".batchColumn",
            "there is no column '" + t.batchColumn() + "' in " + t.table(),
            "use one of " + String.join(", ", first.stream().map(ColumnDef::name).toList())));
    List<Observation> observations = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    Set<LocalDate> volumeAlerted = new HashSet<>();
    Map<LocalDate, Long> before = counts(t.table(), batch, history.get(0).version());
    List<ColumnDef> columnsBefore = first;
    for (int i = 1; i < history.size(); i++) {
      if (cancelled.getAsBoolean()) {
        throw new java.util.concurrent.CancellationException("monitors cancelled");
      }
      progress.accept((double) i / history.size());
      VersionInfo v = history.get(i);
      List<ColumnDef> columns = lake.snapshot(t.table(), TimeTravel.version(v.version())).columns();
      Map<LocalDate, Long> now = counts(t.table(), batch, v.version());
      List<LocalDate> brought = now.entrySet().stream()
          .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L)).map(Map.Entry::getKey).sorted().toList();
      String change = Observability.schemaChange(columnsBefore, columns);
      LocalDate newestBefore = before.isEmpty() ? null : Collections.max(before.keySet());
      LocalDate judgedDay = brought.isEmpty() ? newestBefore : brought.get(0);
      boolean judged = judgedDay != null && (t.since() == null || !judgedDay.isBefore(t.since()));
      if (judged && t.schema() != null && !change.isEmpty()) {
        List<String> hits = new ArrayList<>();
        for (String part : change.split(", ")) {
          String kind = part.startsWith("+") ? "added" : part.startsWith("-") ? "removed" : "retyped";
          if (t.schema().alertOn().contains(kind)) {
            hits.add(part);
          }
        }
        if (!hits.isEmpty()) {
          alerts.add(new Alert(judgedDay, "schema", v.version(), v.timestamp(), "columns changed: " + String.join(", ", hits)));
        }
      }
      if (judged && t.freshness() != null && newestBefore != null && !brought.isEmpty()) {
        // days between the newest one before and this commit's first that never came before it
        for (LocalDate d = newestBefore.plusDays(1); d.isBefore(brought.get(0)); d = d.plusDays(1)) {
          if (!now.containsKey(d)) {
            alerts.add(new Alert(d, "freshness", v.version(), v.timestamp(), "no batch for " + d + " arrived before the batch of "
                + brought.get(0) + " (expected by " + expected(t, d).plusSeconds((long) (t.freshness().maxLagHours() * 3600))
                + ")"));
          }
        }
      }
      for (LocalDate d : brought) {
        double lag = t.freshness() == null ? Double.NaN
            : Duration.between(expected(t, d), v.timestamp()).toMillis() / 3_600_000.0;
        boolean judgeDay = t.since() == null || !d.isBefore(t.since());
        if (judgeDay && t.freshness() != null && lag > t.freshness().maxLagHours()) {
          alerts.add(new Alert(d, "freshness", v.version(), v.timestamp(), String.format(Locale.ROOT,
              "the batch landed %.1f h after its expected time %s, more than %s h", lag, expected(t, d),
              trim(t.freshness().maxLagHours()))));
        }
        double low = Double.NaN;
        double high = Double.NaN;
        if (t.volume() != null) {
          List<Long> hist = new ArrayList<>();
          for (Map.Entry<LocalDate, Long> e : now.entrySet()) {
            LocalDate h = e.getKey();
            if (h.isBefore(d) && !h.isBefore(d.minusDays(t.volume().window())) && !volumeAlerted.contains(h)
                && (!"day_of_week".equals(t.volume().baseline()) || weekend(h) == weekend(d))) {
              hist.add(e.getValue());
            }
          }
          if (hist.size() >= t.volume().minHistory()) {
            double median = median(hist);
            low = median * (1 - t.volume().tolerance());
            high = median * (1 + t.volume().tolerance());
            long rows = now.get(d);
            if (judgeDay && (rows < low || rows > high)) {
              volumeAlerted.add(d);
              alerts.add(new Alert(d, "volume", v.version(), v.timestamp(), String.format(Locale.ROOT,
                  "%d rows for %s (%s), expected %.0f to %.0f (the %s median %.0f ± %s)", rows, d,
                  d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH), low, high,
                  "day_of_week".equals(t.volume().baseline()) ? (weekend(d) ? "weekend" : "weekday") : "trailing",
                  median, trim(t.volume().tolerance()))));
            }
          }
        }
        observations.add(new Observation(v.version(), v.timestamp(), d, now.get(d), low, high, lag, d.equals(brought.get(0)) ? change : ""));
      }
      if (brought.isEmpty() && !change.isEmpty() && judgedDay != null) {
        observations.add(new Observation(v.version(), v.timestamp(), judgedDay, now.getOrDefault(judgedDay, 0L), Double.NaN,
            Double.NaN, Double.NaN, change));
      }
      before.clear();
      before.putAll(now);
      columnsBefore = columns;
    }
    progress.accept(1.0);
    alerts.sort(java.util.Comparator.comparing(Alert::day).thenComparing(Alert::version));
    return new Report(t.table().toString(), List.copyOf(observations), List.copyOf(alerts));
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static Instant expected(MonitorSpec.TableMonitors t, LocalDate day) {
    return day.plusDays(1).atTime(t.freshness().expectedAt()).toInstant(ZoneOffset.UTC);
  }

  private static String trim(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }

  private static double median(List<Long> values) {
    List<Long> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
  }

  private Map<LocalDate, Long> counts(TableId table, String batch, long version) {
    String rel = "(" + lake.scan(table, TimeTravel.version(version), List.of()).sql() + ")";
    String b = ValidationSql.quote(batch);
    Map<LocalDate, Long> out = new TreeMap<>();
    try {
      for (List<Object> r : lake.query("SELECT CAST(" + b + " AS DATE), count(*) FROM " + rel + " AS t WHERE " + b
          + " IS NOT NULL GROUP BY 1").rows()) {
        out.put(LocalDate.parse(r.get(0).toString().substring(0, 10)), ((Number) r.get(1)).longValue());
      }
    } catch (WorkbenchException e) {
      // a version whose files are gone (vacuumed): it brought nothing we can see
    }
    return out;
  }
}
