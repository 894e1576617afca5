package dev.lakehouse.workbench.lab.shop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A small online shop, generated deterministically from a seed: the same seed always gives the same
 * customers, products and orders, so a lab's expected results are stable. Orders come in daily
 * batches (day 1 is {@link #FIRST_DAY}); {@link #orders(int, Set)} can inject anomalies into a
 * batch on purpose for the quality labs. Each day's batch has its own random stream, so day 7 is the
 * same whether or not days 1 to 6 were generated.
 */
public final class ShopGenerator {

  public static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);

  private static final String[] FIRST = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines",
      "Jonas", "Kira", "Liam", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara"};
  private static final String[] LAST = {"Ames", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haas",
      "Ito", "Jansen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Olsen"};
  private static final String[] COUNTRIES = {"DE", "FR", "NL", "ES", "IT", "SE", "PL", "US"};
  private static final String[] CATEGORIES = {"books", "games", "garden", "kitchen", "music", "sports"};
  private static final String[] ITEMS = {"Lamp", "Kettle", "Chess set", "Trowel", "Novel", "Headphones", "Ball",
      "Cookbook", "Puzzle", "Planter", "Speaker", "Racket", "Mug", "Atlas", "Gloves", "Vinyl"};
  private static final String[] STATUSES = {"placed", "paid", "shipped", "shipped", "delivered", "delivered",
      "delivered", "cancelled"};

  /** Defects a batch can carry on purpose. */
  public enum Anomaly {
    /** Every fifth order has no amount. */
    NULL_AMOUNT,
    /** Every seventh order has a negative quantity. */
    NEGATIVE_QUANTITY,
    /** Amounts are three times higher than the prices say (a drifting distribution). */
    PRICE_DRIFT,
    /** The first three orders appear twice. */
    DUPLICATE_ORDERS
  }

  public record Customer(int customerId, String name, String email, String country, LocalDate signupDate) {}

  public record Product(int productId, String name, String category, BigDecimal price) {}

  public record Order(long orderId, int customerId, int productId, int quantity, BigDecimal amount,
      LocalDate orderDate, String status) {}

  private final ShopSpec spec;

  public ShopGenerator(ShopSpec spec) {
    this.spec = spec;
  }

  public ShopSpec spec() {
    return spec;
  }

  public List<Customer> customers() {
    Random r = new Random(spec.seed() * 31 + 1);
    List<Customer> out = new ArrayList<>();
    for (int i = 1; i <= spec.customers(); i++) {
      String first = FIRST[r.nextInt(FIRST.length)];
      String last = LAST[r.nextInt(LAST.length)];
      out.add(new Customer(i, first + " " + last,
          (first + "." + last + i + "@example.com").toLowerCase(java.util.Locale.ROOT),
          COUNTRIES[r.nextInt(COUNTRIES.length)], FIRST_DAY.minusDays(30 + r.nextInt(700))));
    }
    return out;
  }

  public List<Product> products() {
    Random r = new Random(spec.seed() * 31 + 2);
    List<Product> out = new ArrayList<>();
    for (int i = 1; i <= spec.products(); i++) {
      String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
      BigDecimal price = BigDecimal.valueOf(199 + r.nextInt(9800), 2);
      out.add(new Product(i, ITEMS[(i - 1) % ITEMS.length] + " " + (char) ('A' + (i - 1) / ITEMS.length),
          category, price));
    }
    return out;
  }

  public LocalDate date(int day) {
    return FIRST_DAY.plusDays(day - 1L);
  }

  /** The orders of day {@code day} (1 = {@link #FIRST_DAY}), clean. */
  public List<Order> orders(int day) {
    return orders(day, Set.of());
  }

  public List<Order> orders(int day, Set<Anomaly> anomalies) {
    Random r = new Random(spec.seed() * 1_000_003L + day);
    List<Product> products = products();
    List<Order> out = new ArrayList<>();
    for (int i = 1; i <= spec.ordersPerDay(); i++) {
      Product p = products.get(r.nextInt(products.size()));
      int quantity = 1 + r.nextInt(4);
      BigDecimal amount = p.price().multiply(BigDecimal.valueOf(quantity));
      if (anomalies.contains(Anomaly.PRICE_DRIFT)) {
        amount = amount.multiply(BigDecimal.valueOf(3));
      }
      if (anomalies.contains(Anomaly.NULL_AMOUNT) && i % 5 == 0) {
        amount = null;
      }
      if (anomalies.contains(Anomaly.NEGATIVE_QUANTITY) && i % 7 == 0) {
        quantity = -quantity;
      }
      out.add(new Order(day * 10_000L + i, 1 + r.nextInt(spec.customers()), p.productId(), quantity,
          amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP), date(day),
          STATUSES[r.nextInt(STATUSES.length)]));
    }
    if (anomalies.contains(Anomaly.DUPLICATE_ORDERS)) {
      out.addAll(List.copyOf(out.subList(0, Math.min(3, out.size()))));
    }
    return out;
  }

  /** The orders of days 1 to {@code spec.days()}. */
  public List<Order> history() {
    List<Order> out = new ArrayList<>();
    for (int d = 1; d <= spec.days(); d++) {
      out.addAll(orders(d));
    }
    return out;
  }
}
