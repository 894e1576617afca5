package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks every lesson file in {@code curriculum/} against the format and the editorial rules. */
class CurriculumFilesTest {

  static final Path CURRICULUM = Path.of(System.getProperty("workbench.project.dir", "."), "curriculum");

  /** The plan's resources by day (URLs as the user wrote them), carried into the project. */
  static final Map<Integer, List<String>> PLAN_URLS = PlanFacts.urlsByDay();

  private final Curriculum curriculum = Curriculum.load(CURRICULUM);

  @Test
  void everyDayFromOneToThirtyHasExactlyOneValidLesson() {
    assertThat(curriculum.problems()).extracting(LessonProblem::describe).isEmpty();
    List<Integer> missing = new ArrayList<>();
    for (CurriculumDay d : curriculum.days()) {
      if (d.lesson() == null) {
        missing.add(d.day());
      }
    }
    assertThat(missing).as("days without a lesson").isEmpty();
  }

  @Test
  void everyLessonPassesTheEditorialChecks() {
    List<String> problems = curriculum.days().stream()
        .filter(d -> d.lesson() != null)
        .flatMap(d -> LessonLint.check(d.lesson()).stream())
        .map(LessonProblem::describe)
        .toList();
    assertThat(problems).isEmpty();
  }

  @Test
  void everyLessonKeepsEveryResourceOfThePlan() {
    List<String> missing = new ArrayList<>();
    for (CurriculumDay d : curriculum.days()) {
      if (d.lesson() == null) {
        continue;
      }
      Set<String> urls = d.lesson().resources().stream().map(Resource::url).collect(Collectors.toSet());
      for (String url : PLAN_URLS.getOrDefault(d.day(), List.of())) {
        if (!urls.contains(url)) {
          missing.add(d.lesson().file().getFileName() + ", field resources: the plan's " + url + " is missing");
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyQuestionsAnswerIsOneOfItsChoices() {
    for (CurriculumDay d : curriculum.days()) {
      d.lessonIfLoaded().ifPresent(l -> {
        assertThat(l.questions()).as(l.file().getFileName().toString()).hasSizeBetween(3, 5);
        l.questions().forEach(q -> assertThat(q.choices()).as(l.file().getFileName() + " " + q.id()).contains(q.answer()));
      });
    }
  }

  /**
   * A learner who has not read the lesson must not be able to pass by a pattern: no position in the
   * choice list holds more than 40% of the answers, and neither the longest nor the shortest choice
   * is the answer in more than 40% of the questions.
   */
  @Test
  void answersGiveNoPositionOrLengthCue() {
    List<Question> questions = curriculum.days().stream()
        .filter(d -> d.lesson() != null)
        .flatMap(d -> d.lesson().questions().stream())
        .toList();
    assertThat(questions).hasSizeGreaterThanOrEqualTo(90);
    int[] byPosition = new int[6];
    int longest = 0;
    int shortest = 0;
    for (Question q : questions) {
      byPosition[q.choices().indexOf(q.answer())]++;
      int max = q.choices().stream().mapToInt(String::length).max().orElseThrow();
      int min = q.choices().stream().mapToInt(String::length).min().orElseThrow();
      longest += q.answer().length() == max ? 1 : 0;
      shortest += q.answer().length() == min ? 1 : 0;
    }
    double limit = 0.40 * questions.size();
    for (int position = 0; position < byPosition.length; position++) {
      assertThat((double) byPosition[position]).as("answers at position %d", position + 1).isLessThanOrEqualTo(limit);
    }
    assertThat((double) longest).as("questions whose answer is the longest choice").isLessThanOrEqualTo(limit);
    assertThat((double) shortest).as("questions whose answer is the shortest choice").isLessThanOrEqualTo(limit);
  }

  /**
   * Answers stored under the ids of the replaced self-checks (q1..q5) were retired by migration V18;
   * a question using one of those ids again would pick up a stale answer to a different question.
   */
  @Test
  void noQuestionReusesARetiredId() {
    Set<String> retired = Set.of("q1", "q2", "q3", "q4", "q5");
    List<String> reused = new ArrayList<>();
    for (CurriculumDay d : curriculum.days()) {
      d.lessonIfLoaded().ifPresent(l -> l.questions().stream()
          .filter(q -> retired.contains(q.id()))
          .forEach(q -> reused.add(l.file().getFileName() + " " + q.id())));
    }
    assertThat(reused).isEmpty();
  }

  /** Every lesson has a lab, so at least one of its questions is about what the lab shows. */
  @Test
  void everyLessonWithALabAsksAboutIt() {
    List<String> missing = new ArrayList<>();
    for (CurriculumDay d : curriculum.days()) {
      d.lessonIfLoaded().filter(l -> !l.labs().isEmpty()).ifPresent(l -> {
        String day = String.format("day-%02d", l.day());
        boolean asks = l.questions().stream().anyMatch(q -> q.id().startsWith("lab-")
            || q.prompt().contains(day) || l.labs().stream().anyMatch(id -> q.prompt().contains(id)));
        if (!asks) {
          missing.add(l.file().getFileName().toString());
        }
      });
    }
    assertThat(missing).as("lessons with a lab but no question about it").isEmpty();
  }
}
