package dev.lakehouse.workbench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.ShopFeed;
import dev.lakehouse.workbench.lab.shop.ShopGenerator;
import dev.lakehouse.workbench.lab.shop.ShopSpec;
import dev.lakehouse.workbench.lab.shop.ShopSql;
import dev.lakehouse.workbench.lake.TimeTravel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift on the aged shop: clean days stay quiet, the planted price shift and null spike are flagged. */
class DriftAnalyzerTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;

  @Test
  void cleanBatchesAreStableAndThePlantedIncidentsDrift() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC())) {
      LabLake lake = ctx.labs().lake();
      ShopSql.statements(new ShopGenerator(new ShopSpec(42, 40, 12, 5, 0, 200))).forEach(lake::execute);
      long reference = lake.history("shop.orders").get(0).version();
      Map<Integer, Long> versionOfDay = new ShopFeed(lake).advance(16).stream()
          .filter(l -> l.version() != null).collect(Collectors.toMap(ShopFeed.Landed::batchDay, ShopFeed.Landed::version, Math::max));
      DriftSpec spec = DriftSpec.parse("table: shop.orders\nbatchColumn: order_date\nreference: {version: " + reference
          + "}\ncolumns: [amount, quantity, status]\n", "drift.yaml");
      DriftAnalyzer drift = new DriftAnalyzer(ctx.lake());

      for (int day : List.of(6, 7, 8, 10, 11)) {
        DriftReport clean = drift.analyze(spec, TimeTravel.version(versionOfDay.get(day)));
        assertThat(clean.verdict()).as("day %d: %s", day, clean.columns()).isEqualTo("STABLE");
      }
      DriftReport shift = drift.analyze(spec, TimeTravel.version(versionOfDay.get(21)));
      assertThat(shift.current()).isEqualTo("order_date = 2024-03-21");
      assertThat(shift.column("amount").orElseThrow().drifted()).isTrue();
      assertThat(shift.column("amount").orElseThrow().psi()).isGreaterThan(0.2);
      assertThat(shift.column("amount").orElseThrow().pValue()).isLessThan(0.01);
      assertThat(shift.column("quantity").orElseThrow().drifted()).isFalse();

      DriftReport nulls = drift.analyze(spec, TimeTravel.version(versionOfDay.get(12)));
      assertThat(nulls.column("amount").orElseThrow().reasons()).anyMatch(r -> r.startsWith("null rate"));

      DriftReport byDates = drift.analyze(DriftSpec.parse("table: shop.orders\nbatchColumn: order_date\n"
          + "reference: {from: 2024-03-01, to: 2024-03-05}\ncolumns: [amount]\n", "d.yaml"));
      assertThat(byDates.referenceRows()).isEqualTo(1000);
      assertThat(byDates.current()).isEqualTo("order_date = 2024-03-21");
      assertThat(byDates.drifted()).isTrue();

      long v = drift.record(shift);
      assertThat(ctx.lake().history(DriftAnalyzer.HISTORY)).hasSize(2);
      assertThat(ctx.lake().latestVersion(DriftAnalyzer.HISTORY)).isEqualTo(v);
    }
  }

  @Test
  void badSettingsNameTheFileAndTheField() {
    assertThatThrownBy(() -> DriftSpec.parse("table: shop.orders\nbatchColumn: order_date\nreference: {version: x}\n", "d.yaml"))
        .isInstanceOf(WorkbenchException.class).hasMessageContaining("d.yaml, field reference.version");
    assertThatThrownBy(() -> DriftSpec.parse("table: shop.orders\nbatchColumn: order_date\nreference: {version: 0}\n"
        + "thresholds: {psi: 0.2, pvalue: 1}\n", "d.yaml")).hasMessageContaining("thresholds.pvalue");
    assertThatThrownBy(() -> DriftSpec.parse("table: [", "d.yaml")).hasMessageContaining("not valid YAML");
    try (AppContext ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC())) {
      LabLake lake = ctx.labs().lake();
      ShopSql.statements(new ShopGenerator(new ShopSpec(42, 40, 12, 5, 0, 20))).forEach(lake::execute);
      DriftAnalyzer drift = new DriftAnalyzer(ctx.lake());
      assertThatThrownBy(() -> drift.analyze(DriftSpec.parse(
          "table: shop.orders\nbatchColumn: order_date\nreference: {version: 99}\n", "d.yaml")))
          .hasMessageContaining("d.yaml, field reference.version").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThatThrownBy(() -> drift.analyze(DriftSpec.parse(
          "table: shop.orders\nbatchColumn: order_date\nreference: {version: 0}\ncolumns: [amout]\n", "d.yaml")))
          .hasMessageContaining("'amout'");
    }
  }
}
