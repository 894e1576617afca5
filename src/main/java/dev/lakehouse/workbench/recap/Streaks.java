package dev.lakehouse.workbench.recap;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Computes {@link Streak}s from the dates on which days were verified.
 *
 * <p>The rule: a streak is a run of consecutive calendar dates each with a verified day; its length
 * counts those dates. <b>Grace:</b> a single missed date does not break a streak when the streak had
 * {@value #GRACE_AFTER} or more consecutive verified dates since it began or since its last forgiven
 * date; the missed date adds nothing to the length. Two missed dates in a row always break it, and a
 * grace must be earned again with another {@value #GRACE_AFTER} dates in a row. The current streak is
 * alive while its last date is today or yesterday, or the day before yesterday when yesterday would be
 * forgiven (today is not over yet). Dates after today are ignored.
 */
public final class Streaks {

  /** Verified dates in a row a streak needs before one missed date is forgiven. */
  public static final int GRACE_AFTER = 5;

  private Streaks() {}

  public static Streak compute(Collection<LocalDate> verifiedDates, LocalDate today) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (LocalDate d : verifiedDates) {
      if (!d.isAfter(today)) {
        dates.add(d);
      }
    }
    int length = 0;
    int sinceGrace = 0;
    int longest = 0;
    LocalDate last = null;
    List<LocalDate> forgiven = new ArrayList<>();
    List<LocalDate> pendingForgiven = new ArrayList<>();
    for (LocalDate d : dates) {
      long gap = last == null ? Long.MAX_VALUE : ChronoUnit.DAYS.between(last, d);
      if (gap == 1) {
        length++;
        sinceGrace++;
      } else if (gap == 2 && sinceGrace >= GRACE_AFTER) {
        forgiven.add(last.plusDays(1));
        length++;
        sinceGrace = 1;
      } else {
        length = 1;
        sinceGrace = 1;
      }
      longest = Math.max(longest, length);
      last = d;
    }
    int current = 0;
    if (last != null) {
      long sinceLast = ChronoUnit.DAYS.between(last, today);
      if (sinceLast <= 1) {
        current = length;
      } else if (sinceLast == 2 && sinceGrace >= GRACE_AFTER) {
        current = length;
        pendingForgiven.add(last.plusDays(1));
      }
    }
    forgiven.addAll(pendingForgiven);
    LocalDate weekStart = today.minusDays(6);
    int lastSeven = (int) dates.stream().filter(d -> !d.isBefore(weekStart)).count();
    return new Streak(current, longest, lastSeven, forgiven);
  }
}
