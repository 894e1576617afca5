package dev.lakehouse.workbench.lab.shop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The shop's feed over time: which orders arrive on each day after the seeded history, and the
 * incidents planted on known days. Volumes follow a weekly season (weekends are busier) with a little
 * noise; everything is deterministic from the shop's seed, so a lab can name the days its checks
 * expect. Day numbers count from {@link ShopGenerator#FIRST_DAY} (day 1).
 *
 * <p>What arrives on feed day d: normally the batch of day d (one append). A {@link Incident#MISSING_BATCH}
 * day delivers nothing and its orders never arrive; a {@link Incident#LATE_BATCH} day delivers
 * nothing and its batch arrives the next day, before that day's own; a
 * {@link Incident#DUPLICATED_BATCH} day delivers its batch twice.
 */
public final class ShopCalendar {

  /** The incidents a day can carry. */
  public enum Incident {
    DUPLICATED_BATCH("the day's batch is delivered twice (every order appears twice)", null),
    NULL_SPIKE("40% of the orders have no amount", "amount"),
    OUT_OF_RANGE("quantities of 0, negative ones and a few of 999", "quantity"),
    LATE_BATCH("the batch arrives a day late, together with the next day's", null),
    PRICE_SHIFT("amounts are 1.5 times what the prices say (a shifted distribution)", "amount"),
    MISSING_BATCH("no batch arrives for the day, ever", null),
    NEW_COLUMN("upstream adds a column coupon_code; batches carry it from this day on", "coupon_code"),
    TYPE_WIDENING("upstream sends quantity as a 64-bit number; the landing casts it back to INT", "quantity"),
    CATEGORY_MIX("80% of the orders are garden products", "product_id"),
    VOLUME_DROP("only a fifth of the usual orders arrive", null),
    ORPHANED_KEYS("a quarter of the orders name customers that do not exist", "customer_id");

    private final String description;
    private final String column;

    Incident(String description, String column) {
      this.description = description;
      this.column = column;
    }

    public String description() {
      return description;
    }

    /** The column the incident touches, or null for a batch-level one. */
    public String column() {
      return column;
    }
  }

  /** One planted incident: the day of the batch it is in, its date, and what it is. */
  public record Entry(int day, LocalDate date, Incident incident) {}

  /** One append of the feed: the orders of {@code day}, delivered on feed day {@code deliveredOn}. */
  public record Batch(int day, LocalDate date, int deliveredOn, List<ShopGenerator.Order> orders,
      boolean withCouponCode, Incident incident) {}

  /** The incident calendar: day → incident. Days 6 to 8 are clean so short labs start quiet. */
  private static final Map<Integer, Incident> INCIDENTS = new TreeMap<>(Map.ofEntries(
      Map.entry(9, Incident.DUPLICATED_BATCH),
      Map.entry(12, Incident.NULL_SPIKE),
      Map.entry(15, Incident.OUT_OF_RANGE),
      Map.entry(18, Incident.LATE_BATCH),
      Map.entry(21, Incident.PRICE_SHIFT),
      Map.entry(24, Incident.MISSING_BATCH),
      Map.entry(27, Incident.NEW_COLUMN),
      Map.entry(30, Incident.TYPE_WIDENING),
      Map.entry(33, Incident.CATEGORY_MIX),
      Map.entry(36, Incident.VOLUME_DROP),
      Map.entry(39, Incident.ORPHANED_KEYS)));

  /** Weekend volume relative to a weekday. */
  static final double WEEKEND_FACTOR = 1.3;

  private final ShopGenerator shop;

  public ShopCalendar(ShopGenerator shop) {
    this.shop = shop;
  }

  public ShopGenerator shop() {
    return shop;
  }

  /** Every planted incident, by day. */
  public List<Entry> incidents() {
    List<Entry> out = new ArrayList<>();
    INCIDENTS.forEach((d, i) -> out.add(new Entry(d, shop.date(d), i)));
    return out;
  }

  public Optional<Incident> incident(int day) {
    return Optional.ofNullable(INCIDENTS.get(day));
  }

  /** The first day the feed lands (the day after the seeded history). */
  public int firstFeedDay() {
    return shop.spec().days() + 1;
  }

  /** How many orders a clean day has: the weekly season around {@code ordersPerDay}, with ±8% noise. */
  public int volume(int day) {
    // SplittableRandom mixes its seed, so neighbouring days get unrelated noise (java.util.Random's
    // first draw from neighbouring seeds is nearly the same)
    java.util.SplittableRandom r = new java.util.SplittableRandom(shop.spec().seed() * 7_000_003L + day);
    DayOfWeek dow = shop.date(day).getDayOfWeek();
    double season = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? WEEKEND_FACTOR : 1.0;
    double noise = 1 + (r.nextDouble() - 0.5) * 0.16;
    return Math.max(1, (int) Math.round(shop.spec().ordersPerDay() * season * noise));
  }

  /**
   * When the {@code index}-th append of feed day {@code feedDay} lands, on a feed whose batches are
   * expected at {@code expected} (UTC) the morning after their day: that time, moved by up to 40
   * minutes early or 50 late (deterministic from the seed and the day), plus 6 minutes per earlier
   * append of the same morning. A batch delivered late lands on a later morning, so its lag is a day.
   */
  public java.time.Instant landingTime(int feedDay, int index, java.time.LocalTime expected) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(shop.spec().seed() * 9_000_011L + feedDay);
    int jitter = -40 + r.nextInt(91);
    return shop.date(feedDay).plusDays(1).atTime(expected).plusMinutes(jitter + 6L * index)
        .toInstant(java.time.ZoneOffset.UTC);
  }

  /** The appends feed day {@code feedDay} delivers, in order (none, one, or two). */
  public List<Batch> delivered(int feedDay) {
    List<Batch> out = new ArrayList<>();
    if (incident(feedDay - 1).orElse(null) == Incident.LATE_BATCH) {
      out.add(batch(feedDay - 1, feedDay));
    }
    Incident today = incident(feedDay).orElse(null);
    if (today == Incident.MISSING_BATCH || today == Incident.LATE_BATCH) {
      return out;
    }
    out.add(batch(feedDay, feedDay));
    if (today == Incident.DUPLICATED_BATCH) {
      out.add(batch(feedDay, feedDay));
    }
    return out;
  }

  /** The orders of day {@code day} as the feed sends them, incident included. */
  public Batch batch(int day, int deliveredOn) {
    Incident incident = incident(day).orElse(null);
    Random r = new Random(shop.spec().seed() * 1_000_033L + day);
    List<ShopGenerator.Product> products = shop.products();
    List<ShopGenerator.Product> garden = products.stream().filter(p -> p.category().equals("garden")).toList();
    int n = volume(day);
    if (incident == Incident.VOLUME_DROP) {
      n = Math.max(1, n / 5);
    }
    List<ShopGenerator.Order> orders = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ShopGenerator.Product p = products.get(r.nextInt(products.size()));
      if (incident == Incident.CATEGORY_MIX && !garden.isEmpty() && r.nextDouble() < 0.8) {
        p = garden.get(r.nextInt(garden.size()));
      }
      int quantity = 1 + r.nextInt(4);
      int customer = 1 + r.nextInt(shop.spec().customers());
      String status = STATUSES[r.nextInt(STATUSES.length)];
      double u = r.nextDouble();
      if (incident == Incident.OUT_OF_RANGE && u < 0.15) {
        quantity = i % 3 == 0 ? 999 : i % 3 == 1 ? 0 : -quantity;
      }
      if (incident == Incident.ORPHANED_KEYS && u < 0.25) {
        customer = shop.spec().customers() + 1 + r.nextInt(1000);
      }
      BigDecimal amount = p.price().multiply(BigDecimal.valueOf(quantity));
      if (incident == Incident.PRICE_SHIFT) {
        amount = amount.multiply(BigDecimal.valueOf(15, 1));
      }
      if (incident == Incident.NULL_SPIKE && u < 0.4) {
        amount = null;
      }
      orders.add(new ShopGenerator.Order(day * 10_000L + i, customer, p.productId(), quantity,
          amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP), shop.date(day), status));
    }
    boolean coupons = INCIDENTS.entrySet().stream()
        .anyMatch(e -> e.getValue() == Incident.NEW_COLUMN && e.getKey() <= day);
    return new Batch(day, shop.date(day), deliveredOn, List.copyOf(orders), coupons, incident);
  }

  private static final String[] STATUSES = {"placed", "paid", "shipped", "shipped", "delivered", "delivered",
      "delivered", "cancelled"};
}
