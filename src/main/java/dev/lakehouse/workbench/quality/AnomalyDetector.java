package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.lake.VersionInfo;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Flags days whose daily metrics leave their expected band, by z-score, robust z (median/MAD) or a
 * day-of-week baseline, over a trailing window. Each alert names the metric, the band, the observed
 * value, and the commit that first brought the day's rows into the table.
 */
public final class AnomalyDetector {

  /** One anomaly: a metric of a day outside [low, high]; {@code version}/{@code operation}/{@code committedAt} of its commit. */
  public record Alert(LocalDate day, String metric, double observed, double low, double high, double score,
      Long version, String operation, java.time.Instant committedAt) {
    public String line() {
      return String.format(java.util.Locale.ROOT, "%s  %-22s observed %.3f, expected %.3f to %.3f (score %.1f)%s", day,
          metric, observed, low, high, score, version == null ? ""
              : "; arrived in version " + version + " (" + operation + ", " + committedAt + ")");
    }
  }

  private final Lake lake;

  public AnomalyDetector(Lake lake) {
    this.lake = lake;
  }

  public List<Alert> detect(DetectorSpec spec) {
    DailyMetrics.Series series = new DailyMetrics(lake).compute(spec.table(), spec.batchColumn(), TimeTravel.LATEST);
    return detect(spec, series, true);
  }

  /** Detection on a computed series; {@code causes} looks up the commit of each alerted day. */
  public List<Alert> detect(DetectorSpec spec, DailyMetrics.Series series, boolean causes) {
    List<LocalDate> days = series.days().keySet().stream().filter(d -> spec.since() == null || !d.isBefore(spec.since())).toList();
    List<String> metrics = spec.metrics().isEmpty() ? series.names() : spec.metrics();
    for (String m : metrics) {
      if (!series.names().contains(m)) {
        throw DetectorSpec.bad(spec.source(), "metrics", "there is no metric '" + m + "' for " + spec.table(),
            "use " + String.join(", ", series.names()));
      }
    }
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      LocalDate d = days.get(i);
      for (String m : metrics) {
        Double x = series.days().get(d).get(m);
        if (x == null) {
          continue;
        }
        List<Double> hist = new ArrayList<>();
        for (int j = Math.max(0, i - spec.window()); j < i; j++) {
          LocalDate h = days.get(j);
          if (spec.method().equals("day_of_week") && weekend(h) != weekend(d)) {
            continue;
          }
          Double v = series.days().get(h).get(m);
          if (v != null) {
            hist.add(v);
          }
        }
        if (hist.size() < Math.max(2, spec.minHistory())) {
          continue;
        }
        double center;
        double scale;
        double[] h = hist.stream().mapToDouble(Double::doubleValue).toArray();
        if (spec.method().equals("zscore")) {
          center = Arrays.stream(h).average().orElse(0);
          scale = Math.sqrt(Arrays.stream(h).map(v -> (v - center) * (v - center)).sum() / (h.length - 1));
        } else {
          center = median(h);
          scale = 1.4826 * median(Arrays.stream(h).map(v -> Math.abs(v - center)).toArray());
        }
        // a band is never narrower than 5% of the level (a few quiet days are not a law), and a flat
        // history (a null rate that is always 0) still has one: at least 0.001
        scale = Math.max(scale, Math.max(0.05 * Math.abs(center), 0.001));
        double score = (x - center) / scale;
        if (Math.abs(score) > spec.threshold()) {
          double low = center - spec.threshold() * scale;
          if (m.equals("row_count") || m.startsWith("null_rate.")) {
            low = Math.max(0, low);   // counts and rates are never negative
          }
          out.add(new Alert(d, m, x, low, center + spec.threshold() * scale, score, null, null, null));
        }
      }
    }
    return causes ? withCauses(spec, series, out) : out;
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The first version holding rows of each alerted day (binary search by time travel); a missing day has none. */
  private List<Alert> withCauses(DetectorSpec spec, DailyMetrics.Series series, List<Alert> alerts) {
    List<VersionInfo> history = lake.history(spec.table());
    long latest = series.version();
    long earliest = history.get(history.size() - 1).version();
    Map<LocalDate, Long> found = new java.util.HashMap<>();
    List<Alert> out = new ArrayList<>();
    String b = ValidationSql.quote(series.batchColumn());
    for (Alert a : alerts) {
      Long v = found.computeIfAbsent(a.day(), d -> {
        if (!holds(spec, b, d, latest)) {
          return -1L;
        }
        long lo = earliest;
        long hi = latest;
        while (lo < hi) {
          long mid = (lo + hi) / 2;
          if (holds(spec, b, d, mid)) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        return lo;
      });
      if (v < 0) {
        out.add(a);
        continue;
      }
      VersionInfo info = history.stream().filter(h -> h.version() == v).findFirst().orElse(null);
      out.add(new Alert(a.day(), a.metric(), a.observed(), a.low(), a.high(), a.score(), v,
          info == null ? null : info.operation(), info == null ? null : info.timestamp()));
    }
    return out;
  }

  private boolean holds(DetectorSpec spec, String b, LocalDate d, long version) {
    try {
      String rel = "(" + lake.scan(spec.table(), TimeTravel.version(version), List.of()).sql() + ")";
      return ((Number) lake.query("SELECT count(*) FROM " + rel + " AS t WHERE " + b + " = DATE '" + d + "'")
          .rows().get(0).get(0)).longValue() > 0;
    } catch (dev.lakehouse.workbench.common.WorkbenchException e) {
      return false;   // a version that cannot be read (vacuumed) holds nothing we can show
    }
  }
}
