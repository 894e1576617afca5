package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlCompletionTest {

  static final Map<String, List<String>> CATALOG = new LinkedHashMap<>();

  static {
    CATALOG.put("lab02.orders", List.of("order_id", "customer_id", "amount", "order_day"));
    CATALOG.put("lab02.scratch", List.of("order_id", "note"));
    CATALOG.put("shop.customers", List.of("customer_id", "name", "country"));
    CATALOG.put("shop.orders_day_6", List.of("order_id", "customer_id", "amount", "order_day"));
  }

  private static SqlCompletion.Completion at(String textWithCaret) {
    int caret = textWithCaret.indexOf('|');
    return SqlCompletion.complete(textWithCaret.replace("|", ""), caret, CATALOG);
  }

  @Test
  void afterFromOrIntoTheLakesTablesMatchingTheTypedPrefixAreOffered() {
    assertThat(at("SELECT * FROM lab|").candidates()).containsExactly("lab02.orders", "lab02.scratch");
    assertThat(at("INSERT INTO sho|").candidates()).containsExactly("shop.customers", "shop.orders_day_6");
    assertThat(at("DESCRIBE HISTORY |").candidates()).hasSize(4);
    // the unqualified name matches too
    assertThat(at("SELECT * FROM cust|").candidates()).containsExactly("shop.customers");
    SqlCompletion.Completion c = at("SELECT * FROM lab02.o|");
    assertThat(c.from()).isEqualTo("SELECT * FROM ".length());
    assertThat(c.prefix()).isEqualTo("lab02.o");
    assertThat(c.candidates()).containsExactly("lab02.orders");
  }

  @Test
  void elsewhereTheColumnsOfTheTablesInTheStatementUnderTheCaretAreOffered() {
    assertThat(at("SELECT c| FROM shop.customers").candidates()).containsExactly("customer_id", "country");
    assertThat(at("SELECT count(*) FROM lab02.scratch;\nSELECT | FROM lab02.orders").candidates())
        .containsExactly("order_id", "customer_id", "amount", "order_day");
    assertThat(at("SELECT * FROM lab02.orders o JOIN shop.customers c ON o.customer_id = c.customer_id WHERE n|")
        .candidates()).containsExactly("name");
  }

  @Test
  void afterAnAliasOrTableAndADotThatTablesColumnsAreOffered() {
    assertThat(at("SELECT c.| FROM shop.customers c").candidates())
        .containsExactly("c.customer_id", "c.name", "c.country");
    assertThat(at("SELECT o.am| FROM lab02.orders AS o").candidates()).containsExactly("o.amount");
    assertThat(at("SELECT customers.na| FROM shop.customers").candidates()).containsExactly("customers.name");
  }

  @Test
  void nothingIsOfferedForUnknownTablesOrPrefixesThatMatchNothing() {
    assertThat(at("SELECT * FROM nope|").candidates()).isEmpty();
    assertThat(at("SELECT zz| FROM shop.customers").candidates()).isEmpty();
    assertThat(at("SELECT a| FROM missing.table").candidates()).isEmpty();
  }
}
