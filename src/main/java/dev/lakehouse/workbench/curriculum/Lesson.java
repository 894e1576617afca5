package dev.lakehouse.workbench.curriculum;

import java.nio.file.Path;
import java.util.List;

/** One day's lesson: the front matter's facts and the Markdown body. {@code blogPrompt} may be null. */
public record Lesson(
    int day,
    int week,
    String title,
    String focus,
    int minutes,
    List<Resource> resources,
    String doable,
    String linkedinPrompt,
    String blogPrompt,
    List<String> labs,
    List<Question> questions,
    String body,
    int bodyFirstLine,
    Path file) {

  public Lesson {
    resources = List.copyOf(resources);
    labs = List.copyOf(labs);
    questions = List.copyOf(questions);
  }
}
