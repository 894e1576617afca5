package dev.lakehouse.workbench.lab.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.ShopFeed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop's feed on a real lake: one append per delivered batch, incidents on their days, deterministic. */
class ShopFeedTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;

  private static List<List<Object>> rows(LabLake lake, String sql) {
    return lake.execute(sql).rows();
  }

  private static long count(LabLake lake, String sql) {
    return ((Number) rows(lake, sql).get(0).get(0)).longValue();
  }

  @Test
  void advancingLandsEachDeliveredBatchAsItsOwnAppendWithTheIncidentsOnTheirDays() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC())) {
      LabLake lake = ctx.labs().lake();
      ShopSpec spec = new ShopSpec(7, 40, 12, 5, 0, 50);
      ShopSql.statements(new ShopGenerator(spec)).forEach(lake::execute);
      ShopFeed feed = new ShopFeed(lake);
      assertThat(feed.spec()).isEqualTo(spec);
      assertThat(feed.currentDay()).isEqualTo(5);
      long before = lake.history("shop.orders").get(0).version();

      List<ShopFeed.Landed> first = feed.advance(3);
      assertThat(first).extracting(ShopFeed.Landed::batchDay).containsExactly(6, 7, 8);
      assertThat(lake.history("shop.orders").get(0).version()).isEqualTo(before + 3);
      assertThat(lake.history("shop.orders").subList(0, 3)).allSatisfy(v -> {
        assertThat(v.operation()).isEqualTo("WRITE");
        assertThat(v.parameters().get("mode")).isEqualTo("Append");
      });
      // weekly season: the weekend days (9-10 March 2024 are Sat/Sun) are busier than weekdays
      ShopCalendar cal = feed.calendar();
      assertThat(cal.volume(9) + cal.volume(10)).isGreaterThan(cal.volume(6) + cal.volume(7));

      List<ShopFeed.Landed> rest = feed.advance(22);   // feed days 9..30
      // day 9 is delivered twice; day 18 arrives on day 19 before day 19's own; day 24 never arrives
      assertThat(rest.stream().filter(l -> l.batchDay() == 9 && l.version() != null)).hasSize(2);
      assertThat(rest.stream().filter(l -> l.feedDay() == 19).map(ShopFeed.Landed::batchDay)).containsExactly(18, 19);
      assertThat(rest.stream().filter(l -> l.feedDay() == 24).findFirst().orElseThrow().version()).isNull();
      assertThat(count(lake, "SELECT count(*) FROM shop.orders WHERE order_date = DATE '2024-03-24'")).isZero();
      assertThat(count(lake, "SELECT count(*) - count(DISTINCT order_id) FROM shop.orders WHERE order_date = DATE '2024-03-09'"))
          .isEqualTo(cal.volume(9));
      assertThat(count(lake, "SELECT count(*) FILTER (WHERE amount IS NULL) * 100 / count(*) FROM shop.orders"
          + " WHERE order_date = DATE '2024-03-12'")).isBetween(25L, 55L);
      assertThat(count(lake, "SELECT count(*) FROM shop.orders WHERE quantity NOT BETWEEN 1 AND 4")).isPositive();
      assertThat(lake.columns("shop.orders")).extracting(LabLake.Column::name).contains("coupon_code");
      assertThat(count(lake, "SELECT count(coupon_code) FROM shop.orders WHERE order_date < DATE '2024-03-27'")).isZero();
      assertThat(count(lake, "SELECT count(coupon_code) FROM shop.orders WHERE order_date >= DATE '2024-03-27'")).isPositive();
      assertThat(feed.currentDay()).isEqualTo(30);
      assertThat(rows(lake, "SELECT max(order_date) FROM shop.orders").get(0).get(0).toString()).isEqualTo("2024-03-30");

      // the same seed gives the same rows
      ShopCalendar again = new ShopCalendar(new ShopGenerator(spec));
      assertThat(again.batch(21, 21)).isEqualTo(cal.batch(21, 21));
      assertThat(cal.incidents()).extracting(ShopCalendar.Entry::incident).hasSize(ShopCalendar.Incident.values().length);
      assertThat(cal.incidents().get(0).date()).isEqualTo(LocalDate.of(2024, 3, 9));
    }
  }

  @Test
  void advancingWithoutAShopOrByNothingSaysWhatToDo() {
    try (AppContext ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC())) {
      ShopFeed feed = new ShopFeed(ctx.labs().lake());
      assertThatThrownBy(() -> feed.advance(1)).isInstanceOf(WorkbenchException.class)
          .hasMessageContaining("no shop to advance");
    }
  }
}
