package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A table's health over its batch days, as the observability view and the recap both draw it: rows
 * per day against the expected band, how late each batch landed, which days alerted, schema changes,
 * and the pass rate of every recorded validation. The monitors are the learner's day-22 file when it
 * names the table, the defaults otherwise.
 *
 * @param learners whether the learner's monitors file judged the table
 * @param days one entry per batch day, missing days included, oldest first
 */
public record TableHealth(String table, boolean learners, List<Day> days, List<String> alerts, List<String> schemaChanges,
    List<Observability.QualityRun> quality, int batches, long commits) {

  /** The learner's monitors file, relative to the data folder (day 22). */
  public static final String LEARNER_MONITORS = "work/day-22/monitors.yaml";

  /**
   * One batch day; {@code low}/{@code high} null where the volume was not judged; {@code rows} null
   * for a day whose batch never came.
   */
  public record Day(LocalDate day, Long rows, Double low, Double high, double lagHours, List<String> volumeAlerts,
      List<String> freshnessAlerts) {}

  /** Watches the table's history; {@code progress} gets the fraction done, {@code cancelled} is asked between commits. */
  public static TableHealth watch(Lake lake, Path dataDir, TableId id, Consumer<Double> progress, BooleanSupplier cancelled) {
    MonitorSpec.TableMonitors s = settings(lake, dataDir, id);
    Monitors.Report report = new Monitors(lake).run(s, "monitors of " + id, progress, cancelled);
    Observability.Timeline timeline = new Observability(lake).timeline(id);
    Map<LocalDate, List<Monitors.Alert>> byDay = report.alerts().stream()
        .collect(Collectors.groupingBy(Monitors.Alert::day, TreeMap::new, Collectors.toList()));
    TreeMap<LocalDate, Monitors.Observation> last = new TreeMap<>();
    report.observations().forEach(o -> last.put(o.day(), o));
    TreeSet<LocalDate> dates = new TreeSet<>(last.keySet());
    dates.addAll(byDay.keySet());
    List<Day> days = new ArrayList<>();
    for (LocalDate d : dates) {
      Monitors.Observation o = last.get(d);
      List<Monitors.Alert> on = byDay.getOrDefault(d, List.of());
      double lag = report.observations().stream().filter(x -> x.day().equals(d) && !Double.isNaN(x.lagHours()))
          .mapToDouble(Monitors.Observation::lagHours).max().orElse(0);
      if (o == null && s.freshness() != null && !on.isEmpty()) {
        // a batch that never came: the lag reaches the commit that noticed it missing
        Instant expected = d.plusDays(1).atTime(s.freshness().expectedAt()).toInstant(ZoneOffset.UTC);
        lag = on.stream().mapToDouble(a -> Duration.between(expected, a.committedAt()).toMinutes() / 60.0).max().orElse(0);
      }
      boolean judged = o != null && !Double.isNaN(o.low());
      days.add(new Day(d, o == null ? null : o.rows(), judged ? o.low() : null, judged ? o.high() : null, Math.max(0, lag),
          on.stream().filter(a -> !a.monitor().equals("freshness")).map(Monitors.Alert::line).toList(),
          on.stream().filter(a -> a.monitor().equals("freshness")).map(Monitors.Alert::line).toList()));
    }
    List<String> schema = report.observations().stream().filter(o -> !o.schemaChange().isEmpty())
        .map(o -> o.day() + "  " + o.schemaChange() + "  (version " + o.version() + ")").toList();
    return new TableHealth(id.toString(), s.freshness() != null && learnerCovers(dataDir, id), days,
        report.alerts().stream().map(Monitors.Alert::line).toList(), schema, timeline.quality(),
        report.observations().size(), report.observations().stream().map(Monitors.Observation::version).distinct().count());
  }

  /** How many batch days alerted. */
  public long daysAlerted() {
    return days.stream().filter(d -> !d.volumeAlerts().isEmpty() || !d.freshnessAlerts().isEmpty()).count();
  }

  /** The learner's monitors for the table when their day-22 file names it; defaults otherwise. */
  public static MonitorSpec.TableMonitors settings(Lake lake, Path dataDir, TableId id) {
    Path mine = dataDir.resolve(LEARNER_MONITORS);
    if (Files.isRegularFile(mine)) {
      try {
        for (MonitorSpec.TableMonitors t : MonitorSpec.read(mine).tables()) {
          if (t.table().equals(id)) {
            return t;
          }
        }
      } catch (RuntimeException e) {
        // a file being edited may not parse: watch with the defaults
      }
    }
    return new MonitorSpec.TableMonitors(id, dateColumn(lake, id), null, new MonitorSpec.Freshness(LocalTime.of(6, 0), 2),
        new MonitorSpec.Volume("day_of_week", 28, 2, 0.4), new MonitorSpec.Schema(Set.copyOf(MonitorSpec.CHANGES)));
  }

  /** The tables the learner's day-22 monitors file names; empty without a readable file. */
  public static List<TableId> learnerTables(Path dataDir) {
    Path mine = dataDir.resolve(LEARNER_MONITORS);
    if (!Files.isRegularFile(mine)) {
      return List.of();
    }
    try {
      return MonitorSpec.read(mine).tables().stream().map(MonitorSpec.TableMonitors::table).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** The table's first date column, the batch day of a daily feed; null without one. */
  public static String dateColumn(Lake lake, TableId id) {
    try {
      return lake.describe(id).columns().stream().filter(c -> c.type().toLowerCase(Locale.ROOT).startsWith("date"))
          .map(ColumnDef::name).findFirst().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean learnerCovers(Path dataDir, TableId id) {
    return learnerTables(dataDir).contains(id);
  }
}
