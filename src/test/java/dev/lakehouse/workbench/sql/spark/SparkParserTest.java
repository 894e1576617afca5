package dev.lakehouse.workbench.sql.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkParserTest {
  @Test
  void parsesTypicalQueryQuickly() {
    String q = "select date_format(o.order_date, 'yyyy-MM') as month, c.name, count(*) AS n, sum(amount) "
        + "from shop.orders o left anti join shop.customers c on o.customer_id = c.id "
        + "where o.amount > 10 and o.status in ('paid', 'shipped') group by 1, 2 order by n desc limit 10";
    for (int i = 0; i < 200; i++) {
      SparkParser.query(q);
    }
    long t0 = System.nanoTime();
    int n = 500;
    for (int i = 0; i < n; i++) {
      SparkParser.query(q);
    }
    double ms = (System.nanoTime() - t0) / 1e6 / n;
    System.out.println("parse ms " + ms);
    assertThat(ms).isLessThan(5);
  }
}
