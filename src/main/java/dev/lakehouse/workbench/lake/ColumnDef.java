package dev.lakehouse.workbench.lake;

/**
 * A column of a table: its name, its type in Spark SQL spelling ({@code int}, {@code bigint},
 * {@code string}, {@code decimal(10,2)}, {@code timestamp} ...), whether it may hold NULL, an
 * optional comment, and for a generated column ({@code GENERATED ALWAYS AS (expr)}) its Spark SQL
 * expression (else null). On a table with column mapping ({@code delta.columnMapping.mode = name})
 * {@code physicalName} is the column's name in the data files and {@code fieldId} its
 * {@code delta.columnMapping.id}; both are null otherwise.
 */
public record ColumnDef(String name, String type, boolean nullable, String comment, String generatedAs,
    String physicalName, Long fieldId) {
  public ColumnDef(String name, String type) {
    this(name, type, true, null, null, null, null);
  }

  public ColumnDef(String name, String type, boolean nullable, String comment) {
    this(name, type, nullable, comment, null, null, null);
  }

  public ColumnDef(String name, String type, boolean nullable, String comment, String generatedAs) {
    this(name, type, nullable, comment, generatedAs, null, null);
  }

  /** This column with another nullability and comment, keeping its generation expression and mapping. */
  public ColumnDef with(boolean nullable, String comment) {
    return new ColumnDef(name, type, nullable, comment, generatedAs, physicalName, fieldId);
  }

  /** The name of the column in the data files: its physical name under column mapping, else its name. */
  public String physical() {
    return physicalName != null ? physicalName : name;
  }

  /** This column under another (logical) name; its data files keep their physical name. */
  public ColumnDef renamed(String newName) {
    return new ColumnDef(newName, type, nullable, comment, generatedAs, physicalName, fieldId);
  }

  /** This column with a column mapping: its physical name and id. */
  public ColumnDef mapped(String physical, long id) {
    return new ColumnDef(name, type, nullable, comment, generatedAs, physical, id);
  }
}
