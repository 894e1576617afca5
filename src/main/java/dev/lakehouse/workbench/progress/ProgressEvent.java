package dev.lakehouse.workbench.progress;

import java.time.Instant;

/**
 * One timestamped entry of the event log that streaks and recaps read. {@code day} is 0 for events
 * that belong to no day.
 */
public record ProgressEvent(long id, Instant at, String kind, int day, String detail) {

  /** Event kinds written by the store itself. */
  public static final String DAY_OPENED = "day.opened";
  public static final String DAY_DONE = "day.done";
  public static final String DAY_REOPENED = "day.reopened";
  public static final String NOTE_SAVED = "note.saved";
  public static final String QUIZ_ANSWERED = "quiz.answered";
  public static final String DRAFT_SAVED = "draft.saved";
}
