package dev.lakehouse.workbench.recap.ui;

import dev.lakehouse.workbench.progress.DraftKind;
import java.text.NumberFormat;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The drafts tab: the day's LinkedIn post or the week's blog post, its length, copy and re-seed. */
public final class DraftsView extends BorderPane {

  static final Duration DEBOUNCE = Duration.millis(700);

  private final TextArea area = new TextArea();
  private final Label count = new Label();
  private final PauseTransition pause = new PauseTransition(DEBOUNCE);

  public DraftsView(RecapViewModel vm) {
    getStyleClass().add("drafts-view");
    ToggleGroup kinds = new ToggleGroup();
    ToggleButton linkedin = new ToggleButton("LinkedIn");
    linkedin.setId("draft-linkedin");
    linkedin.setUserData(DraftKind.LINKEDIN);
    ToggleButton blog = new ToggleButton("Blog");
    blog.setId("draft-blog");
    blog.setUserData(DraftKind.BLOG);
    linkedin.setToggleGroup(kinds);
    blog.setToggleGroup(kinds);
    kinds.selectToggle(vm.draftKindProperty().get() == DraftKind.BLOG ? blog : linkedin);
    kinds.selectedToggleProperty().addListener((o, old, t) -> {
      if (t == null) {
        kinds.selectToggle(old);
      } else {
        vm.draftKindProperty().set((DraftKind) t.getUserData());
      }
    });
    Label which = new Label();
    which.textProperty().bind(Bindings.createStringBinding(() -> vm.draftKindProperty().get() == DraftKind.LINKEDIN
        ? "Day " + vm.dayProperty().get() : "Week " + vm.week(), vm.dayProperty(), vm.draftKindProperty()));
    which.getStyleClass().add("draft-which");

    Button copy = new Button("Copy");
    copy.setId("draft-copy");
    copy.setTooltip(new Tooltip("Copy the draft to the clipboard"));
    copy.setOnAction(e -> {
      ClipboardContent content = new ClipboardContent();
      content.putString(area.getText());
      Clipboard.getSystemClipboard().setContent(content);
      vm.draftStatusProperty().set("Copied " + area.getText().length() + " characters.");
    });
    Button reseed = new Button("Re-seed");
    reseed.setId("draft-reseed");
    reseed.setTooltip(new Tooltip("Replace the text with a fresh draft from the lesson's prompt and your record"));
    reseed.setOnAction(e -> vm.reseed());
    for (var b : java.util.List.of(linkedin, blog, reseed, copy)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(6, linkedin, blog, which, spacer, reseed, copy);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(6));
    which.setMinWidth(Region.USE_PREF_SIZE);

    area.setId("draft-editor");
    area.setWrapText(true);
    area.textProperty().bindBidirectional(vm.draftTextProperty());
    area.textProperty().addListener((o, old, now) -> pause.playFromStart());
    pause.setOnFinished(e -> vm.saveDraftLater());

    count.setId("draft-count");
    NumberFormat n = NumberFormat.getIntegerInstance(Locale.US);
    count.textProperty().bind(Bindings.createStringBinding(() -> vm.draftKindProperty().get() == DraftKind.LINKEDIN
        ? n.format(vm.charactersBinding().get()) + " / " + n.format(DraftKind.LINKEDIN_POST_LIMIT) + " characters"
            + (vm.overLimitBinding().get() ? " - over LinkedIn's limit" : "")
        : n.format(vm.charactersBinding().get()) + " characters", vm.charactersBinding(), vm.overLimitBinding(), vm.draftKindProperty()));
    vm.overLimitBinding().addListener((o, was, over) -> {
      count.getStyleClass().remove("over-limit");
      if (over) {
        count.getStyleClass().add("over-limit");
      }
    });
    Label status = new Label();
    status.setId("draft-status");
    status.textProperty().bind(vm.draftStatusProperty());
    status.getStyleClass().add("draft-status");
    VBox bottom = new VBox(2, count, status);
    bottom.setPadding(new Insets(4, 6, 6, 6));

    setTop(top);
    setCenter(area);
    setBottom(bottom);
  }

  public TextArea area() {
    return area;
  }

  public Label count() {
    return count;
  }
}
