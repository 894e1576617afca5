package dev.lakehouse.workbench.lab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.lab.LabLake;

import dev.lakehouse.workbench.ui.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab pane's view model on a real lake and H2 database, without the toolkit. */
class LabViewModelTest {

  static final String THREE_APPENDS = """
      INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6;
      INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6;
      INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6;
      """;

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;
  AppContext ctx;
  LabViewModel vm;

  @BeforeEach
  void open() throws Exception {
    // day 3 without its lab: the scratchpad of a day that has none
    ctx = AppContext.open(dataDir, new Content(ContentWithoutLab.make(dataDir.resolve("content"), 3)), Clock.systemUTC());
    vm = new LabViewModel(ctx.labs(), UiExecutor.sameThread(), day -> { });
    vm.showDay(2);
  }

  @AfterEach
  void close() {
    ctx.close();
  }

  @Test
  void aRunReportsProgressPerStatementAndEndsIdle() {
    List<Double> seen = new ArrayList<>();
    vm.progressProperty().addListener((o, old, now) -> seen.add(now.doubleValue()));
    vm.run(THREE_APPENDS);
    assertThat(seen).containsSubsequence(1 / 3.0, 2 / 3.0, 1.0);
    assertThat(vm.progressProperty().get()).isZero();
    assertThat(vm.runningProperty().get()).isFalse();
    assertThat(vm.busyProperty().get()).isFalse();
    assertThat(vm.messagesProperty().get()).contains("checks pass");
  }

  @Test
  void cancellingStopsBetweenStatementsAndSkipsTheCheck() {
    vm.progressProperty().addListener((o, old, now) -> {
      if (Math.abs(now.doubleValue() - 1 / 3.0) < 1e-9) {
        vm.cancel();
      }
    });
    vm.run(THREE_APPENDS);
    assertThat(ctx.labs().lake().history("lab02.orders")).extracting(LabLake.Version::operation)
        .containsExactly("WRITE", "CREATE TABLE AS SELECT");
    assertThat(vm.messagesProperty().get())
        .contains("Cancelled after 1 of 3 statements; the rest did not run and the lab was not checked.");
    assertThat(vm.checks()).isEmpty();
    assertThat(vm.runningProperty().get()).isFalse();
    assertThat(vm.progressTextProperty().get()).isEmpty();
  }

  @Test
  void aPipelineLineLastShowsItsLogInMessagesAndAQueryLastShowsRows() {
    vm.run("INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6;\nci runs");
    assertThat(vm.paneProperty().get()).isEqualTo(LabViewModel.Pane.MESSAGES);
    assertThat(vm.messagesProperty().get()).contains("\u2713 ci runs").contains("checks pass");
    vm.run("ci runs;\nSELECT count(*) AS n FROM lab02.orders");
    assertThat(vm.paneProperty().get()).isEqualTo(LabViewModel.Pane.RESULTS);
  }

  @Test
  void cancelOutsideARunDoesNothing() {
    vm.cancel();
    vm.run("INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6");
    assertThat(ctx.labs().lake().history("lab02.orders")).hasSize(2);
    assertThat(vm.messagesProperty().get()).doesNotContain("Cancelled");
  }

  @Test
  void theExplorerShowsTablesSchemaFilesAndTheRawCommitOfAnyVersion() {
    vm.run("INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6");
    vm.refreshExplorer();
    assertThat(vm.lakeTables()).contains("lab02.orders", "shop.orders_day_6").isSorted();
    assertThat(vm.exploredTableProperty().get()).isEqualTo("lab02.orders");
    assertThat(vm.exploredColumns()).extracting(LabLake.Column::name).contains("order_id");
    assertThat(vm.exploredVersions()).extracting(LabLake.Version::version).containsExactly(1L, 0L);
    assertThat(vm.exploredFiles()).isNotEmpty().allSatisfy(f -> {
      assertThat(f.path()).endsWith(".parquet");
      assertThat(f.size()).isPositive();
    });
    assertThat(vm.exploredFiles().stream().mapToLong(f -> f.rows()).sum()).isEqualTo(120);
    assertThat(vm.explorerSummaryProperty().get()).startsWith("lab02.orders · version 1 · ").contains("120 rows");
    // the latest commit is the append, and its JSON names the operation
    assertThat(vm.commitJsonProperty().get()).contains("\"commitInfo\"").contains("\"add\"").contains("WRITE")
        .contains("\"mode\" : \"Append\"");

    vm.showCommit(0);
    assertThat(vm.commitJsonProperty().get()).contains("\"metaData\"").contains("\"protocol\"")
        .contains("CREATE TABLE AS SELECT");

    vm.explore("shop.orders_day_6");
    assertThat(vm.exploredVersions()).extracting(LabLake.Version::operation).containsExactly("WRITE", "CREATE TABLE");
    assertThat(vm.explorerSummaryProperty().get()).startsWith("shop.orders_day_6 · version 1 · ").contains("20 rows");
  }

  @Test
  void completionOffersTheLakesTablesAndSeesTablesCreatedByARun() {
    List<dev.lakehouse.workbench.lab.SqlCompletion.Completion> shown = new ArrayList<>();
    vm.run("SELECT 1");
    vm.complete("SELECT * FROM lab02.", "SELECT * FROM lab02.".length(), shown::add);
    assertThat(shown.get(0).candidates()).contains("lab02.orders").doesNotContain("lab02.mine");

    vm.run("CREATE TABLE lab02.mine AS SELECT order_id AS my_id FROM lab02.orders");
    vm.complete("SELECT * FROM lab02.", "SELECT * FROM lab02.".length(), shown::add);
    assertThat(shown.get(1).candidates()).contains("lab02.mine", "lab02.orders");
    vm.complete("SELECT my FROM lab02.mine", "SELECT my".length(), shown::add);
    assertThat(shown.get(2).candidates()).containsExactly("my_id");
  }

  @Test
  void sqlSentFromALessonIsAppendedToTheEditorAndSaved() {
    String before = vm.editorTextProperty().get();
    assertThat(before).isNotBlank();
    vm.receiveFromLesson("SELECT count(*) FROM lab02.orders\n");
    assertThat(vm.editorTextProperty().get())
        .isEqualTo(before.stripTrailing() + "\n\n-- from the lesson\nSELECT count(*) FROM lab02.orders;\n");
    assertThat(ctx.progress().labEditorText("day-02-acid-writes")).isEqualTo(vm.editorTextProperty().get());

    vm.showDay(3);
    vm.receiveFromLesson("SELECT 1");
    assertThat(vm.editorTextProperty().get()).endsWith("-- from the lesson\nSELECT 1;\n");
    assertThat(ctx.progress().labEditorText("scratchpad-day-03")).isEqualTo(vm.editorTextProperty().get());
  }

  @Test
  void aDayWithoutALabIsAScratchpadThatRunsOnTheLakeAndSeedsTheShopWhenEmpty() {
    vm.showDay(3);
    assertThat(vm.availableProperty().get()).isTrue();
    assertThat(vm.hasLabProperty().get()).isFalse();
    assertThat(vm.titleProperty().get()).isEqualTo("Scratchpad · Day 3");
    vm.editorTextProperty().set("CREATE TABLE scratch.t AS SELECT * FROM shop.orders LIMIT 3;\nSELECT count(*) AS n FROM scratch.t;");
    vm.run(vm.editorTextProperty().get());
    assertThat(vm.resultColumns()).containsExactly("n");
    assertThat(vm.resultRows().get(0).get(0).toString()).isEqualTo("3");
    assertThat(vm.paneProperty().get()).isEqualTo(LabViewModel.Pane.RESULTS);
    assertThat(vm.messagesProperty().get()).contains("shop.orders");
    assertThat(vm.timeline()).anyMatch(l -> l.startsWith("scratch.t  v0"));
    assertThat(vm.checks()).isEmpty();
    assertThat(ctx.progress().labEditorText("scratchpad-day-03")).contains("CREATE TABLE scratch.t");
  }

  @Test
  void resetSaysInWordsWhatItRestored() {
    assertThat(LabViewModel.resetMessage(new java.util.LinkedHashMap<>(java.util.Map.of("lab02.orders", 2L))))
        .isEqualTo("Reset: lab02.orders holds its seeded rows again (now version 2). Your earlier versions stay"
            + " in the history: see the Timeline.");
    vm.run("INSERT INTO lab02.orders SELECT * FROM shop.orders_day_6;");
    vm.reset();
    assertThat(vm.messagesProperty().get()).startsWith("Reset: lab02.orders and lab02.scratch hold their seeded rows")
        .doesNotContain("{", "=");
  }
}
