package dev.lakehouse.workbench.curriculum;

import java.util.List;

/** A self-check question; {@code answer} is the exact text of one of {@code choices}. */
public record Question(String id, String prompt, List<String> choices, String answer, String explanation) {

  public Question {
    choices = List.copyOf(choices);
  }

  public boolean isCorrect(String choice) {
    return answer.equals(choice);
  }
}
