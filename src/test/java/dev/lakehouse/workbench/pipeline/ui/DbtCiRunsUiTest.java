package dev.lakehouse.workbench.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.app.cli.WorkbenchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
 * The dbt project pane's CI runs, headless: a real run of a project's workflow (a branch whose step is
 * not a workbench command, so it fails without building) is listed under the tree, coloured as
 * failed, and selecting it shows its log.
 */
class DbtCiRunsUiTest extends FxRobot {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();

  @TempDir Path dataDir;
  private Stage stage;
  private AppContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    ctx = AppContext.open(dataDir, new Content(PROJECT), Clock.systemUTC());
    Path p = dataDir.resolve("work/day-13/tiny");
    Files.createDirectories(p.resolve("models"));
    Files.createDirectories(p.resolve(".github/workflows"));
    Files.writeString(p.resolve("dbt_project.yml"), "name: tiny\nversion: '1.0'\nconfig-version: 2\nprofile: tiny\n");
    Files.writeString(p.resolve("models/a.sql"), "select 1 as x\n");
    Files.writeString(p.resolve(".github/workflows/ci.yml"), """
        on: pull_request
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install dbt-databricks
        """);
    String repo = "work/day-13/tiny";
    assertThat(cli("ci", "init", "--repo", repo)).isZero();
    assertThat(cli("ci", "branch", "change", "--repo", repo)).isZero();
    Files.writeString(p.resolve("models/a.sql"), "select 2 as x\n");
    assertThat(cli("ci", "commit", "--repo", repo, "-m", "Two")).isZero();
    assertThat(cli("ci", "run", "--repo", repo)).isEqualTo(1);
  }

  private int cli(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return WorkbenchCli.run(all, d -> { }, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @AfterEach
  void tearDown() throws Exception {
    FxToolkit.setupFixture(() -> stage.hide());
    ctx.close();
  }

  @Test
  void aKeptRunIsListedByVerdictAndShowsItsLog() throws Exception {
    FxToolkit.setupFixture(() -> {
      DbtProjectView view = new DbtProjectView(ctx.lake(), dataDir);
      Scene scene = new Scene(view, 1100, 720);
      dev.lakehouse.workbench.ui.Theme.apply(scene, false);
      stage.setScene(scene);
      stage.show();
    });
    WaitForAsyncUtils.waitForFxEvents();
    ListView<?> runs = lookup("#dbt-ci-runs").queryAs(ListView.class);
    assertThat(runs.getItems()).hasSize(1);
    assertThat(lookup("#dbt-ci-run-1").queryLabeled().getText()).startsWith("run 1   failed   change ");
    assertThat(lookup("#dbt-ci-run-1").queryLabeled().getStyleClass()).contains("ci-failed");
    clickOn("#dbt-ci-run-1");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#dbt-node-title").queryAs(Label.class).getText()).startsWith("CI run 1 · failed · change at ")
        .contains("failed at step 'pip install dbt-databricks'");
    assertThat(lookup("#dbt-compiled").queryAs(CodeArea.class).getText())
        .contains("'pip install dbt-databricks' is not a workbench command: only workbench commands run locally", "FAILED in");
    for (Path png : dev.lakehouse.workbench.ui.Screenshots.lightAndDark(runs.getScene(), "dbt-ci-runs")) {
      assertThat(png).isNotEmptyFile();
    }
  }
}
