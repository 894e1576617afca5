package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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
}
