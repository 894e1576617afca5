package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionTest {

  @Test
  void comparesNumbersAsNumbersAndTextIgnoringCase() {
    assertThat(Condition.parse(">= 2").test("10")).isTrue();
    assertThat(Condition.parse(">= 2").test("1")).isFalse();
    assertThat(Condition.parse("= 0").test("0.0")).isTrue();
    assertThat(Condition.parse("Append").test("append")).isTrue();
    assertThat(Condition.parse("Append").test("Overwrite")).isFalse();
    assertThat(Condition.parse("contains customer_id").test("[\"customer_id\"]")).isTrue();
    assertThat(Condition.parse("> 1").test(null)).isFalse();
  }
}
