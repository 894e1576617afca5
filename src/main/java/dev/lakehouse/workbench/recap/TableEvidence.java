package dev.lakehouse.workbench.recap;

import java.util.List;

/** One table a lab attempt left in the learner's lake: its name, latest version and the operations in its history. */
public record TableEvidence(String table, long version, List<String> operations) {

  public TableEvidence {
    operations = List.copyOf(operations);
  }
}
