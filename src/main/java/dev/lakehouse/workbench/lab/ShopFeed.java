package dev.lakehouse.workbench.lab;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.shop.ShopCalendar;
import dev.lakehouse.workbench.lab.shop.ShopGenerator;
import dev.lakehouse.workbench.lab.shop.ShopSpec;
import dev.lakehouse.workbench.lab.shop.ShopSql;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ages the shop's lake: {@link #advance} lands the next days of the feed into {@code shop.orders},
 * one append (one commit) per delivered batch, as {@link ShopCalendar} plans them. Where the feed
 * stands is read from the table itself (its newest order date), so a RESTORE of the table also moves
 * the feed back; the seed comes from the table's {@code workbench.shop.*} properties written at setup.
 */
public final class ShopFeed {

  public static final String TABLE = "shop.orders";

  /** One append made (or, for a day with nothing delivered, none), as the learner reads it. */
  public record Landed(int feedDay, LocalDate date, int batchDay, int rows, Long version, String note) {}

  private final LabLake lake;
  private final String target;

  public ShopFeed(LabLake lake) {
    this(lake, TABLE);
  }

  /**
   * A feed landing into {@code target} (a copy of {@code shop.orders} a lab owns), with the shop's
   * seed read from {@code shop.orders}; where the feed stands is read from the target.
   */
  public ShopFeed(LabLake lake, String target) {
    this.lake = lake;
    this.target = target;
  }

  /** The table the feed lands in. */
  public String target() {
    return target;
  }

  /** The shop's spec as setup stored it on {@code shop.orders}. */
  public ShopSpec spec() {
    requireShop();
    Map<String, String> p = new HashMap<>();
    for (List<Object> row : lake.execute("SHOW TBLPROPERTIES " + TABLE).rows()) {
      p.put(String.valueOf(row.get(0)), String.valueOf(row.get(1)));
    }
    ShopSpec d = ShopSpec.DEFAULT;
    try {
      return new ShopSpec(Long.parseLong(p.getOrDefault(ShopSql.PROPERTY + "seed", "" + d.seed())),
          Integer.parseInt(p.getOrDefault(ShopSql.PROPERTY + "customers", "" + d.customers())),
          Integer.parseInt(p.getOrDefault(ShopSql.PROPERTY + "products", "" + d.products())),
          Integer.parseInt(p.getOrDefault(ShopSql.PROPERTY + "days", "" + d.days())),
          Integer.parseInt(p.getOrDefault(ShopSql.PROPERTY + "nextDays", "" + d.nextDays())),
          Integer.parseInt(p.getOrDefault(ShopSql.PROPERTY + "ordersPerDay", "" + d.ordersPerDay())));
    } catch (NumberFormatException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the shop's settings are damaged",
          "a " + ShopSql.PROPERTY + "* property of " + TABLE + " is not a number",
          "set the shop up again ('lab setup' of any lab with shop data)");
    }
  }

  public ShopCalendar calendar() {
    return new ShopCalendar(new ShopGenerator(spec()));
  }

  /** The last feed day that has landed: the newest order date, past any day that delivers nothing. */
  public int currentDay() {
    ShopCalendar cal = calendar();
    if (!lake.exists(target)) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "there is no table " + target + " to land the feed in",
          "the feed appends to an existing copy of " + TABLE, "create it first, e.g. CREATE TABLE " + target
              + " AS SELECT * FROM " + TABLE);
    }
    Object max = lake.execute("SELECT max(order_date) FROM " + target).rows().get(0).get(0);
    int day = max == null ? 0 : (int) ChronoUnit.DAYS.between(ShopGenerator.FIRST_DAY, LocalDate.parse(max.toString())) + 1;
    while (cal.delivered(day + 1).isEmpty() && day < 10_000) {
      day++;
    }
    return day;
  }

  /** Lands the next {@code days} feed days, one commit per delivered batch. */
  public List<Landed> advance(int days) {
    return advance(days, null);
  }

  /**
   * Lands the next {@code days} feed days, one commit per delivered batch; with {@code landsAt} (the
   * UTC time batches are expected the morning after their day) each commit also gets the time it
   * would have landed at on a real daily feed ({@link ShopCalendar#landingTime}), and the versions
   * before the first landed one get the landing time of the last day already in the table, so the
   * history reads like a month of mornings. Only for a lab's own copy of the feed ({@code advanceInto}).
   */
  public List<Landed> advance(int days, java.time.LocalTime landsAt) {
    if (days < 1 || days > 366) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot advance the shop by " + days + " days",
          "the feed moves forward 1 to 366 days at a time", "give --days between 1 and 366");
    }
    ShopCalendar cal = calendar();
    int day = currentDay();
    List<Landed> out = new ArrayList<>();
    if (landsAt != null) {
      java.time.Instant before = cal.landingTime(day, 0, landsAt);
      List<LabLake.Version> earlier = lake.history(target);   // newest first
      for (int k = 0; k < earlier.size(); k++) {
        lake.setCommitTime(target, earlier.get(k).version(), before.minusSeconds(60L * k));
      }
    }
    for (int i = 0; i < days; i++) {
      day++;
      List<ShopCalendar.Batch> batches = cal.delivered(day);
      if (batches.isEmpty()) {
        out.add(new Landed(day, cal.shop().date(day), day, 0, null,
            cal.incident(day).map(ShopCalendar.Incident::description).orElse("nothing delivered")));
        continue;
      }
      int index = 0;
      for (ShopCalendar.Batch b : batches) {
        land(b);
        long v = lake.history(target).get(0).version();
        if (landsAt != null) {
          lake.setCommitTime(target, v, cal.landingTime(day, index++, landsAt));
        }
        out.add(new Landed(day, cal.shop().date(day), b.day(), b.orders().size(), v,
            b.day() != day ? "the late batch of " + b.date()
                : b.incident() == null ? "" : b.incident().description()));
      }
    }
    return out;
  }

  private void land(ShopCalendar.Batch b) {
    boolean hasCoupon = lake.columns(target).stream().anyMatch(c -> c.name().equalsIgnoreCase("coupon_code"));
    String values = b.orders().stream().map(o -> "(" + ShopSql.orderValues(o)
        + (b.withCouponCode() ? ", " + (o.orderId() % 10 == 0 ? "'SPRING10'" : "NULL") : "") + ")")
        .collect(Collectors.joining(", "));
    String columns = "order_id, customer_id, product_id, quantity, amount, order_date, status"
        + (b.withCouponCode() ? ", coupon_code" : "");
    String select = b.incident() == ShopCalendar.Incident.TYPE_WIDENING
        ? columns.replace("quantity", "CAST(CAST(quantity AS BIGINT) AS INT) AS quantity") : columns;
    if (b.withCouponCode() && !hasCoupon) {
      lake.execute("SET spark.databricks.delta.schema.autoMerge.enabled = true");
      try {
        lake.execute("INSERT INTO " + target + " SELECT " + select + " FROM (VALUES " + values + ") AS v(" + columns + ")");
      } finally {
        lake.execute("SET spark.databricks.delta.schema.autoMerge.enabled = false");
      }
      return;
    }
    String into = hasCoupon && !b.withCouponCode() ? " (" + columns + ")" : "";
    lake.execute("INSERT INTO " + target + into + " SELECT " + select + " FROM (VALUES " + values + ") AS v(" + columns + ")");
  }

  private void requireShop() {
    if (!lake.exists(TABLE)) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "there is no shop to advance",
          TABLE + " is not in the lake", "set up a lab with shop data first, e.g. 'lab setup day-06-expectations'");
    }
  }
}
