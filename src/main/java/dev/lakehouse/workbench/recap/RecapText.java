package dev.lakehouse.workbench.recap;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Wording shared by the recap writers, so Markdown, HTML and PDF say the same things. */
final class RecapText {

  /** The longest note excerpt, in characters. */
  static final int EXCERPT = 600;

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private RecapText() {}

  static String when(Instant at, ZoneId zone) {
    return at == null ? "" : WHEN.format(at.atZone(zone));
  }

  /** The zone as people read it: "UTC" rather than "Z". */
  static String zone(ZoneId zone) {
    String id = zone.normalized().getId();
    return id.equals("Z") ? "UTC" : id;
  }

  /**
   * A day's time for the days table: "-" for a day not touched, "< 1 min" for seconds, "—" when the day saw the learner's work (a note, a start) but no
   * time could be measured (one lone action, such as a note set from the command line), so a day with
   * a note never reads "0 min".
   */
  static String dayTime(RecapDay d) {
    boolean active = !d.note().isBlank() || d.startedAt() != null || !d.evidence().isEmpty();
    if (d.timeSpent().isZero()) {
      return active ? NOT_MEASURED : "-";
    }
    return d.timeSpent().toMinutes() == 0 ? "< 1 min" : duration(d.timeSpent());
  }

  static final String NOT_MEASURED = "\u2014";

  /** The line under the days table that says what {@link #NOT_MEASURED} means. */
  static final String NOT_MEASURED_NOTE = "\u2014: no study time measured (time counts between actions at most 30 min apart;"
      + " a day with one lone action, such as a note set from the command line, has none).";

  /** The summary's total: "none measured yet" rather than "0 min", "< 1 min" for seconds. */
  static String totalTime(Duration d) {
    if (d.isZero()) {
      return "none measured yet";
    }
    return d.toMinutes() == 0 ? "< 1 min" : duration(d);
  }

  /** "1 h 05 min", "25 min", "0 min". */
  static String duration(Duration d) {
    long minutes = d.toMinutes();
    return minutes >= 60 ? String.format("%d h %02d min", minutes / 60, minutes % 60) : minutes + " min";
  }

  /** The first {@link #EXCERPT} characters, cut at a space, with " ..." when cut. */
  static String excerpt(String text) {
    String t = text.strip();
    if (t.length() <= EXCERPT) {
      return t;
    }
    int cut = t.lastIndexOf(' ', EXCERPT);
    return t.substring(0, cut > EXCERPT / 2 ? cut : EXCERPT).stripTrailing() + " ...";
  }

  static String state(RecapDay d) {
    if (d.verified() != null) {
      return d.verified().basis() == VerifiedDay.Basis.LAB_CHECKS ? "done, verified by lab checks" : "done, verified by note";
    }
    return d.state().label();
  }

  static String quiz(RecapDay d) {
    return d.quizAnswered() == 0 ? "-" : d.quizCorrect() + " of " + d.quizQuestions() + " right";
  }

  static String checks(RecapDay d) {
    if (d.evidence().isEmpty()) {
      return "-";
    }
    int passed = d.evidence().stream().mapToInt(LabEvidence::checksPassed).sum();
    int total = d.evidence().stream().mapToInt(LabEvidence::checksTotal).sum();
    return passed + " of " + total;
  }

  static String streak(Streak s) {
    return "current " + plural(s.current(), "day") + ", longest " + plural(s.longest(), "day") + ", "
        + s.lastSeven() + " of the last 7 days";
  }

  static String summaryDone(Recap r) {
    return r.doneCount() + " of " + r.days().size() + " (verified: " + r.verifiedCount() + ")";
  }

  static String operations(List<String> ops) {
    return ops.isEmpty() ? "no operations recorded" : String.join(", ", ops);
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
