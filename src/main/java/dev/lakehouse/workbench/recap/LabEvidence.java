package dev.lakehouse.workbench.recap;

import java.time.Instant;
import java.util.List;

/**
 * One recorded lab check: which lab (of which day), when, how many of its checks passed, and the
 * state of the tables it looked at. Recorded by the labs, read here; never made up by the recap.
 */
public record LabEvidence(String labId, int day, Instant at, int checksPassed, int checksTotal, List<TableEvidence> tables) {

  public LabEvidence {
    tables = List.copyOf(tables);
  }

  /** Every check passed (and there was at least one). */
  public boolean passed() {
    return checksTotal > 0 && checksPassed == checksTotal;
  }
}
