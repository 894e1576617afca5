package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An anomaly detector's settings (YAML): which table and date column, which daily metrics (empty:
 * all), the method ({@code zscore}: mean and standard deviation of the trailing window;
 * {@code robust_z}: median and MAD; {@code day_of_week}: median and MAD of the same kind of day,
 * weekday or weekend, in the window), the window in days, the threshold on |score|, the days of
 * history needed before a day is judged, and the first day to use ({@code since}).
 */
public record DetectorSpec(TableId table, String batchColumn, List<String> metrics, String method, int window,
    double threshold, int minHistory, LocalDate since, String source) {

  public static final Set<String> METHODS = Set.of("zscore", "robust_z", "day_of_week");
  private static final Set<String> TOP = Set.of("table", "batchColumn", "metrics", "method", "window", "threshold",
      "minHistory", "since");

  public static DetectorSpec read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw bad(file.toString(), "", "the file does not exist", "write the detector settings there (table, batchColumn, method, threshold)");
    } catch (IOException e) {
      throw bad(file.toString(), "", "it cannot be read (" + e.getMessage() + ")", "check the file's permissions");
    }
  }

  public static DetectorSpec parse(String text, String source) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw bad(source, "", "it is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")",
          "fix the YAML syntax: key: value, lists in [a, b]");
    }
    if (!(loaded instanceof Map<?, ?> m)) {
      throw bad(source, "", "the top level is not a mapping", "write table:, batchColumn:, method:, threshold:");
    }
    for (Object k : m.keySet()) {
      if (!TOP.contains(String.valueOf(k))) {
        throw bad(source, String.valueOf(k), "it is not a detector setting", "use " + String.join(", ", TOP.stream().sorted().toList()));
      }
    }
    Object t = m.get("table");
    Object b = m.get("batchColumn");
    if (t == null || b == null) {
      throw bad(source, t == null ? "table" : "batchColumn", "it is missing", "add table: schema.name and batchColumn: a date column");
    }
    String method = String.valueOf(m.containsKey("method") ? m.get("method") : "robust_z");
    if (!METHODS.contains(method)) {
      throw bad(source, "method", "'" + method + "' is not a detector", "use zscore, robust_z or day_of_week");
    }
    List<String> metrics = List.of();
    if (m.containsKey("metrics")) {
      if (!(m.get("metrics") instanceof List<?> l)) {
        throw bad(source, "metrics", "metrics is not a list", "write metrics: [row_count, mean.amount]");
      }
      metrics = l.stream().map(String::valueOf).toList();
    }
    int window = whole(source, m, "window", 14);
    int minHistory = whole(source, m, "minHistory", 5);
    if (window < 2) {
      throw bad(source, "window", "a window needs at least 2 days", "give window: 14");
    }
    Object th = m.containsKey("threshold") ? m.get("threshold") : 3.0;
    if (!(th instanceof Number n) || n.doubleValue() <= 0) {
      throw bad(source, "threshold", "'" + th + "' is not a positive number", "give threshold: 3.5");
    }
    LocalDate since = null;
    if (m.containsKey("since")) {
      Object s = m.get("since");
      try {
        since = s instanceof java.util.Date d ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate() : LocalDate.parse(String.valueOf(s));
      } catch (RuntimeException e) {
        throw bad(source, "since", "'" + s + "' is not a date", "write since: 2024-03-06");
      }
    }
    return new DetectorSpec(TableId.parse(String.valueOf(t)), String.valueOf(b), metrics, method, window,
        ((Number) th).doubleValue(), minHistory, since, source);
  }

  private static int whole(String source, Map<?, ?> m, String key, int fallback) {
    Object v = m.containsKey(key) ? m.get(key) : fallback;
    if (!(v instanceof Integer i) || i < 0) {
      throw bad(source, key, "'" + v + "' is not a whole number of days", "give e.g. " + fallback);
    }
    return i;
  }

  static dev.lakehouse.workbench.common.WorkbenchException bad(String source, String field, String why, String fix) {
    return new dev.lakehouse.workbench.common.WorkbenchException(dev.lakehouse.workbench.common.WorkbenchException.Kind.BAD_INPUT,
        "the detector settings " + (field.isEmpty() ? source : source + ", field " + field) + " cannot be used", why, fix);
  }
}
