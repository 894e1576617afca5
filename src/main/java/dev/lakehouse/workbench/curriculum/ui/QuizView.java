package dev.lakehouse.workbench.curriculum.ui;

import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.curriculum.Question;
import java.util.Map;
import java.util.function.BiFunction;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;

/**
 * The lesson's self-check questions. Choosing an answer records it (through {@code onAnswer}) and
 * shows whether it was right, with the explanation; the first answer counts, so the choices are
 * locked once one is made.
 */
public final class QuizView extends ScrollPane {

  private final VBox box = new VBox();
  private final BiFunction<Question, String, Boolean> onAnswer;

  public QuizView(BiFunction<Question, String, Boolean> onAnswer) {
    this.onAnswer = onAnswer;
    box.getStyleClass().add("quiz");
    setContent(box);
    setFitToWidth(true);
  }

  /** Shows the questions of {@code lesson} (none if null) with the previous answers by question id. */
  public void show(Lesson lesson, Map<String, String> previous) {
    box.getChildren().clear();
    if (lesson == null) {
      box.getChildren().add(new Label("No questions for this day."));
      return;
    }
    int n = 1;
    for (Question q : lesson.questions()) {
      VBox block = new VBox(6);
      Label prompt = new Label(n++ + ". " + q.prompt());
      prompt.getStyleClass().add("quiz-prompt");
      prompt.setMaxWidth(Double.MAX_VALUE);
      Label explanation = new Label();
      explanation.getStyleClass().add("quiz-explanation");
      explanation.setMaxWidth(Double.MAX_VALUE);
      explanation.setVisible(false);
      explanation.setManaged(false);
      ToggleGroup group = new ToggleGroup();
      block.getChildren().add(prompt);
      for (String choice : q.choices()) {
        RadioButton rb = new RadioButton(choice);
        rb.setWrapText(true);
        rb.setToggleGroup(group);
        rb.setUserData(choice);
        if (choice.equals(previous.get(q.id()))) {
          rb.setSelected(true);
          reveal(explanation, q, q.isCorrect(choice));
        }
        block.getChildren().add(rb);
      }
      if (previous.containsKey(q.id())) {
        lock(group);
      }
      group.selectedToggleProperty().addListener((obs, old, now) -> {
        if (now != null && old == null) {
          boolean correct = onAnswer.apply(q, (String) now.getUserData());
          reveal(explanation, q, correct);
          lock(group); // the first answer is the one that counts
        }
      });
      block.getChildren().add(explanation);
      box.getChildren().add(block);
    }
  }

  /** After an answer the choices stay as they are: the explanation is shown, the answer is kept. */
  private static void lock(ToggleGroup group) {
    group.getToggles().forEach(t -> ((RadioButton) t).setDisable(true));
  }

  private static void reveal(Label explanation, Question q, boolean correct) {
    explanation.setText((correct ? "\u2713 Right. " : "\u2717 Not quite — the answer is: " + q.answer() + ". ")
        + q.explanation());
    explanation.getStyleClass().removeAll("correct", "wrong");
    explanation.getStyleClass().add(correct ? "correct" : "wrong");
    explanation.setVisible(true);
    explanation.setManaged(true);
  }
}
