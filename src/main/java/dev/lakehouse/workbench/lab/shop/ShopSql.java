package dev.lakehouse.workbench.lab.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statements that seed the shop in schema {@code shop}: {@code customers}, {@code products},
 * {@code orders} (days 1..days) and one batch table {@code orders_day_N} per following day. Each
 * table is dropped and created again, so a setup always starts from the same state.
 */
public final class ShopSql {

  public static final String ORDER_COLUMNS = "order_id BIGINT, customer_id INT, product_id INT, quantity INT,"
      + " amount DECIMAL(10,2), order_date DATE, status STRING";

  /** Prefix of the {@code shop.orders} properties that keep the shop's spec, so the feed can go on. */
  public static final String PROPERTY = "workbench.shop.";

  private ShopSql() {}

  public static List<String> statements(ShopGenerator shop) {
    ShopSpec spec = shop.spec();
    List<String> out = new ArrayList<>();
    table(out, "shop.customers", "customer_id INT, name STRING, email STRING, country STRING, signup_date DATE",
        shop.customers(), c -> c.customerId() + ", " + str(c.name()) + ", " + str(c.email()) + ", "
            + str(c.country()) + ", DATE '" + c.signupDate() + "'");
    table(out, "shop.products", "product_id INT, name STRING, category STRING, price DECIMAL(10,2)",
        shop.products(), p -> p.productId() + ", " + str(p.name()) + ", " + str(p.category()) + ", " + p.price());
    table(out, "shop.orders", ORDER_COLUMNS, shop.history(), ShopSql::order);
    out.set(out.size() - (shop.history().isEmpty() ? 1 : 2), "CREATE TABLE shop.orders (" + ORDER_COLUMNS
        + ") USING DELTA TBLPROPERTIES ('" + PROPERTY + "seed' = '" + spec.seed() + "', '" + PROPERTY
        + "customers' = '" + spec.customers() + "', '" + PROPERTY + "products' = '" + spec.products() + "', '"
        + PROPERTY + "days' = '" + spec.days() + "', '" + PROPERTY + "nextDays' = '" + spec.nextDays() + "', '"
        + PROPERTY + "ordersPerDay' = '" + spec.ordersPerDay() + "')");
    for (int d = spec.days() + 1; d <= spec.days() + spec.nextDays(); d++) {
      table(out, "shop.orders_day_" + d, ORDER_COLUMNS, shop.orders(d), ShopSql::order);
    }
    return out;
  }

  /** An {@code INSERT INTO table VALUES ...} of orders. */
  public static String insertOrders(String table, List<ShopGenerator.Order> orders) {
    return "INSERT INTO " + table + " VALUES " + orders.stream().map(o -> "(" + order(o) + ")")
        .collect(Collectors.joining(", "));
  }

  private static <T> void table(List<String> out, String name, String columns, List<T> rows, Function<T, String> values) {
    out.add("DROP TABLE IF EXISTS " + name);
    out.add("CREATE TABLE " + name + " (" + columns + ") USING DELTA");
    if (!rows.isEmpty()) {
      out.add("INSERT INTO " + name + " VALUES " + rows.stream().map(r -> "(" + values.apply(r) + ")")
          .collect(Collectors.joining(", ")));
    }
  }

  /** The values of one order, in the column order of {@link #ORDER_COLUMNS}, as SQL literals. */
  public static String orderValues(ShopGenerator.Order o) {
    return order(o);
  }

  private static String order(ShopGenerator.Order o) {
    return o.orderId() + ", " + o.customerId() + ", " + o.productId() + ", " + o.quantity() + ", "
        + (o.amount() == null ? "NULL" : o.amount().toPlainString()) + ", DATE '" + o.orderDate() + "', "
        + str(o.status());
  }

  private static String str(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
