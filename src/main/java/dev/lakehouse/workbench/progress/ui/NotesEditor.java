package dev.lakehouse.workbench.progress.ui;

import javafx.animation.PauseTransition;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import dev.lakehouse.workbench.ui.UiExecutor;
import javafx.scene.layout.BorderPane;

/**
 * The day's Markdown note. Text is two-way bound to {@code text}; {@code save} runs after the
 * learner pauses typing ({@link #DEBOUNCE}), so saving never happens on every keystroke. Markdown
 * highlighting is computed on a background thread after a short pause and applied only if the text
 * has not changed meanwhile.
 */
public final class NotesEditor extends BorderPane {

  static final Duration DEBOUNCE = Duration.millis(700);

  private final CodeArea area = new CodeArea();
  private final PauseTransition pause = new PauseTransition(DEBOUNCE);
  private final PauseTransition highlightPause = new PauseTransition(Duration.millis(120));
  private final UiExecutor highlighter;
  private boolean updating;

  public NotesEditor(StringProperty text, Runnable save, UiExecutor highlighter) {
    this.highlighter = highlighter;
    highlightPause.setOnFinished(e -> highlight());
    area.textProperty().addListener((obs, old, now) -> highlightPause.playFromStart());
    area.setWrapText(true);
    area.getStyleClass().add("notes-area");
    area.setId("notes-editor");
    javafx.scene.control.Label placeholder = new javafx.scene.control.Label(
        "Your note for the day: what you learned, what surprised you, what to try next.\n"
            + "Markdown works (# heading, **bold**, - lists). It is saved as you type.");
    placeholder.setId("notes-placeholder");
    placeholder.getStyleClass().add("notes-placeholder");
    placeholder.setWrapText(true);
    placeholder.setMouseTransparent(true);
    placeholder.maxWidthProperty().bind(area.widthProperty().subtract(24)); // wraps inside the editor
    area.setPlaceholder(placeholder, javafx.geometry.Pos.TOP_LEFT);
    area.replaceText(text.get());
    setCenter(new VirtualizedScrollPane<>(area));
    pause.setOnFinished(e -> save.run());
    area.textProperty().addListener((obs, old, now) -> {
      if (updating) {
        return;
      }
      updating = true;
      text.set(now);
      updating = false;
      pause.playFromStart();
    });
    text.addListener((obs, old, now) -> {
      if (updating || now.equals(area.getText())) {
        return;
      }
      updating = true;
      area.replaceText(now);
      area.getUndoManager().forgetHistory();
      updating = false;
    });
  }

  private void highlight() {
    String text = area.getText();
    highlighter.submit(() -> MarkdownStyles.compute(text), spans -> {
      if (text.equals(area.getText())) {
        area.setStyleSpans(0, spans);
      }
    }, error -> { });
  }

  public CodeArea area() {
    return area;
  }
}
