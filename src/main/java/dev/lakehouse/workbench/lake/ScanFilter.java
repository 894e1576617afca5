package dev.lakehouse.workbench.lake;

/**
 * A simple predicate {@code column op literal} used to skip files by partition values and min/max
 * stats. {@code op} is one of {@code = <> < <= > >=}; the literal is its SQL text without quotes.
 */
public record ScanFilter(String column, String op, String literal) {}
