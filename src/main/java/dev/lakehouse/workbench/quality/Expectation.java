package dev.lakehouse.workbench.quality;

import java.util.Map;

/**
 * One expectation of a suite, as Great Expectations 1.x writes it: the {@code type}
 * ({@code expect_column_values_to_not_be_null}), its {@code kwargs}, free {@code meta}, and a
 * {@code severity} that decides what a checkpoint does when it fails.
 *
 * @param field where the expectation sits in its file ({@code expectations[2]}), for error messages
 */
public record Expectation(String type, Map<String, Object> kwargs, Map<String, Object> meta, Severity severity,
    String field) {

  /** How much a failure matters: a critical one fails a checkpoint, a warning one only warns. */
  public enum Severity {
    CRITICAL, WARNING, INFO;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Expectation {
    kwargs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
    meta = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
  }

  /** The column the expectation is about, or null for a table-level one. */
  public String column() {
    Object c = kwargs.get("column");
    return c == null ? null : c.toString();
  }
}
