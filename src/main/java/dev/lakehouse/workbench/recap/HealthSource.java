package dev.lakehouse.workbench.recap;

import java.util.List;

/**
 * Where the recap finds the tables the learner watches (day 22) and their health. The app computes
 * it from the lake with the learner's monitors; a recap whose days do not reach the watching has none.
 */
public interface HealthSource {

  /** The watched tables for a recap of days {@code first} to {@code last}; empty when none. */
  List<TableWatch> tables(int first, int last);

  /** A source with no watched tables. */
  static HealthSource none() {
    return (first, last) -> List.of();
  }
}
