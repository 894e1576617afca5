package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.progress.DayProgress;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.DraftKind;
import dev.lakehouse.workbench.progress.PostDraft;
import dev.lakehouse.workbench.progress.ProgressStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides which plan days are verified, and when. Only verified days count toward streaks.
 *
 * <ul>
 *   <li>A day with a lab is verified when every one of its labs has a recorded check with all checks
 *       passed; the date is that of the latest of those first passes.
 *   <li>A day without a lab (none listed, or the listed lab is not installed yet) is verified when it
 *       is marked done and its note or its LinkedIn draft has at least {@value #ARTIFACT_WORDS} words;
 *       the date is the date it was marked done.
 * </ul>
 * Dates are calendar dates in the learner's time zone.
 */
public final class Verification {

  /** Words a note or LinkedIn draft needs to make a day without a lab count. */
  public static final int ARTIFACT_WORDS = 40;

  private final ProgressStore store;
  private final Curriculum curriculum;
  private final Predicate<String> labInstalled;
  private final ZoneId zone;

  public Verification(ProgressStore store, Curriculum curriculum, Predicate<String> labInstalled, ZoneId zone) {
    this.store = store;
    this.curriculum = curriculum;
    this.labInstalled = labInstalled;
    this.zone = zone;
  }

  /** The labs that make up {@code day}'s verification (installed ones only). */
  public List<String> labsOf(int day) {
    Lesson lesson = curriculum.lesson(day).orElse(null);
    return lesson == null ? List.of() : lesson.labs().stream().filter(labInstalled).toList();
  }

  /** Every verified day, by day number, given the lab evidence recorded so far. */
  public Map<Integer, VerifiedDay> verifiedDays(List<LabEvidence> evidence) {
    Map<String, Instant> firstPass = new HashMap<>();
    for (LabEvidence e : evidence) {
      if (e.passed()) {
        firstPass.merge(e.labId(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    Map<Integer, DayProgress> states = store.days();
    Map<Integer, String> notes = store.notes();
    Map<Integer, String> drafts = new HashMap<>();
    for (PostDraft d : store.drafts()) {
      if (d.kind() == DraftKind.LINKEDIN) {
        drafts.put(d.period(), d.markdown());
      }
    }
    Map<Integer, VerifiedDay> out = new java.util.TreeMap<>();
    for (CurriculumDay cd : curriculum.days()) {
      int day = cd.day();
      List<String> labs = labsOf(day);
      if (!labs.isEmpty()) {
        Instant latest = null;
        boolean all = true;
        for (String lab : labs) {
          Instant at = firstPass.get(lab);
          if (at == null) {
            all = false;
            break;
          }
          latest = latest == null || at.isAfter(latest) ? at : latest;
        }
        if (all) {
          out.put(day, new VerifiedDay(day, latest.atZone(zone).toLocalDate(), VerifiedDay.Basis.LAB_CHECKS));
        }
      } else {
        DayProgress p = states.get(day);
        boolean artifact = words(notes.getOrDefault(day, "")) >= ARTIFACT_WORDS
            || words(drafts.getOrDefault(day, "")) >= ARTIFACT_WORDS;
        if (p != null && p.state() == DayState.DONE && p.doneAt() != null && artifact) {
          out.put(day, new VerifiedDay(day, p.doneAt().atZone(zone).toLocalDate(), VerifiedDay.Basis.ARTIFACT));
        }
      }
    }
    return out;
  }

  /** Whitespace-separated words. */
  public static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

}
