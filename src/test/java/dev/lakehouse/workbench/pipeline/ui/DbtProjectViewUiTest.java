package dev.lakehouse.workbench.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.pipeline.dbt.ProjectOutline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dbt project pane on the day-9 lab's project, headless: Build runs on the lake off the FX thread,
 * the tree shows each node's status (the custom test fails on the planted row, the marts are skipped),
 * and selecting a model shows its compiled SQL.
 */
class DbtProjectViewUiTest extends FxRobot {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;
  private Stage stage;
  private AppContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC());
    LabDefinition lab = ctx.labCatalog().require("day-09-dbt-macros-tests");
    ctx.labs().setup(lab);
    for (var f : lab.files()) { // the learner's finished files; the planted bad row is still in the source
      Files.writeString(dataDir.resolve(f.path()), f.solution());
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    FxToolkit.setupFixture(() -> stage.hide());
    ctx.close();
  }

  @Test
  void buildColoursTheTreeByStatusAndAModelShowsItsCompiledSql() throws Exception {
    DbtProjectView[] view = new DbtProjectView[1];
    FxToolkit.setupFixture(() -> {
      view[0] = new DbtProjectView(ctx.lake(), dataDir);
      Scene scene = new Scene(view[0], 1100, 720);
      dev.lakehouse.workbench.ui.Theme.apply(scene, false);
      stage.setScene(scene);
      stage.show();
    });
    Label status = lookup("#dbt-status").queryAs(Label.class);
    assertThat(view[0].outline().dir()).isEqualTo(dataDir.resolve("work/day-09/shop_dbt"));
    assertThat(status.getText()).isEqualTo("Not built yet: press Build.");

    clickOn("#dbt-build");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> status.getText().startsWith("Last run"));
    WaitForAsyncUtils.waitForFxEvents();
    Map<String, String> st = view[0].outline().items().stream()
        .collect(Collectors.toMap(ProjectOutline.Item::name, ProjectOutline.Item::status));
    assertThat(st).containsEntry("stg_orders", "success").containsEntry("positive_stg_orders_quantity", "fail")
        .containsEntry("fct_daily_revenue", "skipped").containsEntry("unique_stg_orders_order_id", "pass");
    assertThat(status.getText()).isEqualTo("Last run: 1 of 8 nodes failed, 3 skipped.");
    assertThat(lookup("#dbt-node-positive_stg_orders_quantity").queryLabeled().getStyleClass()).contains("dbt-status-fail");

    clickOn("#dbt-node-fct_daily_revenue");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#dbt-node-title").queryAs(Label.class).getText()).startsWith("fct_daily_revenue · models/marts/fct_daily_revenue.sql · skipped");
    clickOn("#dbt-node-stg_orders");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#dbt-compiled").queryAs(CodeArea.class).getText()).contains("from lab09.raw_orders").doesNotContain("{{");
    clickOn("#dbt-node-positive_stg_orders_quantity");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#dbt-node-title").queryAs(Label.class).getText()).endsWith("Got 1 result, configured to fail if !=0");
    assertThat(lookup("#dbt-compiled").queryAs(CodeArea.class).getText()).contains("quantity <= 0");
    Label rows = lookup("#dbt-failing-rows").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, rows::isVisible);
    assertThat(rows.getText()).startsWith("Failing rows (first 1):").contains("order_id=990001", "quantity=-2");

    for (Path png : dev.lakehouse.workbench.ui.Screenshots.lightAndDark(view[0].getScene(), "dbt-project")) {
      assertThat(png).isNotEmptyFile();
    }
  }

  /**
   * As a learner edits: a model opened from the tree is coloured, edited and saved with Ctrl+S; Run
   * builds the models; the graph draws them from their refs coloured by status; Cancel during a build
   * stops it after the node being built.
   */
  @Test
  void aModelIsEditedSavedRunDrawnAndABuildIsCancelled() throws Exception {
    DbtProjectView[] view = new DbtProjectView[1];
    FxToolkit.setupFixture(() -> {
      view[0] = new DbtProjectView(ctx.lake(), dataDir);
      Scene scene = new Scene(view[0], 1100, 720);
      dev.lakehouse.workbench.ui.Theme.apply(scene, false);
      stage.setScene(scene);
      stage.show();
    });
    Path model = dataDir.resolve("work/day-09/shop_dbt/models/staging/stg_orders.sql");
    clickOn("#dbt-node-stg_orders");
    clickOn("#dbt-source-tab");
    CodeArea source = lookup("#dbt-source").queryAs(CodeArea.class);
    assertThat(lookup("#dbt-source-title").queryAs(Label.class).getText()).isEqualTo("models/staging/stg_orders.sql");
    assertThat(source.getText()).isEqualTo(Files.readString(model));
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> source.getText().contains("{{")
        && source.getStyleOfChar(source.getText().indexOf("{{") + 1).contains("file-jinja"));

    clickOn(source);
    push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.HOME);
    write("-- edited in the pane\n");
    assertThat(lookup("#dbt-source-state").queryAs(Label.class).getText()).startsWith("edited, not saved");
    push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.S);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(Files.readString(model)).startsWith("-- edited in the pane\n");
    assertThat(lookup("#dbt-source-state").queryAs(Label.class).getText()).startsWith("saved ");
    dev.lakehouse.workbench.ui.Screenshots.take(view[0].getScene(), "dbt-project-source-light");

    Label status = lookup("#dbt-status").queryAs(Label.class);
    clickOn("#dbt-run");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> status.getText().startsWith("Last run"));
    WaitForAsyncUtils.waitForFxEvents();
    clickOn("#dbt-graph-tab");
    Label node = lookup("#dbt-graph-stg_orders").queryAs(Label.class);
    assertThat(node.getStyleClass()).contains("dbt-status-success");
    assertThat(lookup("#dbt-graph-fct_daily_revenue").queryAs(Label.class).getLayoutX()).isGreaterThan(node.getLayoutX());
    assertThat(lookup(".dbt-graph-source").queryAllAs(Label.class)).extracting(Label::getText).contains("source shop.raw_orders");
    for (Path png : dev.lakehouse.workbench.ui.Screenshots.lightAndDark(view[0].getScene(), "dbt-project-graph")) {
      assertThat(png).isNotEmptyFile();
    }

    // the lake serves one statement at a time: holding it keeps the build on its first node while
    // the learner presses Cancel, so the cancel lands mid-build however fast this machine is
    synchronized (ctx.lake()) {
      clickOn("#dbt-build");
      clickOn("#dbt-cancel");
      assertThat(lookup("#dbt-cancel").queryButton().isDisabled()).isTrue();
      assertThat(status.getText()).startsWith("dbt build");
    }
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> status.getText().startsWith("Cancelled after"));
    com.fasterxml.jackson.databind.JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dataDir.resolve("work/day-09/shop_dbt/target/run_results.json").toFile()).path("results");
    assertThat(results.size()).isGreaterThan(0).isLessThan(view[0].outline().items().size());
    assertThat(status.getText()).isEqualTo("Cancelled after " + results.size() + " of " + view[0].outline().items().size()
        + " nodes; the rest did not start.");
    assertThat(lookup("#dbt-build").queryButton().isDisabled()).isFalse();
  }
}
