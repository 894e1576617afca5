package dev.lakehouse.workbench.lake;

import java.util.List;

/**
 * Rows a query returned. Values are plain Java: null, Boolean, Integer/Long/Short/Byte, Double/Float,
 * BigDecimal, String; dates and timestamps as ISO-8601 strings.
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows) {}
