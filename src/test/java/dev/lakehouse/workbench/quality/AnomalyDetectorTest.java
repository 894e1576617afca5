package dev.lakehouse.workbench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.ShopFeed;
import dev.lakehouse.workbench.lab.shop.ShopGenerator;
import dev.lakehouse.workbench.lab.shop.ShopSpec;
import dev.lakehouse.workbench.lab.shop.ShopSql;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detectors on 85 aged days of the shop: the naive ones fail in the two classic ways, the seasonal one finds the incidents. */
class AnomalyDetectorTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();
  static final String BASE = "table: shop.orders\nbatchColumn: order_date\nsince: 2024-03-06\n"
      + "metrics: [row_count, null_rate.amount, mean.amount, mean.quantity, mean.customer_id]\n";
  static final Set<LocalDate> INCIDENTS = Set.of(LocalDate.of(2024, 3, 12), LocalDate.of(2024, 3, 15),
      LocalDate.of(2024, 3, 21), LocalDate.of(2024, 3, 24), LocalDate.of(2024, 4, 2), LocalDate.of(2024, 4, 5),
      LocalDate.of(2024, 4, 8));

  @TempDir Path dataDir;

  private static Set<LocalDate> days(List<AnomalyDetector.Alert> alerts) {
    Set<LocalDate> out = new TreeSet<>();
    alerts.forEach(a -> out.add(a.day()));
    return out;
  }

  @Test
  void theSeasonalDetectorFindsThePlantedIncidentsAndTheNaiveOnesDoNot() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC())) {
      LabLake lake = ctx.labs().lake();
      ShopSql.statements(new ShopGenerator(new ShopSpec(42, 40, 12, 5, 0, 100))).forEach(lake::execute);
      new ShopFeed(lake).advance(85);

      long t0 = System.nanoTime();
      DailyMetrics metrics = new DailyMetrics(ctx.lake());
      DailyMetrics.Series s = metrics.compute(TableId.parse("shop.orders"), "order_date", TimeTravel.LATEST);
      long v = metrics.record(s);
      double backfillMs = (System.nanoTime() - t0) / 1e6;
      assertThat(s.days()).hasSize(90);
      assertThat(backfillMs).as("90-day metrics backfill").isLessThan(10_000);
      assertThat(ctx.lake().latestVersion(DailyMetrics.TABLE)).isEqualTo(v);
      assertThat(s.days().get(LocalDate.of(2024, 3, 24)).get("row_count")).isZero();   // the missing batch

      AnomalyDetector detector = new AnomalyDetector(ctx.lake());
      Set<LocalDate> seasonal = days(detector.detect(DetectorSpec.parse(BASE
          + "method: day_of_week\nwindow: 28\nminHistory: 3\nthreshold: 4\n", "d.yaml"), s, false));
      seasonal.removeIf(d -> d.isBefore(LocalDate.of(2024, 3, 11)));
      assertThat(seasonal).containsAll(INCIDENTS);
      assertThat(seasonal.stream().filter(d -> !INCIDENTS.contains(d)).count()).as("false alarms in %s", seasonal).isLessThanOrEqualTo(1);

      Set<LocalDate> robust = days(detector.detect(DetectorSpec.parse(BASE
          + "method: robust_z\nwindow: 14\nminHistory: 5\nthreshold: 3.5\n", "d.yaml"), s, false));
      assertThat(robust.stream().filter(d -> !INCIDENTS.contains(d) && d.getDayOfWeek().getValue() >= 6).count())
          .as("weekends flagged by a detector that ignores the week").isGreaterThanOrEqualTo(3);

      Set<LocalDate> z = days(detector.detect(DetectorSpec.parse(BASE
          + "method: zscore\nwindow: 14\nminHistory: 5\nthreshold: 3\n", "d.yaml"), s, false));
      assertThat(INCIDENTS.stream().filter(d -> !z.contains(d)).count()).as("incidents a plain z-score misses").isGreaterThanOrEqualTo(2);

      // an alert names its commit: the append that brought the day in
      List<AnomalyDetector.Alert> withCause = detector.detect(DetectorSpec.parse(BASE
          + "method: day_of_week\nwindow: 28\nminHistory: 3\nthreshold: 4\n", "d.yaml"));
      AnomalyDetector.Alert nulls = withCause.stream().filter(a -> a.day().equals(LocalDate.of(2024, 3, 12))).findFirst().orElseThrow();
      assertThat(nulls.metric()).isEqualTo("null_rate.amount");
      assertThat(nulls.operation()).isEqualTo("WRITE");
      assertThat(ctx.lake().snapshot(TableId.parse("shop.orders"), nulls.version() - 1).version()).isEqualTo(nulls.version() - 1);
      assertThat(nulls.line()).contains("arrived in version " + nulls.version());
    }
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> DetectorSpec.parse("table: shop.orders\nbatchColumn: order_date\nmethod: magic\n", "d.yaml"))
        .hasMessageContaining("d.yaml, field method").hasMessageContaining("day_of_week");
    assertThatThrownBy(() -> DetectorSpec.parse("table: shop.orders\nbatchColumn: order_date\nthreshold: -1\n", "d.yaml"))
        .hasMessageContaining("field threshold");
  }
}
