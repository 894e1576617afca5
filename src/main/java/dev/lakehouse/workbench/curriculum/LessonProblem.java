package dev.lakehouse.workbench.curriculum;

import java.nio.file.Path;

/**
 * Why a lesson file could not be used: the file, the 1-based line (0 when unknown), the field and
 * what is wrong. The workbench shows it in place of that day's lesson.
 */
public record LessonProblem(Path file, int line, String field, String message) {

  /** One line: "day-02-x.md line 7, field questions[1].answer: ...". */
  public String describe() {
    StringBuilder s = new StringBuilder(file.getFileName().toString());
    if (line > 0) {
      s.append(" line ").append(line);
    }
    if (field != null && !field.isEmpty()) {
      s.append(", field ").append(field);
    }
    return s.append(": ").append(message).toString();
  }
}
