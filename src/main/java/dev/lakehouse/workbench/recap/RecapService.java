package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.progress.DayProgress;
import dev.lakehouse.workbench.progress.DraftKind;
import dev.lakehouse.workbench.progress.PostDraft;
import dev.lakehouse.workbench.progress.ProgressEvent;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.QuizAnswer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Gathers the learner's record into a {@link Recap}, and answers the workbench's questions about
 * streaks and activity. Plain Java over the progress store, the curriculum and a lab evidence source.
 *
 * <p>Time spent is read from the event log: two consecutive events at most {@link #SESSION_GAP}
 * apart count the time between them as study, credited to the later event's day (or the earlier's
 * when the later belongs to no day). Longer gaps are breaks and count nothing.
 */
public final class RecapService {

  /** The longest pause between two events still counted as study time. */
  public static final Duration SESSION_GAP = Duration.ofMinutes(30);

  private final ProgressStore store;
  private final Curriculum curriculum;
  private final LabEvidenceSource labs;
  private final DocumentSource documents;
  private final HealthSource health;
  private final Verification verification;
  private final Clock clock;
  private final ZoneId zone;

  public RecapService(ProgressStore store, Curriculum curriculum, LabEvidenceSource labs,
      java.util.function.Predicate<String> labInstalled, Clock clock, ZoneId zone) {
    this(store, curriculum, labs, DocumentSource.none(), labInstalled, clock, zone);
  }

  public RecapService(ProgressStore store, Curriculum curriculum, LabEvidenceSource labs, DocumentSource documents,
      java.util.function.Predicate<String> labInstalled, Clock clock, ZoneId zone) {
    this(store, curriculum, labs, documents, HealthSource.none(), labInstalled, clock, zone);
  }

  public RecapService(ProgressStore store, Curriculum curriculum, LabEvidenceSource labs, DocumentSource documents,
      HealthSource health, java.util.function.Predicate<String> labInstalled, Clock clock, ZoneId zone) {
    this.documents = documents;
    this.health = health;
    this.store = store;
    this.curriculum = curriculum;
    this.labs = labs;
    this.clock = clock;
    this.zone = zone;
    this.verification = new Verification(store, curriculum, labInstalled, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The streak as of today, over every verified day. */
  public Streak streak() {
    return streak(verification.verifiedDays(labs.evidence()));
  }

  private Streak streak(Map<Integer, VerifiedDay> verified) {
    return Streaks.compute(verified.values().stream().map(VerifiedDay::on).toList(), LocalDate.now(clock.withZone(zone)));
  }

  /** Events per calendar date, over the whole log (the heatmap). */
  public SortedMap<LocalDate, Integer> activity() {
    return activity(store.events(Instant.EPOCH), RecapScope.MONTH);
  }

  private SortedMap<LocalDate, Integer> activity(List<ProgressEvent> events, RecapScope scope) {
    SortedMap<LocalDate, Integer> out = new TreeMap<>();
    for (ProgressEvent e : events) {
      if (e.day() == 0 ? scope.isMonth() : scope.contains(e.day())) {
        out.merge(e.at().atZone(zone).toLocalDate(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** Study time per day from the event log (see the class comment). */
  static Map<Integer, Duration> timeSpent(List<ProgressEvent> events) {
    Map<Integer, Duration> out = new HashMap<>();
    for (int i = 1; i < events.size(); i++) {
      ProgressEvent a = events.get(i - 1);
      ProgressEvent b = events.get(i);
      Duration gap = Duration.between(a.at(), b.at());
      int day = b.day() > 0 ? b.day() : a.day();
      if (day > 0 && !gap.isNegative() && gap.compareTo(SESSION_GAP) <= 0) {
        out.merge(day, gap, Duration::plus);
      }
    }
    return out;
  }

  /** The learner's lab evidence for one day: per lab, its first passing check, else its latest. */
  public List<LabEvidence> evidenceOf(int day) {
    return evidenceOf(day, labs.evidence());
  }

  private static List<LabEvidence> evidenceOf(int day, List<LabEvidence> all) {
    Map<String, LabEvidence> byLab = new LinkedHashMap<>();
    for (LabEvidence e : all) {
      if (e.day() != day) {
        continue;
      }
      LabEvidence kept = byLab.get(e.labId());
      if (kept == null || !kept.passed()) {
        byLab.put(e.labId(), e);
      }
    }
    return new ArrayList<>(byLab.values());
  }

  /** Everything the recap of {@code scope} shows. */
  /** The tables the learner watches, with their health over the batch days, for a recap of {@code scope}. */
  public List<TableWatch> health(RecapScope scope) {
    return health.tables(scope.firstDay(), scope.lastDay());
  }

  public Recap build(RecapScope scope) {
    List<LabEvidence> evidence = labs.evidence();
    Map<Integer, VerifiedDay> verified = verification.verifiedDays(evidence);
    List<ProgressEvent> events = store.events(Instant.EPOCH);
    Map<Integer, Duration> time = timeSpent(events);
    Map<Integer, DayProgress> states = store.days();
    Map<Integer, String> notes = store.notes();
    Map<Integer, String> linkedin = new HashMap<>();
    List<PostDraft> blogs = new ArrayList<>();
    for (PostDraft d : store.drafts()) {
      if (d.kind() == DraftKind.LINKEDIN) {
        linkedin.put(d.period(), d.markdown());
      } else if (scope.isMonth() || d.period() == scope.week()) {
        blogs.add(d);
      }
    }
    Map<Integer, int[]> quiz = new HashMap<>();
    for (QuizAnswer a : store.allAnswers()) {
      int[] c = quiz.computeIfAbsent(a.day(), k -> new int[2]);
      c[0] += a.correct() ? 1 : 0;
      c[1]++;
    }
    Map<Integer, List<LearnerDocument>> docs = new HashMap<>();
    for (LearnerDocument d : documents.documents(scope.firstDay(), scope.lastDay())) {
      docs.computeIfAbsent(d.day(), k -> new ArrayList<>()).add(d);
    }
    List<RecapDay> days = new ArrayList<>();
    for (int day = scope.firstDay(); day <= scope.lastDay(); day++) {
      Lesson lesson = curriculum.lesson(day).orElse(null);
      DayProgress p = states.getOrDefault(day, DayProgress.notStarted(day));
      int[] q = quiz.getOrDefault(day, new int[2]);
      days.add(new RecapDay(day, curriculum.day(day).title(), p.state(),
          p.startedAt(), p.doneAt(), verified.get(day), time.getOrDefault(day, Duration.ZERO),
          q[0], q[1], lesson == null ? 0 : lesson.questions().size(),
          evidenceOf(day, evidence), notes.getOrDefault(day, ""), linkedin.getOrDefault(day, ""),
          docs.getOrDefault(day, List.of())));
    }
    return new Recap(scope, clock.instant(), zone, days, streak(verified), activity(events, scope), blogs);
  }
}
