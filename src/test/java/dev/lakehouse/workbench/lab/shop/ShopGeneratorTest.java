package dev.lakehouse.workbench.lab.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ShopGeneratorTest {

  private final ShopSpec spec = new ShopSpec(42, 10, 5, 3, 1, 8);

  @Test
  void theSameSeedGivesTheSameShopAndAnotherSeedAnotherOne() {
    assertThat(new ShopGenerator(spec).history()).isEqualTo(new ShopGenerator(spec).history());
    assertThat(ShopSql.statements(new ShopGenerator(spec))).isEqualTo(ShopSql.statements(new ShopGenerator(spec)));
    ShopSpec other = new ShopSpec(43, 10, 5, 3, 1, 8);
    assertThat(new ShopGenerator(other).history()).isNotEqualTo(new ShopGenerator(spec).history());
  }

  @Test
  void aDaysBatchDoesNotDependOnHowManyDaysCameBefore() {
    ShopSpec longer = new ShopSpec(42, 10, 5, 9, 1, 8);
    assertThat(new ShopGenerator(longer).orders(2)).isEqualTo(new ShopGenerator(spec).orders(2));
    assertThat(new ShopGenerator(spec).orders(2)).allSatisfy(o ->
        assertThat(o.orderDate()).isEqualTo(ShopGenerator.FIRST_DAY.plusDays(1)));
  }

  @Test
  void ordersReferToExistingCustomersAndProductsWithAmountsFromPrices() {
    ShopGenerator shop = new ShopGenerator(spec);
    assertThat(shop.history()).hasSize(24).allSatisfy(o -> {
      assertThat(o.customerId()).isBetween(1, 10);
      var p = shop.products().get(o.productId() - 1);
      assertThat(o.amount()).isEqualByComparingTo(p.price().multiply(java.math.BigDecimal.valueOf(o.quantity())));
    });
    assertThat(shop.history()).extracting(ShopGenerator.Order::orderId).doesNotHaveDuplicates();
  }

  @Test
  void anomaliesAreInjectedOnlyWhenAsked() {
    ShopGenerator shop = new ShopGenerator(spec);
    assertThat(shop.orders(4)).allSatisfy(o -> assertThat(o.amount()).isNotNull());
    assertThat(shop.orders(4, Set.of(ShopGenerator.Anomaly.NULL_AMOUNT)))
        .filteredOn(o -> o.amount() == null).hasSize(1);
    assertThat(shop.orders(4, Set.of(ShopGenerator.Anomaly.DUPLICATE_ORDERS))).hasSize(11);
  }

  @Test
  void theSeedStatementsCreateEachTableThenInsertItsRows() {
    var sql = ShopSql.statements(new ShopGenerator(spec));
    assertThat(sql).filteredOn(s -> s.startsWith("CREATE TABLE")).extracting(s -> s.split(" ")[2])
        .containsExactly("shop.customers", "shop.products", "shop.orders", "shop.orders_day_4");
    assertThat(sql.get(sql.size() - 1)).startsWith("INSERT INTO shop.orders_day_4 VALUES (40001, ");
  }
}
