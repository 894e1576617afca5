package dev.lakehouse.workbench.quality;

import java.util.Map;

/**
 * The result of one expectation, shaped as Great Expectations returns it ({@code SUMMARY} format):
 * {@code result} holds {@code element_count}, {@code unexpected_count}, {@code unexpected_percent},
 * {@code partial_unexpected_list} ... for row expectations, {@code observed_value} for aggregate and
 * table ones.
 */
public record ExpectationResult(Expectation expectation, boolean success, Map<String, Object> result) {

  public ExpectationResult {
    result = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
  }

  public Long unexpectedCount() {
    Object v = result.get("unexpected_count");
    return v instanceof Number n ? n.longValue() : null;
  }

  public Object observedValue() {
    return result.get("observed_value");
  }

  /** One line for the terminal: PASS/FAIL, the type and column, what was found. */
  public String line() {
    String col = expectation.column() == null ? "" : " " + expectation.column();
    String found;
    if (result.containsKey("unexpected_count")) {
      found = result.get("unexpected_count") + " unexpected of " + result.get("element_count") + " ("
          + String.format(java.util.Locale.ROOT, "%.2f", ((Number) result.get("unexpected_percent")).doubleValue()) + "%)";
      Object partial = result.get("partial_unexpected_list");
      if (partial instanceof java.util.List<?> l && !l.isEmpty()) {
        found += ", e.g. " + l.subList(0, Math.min(5, l.size()));
      }
    } else {
      found = "observed " + result.get("observed_value");
    }
    return (success ? "PASS " : "FAIL ") + expectation.type() + col + ": " + found
        + (success || expectation.severity() == Expectation.Severity.CRITICAL ? "" : " [" + expectation.severity().json() + "]");
  }
}
