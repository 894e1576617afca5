package dev.lakehouse.workbench.lab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.ui.DayItem;
import dev.lakehouse.workbench.app.ui.WorkbenchWindow;
import dev.lakehouse.workbench.curriculum.ui.LessonPageRobot;
import dev.lakehouse.workbench.lab.CheckResult;
import dev.lakehouse.workbench.progress.DayState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import java.util.List;
import javafx.scene.control.ComboBox;
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

  /**
   * The project's content with every lab but day {@code day}'s (links, not copies), opened in the
   * window: every day of the plan has a lab, so the scratchpad of a lab-less day is tested on a day
   * made lab-less here.
   */
  private void startWithoutTheLabOfDay(int day) throws Exception {
    Path root = ContentWithoutLab.make(dataDir.resolve("content-without-day-" + day), day);
    window.stop();
    window = new WorkbenchWindow(dataDir, root);
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

  @Test
  void aDayWithoutALabIsAScratchpadTheLearnerTypesIntoAndRuns() throws Exception {
    startWithoutTheLabOfDay(3);
    clickOn(dayCell(3));
    clickOn(tabHeader("lab-tab"));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-title").queryAs(Label.class).getText()
        .equals("Scratchpad · Day 3"));
    CodeArea editor = lookup("#lab-editor").queryAs(CodeArea.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> editor.getText().startsWith("-- Day 3 scratchpad"));
    assertThat(lookup("#lab-check").queryAs(Node.class).isVisible()).isFalse();
    assertThat(lookup("#lab-run-all").queryAs(javafx.scene.control.Button.class).isDisabled()).isFalse();

    clickOn(editor);
    press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.A)
        .release(javafx.scene.input.KeyCode.A, javafx.scene.input.KeyCode.CONTROL);
    write("CREATE TABLE play.few AS SELECT * FROM shop.orders LIMIT 4;\nSELECT count(*) AS n FROM play.few;\n");
    clickOn("#lab-run-all");

    @SuppressWarnings("unchecked")
    javafx.scene.control.TableView<java.util.List<Object>> results = lookup("#lab-results").queryAs(javafx.scene.control.TableView.class);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> results.getItems().size() == 1);
    assertThat(results.getColumns().get(0).getText()).isEqualTo("n");
    assertThat(results.getItems().get(0).get(0).toString()).isEqualTo("4");
    // the timeline refreshes after the results, on its own turn of the FX thread
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-timeline").queryAs(ListView.class).getItems().stream()
        .anyMatch(l -> l.toString().startsWith("play.few  v0")));
    assertThat(selectedLowerTab()).isEqualTo("Results");

    // the text is kept for the day
    stop();
    start();
    clickOn(dayCell(3));
    clickOn(tabHeader("lab-tab"));
    CodeArea again = lookup("#lab-editor").queryAs(CodeArea.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> again.getText().contains("CREATE TABLE play.few"));
  }

  @Test
  void sendToLabOnADayWithoutALabLandsInTheScratchpad() throws Exception {
    startWithoutTheLabOfDay(22);
    clickOn(dayCell(22));
    WaitForAsyncUtils.waitForFxEvents();
    LessonPageRobot.click(this, window.lessonView(), "p.send-to-lab a");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-editor").tryQuery().isPresent()
        && lookup("#lab-editor").queryAs(CodeArea.class).getText().contains("-- from the lesson\nDESCRIBE HISTORY lab22.orders;"));
    assertThat(lookup("#lab-title").queryAs(Label.class).getText()).isEqualTo("Scratchpad · Day 22");
  }

  @Test
  void at1280x800TheLowerPaneFollowsRunAndCheckAndShowsWholeHeadersAndFoundValues() throws Exception {
    start();
    assertThat(window.workbench().viewModel()).isNotNull();
    javafx.scene.control.SplitPane lessonSplit = lookup(".split-pane").match((Node n) -> n == window.workbench()
        .view().lessonSplit()).queryAs(javafx.scene.control.SplitPane.class);
    clickOn(dayCell(2));
    clickOn(tabHeader("notes-tab"));
    double before = lessonSplit.getDividerPositions()[0];
    openDay2AndTheLabTab();
    assertThat(lessonSplit.getDividerPositions()[0]).as("switching to the lab does not move the divider").isEqualTo(before);
    // every tab of the side pane is on screen: none behind an overflow menu, none cut off
    javafx.geometry.Bounds side = lookup("#lab-tab").queryAs(Node.class).getParent().localToScene(
        lookup("#lab-tab").queryAs(Node.class).getParent().getBoundsInLocal());
    for (String id : java.util.List.of("notes-tab", "quiz-tab", "lab-tab", "drafts-tab", "activity-tab")) {
      Node header = tabHeader(id);
      assertThat(header.isVisible()).as(id).isTrue();
      assertThat(header.localToScene(header.getBoundsInLocal()).getMaxX()).as(id + " inside the window").isLessThanOrEqualTo(1280);
    }
    assertThat(lookup(".control-buttons-tab").tryQuery().map(Node::isVisible).orElse(false))
        .as("no overflow chevron").isFalse();

    CodeArea editor = lookup("#lab-editor").queryAs(CodeArea.class);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> editor.getText().contains("SELECT count(*) FROM lab02.orders"));
    clickOn(editor);
    press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.A)
        .release(javafx.scene.input.KeyCode.A, javafx.scene.input.KeyCode.CONTROL);
    write("SELECT customer_id, count(*) AS count_since_start, sum(amount) AS order_amount_total FROM lab02.orders GROUP BY customer_id;\n");
    clickOn("#lab-run-all");
    @SuppressWarnings("unchecked")
    javafx.scene.control.TableView<java.util.List<Object>> results = lookup("#lab-results").queryAs(javafx.scene.control.TableView.class);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> results.getItems().size() > 5);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(selectedLowerTab()).isEqualTo("Results");
    for (Node header : results.lookupAll(".column-header .label")) {
      javafx.scene.control.Labeled l = (javafx.scene.control.Labeled) header;
      if (!l.getText().isEmpty()) {
        assertThat(l.getWidth()).as("header " + l.getText() + " whole").isGreaterThanOrEqualTo(l.prefWidth(-1) - 0.5);
      }
    }
    assertThat(results.getHeight()).as("room for several rows").isGreaterThan(150);

    clickOn("#lab-check");
    @SuppressWarnings("unchecked")
    ListView<CheckResult> checks = lookup("#lab-checks").queryAs(ListView.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> checks.getItems().size() == 5 && "Checks".equals(selectedLowerTab()));
    WaitForAsyncUtils.waitForFxEvents();
    java.util.Set<Node> found = checks.lookupAll(".check-found");
    assertThat(found).isNotEmpty();
    for (Node n : found) {
      Label l = (Label) n;
      if (l.isVisible() && l.getParent() != null && l.getScene() != null && !l.getText().isEmpty()) {
        assertThat(l.getHeight()).as("found value not cut: " + l.getText()).isGreaterThanOrEqualTo(l.prefHeight(l.getWidth()) - 0.5);
        javafx.geometry.Bounds b = l.localToScene(l.getBoundsInLocal());
        assertThat(b.getMaxX()).as("found value inside the pane: " + l.getText()).isLessThanOrEqualTo(1280);
      }
    }
    // the checks' found values sit beside what was expected
    Label firstExpected = (Label) checks.lookup(".check-expected");
    Label firstFound = (Label) checks.lookup(".check-found");
    assertThat(firstFound.localToScene(0, 0).getY()).isEqualTo(firstExpected.localToScene(0, 0).getY());
    assertThat(firstFound.localToScene(0, 0).getX()).isGreaterThan(firstExpected.localToScene(0, 0).getX());

    // asked twice, the hint moves on
    clickOn("#lab-hint");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup("#lab-status").queryLabeled().getText().startsWith("Hint: "));
    String first = lookup("#lab-status").queryLabeled().getText();
    clickOn("#lab-hint");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !lookup("#lab-status").queryLabeled().getText().equals(first));
    assertThat(lookup("#lab-status").queryLabeled().getText()).startsWith("Hint: ");

    clickOn(tabHeader("notes-tab"));
    assertThat(lessonSplit.getDividerPositions()[0]).as("back to notes, the divider stays").isEqualTo(before);
  }

  private String selectedLowerTab() {
    try {
      return WaitForAsyncUtils.asyncFx(() -> lookup("#lab-lower").queryAs(javafx.scene.control.TabPane.class)
          .getSelectionModel().getSelectedItem().getText()).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Node tabHeader(String id) {
    return lookup(".tab").match((Node n) -> id.equals(n.getId())).queryAs(Node.class);
  }

  /** Snapshots the window holding {@code node}, light then dark, into target/screenshots/NAME-THEME.png. */
  static void screenshotsLightAndDark(Node node, String name) throws Exception {
    for (boolean dark : new boolean[] {false, true}) {
      java.nio.file.Path png = java.nio.file.Path.of("target", "screenshots", name + "-" + (dark ? "dark" : "light") + ".png");
      java.nio.file.Files.createDirectories(png.getParent());
      WaitForAsyncUtils.asyncFx(() -> {
        javafx.scene.Scene scene = node.getScene();
        dev.lakehouse.workbench.ui.Theme.apply(scene, dark);
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", png.toFile());
        return null;
      }).get();
      assertThat(png).isNotEmptyFile();
    }
  }

  /** Picks the day in the tree and opens its Lab tab, as a learner does. */
  private void openLab(int day) {
    clickOn(dayCell(day));
    WaitForAsyncUtils.waitForFxEvents();
    clickTab("lab-tab");
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Clicks the tab with this id. */
  private void clickTab(String id) {
    clickOn(lookup(".tab").match((Node n) -> id.equals(n.getId())).queryAs(Node.class));
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

  @Test
  void aSuiteIsReadAsItsCheckWillReadItWhileTheLearnerTypes() throws Exception {
    start();
    openLab(6);
    clickTab("lab-files-tab");
    org.fxmisc.richtext.CodeArea text = lookup("#lab-files-text").queryAs(org.fxmisc.richtext.CodeArea.class);
    Label reading = lookup("#lab-files-reading").queryAs(Label.class);
    // a half-written suite: one line naming the file and what is wrong, nothing saved
    WaitForAsyncUtils.asyncFx(() -> text.replaceText("{\"name\": \"orders\", \"expectations\": [")).get();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> reading.getText().startsWith("✗ "));
    assertThat(reading.getText()).contains("work/day-06/suite.json").doesNotContain("\n");
    assertThat(reading.getStyleClass()).contains("lab-file-problem");
    String suite = "{\"name\": \"orders\", \"expectations\": ["
        + "{\"type\": \"expect_column_values_to_not_be_null\", \"kwargs\": {\"column\": \"order_id\"}},"
        + "{\"type\": \"expect_column_values_to_be_between\", \"kwargs\": {\"column\": \"amount\", \"min_value\": 0}}]}";
    WaitForAsyncUtils.asyncFx(() -> text.replaceText(suite)).get();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> reading.getText().startsWith("✓ "));
    assertThat(reading.getText()).isEqualTo("✓ a valid expectation suite 'orders' with 2 expectations");
    assertThat(dataDir.resolve("work/day-06/suite.json")).doesNotExist();
    // coloured from Jackson's tokens: a key, a string value
    assertThat(text.getStyleOfChar(3)).contains("file-key");
    assertThat(text.getStyleOfChar(suite.indexOf("orders"))).contains("file-string");
    WaitForAsyncUtils.asyncFx(() -> text.replaceText(suite.replace(", {", ",\n  {").replace("[{", "[\n  {")
        .replace("}]}", "}\n]}").replace(", {\"type", ",{\"type"))).get();
    WaitForAsyncUtils.asyncFx(() -> text.replaceText(text.getText().replace("\"min_value\": 0", "\"min_value\": 0, \"mostly\": 2"))).get();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> reading.getText().startsWith("✗ "));
    screenshotsLightAndDark(text, "lab-files-suite-typing");
  }

  @Test
  void theFilesTabEditsADayDocumentAndSaveKeepsAVersion() throws Exception {
    start();
    openLab(29);
    clickTab("lab-files-tab");
    org.fxmisc.richtext.CodeArea text = lookup("#lab-files-text").queryAs(org.fxmisc.richtext.CodeArea.class);
    // not set up yet: the status names the file, which Save writes
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-files-status").queryAs(Label.class).getText()
        .contains("work/day-29/plan.md") || lookup("#lab-files-status").queryAs(Label.class).getText().contains("plan.md"));
    WaitForAsyncUtils.asyncFx(() -> text.replaceText("---\ntheme: mine\n---\n## Goals\n- one. artifact: a. proof: b. date: 2026-12-01\n")).get();
    clickOn("#lab-files-save");
    java.nio.file.Path plan = dataDir.resolve("work/day-29/plan.md");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> java.nio.file.Files.exists(plan)
        && java.nio.file.Files.readString(plan).contains("theme: mine"));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-files-status").queryAs(Label.class).getText()
        .contains("1 version kept"));
    assertThat(dataDir.resolve("work/day-29/versions/plan.1.md")).exists();

    // screenshots of the Files tab, light and dark (target/screenshots)
    screenshotsLightAndDark(text, "lab-files");
  }

  @Test
  void theExplorerShowsDeltasAndIcebergsMetadataSideBySideForAConvertedTable() throws Exception {
    // day 19 solved from the command line first: its table has both metadata trees
    try (dev.lakehouse.workbench.app.AppContext ctx = dev.lakehouse.workbench.app.AppContext.open(dataDir)) {
      var lab = ctx.labCatalog().require("day-19-iceberg-beside-delta");
      ctx.labs().setup(lab);
      ctx.labs().applySolution(lab);
    }
    start();
    openLab(19);
    clickTab("lab-tab-explorer");
    clickTab("lab-explorer-metadata-tab");
    @SuppressWarnings("unchecked")
    ListView<String> delta = lookup("#lab-explorer-delta-log").queryAs(ListView.class);
    @SuppressWarnings("unchecked")
    ListView<String> iceberg = lookup("#lab-explorer-iceberg").queryAs(ListView.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !delta.getItems().isEmpty() && !iceberg.getItems().isEmpty());
    assertThat(delta.getItems()).contains("00000000000000000000.json", "00000000000000000002.json");
    assertThat(iceberg.getItems().get(0)).startsWith("Delta version 0 → Iceberg snapshot");
    assertThat(iceberg.getItems()).anyMatch(l -> l.endsWith(".metadata.json")).anyMatch(l -> l.startsWith("snap-"));

    // time travel in both formats: the latest version first, then version 0, each read by both readers
    Label verdict = lookup("#lab-travel-verdict").queryAs(Label.class);
    @SuppressWarnings("unchecked")
    javafx.scene.control.TableView<List<Object>> deltaRows = lookup("#lab-travel-delta").queryAs(javafx.scene.control.TableView.class);
    @SuppressWarnings("unchecked")
    javafx.scene.control.TableView<List<Object>> icebergRows = lookup("#lab-travel-iceberg").queryAs(javafx.scene.control.TableView.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict.getText().startsWith("Version 2: Delta and Iceberg"));
    assertThat(verdict.getText()).contains("agree");
    int latestRows = deltaRows.getItems().size();
    assertThat(icebergRows.getItems()).hasSize(latestRows);
    @SuppressWarnings("unchecked")
    ComboBox<Long> version = lookup("#lab-travel-version").queryAs(ComboBox.class);
    interact(() -> version.setValue(0L));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict.getText().startsWith("Version 0: Delta and Iceberg"));
    assertThat(verdict.getText()).contains("agree");
    assertThat(deltaRows.getItems()).hasSize(icebergRows.getItems().size()).hasSizeLessThan(latestRows);
    assertThat(deltaRows.getColumns()).extracting(c -> c.getText())
        .isEqualTo(icebergRows.getColumns().stream().map(c -> c.getText()).toList());
    // room for the rows in the screenshot, as a learner would drag the dividers
    interact(() -> {
      for (javafx.scene.Parent p = verdict.getParent(); p != null; p = p.getParent()) {
        if (p instanceof javafx.scene.control.SplitPane split) {
          boolean vertical = split.getOrientation() == javafx.geometry.Orientation.VERTICAL;
          if (!vertical && split.getItems().size() == 3) {
            split.setDividerPositions(0.13, 0.33);
          } else if (vertical && split.getItems().size() == 3) {
            split.setDividerPositions(0.08, 0.2);
          } else if (vertical) {
            split.setDividerPositions(0.3);
          }
        }
      }
    });
    screenshotsLightAndDark(verdict, "lab-metadata-time-travel");
  }

  @Test
  void theExplorerDrawsTheRecordedDagRunsAsAGridOfTaskStates() throws Exception {
    // day 4's DAG run for a week from the command line first, as a learner does in a terminal
    java.io.StringWriter out = new java.io.StringWriter();
    for (String[] args : new String[][] {{"lab", "setup", "day-04-airflow-dag"}, {"lab", "solution", "day-04-airflow-dag", "--apply"}}) {
      String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--data-dir", dataDir.toString()),
          java.util.Arrays.stream(args)).toArray(String[]::new);
      int code = dev.lakehouse.workbench.app.cli.WorkbenchCli.run(all, d -> { }, new java.io.PrintWriter(out),
          new java.io.PrintWriter(out));
      assertThat(code).as(out.toString()).isZero();
    }
    start();
    openLab(4);
    clickTab("lab-tab-explorer");
    clickTab("lab-explorer-runs-tab");
    Label summary = lookup("#lab-runs-summary").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> summary.getText().contains("runs,"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(summary.getText()).startsWith("7 runs, 2024-03-06 to 2024-03-12").contains("4 tasks");
    javafx.scene.layout.GridPane grid = lookup("#lab-runs-grid").queryAs(javafx.scene.layout.GridPane.class);
    screenshotsLightAndDark(grid, "lab-dag-runs");
    // the lab's planted bad batches (9 and 12 March) fail the check and hold back the publish
    assertThat(summary.getText()).contains("2 failed");
    assertThat(grid.getChildren().stream().filter(n -> n.getStyleClass().contains("dag-failed")).count())
        .as("two failed runs, each with its failed check").isEqualTo(4);
    assertThat(grid.getChildren().stream().filter(n -> n.getStyleClass().contains("dag-upstream-failed")).count()).isEqualTo(2);
    assertThat(grid.getChildren().stream().filter(n -> n.getStyleClass().contains("dag-success")).count())
        .as("five good days: the run and its four tasks; two bad days: their loads and dbt builds").isEqualTo(5 * 5 + 2 * 2);
    List<String> rows = grid.getChildren().stream().filter(n -> n instanceof Label l && l.getStyleClass().contains("dag-task"))
        .sorted(java.util.Comparator.comparing(javafx.scene.layout.GridPane::getRowIndex)).map(n -> ((Label) n).getText()).toList();
    assertThat(rows).as("the rows in the order the tasks ran").containsExactly("load_orders", "dbt_build", "check_batch", "publish_revenue");
    // the failure callbacks of the two failed checks are listed beside the grid, newest first
    ListView<?> alerts = lookup("#lab-runs-alerts").queryAs(ListView.class);
    assertThat(alerts.getItems()).hasSize(2);
    javafx.geometry.Bounds shown = alerts.localToScene(alerts.getBoundsInLocal());
    assertThat(shown.getMaxY()).as("the alerts end inside the %.0f px window", alerts.getScene().getHeight())
        .isLessThanOrEqualTo(alerts.getScene().getHeight());
    assertThat(shown.getHeight()).as("both alerts show without scrolling").isGreaterThanOrEqualTo(48);
    assertThat(String.valueOf(alerts.getItems().get(0))).startsWith("2024-03-12 · TASK_FAILED · check_batch · task check_batch failed after 2 tries");
    assertThat(String.valueOf(alerts.getItems().get(1))).startsWith("2024-03-09 · TASK_FAILED · check_batch");
  }

  @Test
  void theExplorerDrawsARunAsAGanttWithTheRetryAndItsDelay() throws Exception {
    // day 15's job: on 7 March stage_orders fails once (a planted transient failure) and succeeds a minute later
    java.io.StringWriter out = new java.io.StringWriter();
    for (String[] args : new String[][] {{"lab", "setup", "day-15-databricks-job"}, {"lab", "solution", "day-15-databricks-job", "--apply"}}) {
      String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--data-dir", dataDir.toString()),
          java.util.Arrays.stream(args)).toArray(String[]::new);
      int code = dev.lakehouse.workbench.app.cli.WorkbenchCli.run(all, d -> { }, new java.io.PrintWriter(out),
          new java.io.PrintWriter(out));
      assertThat(code).as(out.toString()).isZero();
    }
    start();
    openLab(15);
    clickTab("lab-tab-explorer");
    clickTab("lab-explorer-runs-tab");
    Label title = lookup("#lab-gantt-title").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> title.getText().contains("run of 2024-03-09"));
    javafx.scene.layout.GridPane grid = lookup("#lab-runs-grid").queryAs(javafx.scene.layout.GridPane.class);
    Node march7 = grid.getChildren().stream().filter(n -> n.getStyleClass().contains("dag-run-cell")
        && n.getAccessibleText().contains("2024-03-07")).findFirst().orElseThrow();
    clickOn(march7);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> title.getText().contains("run of 2024-03-07"));
    assertThat(title.getText()).startsWith("[dev learner] Shop daily revenue · run of 2024-03-07 · success").contains("6 tasks").contains("1 retry");
    WaitForAsyncUtils.waitForFxEvents();
    GanttChart chart = lookup("#lab-gantt").queryAs(GanttChart.class);
    interact(() -> chart.getScene().getRoot().layout());
    List<javafx.scene.layout.Region> bars = chart.bars();
    javafx.scene.layout.Region retry = bars.stream().filter(b -> b.getStyleClass().contains("dag-up-for-retry")).findFirst().orElseThrow();
    javafx.scene.layout.Region second = bars.stream().filter(b -> b.getAccessibleText().startsWith("stage_orders · try 2 · success"))
        .findFirst().orElseThrow();
    assertThat(second.getLayoutX()).as("the retry starts after the minute's delay, to the right").isGreaterThan(retry.getLayoutX() + 40);
    assertThat(second.getLayoutY()).as("both tries on stage_orders' row").isEqualTo(retry.getLayoutY());
    javafx.scene.layout.Region skipped = bars.stream().filter(b -> b.getStyleClass().contains("dag-skipped")).findFirst().orElseThrow();
    assertThat(skipped.getAccessibleText()).startsWith("record_incident · did not start · skipped");
    clickOn(retry);
    assertThat(lookup("#lab-gantt-log").queryAs(javafx.scene.control.TextArea.class).getText())
        .startsWith("stage_orders · try 1 · up_for_retry").contains("failed:");
    // the learner drags the lab's dividers to give the Explorer room, as for any wide view
    interact(() -> lookup("#lab-split").queryAs(javafx.scene.control.SplitPane.class).setDividerPositions(0.05, 0.12));
    screenshotsLightAndDark(chart, "lab-dag-gantt");
  }

  @Test
  void eachForEachIterationIsARowOfTheGridAndABarOfTheGanttWithItsLog() throws Exception {
    // a job whose for_each_task runs a day per input, two at once; each iteration's first try fails (planted)
    Path jobs = java.nio.file.Files.createDirectories(dataDir.resolve("work/loop"));
    java.nio.file.Files.writeString(jobs.resolve("day.sql"), """
        DELETE FROM loop.daily WHERE d = CAST(:day AS DATE);
        INSERT INTO loop.daily SELECT CAST(:day AS DATE), 1;
        """);
    java.nio.file.Files.writeString(jobs.resolve("databricks.yml"), """
        bundle: {name: loop_jobs}
        resources:
          jobs:
            loop:
              name: Day loop
              tasks:
                - task_key: per_day
                  for_each_task:
                    inputs: '["2024-03-01", "2024-03-02", "2024-03-03"]'
                    concurrency: 2
                    task:
                      task_key: per_day_iteration
                      max_retries: 1
                      min_retry_interval_millis: 60000
                      sql_task: {warehouse_id: local, file: {path: ./day.sql}, parameters: {day: "{{input}}"}}
        """);
    java.io.StringWriter out = new java.io.StringWriter();
    for (String[] args : new String[][] {
        {"sql", "CREATE TABLE loop.daily (d DATE, n INT); CREATE TABLE pipeline.faults (job_key STRING, task_key STRING,"
            + " run_date DATE, fail_tries INT, message STRING); INSERT INTO pipeline.faults VALUES ('loop', 'per_day_iteration',"
            + " DATE '2024-03-04', 1, 'the warehouse did not answer')"},
        {"job", "run", jobs.resolve("databricks.yml").toString(), "--date", "2024-03-04"}}) {
      String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--data-dir", dataDir.toString()),
          java.util.Arrays.stream(args)).toArray(String[]::new);
      int code = dev.lakehouse.workbench.app.cli.WorkbenchCli.run(all, d -> { }, new java.io.PrintWriter(out),
          new java.io.PrintWriter(out));
      assertThat(code).as(out.toString()).isZero();
    }
    start();
    openLab(15);
    clickTab("lab-tab-explorer");
    clickTab("lab-explorer-runs-tab");
    Label summary = lookup("#lab-runs-summary").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> summary.getText().contains("runs,") || summary.getText().contains("run,"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(summary.getText()).contains("1 task ·").contains("for-each iterations as rows task[n]");
    javafx.scene.layout.GridPane grid = lookup("#lab-runs-grid").queryAs(javafx.scene.layout.GridPane.class);
    List<String> rows = grid.getChildren().stream().filter(n -> n instanceof Label l && l.getStyleClass().contains("dag-task"))
        .sorted(java.util.Comparator.comparing(javafx.scene.layout.GridPane::getRowIndex)).map(n -> ((Label) n).getText()).toList();
    assertThat(rows).containsExactly("per_day", "per_day[1]", "per_day[2]", "per_day[3]");
    List<Node> iterations = grid.getChildren().stream().filter(n -> n.getStyleClass().contains("dag-iteration-cell"))
        .sorted(java.util.Comparator.comparing(javafx.scene.layout.GridPane::getRowIndex)).toList();
    assertThat(iterations).hasSize(3).allMatch(n -> n.getStyleClass().contains("dag-success"));
    assertThat(iterations.get(1).getAccessibleText()).startsWith("per_day[2] · 2024-03-04 · input 2024-03-02 · success · 2 tries");
    screenshotsLightAndDark(grid, "lab-dag-runs-iterations");

    Label title = lookup("#lab-gantt-title").queryAs(Label.class);
    javafx.scene.control.TextArea log = lookup("#lab-gantt-log").queryAs(javafx.scene.control.TextArea.class);
    clickOn(iterations.get(1));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> log.getText().startsWith("per_day[2]"));
    assertThat(log.getText()).startsWith("per_day[2] · input 2024-03-02 · try 2 · success").contains("SQL file day.sql with {day=2024-03-02}")
        .doesNotContain("2024-03-01");
    assertThat(title.getText()).contains("1 task ·").contains("3 retries");
    GanttChart chart = lookup("#lab-gantt").queryAs(GanttChart.class);
    interact(() -> chart.getScene().getRoot().layout());
    java.util.function.Function<String, javafx.scene.layout.Region> bar = tip -> chart.bars().stream()
        .filter(b -> b.getAccessibleText().startsWith(tip)).findFirst().orElseThrow();
    javafx.scene.layout.Region first = bar.apply("per_day[1] · input 2024-03-01 · try 1 · up_for_retry");
    javafx.scene.layout.Region second = bar.apply("per_day[2] · input 2024-03-02 · try 1 · up_for_retry");
    javafx.scene.layout.Region third = bar.apply("per_day[3] · input 2024-03-03 · try 1");
    javafx.scene.layout.Region retry = bar.apply("per_day[1] · input 2024-03-01 · try 2 · success");
    assertThat(second.getLayoutX()).as("two iterations at once: the second starts with the first").isEqualTo(first.getLayoutX());
    assertThat(second.getLayoutY()).as("each iteration on its own row").isGreaterThan(first.getLayoutY());
    assertThat(retry.getLayoutY()).isEqualTo(first.getLayoutY());
    assertThat(third.getLayoutX()).as("the third waits for a free lane").isGreaterThan(first.getLayoutX() + first.getWidth());
    clickOn(first);
    assertThat(log.getText()).startsWith("per_day[1] · input 2024-03-01 · try 1 · up_for_retry").contains("the warehouse did not answer");
    interact(() -> lookup("#lab-split").queryAs(javafx.scene.control.SplitPane.class).setDividerPositions(0.05, 0.12));
    screenshotsLightAndDark(chart, "lab-dag-gantt-iterations");
  }

  @Test
  void dayOneOffersItsTwoLabsAndTheDiagramLabOpensItsFiles() throws Exception {
    start();
    openLab(1);
    @SuppressWarnings("unchecked")
    javafx.scene.control.ChoiceBox<String> pick = lookup("#lab-pick").queryAs(javafx.scene.control.ChoiceBox.class);
    assertThat(pick.isVisible()).isTrue();
    assertThat(pick.getItems()).containsExactly("day-01-first-lake", "day-01-stack-diagram");
    assertThat(lookup("#lab-title").queryAs(Label.class).getText()).contains("first");
    WaitForAsyncUtils.asyncFx(() -> pick.setValue("day-01-stack-diagram")).get();
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#lab-title").queryAs(Label.class).getText()
        .equals("Lab · Your Lakehouse stack as a diagram, and your skill map"));
    @SuppressWarnings("unchecked")
    javafx.scene.control.ChoiceBox<String> files = lookup("#lab-files-pick").queryAs(javafx.scene.control.ChoiceBox.class);
    assertThat(files.getItems()).containsExactly("work/day-01/stack.puml", "work/day-01/skills.md");

    // the diagram is drawn beside its text at every Save, and a line PlantUML cannot read is named
    clickTab("lab-files-tab");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "work/day-01/stack.puml".equals(files.getValue()));
    org.fxmisc.richtext.CodeArea text = lookup("#lab-files-text").queryAs(org.fxmisc.richtext.CodeArea.class);
    WaitForAsyncUtils.asyncFx(() -> text.replaceText("""
        @startuml
        database "Object storage (Parquet files)" as storage
        component "Delta Lake (table format)" as delta
        component "dbt (transformation)" as dbt
        actor "BI (consumers)" as bi
        storage --> delta
        delta --> dbt
        dbt --> bi
        @enduml
        """)).get();
    clickOn("#lab-files-save");
    javafx.scene.image.ImageView picture = lookup("#lab-files-picture").queryAs(javafx.scene.image.ImageView.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> picture.getImage() != null);
    assertThat(picture.getImage().getHeight()).as("four elements stacked").isGreaterThan(200);
    assertThat(lookup("#lab-files-picture-problem").queryAs(Label.class).isVisible()).isFalse();
    screenshotsLightAndDark(text, "lab-diagram");

    WaitForAsyncUtils.asyncFx(() -> text.replaceText("@startuml\ncomponent Delta\nDelta -=> ???\n@enduml\n")).get();
    clickOn("#lab-files-save");
    Label problem = lookup("#lab-files-picture-problem").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> problem.getText().startsWith("line 3"));
    assertThat(problem.isVisible()).isTrue();
    assertThat(picture.getImage()).as("no error image from PlantUML").isNull();
  }
}
