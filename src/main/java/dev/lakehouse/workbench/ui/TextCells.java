package dev.lakehouse.workbench.ui;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;

/** List cells for lines of text too long for a narrow pane: wrapped, or cut with the whole line as tooltip. */
public final class TextCells {

  private TextCells() {}

  /** Each item wraps onto as many lines as the list's width needs. */
  public static Callback<ListView<String>, ListCell<String>> wrapped() {
    return l -> cell(true);
  }

  /** Each item stays one line; hovering shows the whole of it. */
  public static Callback<ListView<String>, ListCell<String>> withTooltips() {
    return l -> cell(false);
  }

  private static ListCell<String> cell(boolean wrap) {
    return new ListCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
        if (wrap) {
          setWrapText(true);
          setPrefWidth(0);
        } else {
          setTooltip(empty || item == null ? null : new Tooltip(item));
        }
      }
    };
  }
}
