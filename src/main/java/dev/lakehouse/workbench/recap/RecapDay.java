package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.progress.DayState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One plan day in a recap.
 *
 * @param verified null when the day is not verified
 * @param evidence per lab of the day, its first passing check, else its latest check; empty when none was recorded
 * @param note the learner's whole note ("" when none)
 * @param linkedinDraft the learner's LinkedIn draft ("" when none)
 * @param documents the files the learner wrote for the day's labs (see {@link DocumentSource})
 */
public record RecapDay(
    int day,
    String title,
    DayState state,
    Instant startedAt,
    Instant doneAt,
    VerifiedDay verified,
    Duration timeSpent,
    int quizCorrect,
    int quizAnswered,
    int quizQuestions,
    List<LabEvidence> evidence,
    String note,
    String linkedinDraft,
    List<LearnerDocument> documents) {

  public RecapDay {
    evidence = List.copyOf(evidence);
    documents = List.copyOf(documents);
  }

  /** A day without documents. */
  public RecapDay(int day, String title, DayState state, Instant startedAt, Instant doneAt, VerifiedDay verified,
      Duration timeSpent, int quizCorrect, int quizAnswered, int quizQuestions, List<LabEvidence> evidence,
      String note, String linkedinDraft) {
    this(day, title, state, startedAt, doneAt, verified, timeSpent, quizCorrect, quizAnswered, quizQuestions,
        evidence, note, linkedinDraft, List.of());
  }

  public boolean done() {
    return state == DayState.DONE;
  }
}
