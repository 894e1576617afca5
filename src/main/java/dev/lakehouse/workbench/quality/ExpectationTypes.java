package dev.lakehouse.workbench.quality;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The expectation types the validator knows, with their required and optional kwargs (as GX names them). */
public final class ExpectationTypes {

  /** How a type is computed: per row (a map expectation, takes {@code mostly}), per column aggregate, per table. */
  public enum Kind { ROW, UNIQUE, AGGREGATE, TABLE }

  public record Type(String name, Kind kind, List<String> required, Set<String> optional) {}

  private static final Set<String> BETWEEN = Set.of("min_value", "max_value", "strict_min", "strict_max");
  private static final Map<String, Type> TYPES = new TreeMap<>();

  static {
    add("expect_column_to_exist", Kind.TABLE, List.of("column"), Set.of("column_index"));
    add("expect_table_row_count_to_be_between", Kind.TABLE, List.of(), Set.of("min_value", "max_value"));
    add("expect_table_row_count_to_equal", Kind.TABLE, List.of("value"), Set.of());
    add("expect_table_columns_to_match_ordered_list", Kind.TABLE, List.of("column_list"), Set.of());
    add("expect_table_columns_to_match_set", Kind.TABLE, List.of("column_set"), Set.of("exact_match"));
    add("expect_column_values_to_not_be_null", Kind.ROW, List.of("column"), Set.of("mostly"));
    add("expect_column_values_to_be_null", Kind.ROW, List.of("column"), Set.of("mostly"));
    add("expect_column_values_to_be_in_set", Kind.ROW, List.of("column", "value_set"), Set.of("mostly"));
    add("expect_column_values_to_not_be_in_set", Kind.ROW, List.of("column", "value_set"), Set.of("mostly"));
    add("expect_column_values_to_be_between", Kind.ROW, List.of("column"), with(BETWEEN, "mostly"));
    add("expect_column_values_to_match_regex", Kind.ROW, List.of("column", "regex"), Set.of("mostly"));
    add("expect_column_values_to_not_match_regex", Kind.ROW, List.of("column", "regex"), Set.of("mostly"));
    add("expect_column_value_lengths_to_be_between", Kind.ROW, List.of("column"),
        Set.of("min_value", "max_value", "mostly"));
    add("expect_column_values_to_be_unique", Kind.UNIQUE, List.of("column"), Set.of("mostly"));
    add("expect_compound_columns_to_be_unique", Kind.UNIQUE, List.of("column_list"), Set.of("mostly", "ignore_row_if"));
    add("expect_column_mean_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_median_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_max_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_min_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_sum_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_stdev_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_unique_value_count_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
    add("expect_column_proportion_of_unique_values_to_be_between", Kind.AGGREGATE, List.of("column"), BETWEEN);
  }

  private ExpectationTypes() {}

  private static Set<String> with(Set<String> s, String extra) {
    java.util.Set<String> out = new java.util.HashSet<>(s);
    out.add(extra);
    return Set.copyOf(out);
  }

  private static void add(String name, Kind kind, List<String> required, Set<String> optional) {
    TYPES.put(name, new Type(name, kind, required, optional));
  }

  public static Type get(String name) {
    return TYPES.get(name);
  }

  public static Set<String> names() {
    return TYPES.keySet();
  }

  /** Keys every expectation may carry besides its own (GX's standard arguments). */
  public static final Set<String> STANDARD = Set.of("result_format", "catch_exceptions", "meta", "row_condition",
      "condition_parser", "batch_id");
}
