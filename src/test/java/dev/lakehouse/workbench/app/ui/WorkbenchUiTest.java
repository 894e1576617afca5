package dev.lakehouse.workbench.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeView;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The workbench driven as a learner would, headless: state survives a restart. */
class WorkbenchUiTest extends FxRobot {

  @TempDir Path dataDir;

  private WorkbenchWindow window;

  @BeforeEach
  void window() throws Exception {
    window = new WorkbenchWindow(dataDir);
  }

  @AfterEach
  void close() throws Exception {
    window.stop();
  }

  private void start() throws Exception {
    window.start();
  }

  private void restart() throws Exception {
    window.restart();
  }

  @Test
  void startedAsTheLauncherDoesTheWebViewAndNotesEditorFollowTheFirstFrame() throws Exception {
    window.start(false);
    String title = lookup("#day-title").queryAs(Label.class).getText().replaceFirst("^Day \\d+ · ", "");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.lessonView().showsWebPage());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup(".lesson-preview").tryQuery()).isEmpty();
    javafx.scene.web.WebEngine engine = window.lessonView().engine();
    assertThat(WaitForAsyncUtils.asyncFx(() -> engine.getDocument().getElementsByTagName("h1").item(0).getTextContent())
        .get()).isEqualTo(title);
    assertThat(lookup("#notes-editor").tryQuery()).isPresent();

    clickOn("#notes-editor");
    write("Drawn first, then the web page.");
    restart();
    assertThat(lookup("#notes-editor").queryAs(CodeArea.class).getText()).isEqualTo("Drawn first, then the web page.");
  }

  @Test
  void day2NoteAndDarkModeSurviveARestart() throws Exception {
    start();
    TreeView<?> tree = lookup("#day-tree").queryAs(TreeView.class);
    javafx.scene.Node day2 = lookup(".tree-cell").match((javafx.scene.Node n) -> n instanceof javafx.scene.control.TreeCell<?> c
        && c.getItem() instanceof DayItem d && d.day() == 2).query();
    clickOn(day2);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#day-title").queryAs(Label.class).getText()).startsWith("Day 2 · ").contains("Delta");

    clickOn("#notes-editor");
    write("The log is the table.");
    clickOn("#dark-toggle");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#dark-toggle").queryAs(ToggleButton.class).isSelected()).isTrue();
    assertThat(tree.getSelectionModel().getSelectedItem().getValue()).isInstanceOf(DayItem.class);

    restart();

    assertThat(lookup("#day-title").queryAs(Label.class).getText()).startsWith("Day 2 · ");
    assertThat(lookup("#notes-editor").queryAs(CodeArea.class).getText()).isEqualTo("The log is the table.");
    assertThat(lookup("#dark-toggle").queryAs(ToggleButton.class).isSelected()).isTrue();
    TreeView<?> again = lookup("#day-tree").queryAs(TreeView.class);
    assertThat(((DayItem) again.getSelectionModel().getSelectedItem().getValue()).day()).isEqualTo(2);
    assertThat(((DayItem) again.getSelectionModel().getSelectedItem().getValue()).state())
        .isEqualTo(dev.lakehouse.workbench.progress.DayState.IN_PROGRESS);
  }

  @Test
  void switchingTheThemeKeepsTheLessonWhereTheLearnerWasReading() throws Exception {
    start();
    javafx.scene.web.WebEngine engine = window.lessonView().engine();
    java.util.concurrent.Callable<Double> scrollY = () -> WaitForAsyncUtils.asyncFx(() ->
        engine.getLoadWorker().getState() == javafx.concurrent.Worker.State.SUCCEEDED
            ? ((Number) engine.executeScript("window.scrollY")).doubleValue() : -1.0).get();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> scrollY.call() >= 0);
    interact(() -> engine.executeScript("window.scrollTo(0, 900)"));
    double before = scrollY.call();
    assertThat(before).isGreaterThan(0);
    clickOn("#dark-toggle");
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> scrollY.call() > 0);
    assertThat(scrollY.call()).as("the redrawn lesson is where it was").isCloseTo(before, org.assertj.core.data.Offset.offset(40.0));
  }

  @Test
  void aDaysCellShowsItsNewStateWhenTheDayIsMarkedDone() throws Exception {
    start();
    clickOn(dayCell(3));
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> stateGlyph(3).equals(WorkbenchView.glyph(
        new DayItem(3, "", false, dev.lakehouse.workbench.progress.DayState.IN_PROGRESS))));
    clickOn("#done-button");
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> stateGlyph(3).equals("\u2714"));
    assertThat(stateGlyph(2)).isEqualTo("\u25CB");
  }

  private javafx.scene.Node dayCell(int day) {
    return lookup(".tree-cell").match((javafx.scene.Node n) -> n instanceof javafx.scene.control.TreeCell<?> c
        && c.getItem() instanceof DayItem d && d.day() == day).query();
  }

  private String stateGlyph(int day) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.text.Text) ((javafx.scene.control.TreeCell<?>) dayCell(day))
        .getGraphic()).getText()).get();
  }

  @Test
  void theExportDialogWritesAnHtmlRecapWithTheNoteAsText() throws Exception {
    start();
    clickOn("#notes-editor");
    write("<script>alert(1)</script> my note");
    clickOn("#drafts-tab");
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#draft-count").tryQuery().isPresent()
        && lookup("#draft-count").queryLabeled().getText().contains("/ 3,000"));
    assertThat(lookup("#draft-editor").queryTextInputControl().getText()).contains("Day 1");
    clickOn("#tools-menu").clickOn("Export recap\u2026");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#export-destination").tryQuery().isPresent());
    // outside the data folder: a recap is never written among the lake and the progress database
    Path out = java.nio.file.Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-exports")).resolve("recap.html");
    interact(() -> {
      @SuppressWarnings("unchecked")
      javafx.scene.control.ChoiceBox<dev.lakehouse.workbench.recap.RecapFormat> format =
          lookup("#export-format").queryAs(javafx.scene.control.ChoiceBox.class);
      format.getSelectionModel().select(dev.lakehouse.workbench.recap.RecapFormat.HTML);
      lookup("#export-destination").queryTextInputControl().setText(out.toString());
    });
    clickOn("#export-run");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !lookup("#export-open").queryButton().isDisabled());
    String html = java.nio.file.Files.readString(out);
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; my note").doesNotContain("<script>alert(1)");
    assertThat(lookup("#export-message").queryLabeled().getText()).contains(out.toString());
    interact(() -> ((javafx.stage.Stage) lookup("#export-dialog").query().getScene().getWindow()).close());
  }

  @Test
  void aNotesMarkdownReachesTheLinkedInDraftAsPlainText() throws Exception {
    start();
    clickOn("#notes-editor");
    write("# Day 1 takeaways\n\n**Two-tier** means two copies.\n");
    clickOn("#drafts-tab");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#draft-editor").tryQuery().isPresent()
        && lookup("#draft-editor").queryTextInputControl().getText().contains("Two-tier means two copies."));
    assertThat(lookup("#draft-editor").queryTextInputControl().getText())
        .contains("Day 1 takeaways\n\nTwo-tier means two copies.").doesNotContain("**", "# Day 1");
  }

  @Test
  void theFirstQuizAnswerCountsAndTheChoicesLockAfterIt() throws Exception {
    start();
    clickOn("#quiz-tab");
    dev.lakehouse.workbench.curriculum.Question q = window.workbench().viewModel().lessonProperty().get().questions().get(0);
    String wrong = q.choices().stream().filter(c -> !q.isCorrect(c)).findFirst().orElseThrow();
    javafx.scene.control.RadioButton wrongButton = radio(wrong);
    clickOn(wrongButton);
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.RadioButton rightButton = radio(q.answer());
    clickOn(rightButton);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(wrongButton.isSelected()).isTrue();
    assertThat(rightButton.isSelected()).isFalse();
    assertThat(window.workbench().viewModel().answersProperty().get().get(q.id()).correct()).isFalse();
    restart();
    assertThat(window.workbench().viewModel().answersProperty().get().get(q.id()).choice()).isEqualTo(wrong);
  }

  private javafx.scene.control.RadioButton radio(String text) {
    return lookup(".radio-button").match((javafx.scene.Node n) -> n instanceof javafx.scene.control.RadioButton r
        && r.getText().equals(text)).queryAs(javafx.scene.control.RadioButton.class);
  }

  @Test
  void markingADayDoneDoesNotShiftTheToolbarAndTheThemeToggleNamesTheOtherTheme() throws Exception {
    start();
    javafx.scene.Node done = lookup("#done-button").query();
    javafx.scene.Node today = lookup("#today-button").query();
    javafx.geometry.Bounds before = done.localToScene(done.getBoundsInLocal());
    double todayX = today.localToScene(0, 0).getX();
    assertThat(lookup("#done-button").queryButton().getText()).isEqualTo("Mark day done");
    clickOn("#done-button");
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#done-button").queryButton().getText().startsWith("\u2713"));
    WaitForAsyncUtils.waitForFxEvents();
    javafx.geometry.Bounds after = done.localToScene(done.getBoundsInLocal());
    assertThat(after.getMinX()).isEqualTo(before.getMinX());
    assertThat(after.getWidth()).isEqualTo(before.getWidth());
    assertThat(today.localToScene(0, 0).getX()).isEqualTo(todayX);

    assertThat(lookup("#dark-toggle").queryAs(ToggleButton.class).getText()).isEqualTo("Dark theme");
    clickOn("#dark-toggle");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#dark-toggle").queryAs(ToggleButton.class).getText()).isEqualTo("Light theme");
  }

  @Test
  void anEmptyNoteShowsWhatTheNotesAreFor() throws Exception {
    start();
    clickOn("#notes-tab");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#notes-placeholder").queryLabeled().isVisible()).isTrue();
    assertThat(lookup("#notes-placeholder").queryLabeled().getText()).startsWith("Your note for the day");
    clickOn("#notes-editor");
    write("x");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#notes-placeholder").tryQuery().map(javafx.scene.Node::isVisible).orElse(false)).isFalse();
  }

  @Test
  void aSearchHitOpensTheLessonAtTheMatchWithAPlainSnippetAndTheLabEditorDrawn() throws Exception {
    start();
    clickOn("#lab-tab");
    WaitForAsyncUtils.waitForFxEvents();
    clickOn("#search-field");
    write("zorder");
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !lookup("#search-hits").queryListView().getItems().isEmpty());
    for (javafx.scene.Node n : lookup(".search-hit-snippet").queryAll()) {
      String snippet = ((Label) n).getText();
      assertThat(snippet).doesNotContain("![", "**", "](").containsIgnoringCase("zorder");
    }
    type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#day-title").queryAs(Label.class).getText().startsWith("Day 17 · "));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "zorder".equalsIgnoreCase(String.valueOf(WaitForAsyncUtils.asyncFx(
        () -> window.lessonView().engine().executeScript("window.getSelection().toString()")).get())));
    Object scrolled = WaitForAsyncUtils.asyncFx(() -> window.lessonView().engine().executeScript(
        "document.documentElement.scrollTop || document.body.scrollTop")).get();
    assertThat(((Number) scrolled).doubleValue()).as("the page scrolled to the match").isGreaterThan(0);
    CodeArea editor = lookup("#lab-editor").queryAs(CodeArea.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> editor.getText().startsWith("-- Day 17"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(WaitForAsyncUtils.asyncFx(() -> editor.getVisibleParagraphs().size()).get())
        .as("the editor draws its lines without a click").isGreaterThan(1);
  }

  @Test
  void webLinksGoToTheBrowserAndLessonLinksStayInTheApp() throws Exception {
    start();
    javafx.scene.web.WebEngine engine = lookup(".lesson-view").queryAs(dev.lakehouse.workbench.curriculum.ui.LessonView.class).engine();
    interact(() -> engine.load("https://docs.delta.io/latest/delta-intro.html"));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.opened().contains("https://docs.delta.io/latest/delta-intro.html"));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> engine.getDocument() != null
        && engine.getDocument().getElementsByTagName("h1").getLength() == 1
        && engine.getDocument().getElementsByTagName("h1").item(0).getTextContent().equals(
            lookup("#day-title").queryAs(Label.class).getText().replaceFirst("^Day \\d+ · ", "")));

    java.nio.file.Path day8 = java.nio.file.Files.list(Path.of(System.getProperty("workbench.project.dir", "."), "curriculum"))
        .filter(p -> p.getFileName().toString().startsWith("day-08-")).findFirst().orElseThrow();
    interact(() -> engine.load(day8.toUri().toString()));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup("#day-title").queryAs(Label.class).getText().startsWith("Day 8 · "));
    assertThat(window.opened()).containsExactly("https://docs.delta.io/latest/delta-intro.html");
  }

  @Test
  void searchJumpsToTheDayAndTodayReturnsToTheCurrentDay() throws Exception {
    start();
    press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.K).release(javafx.scene.input.KeyCode.K, javafx.scene.input.KeyCode.CONTROL);
    write("zorder");
    WaitForAsyncUtils.waitForFxEvents();
    type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    String title = lookup("#day-title").queryAs(Label.class).getText();
    assertThat(title).startsWith("Day ");
    assertThat(title).doesNotStartWith("Day 1 ·");

    clickOn("#today-button");
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> lookup("#day-title").queryAs(Label.class).getText().startsWith("Day 1 ·"));
  }
}
