package dev.lakehouse.workbench.recap;

import java.util.List;

/**
 * Where the recap finds lab evidence. The labs record their check results in the progress store;
 * {@link dev.lakehouse.workbench.recap.internal.EventLogLabEvidenceSource} reads them from there.
 * A source returns what was recorded and nothing else: an empty list is a valid answer.
 */
public interface LabEvidenceSource {

  /** Every recorded lab check, oldest first. */
  List<LabEvidence> evidence();

  /** A source with no evidence (a data dir where no lab has been checked yet). */
  static LabEvidenceSource none() {
    return List::of;
  }
}
