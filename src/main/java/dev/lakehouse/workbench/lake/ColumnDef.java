package dev.lakehouse.workbench.lake;

/**
 * A column of a table: its name, its type in Spark SQL spelling ({@code int}, {@code bigint},
 * {@code string}, {@code decimal(10,2)}, {@code timestamp} ...), whether it may hold NULL, an
 * optional comment, and for a generated column ({@code GENERATED ALWAYS AS (expr)}) its Spark SQL
 * expression (else null).
 */
public record ColumnDef(String name, String type, boolean nullable, String comment, String generatedAs) {
  public ColumnDef(String name, String type) {
    this(name, type, true, null, null);
  }

  public ColumnDef(String name, String type, boolean nullable, String comment) {
    this(name, type, nullable, comment, null);
  }

  /** This column with another nullability and comment, keeping its generation expression. */
  public ColumnDef with(boolean nullable, String comment) {
    return new ColumnDef(name, type, nullable, comment, generatedAs);
  }
}
