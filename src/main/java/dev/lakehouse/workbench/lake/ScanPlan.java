package dev.lakehouse.workbench.lake;

/**
 * How a query reads one table at one version: a DuckDB relation ({@link #sql()}, usable as a
 * subquery), and how many of the snapshot's files it reads after data skipping.
 */
public record ScanPlan(TableId table, long version, String sql, int filesScanned, int filesTotal) {}
