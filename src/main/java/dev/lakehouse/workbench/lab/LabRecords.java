package dev.lakehouse.workbench.lab;

import java.util.Map;

/**
 * What document checks read besides the lake: which labs the learner passed (a {@code lab} citation)
 * and their own day notes (a reflection quotes them). {@link LabService} answers from the progress
 * store; checks never see the store itself.
 */
public interface LabRecords {

  /** No labs passed, no notes. */
  LabRecords NONE = new LabRecords() {
    @Override
    public boolean labPassed(String labId) {
      return false;
    }

    @Override
    public Map<Integer, String> notes() {
      return Map.of();
    }
  };

  /** Whether the learner's own work passed every check of the lab (an applied solution does not count). */
  boolean labPassed(String labId);

  /** The learner's notes, by day. */
  Map<Integer, String> notes();
}
