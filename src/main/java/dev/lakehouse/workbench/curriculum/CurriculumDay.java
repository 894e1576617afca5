package dev.lakehouse.workbench.curriculum;

import java.util.Optional;

/** A day of the plan: its lesson, or the problem that kept it from loading, or neither (missing). */
public record CurriculumDay(int day, Lesson lesson, LessonProblem problem) {

  public static final int DAYS = 30;

  public int week() {
    return (day - 1) / 7 + 1;
  }

  public String title() {
    if (lesson != null) {
      return lesson.title();
    }
    return problem != null ? "Lesson has an error" : "Lesson not written yet";
  }

  public Optional<Lesson> lessonIfLoaded() {
    return Optional.ofNullable(lesson);
  }
}
