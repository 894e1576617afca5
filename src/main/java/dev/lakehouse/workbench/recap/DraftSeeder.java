package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.curriculum.MarkdownText;
import dev.lakehouse.workbench.progress.DayProgress;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.ProgressStore;
import java.time.ZoneId;
import java.util.List;

/**
 * First versions of post drafts: a template filled from the lesson's prompt and the learner's
 * recorded work (lab checks, tables, versions, operations, their note). A line whose data is
 * missing is left out, never filled with a claim the record does not back.
 */
public final class DraftSeeder {

  /** How much of the note a LinkedIn seed quotes. */
  static final int NOTE_CHARS = 280;

  private final Curriculum curriculum;
  private final ProgressStore store;
  private final RecapService recap;

  public DraftSeeder(Curriculum curriculum, ProgressStore store, RecapService recap) {
    this.curriculum = curriculum;
    this.store = store;
    this.recap = recap;
  }

  /** A LinkedIn post for {@code day}. */
  public String linkedin(int day) {
    Lesson lesson = curriculum.lesson(day).orElse(null);
    StringBuilder s = new StringBuilder();
    if (lesson != null && lesson.linkedinPrompt() != null && !lesson.linkedinPrompt().isBlank()) {
      s.append(lesson.linkedinPrompt().strip()).append("\n\n");
    }
    s.append("Day ").append(day).append(" of my 30-day Lakehouse plan");
    if (lesson != null) {
      s.append(": ").append(lesson.title());
    }
    s.append(s.toString().matches("(?s).*[.?!]$") ? "\n" : ".\n");
    appendEvidence(s, recap.evidenceOf(day), "\nWhat I did, checked against my local lake:\n");
    String note = MarkdownText.plain(store.note(day));
    if (!note.isEmpty()) {
      s.append("\nWhat I took away:\n").append(cut(note, NOTE_CHARS)).append('\n');
    }
    s.append("\n#Lakehouse #DeltaLake #DataEngineering\n");
    return s.toString();
  }

  /** A blog post for {@code week}: the week's prompt, then each day with its record. */
  public String blog(int week) {
    RecapScope scope = RecapScope.week(week);
    String prompt = null;
    for (int d = scope.firstDay(); d <= scope.lastDay(); d++) {
      Lesson l = curriculum.lesson(d).orElse(null);
      if (l != null && l.blogPrompt() != null && !l.blogPrompt().isBlank()) {
        prompt = l.blogPrompt().strip();
      }
    }
    StringBuilder s = new StringBuilder("# ").append(prompt != null ? prompt : "Week " + week + " of my Lakehouse month").append("\n\n");
    ZoneId zone = recap.zone();
    for (int d = scope.firstDay(); d <= scope.lastDay(); d++) {
      s.append("## Day ").append(d).append(": ").append(curriculum.day(d).title()).append("\n\n");
      DayProgress p = store.day(d);
      if (p.state() == DayState.DONE && p.doneAt() != null) {
        s.append("Done on ").append(p.doneAt().atZone(zone).toLocalDate()).append(".\n");
      } else {
        s.append("Not done yet.\n");
      }
      appendEvidence(s, recap.evidenceOf(d), "\n");
      String note = MarkdownText.plain(store.note(d));
      if (!note.isEmpty()) {
        s.append('\n');
        for (String line : RecapText.excerpt(note).split("\n")) {
          s.append(line.isBlank() ? ">" : "> " + line).append('\n');
        }
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static void appendEvidence(StringBuilder s, List<LabEvidence> evidence, String header) {
    if (evidence.isEmpty()) {
      return;
    }
    s.append(header);
    for (LabEvidence e : evidence) {
      s.append("- Lab ").append(e.labId()).append(": ").append(e.checksPassed()).append(" of ").append(e.checksTotal())
          .append(" checks passed\n");
      for (TableEvidence t : e.tables()) {
        s.append("- Table ").append(t.table()).append(" at version ").append(t.version());
        if (!t.operations().isEmpty()) {
          s.append(" (").append(String.join(", ", t.operations())).append(')');
        }
        s.append('\n');
      }
    }
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int space = text.lastIndexOf(' ', max);
    return text.substring(0, space > max / 2 ? space : max).stripTrailing() + " ...";
  }
}
