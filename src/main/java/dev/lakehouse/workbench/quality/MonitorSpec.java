package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Data observability monitors (YAML), per table: {@code freshness} (batches are expected at
 * {@code expectedAt}, UTC, the morning after their day; a commit later than {@code maxLagHours}
 * after that, or a day whose batch never came before the next one, is an alert), {@code volume}
 * (the rows of a batch's day against the median of earlier days in a {@code window}, all of them
 * ({@code baseline: trailing}) or the same kind of day, weekday or weekend ({@code day_of_week});
 * outside ±{@code tolerance} of it is an alert; days before {@code since} count in the baseline) and {@code schema} (a commit that {@code added},
 * {@code removed} or {@code retyped} a column). Commits whose batch is before {@code since} are not judged.
 *
 * <pre>
 * tables:
 *   lab22.orders:
 *     batchColumn: order_date
 *     since: 2024-03-06
 *     freshness: {expectedAt: '06:00', maxLagHours: 2}
 *     volume: {baseline: day_of_week, window: 28, minHistory: 2, tolerance: 0.4}
 *     schema: {alertOn: [added, removed, retyped]}
 * </pre>
 */
public record MonitorSpec(List<TableMonitors> tables, String source) {

  /** The monitors of one table; a monitor left out is null. */
  public record TableMonitors(TableId table, String batchColumn, LocalDate since, Freshness freshness, Volume volume,
      Schema schema) {}

  public record Freshness(LocalTime expectedAt, double maxLagHours) {}

  public record Volume(String baseline, int window, int minHistory, double tolerance) {}

  public record Schema(Set<String> alertOn) {}

  public static final Set<String> BASELINES = Set.of("trailing", "day_of_week");
  public static final Set<String> CHANGES = Set.of("added", "removed", "retyped");
  private static final Set<String> TABLE_KEYS = Set.of("batchColumn", "since", "freshness", "volume", "schema");

  public static MonitorSpec read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw bad(file.toString(), "", "the file does not exist", "write the monitor settings there (tables: with freshness, volume, schema)");
    } catch (IOException e) {
      throw bad(file.toString(), "", "it cannot be read (" + e.getMessage() + ")", "check the file's permissions");
    }
  }

  public static MonitorSpec parse(String text, String source) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw bad(source, "", "it is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")",
          "fix the YAML syntax: key: value, maps in {a: 1}, lists in [a, b]");
    }
    if (!(loaded instanceof Map<?, ?> top) || !(top.get("tables") instanceof Map<?, ?> tables) || tables.isEmpty()) {
      throw bad(source, "tables", "there is no map of tables at the top", "write tables: then one entry per table, e.g. lab22.orders:");
    }
    for (Object k : top.keySet()) {
      if (!"tables".equals(String.valueOf(k))) {
        throw bad(source, String.valueOf(k), "it is not a monitor setting", "put everything under tables:");
      }
    }
    List<TableMonitors> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : tables.entrySet()) {
      String name = String.valueOf(e.getKey());
      String at = "tables." + name;
      TableId table;
      try {
        table = TableId.parse(name);
      } catch (RuntimeException ex) {
        throw bad(source, at, "'" + name + "' is not a table name", "write schema.name, e.g. lab22.orders");
      }
      if (!(e.getValue() instanceof Map<?, ?> m)) {
        throw bad(source, at, "it is not a map", "give batchColumn:, freshness:, volume:, schema:");
      }
      for (Object k : m.keySet()) {
        if (!TABLE_KEYS.contains(String.valueOf(k))) {
          throw bad(source, at + "." + k, "it is not a monitor setting", "use " + String.join(", ", TABLE_KEYS.stream().sorted().toList()));
        }
      }
      if (m.get("batchColumn") == null) {
        throw bad(source, at + ".batchColumn", "it is missing", "name the date column of the batches, e.g. batchColumn: order_date");
      }
      LocalDate since = null;
      if (m.containsKey("since")) {
        Object s = m.get("since");
        try {
          since = s instanceof java.util.Date d ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate() : LocalDate.parse(String.valueOf(s));
        } catch (RuntimeException ex) {
          throw bad(source, at + ".since", "'" + s + "' is not a date", "write since: 2024-03-06");
        }
      }
      Freshness freshness = null;
      if (m.containsKey("freshness")) {
        Map<?, ?> f = map(source, at + ".freshness", m.get("freshness"), Set.of("expectedAt", "maxLagHours"));
        LocalTime expected;
        Object x = f.containsKey("expectedAt") ? f.get("expectedAt") : "06:00";
        try {
          // YAML 1.1 reads an unquoted 06:00 as the sexagesimal number 360
          expected = x instanceof Integer i ? LocalTime.of(i / 60 % 24, i % 60) : LocalTime.parse(String.valueOf(x));
        } catch (DateTimeParseException ex) {
          throw bad(source, at + ".freshness.expectedAt", "'" + x + "' is not a time of day", "write expectedAt: '06:00' (quoted)");
        }
        freshness = new Freshness(expected, positive(source, at + ".freshness.maxLagHours", f, "maxLagHours", 2.0));
      }
      Volume volume = null;
      if (m.containsKey("volume")) {
        Map<?, ?> v = map(source, at + ".volume", m.get("volume"), Set.of("baseline", "window", "minHistory", "tolerance"));
        String baseline = String.valueOf(v.containsKey("baseline") ? v.get("baseline") : "trailing");
        if (!BASELINES.contains(baseline)) {
          throw bad(source, at + ".volume.baseline", "'" + baseline + "' is not a baseline", "use trailing or day_of_week");
        }
        int window = whole(source, at + ".volume.window", v, "window", 14);
        int minHistory = whole(source, at + ".volume.minHistory", v, "minHistory", 3);
        if (window < 2 || minHistory < 1) {
          throw bad(source, at + ".volume", "a window needs at least 2 days and minHistory at least 1", "give window: 28, minHistory: 2");
        }
        volume = new Volume(baseline, window, minHistory, positive(source, at + ".volume.tolerance", v, "tolerance", 0.3));
      }
      Schema schema = null;
      if (m.containsKey("schema")) {
        Map<?, ?> s = map(source, at + ".schema", m.get("schema"), Set.of("alertOn"));
        Object l = s.containsKey("alertOn") ? s.get("alertOn") : List.copyOf(CHANGES);
        if (!(l instanceof List<?> list) || !list.stream().map(String::valueOf).allMatch(CHANGES::contains)) {
          throw bad(source, at + ".schema.alertOn", "'" + l + "' is not a list of changes", "write alertOn: [added, removed, retyped]");
        }
        schema = new Schema(Set.copyOf(list.stream().map(String::valueOf).toList()));
      }
      if (freshness == null && volume == null && schema == null) {
        throw bad(source, at, "it has no monitor", "add freshness:, volume: or schema:");
      }
      out.add(new TableMonitors(table, String.valueOf(m.get("batchColumn")), since, freshness, volume, schema));
    }
    return new MonitorSpec(List.copyOf(out), source);
  }

  private static Map<?, ?> map(String source, String field, Object value, Set<String> keys) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw bad(source, field, "it is not a map", "write it as {" + String.join(": ..., ", keys.stream().sorted().toList()) + ": ...}");
    }
    for (Object k : m.keySet()) {
      if (!keys.contains(String.valueOf(k))) {
        throw bad(source, field + "." + k, "it is not a setting of this monitor", "use " + String.join(", ", keys.stream().sorted().toList()));
      }
    }
    return m;
  }

  private static double positive(String source, String field, Map<?, ?> m, String key, double fallback) {
    Object v = m.containsKey(key) ? m.get(key) : fallback;
    if (!(v instanceof Number n) || n.doubleValue() <= 0) {
      throw bad(source, field, "'" + v + "' is not a positive number", "give e.g. " + key + ": " + fallback);
    }
    return n.doubleValue();
  }

  private static int whole(String source, String field, Map<?, ?> m, String key, int fallback) {
    Object v = m.containsKey(key) ? m.get(key) : fallback;
    if (!(v instanceof Integer i) || i < 0) {
      throw bad(source, field, "'" + v + "' is not a whole number of days", "give e.g. " + key + ": " + fallback);
    }
    return i;
  }

  static WorkbenchException bad(String source, String field, String why, String fix) {
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT,
        "the monitor settings " + (field.isEmpty() ? source : source + ", field " + field) + " cannot be used", why, fix);
  }
}
