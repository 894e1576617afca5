package dev.lakehouse.workbench.lab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.ui.DayItem;
import dev.lakehouse.workbench.app.ui.WorkbenchWindow;
import dev.lakehouse.workbench.curriculum.ui.LessonPageRobot;
import dev.lakehouse.workbench.lab.CheckResult;
import dev.lakehouse.workbench.progress.DayState;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeCell;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The lab pane driven as a learner would, headless, on a real lake and a real H2 file database. */
class LabPaneUiTest extends FxRobot {

  static final String SOLUTION = """
      INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6;
      INSERT OVERWRITE lab02.scratch SELECT * FROM shop.orders_day_6;
      INSERT INTO lab02.orders VALUES ('not a number', 'oops');
      """;

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

  private void stop() throws Exception {
    window.stop();
  }

  private void openDay2AndTheLabTab() {
    Node day2 = lookup(".tree-cell").match((Node n) -> n instanceof TreeCell<?> c
        && c.getItem() instanceof DayItem d && d.day() == 2).query();
    clickOn(day2);
    WaitForAsyncUtils.waitForFxEvents();
    clickOn(lookup(".tab").match((Node n) -> n.getId() != null && n.getId().equals("lab-tab")).queryAs(Node.class));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void day2SolvedInTheLabPaneIsDoneAndItsEditorTextSurvivesARestart() throws Exception {
    start();
    openDay2AndTheLabTab();
    assertThat(lookup("#lab-title").queryAs(Label.class).getText()).isEqualTo("Lab · ACID batch writes");
    CodeArea editor = lookup("#lab-editor").queryAs(CodeArea.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> editor.getText().contains("SELECT count(*) FROM lab02.orders"));

    clickOn(editor);
    press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.A)
        .release(javafx.scene.input.KeyCode.A, javafx.scene.input.KeyCode.CONTROL);
    write(SOLUTION);
    clickOn("#lab-run-all");

    @SuppressWarnings("unchecked")
    ListView<CheckResult> checks = lookup("#lab-checks").queryAs(ListView.class);
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> checks.getItems().size() == 5
        && checks.getItems().stream().allMatch(CheckResult::passed));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(window.workbench().viewModel().item(2).state()).isEqualTo(DayState.DONE);
    assertThat(lookup("#lab-messages").queryAs(javafx.scene.control.TextArea.class).getText())
        .contains("5 of 5 checks pass");
    assertThat(lookup("#lab-timeline").queryAs(ListView.class).getItems()).isNotEmpty();

    stop();
    start();
    assertThat(window.workbench().viewModel().item(2).state()).isEqualTo(DayState.DONE);
    openDay2AndTheLabTab();
    CodeArea again = lookup("#lab-editor").queryAs(CodeArea.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> again.getText().equals(SOLUTION));
  }

  @Test
  void clickingALessonsSendToLabLinkPutsItsSqlInTheLabEditorAndShowsTheLabTab() throws Exception {
    start();
    clickOn(dayCell(2));
    WaitForAsyncUtils.waitForFxEvents();
    String[] href = new String[1];
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
      var doc = window.lessonView().engine().getDocument();
      var links = doc == null ? null : doc.getElementsByTagName("a");
      for (int i = 0; links != null && i < links.getLength(); i++) {
        String h = ((org.w3c.dom.Element) links.item(i)).getAttribute("href");
        if (h.startsWith("send-to-lab?sql=")) {
          href[0] = h;
          return true;
        }
      }
      return false;
    }).get());
    String sql = dev.lakehouse.workbench.curriculum.LessonRenderer.sentToLab(href[0]).orElseThrow();

    LessonPageRobot.click(this, window.lessonView(), "p.send-to-lab a");

    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-editor").tryQuery().isPresent()
        && lookup("#lab-editor").queryAs(CodeArea.class).getText().contains("-- from the lesson\n" + sql.strip()));
    assertThat(lookup("#lab-tab").queryAs(Node.class).getStyleClass()).isNotNull();
    assertThat(lookup("#lab-title").queryAs(Label.class).getText()).isEqualTo("Lab · ACID batch writes");
  }

  @Test
  void clickingALinkToAnotherDayOpensThatDay() throws Exception {
    start();
    clickOn(dayCell(24));
    WaitForAsyncUtils.waitForFxEvents();
    LessonPageRobot.click(this, window.lessonView(), "a[href^='day-20-']");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
        () -> lookup("#day-title").queryAs(Label.class).getText().startsWith("Day 20 · "));
    assertThat(window.opened()).isEmpty();
  }

  private Node dayCell(int day) {
    javafx.scene.control.TreeView<?> tree = lookup("#day-tree").queryAs(javafx.scene.control.TreeView.class);
    interact(() -> {
      for (int i = 0; i < tree.getExpandedItemCount(); i++) {
        if (tree.getTreeItem(i).getValue() instanceof DayItem d && d.day() == day) {
          tree.scrollTo(Math.max(0, i - 2));
        }
      }
    });
    WaitForAsyncUtils.waitForFxEvents();
    return lookup(".tree-cell").match((Node n) -> n instanceof TreeCell<?> c
        && c.getItem() instanceof DayItem d && d.day() == day).query();
  }
}
