package dev.lakehouse.workbench.lab.shop;

/**
 * How much shop data to generate: the seed, the number of customers and products, the number of
 * order days in {@code shop.orders} and of following days, each in its own batch table
 * {@code shop.orders_day_N}, and the orders per day.
 */
public record ShopSpec(long seed, int customers, int products, int days, int nextDays, int ordersPerDay) {

  public static final ShopSpec DEFAULT = new ShopSpec(42, 40, 12, 5, 1, 20);
}
