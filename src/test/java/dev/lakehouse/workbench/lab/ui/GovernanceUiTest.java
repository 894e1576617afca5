package dev.lakehouse.workbench.lab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.ui.DayItem;
import dev.lakehouse.workbench.app.ui.WorkbenchWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The toolbar's "Acting as" switch (and SET ROLE moving it) and the Explorer's lineage graph, headless, on a real governed lake. */
class GovernanceUiTest extends FxRobot {

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

  private Node tab(String id) {
    return lookup(".tab").match((Node n) -> id.equals(n.getId())).queryAs(Node.class);
  }

  @Test
  void actingAsAnotherPrincipalIsEnforcedAndTheExplorerDrawsATablesLineageWithItsColumns() throws Exception {
    try (AppContext ctx = AppContext.open(dataDir)) {
      for (String sql : List.of("CREATE GROUP analysts WITH USER ann",
          "CREATE TABLE lin.orders (id BIGINT, amount DOUBLE, customer_id BIGINT)",
          "CREATE TABLE lin.customers (id BIGINT, region STRING)",
          "CREATE TABLE lin.enriched AS SELECT o.id, o.amount, c.region FROM lin.orders o JOIN lin.customers c ON o.customer_id = c.id",
          "CREATE TABLE lin.revenue AS SELECT region, sum(amount) AS total FROM lin.enriched GROUP BY region")) {
        ctx.labs().lake().execute(sql);
      }
    }
    window.start();
    Node day11 = lookup(".tree-cell").match((Node n) -> n instanceof TreeCell<?> c
        && c.getItem() instanceof DayItem d && d.day() == 11).query();
    clickOn(day11);
    WaitForAsyncUtils.waitForFxEvents();
    clickOn(tab("lab-tab"));
    clickOn(tab("lab-tab-explorer"));
    clickOn(tab("lab-explorer-lineage-tab"));
    LabViewModel lab = window.workbench().viewModel().lab();
    interact(() -> lab.explore("lin.enriched"));
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> lab.lineageProperty().get().focus().equals("lin.enriched")
        && lookup("#lineage-node-lin-revenue").tryQuery().isPresent());
    WaitForAsyncUtils.waitForFxEvents();
    LineageGraph g = lab.lineageProperty().get();
    assertThat(g.nodes()).containsExactly(new LineageGraph.Node("lin.customers", -1, 0), new LineageGraph.Node("lin.orders", -1, 1),
        new LineageGraph.Node("lin.enriched", 0, 0), new LineageGraph.Node("lin.revenue", 1, 0));
    assertThat(g.edges()).hasSize(3);
    // boxes left to right by distance: upstream, the table, downstream
    double customers = lookup("#lineage-node-lin-customers").query().getLayoutX();
    double enriched = lookup("#lineage-node-lin-enriched").query().getLayoutX();
    double revenue = lookup("#lineage-node-lin-revenue").query().getLayoutX();
    assertThat(customers).isLessThan(enriched);
    assertThat(enriched).isLessThan(revenue);
    @SuppressWarnings("unchecked")
    ListView<String> columns = lookup("#lab-lineage-columns").queryAs(ListView.class);
    assertThat(columns.getItems()).contains("amount  \u2190  lin.orders.amount", "region  \u2190  lin.customers.region",
        "amount  \u2192  lin.revenue.total");
    clickOn("#lineage-node-lin-revenue");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(columns.getItems()).containsExactly("region  \u2190  lin.enriched.region", "total  \u2190  lin.enriched.amount");

    // the toolbar's switch: statements run as ann, whose grants do not reach lin.revenue
    @SuppressWarnings("unchecked")
    ComboBox<String> who = lookup("#principal-switch").queryAs(ComboBox.class);
    assertThat(who.getValue()).isEqualTo("learner");
    interact(() -> {
      who.show();
      who.hide();
    });
    assertThat(who.getItems()).containsExactly("learner", "ann");
    interact(() -> who.setValue("ann"));
    Label status = lookup("#status").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().contains("now run as ann"));
    assertThatThrownBy(() -> window.context().labs().lake().execute("SELECT * FROM lin.revenue"))
        .hasMessageStartingWith("PERMISSION_DENIED: User ann does not have USE CATALOG");
    LabPaneUiTest.screenshotsLightAndDark(lookup("#lab-lineage-graph").query(), "lab-lineage");
    interact(() -> who.setValue("learner"));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().contains("as you (learner"));
    assertThat(window.context().labs().lake().execute("SELECT count(*) FROM lin.revenue").rows()).containsExactly(List.of(0L));

    // SET ROLE typed in the lab's SQL moves the switch, and SET ROLE NONE moves it back
    org.fxmisc.richtext.CodeArea editor = lookup("#lab-editor").queryAs(org.fxmisc.richtext.CodeArea.class);
    for (String[] step : new String[][] {{"SET ROLE ann", "as ann"}, {"SET ROLE NONE", "as learner"}}) {
      clickOn(editor);
      press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.A)
          .release(javafx.scene.input.KeyCode.A, javafx.scene.input.KeyCode.CONTROL);
      write(step[0] + ";\n");
      clickOn("#lab-run-all");
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> step[1].equals(who.getButtonCell().getText()));
    }
    assertThat(window.context().actingAs()).isEqualTo("learner");
  }
}
