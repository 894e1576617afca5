package dev.lakehouse.workbench.ui;

import dev.lakehouse.workbench.ui.MarkdownBlocks.Block;
import dev.lakehouse.workbench.ui.MarkdownBlocks.BlockKind;
import dev.lakehouse.workbench.ui.MarkdownBlocks.Span;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Markdown as plain JavaFX nodes: one node a block, styled by {@code md-*} classes in
 * {@code workbench.css}. Cheap to build, so it serves where a WebView would be too slow or too much.
 */
public final class MarkdownFlow {

  private MarkdownFlow() {}

  /** Replaces {@code into}'s children with {@code markdown}'s blocks. */
  public static void render(VBox into, String markdown) {
    into.getChildren().setAll(nodes(MarkdownBlocks.parse(markdown == null ? "" : markdown)));
  }

  /** The nodes of {@code blocks}, in order. */
  public static List<Node> nodes(List<Block> blocks) {
    return blocks.stream().map(MarkdownFlow::node).toList();
  }

  private static Node node(Block b) {
    return switch (b.kind()) {
      case HEADING -> {
        TextFlow f = flow(b.spans(), "md-heading", "md-h" + Math.min(b.level(), 3));
        f.getStyleClass().addAll("md-heading-block", "md-heading-block-" + Math.min(b.level(), 3));
        yield f;
      }
      case BULLET, NUMBERED -> listItem(b);
      case CODE -> codeBlock(b);
      case TABLE -> table(b);
      case CALLOUT, QUOTE -> {
        VBox box = new VBox(4);
        box.getStyleClass().addAll("md-" + b.kind().name().toLowerCase(Locale.ROOT), "md-callout-" + b.marker());
        if (!b.spans().isEmpty()) {
          box.getChildren().add(flow(b.spans(), "md-callout-title"));
        }
        box.getChildren().addAll(nodes(b.children()));
        yield box;
      }
      case IMAGE -> {
        Label l = new Label(b.text().isBlank() ? "Diagram" : b.text());
        l.setWrapText(true);
        l.getStyleClass().add("md-image");
        yield l;
      }
      case RULE -> new Separator();
      case PARAGRAPH -> flow(b.spans());
    };
  }

  /**
   * Code keeps its shape: every line as written, never wrapped; a line wider than the pane scrolls
   * sideways inside its block (the text is one {@code Text}, so leading whitespace stays).
   */
  private static Node codeBlock(Block b) {
    Text code = new Text(b.text());
    code.getStyleClass().addAll("md-text", "md-codeblock-text");
    javafx.scene.Group content = new javafx.scene.Group(code);
    ScrollPane pane = new ScrollPane(content);
    pane.getStyleClass().addAll("md-codeblock", "lab-md-codeblock");
    pane.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    pane.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    pane.setFitToHeight(true);
    pane.setPannable(true);
    pane.setMinHeight(Region.USE_PREF_SIZE);
    // room under the last line for the sideways scroll bar, which a ScrollPane lays over its content
    pane.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> code.getLayoutBounds().getHeight() + 14, code.layoutBoundsProperty()));
    // a wheel turned over the block scrolls the page, not the block
    pane.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> {
      if (e.getDeltaX() == 0 && pane.getParent() != null) {
        e.consume();
        pane.getParent().fireEvent(e.copyFor(pane.getParent(), pane.getParent()));
      }
    });
    return pane;
  }

  private static Node listItem(Block b) {
    Text marker = new Text(b.marker());
    marker.getStyleClass().addAll("md-text", "md-marker");
    TextFlow text = flow(b.spans());
    HBox.setHgrow(text, Priority.ALWAYS);
    HBox item = new HBox(6, marker, text);
    item.getStyleClass().add("md-item");
    item.setPadding(new Insets(0, 0, 0, 10 + 18 * b.level()));
    return item;
  }

  private static Node table(Block b) {
    GridPane grid = new GridPane();
    grid.getStyleClass().add("md-table");
    int columns = b.rows().stream().mapToInt(List::size).max().orElse(0);
    for (int c = 0; c < columns; c++) {
      ColumnConstraints cc = new ColumnConstraints();
      cc.setHgrow(Priority.SOMETIMES);
      grid.getColumnConstraints().add(cc);
    }
    for (int r = 0; r < b.rows().size(); r++) {
      List<List<Span>> row = b.rows().get(r);
      for (int c = 0; c < row.size(); c++) {
        TextFlow cell = flow(row.get(c));
        cell.getStyleClass().add(r == 0 ? "md-table-header" : "md-table-cell");
        if (r == 0) {
          cell.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a header never breaks inside a word
        }
        grid.add(cell, c, r);
      }
    }
    return grid;
  }

  private static TextFlow flow(List<Span> spans, String... textClasses) {
    TextFlow flow = new TextFlow();
    flow.getStyleClass().add("md-flow");
    for (Span span : spans) {
      Text t = new Text(span.text());
      t.getStyleClass().add("md-text");
      t.getStyleClass().addAll(textClasses);
      if (span.kind() != MarkdownBlocks.SpanKind.TEXT) {
        t.getStyleClass().add("md-" + span.kind().name().toLowerCase(Locale.ROOT));
      }
      flow.getChildren().add(t);
    }
    return flow;
  }
}
