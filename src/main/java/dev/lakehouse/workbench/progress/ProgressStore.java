package dev.lakehouse.workbench.progress;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learner's record: day states, notes, quiz answers, post drafts, settings and the event log. The only way
 * into the progress database; implementations are thread-safe and every method commits before it
 * returns.
 */
public interface ProgressStore extends AutoCloseable {

  /** The recorded state of {@code day}, or {@link DayProgress#notStarted} if nothing is recorded. */
  DayProgress day(int day);

  /** Every day that has a recorded state, by day number. */
  Map<Integer, DayProgress> days();

  /** Marks the day in progress if it was not started; a done day stays done. */
  DayProgress markOpened(int day);

  /** Marks the day done (idempotent). */
  DayProgress markDone(int day);

  /** Takes a done day back to in progress. */
  DayProgress markNotDone(int day);

  /** The day's note, or the empty string. */
  String note(int day);

  /** Replaces the day's note. */
  void saveNote(int day, String markdown);

  /** Every non-empty note, by day number. */
  Map<Integer, String> notes();

  /** Records (or replaces) the answer to one self-check question. */
  void recordAnswer(int day, String questionId, String choice, boolean correct);

  /** The day's answers, by question id. */
  Map<String, QuizAnswer> answers(int day);

  /** Every quiz answer, in day and question order. */
  List<QuizAnswer> allAnswers();

  /** The saved draft of a day's LinkedIn post ({@code period} = day) or a week's blog post (= week). */
  Optional<PostDraft> draft(DraftKind kind, int period);

  /** Replaces a draft; an empty text deletes it. */
  void saveDraft(DraftKind kind, int period, String markdown);

  /** Every saved draft, LinkedIn posts first, each kind in period order. */
  List<PostDraft> drafts();

  /** Appends an event to the log (for features that record their own kinds). */
  void logEvent(String kind, int day, String detail);

  /** The events at or after {@code since}, oldest first. */
  List<ProgressEvent> events(Instant since);

  // ---- labs ----

  /** Records a lab attempt (with its check results) and returns it with its id. */
  LabAttempt recordLabAttempt(LabAttempt attempt);

  /** The attempts of one lab, oldest first. */
  List<LabAttempt> labAttempts(String labId);

  /** The saved text of a lab's SQL editor, or the empty string. */
  String labEditorText(String labId);

  void saveLabEditorText(String labId, String text);

  /** Remembers the version a lab table was seeded at (what a reset restores to). */
  void recordLabSeed(String labId, String table, long version);

  /** The seeded version of each table of a lab, by table name. */
  Map<String, Long> labSeeds(String labId);

  /** A remembered setting (window size, theme, last day). */
  Optional<String> setting(String key);

  void putSetting(String key, String value);

  @Override
  void close();
}
