package dev.lakehouse.workbench.recap;

import java.time.LocalDate;

/** A plan day whose work is verified, the date it became so, and on what grounds. */
public record VerifiedDay(int day, LocalDate on, Basis basis) {

  public enum Basis {
    /** Every lab of the day had a check run with all checks passed. */
    LAB_CHECKS,
    /** A day without a lab: marked done with a note or LinkedIn draft of at least {@link Verification#ARTIFACT_WORDS} words. */
    ARTIFACT
  }
}
