package dev.lakehouse.workbench.progress;

import java.time.Instant;

/** One day's recorded state; {@code startedAt} and {@code doneAt} are null until they happen. */
public record DayProgress(int day, DayState state, Instant startedAt, Instant doneAt) {

  public static DayProgress notStarted(int day) {
    return new DayProgress(day, DayState.NOT_STARTED, null, null);
  }
}
