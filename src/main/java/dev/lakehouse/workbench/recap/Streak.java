package dev.lakehouse.workbench.recap;

import java.time.LocalDate;
import java.util.List;

/**
 * Streaks over calendar dates on which at least one plan day became verified.
 *
 * @param current verified dates in the streak still alive today (0 when broken)
 * @param longest the most verified dates any streak reached
 * @param lastSeven how many of the last 7 calendar dates (today included) have a verified day
 * @param forgiven the missed dates the grace rule forgave, oldest first
 */
public record Streak(int current, int longest, int lastSeven, List<LocalDate> forgiven) {

  public Streak {
    forgiven = List.copyOf(forgiven);
  }
}
