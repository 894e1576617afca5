package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.progress.PostDraft;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a recap shows, gathered from the learner's record; the writers only format it.
 *
 * @param activity events in the log per calendar date, for the scope's days
 * @param blogDrafts the saved blog drafts of the scope's weeks
 */
public record Recap(
    RecapScope scope,
    Instant generatedAt,
    ZoneId zone,
    List<RecapDay> days,
    Streak streak,
    SortedMap<LocalDate, Integer> activity,
    List<PostDraft> blogDrafts) {

  public Recap {
    days = List.copyOf(days);
    activity = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(activity));
    blogDrafts = List.copyOf(blogDrafts);
  }

  /** The recap's entry for plan day {@code day}. */
  public RecapDay day(int day) {
    return days.stream().filter(d -> d.day() == day).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("day " + day + " is not in " + scope.title()));
  }

  public long doneCount() {
    return days.stream().filter(RecapDay::done).count();
  }

  public long verifiedCount() {
    return days.stream().filter(d -> d.verified() != null).count();
  }

  public Duration timeSpent() {
    return days.stream().map(RecapDay::timeSpent).reduce(Duration.ZERO, Duration::plus);
  }
}
