package dev.lakehouse.workbench.lake;

/**
 * A column of a table: its name, its type in Spark SQL spelling ({@code int}, {@code bigint},
 * {@code string}, {@code decimal(10,2)}, {@code timestamp} ...), whether it may hold NULL, and an
 * optional comment.
 */
public record ColumnDef(String name, String type, boolean nullable, String comment) {
  public ColumnDef(String name, String type) {
    this(name, type, true, null);
  }
}
