package dev.lakehouse.workbench.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.ui.WorkbenchWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The workbench's toolbar opens the dbt project window; with no lab project yet it says how to get one. */
class DbtProjectButtonUiTest extends FxRobot {

  @TempDir Path dataDir;
  private WorkbenchWindow window;

  @AfterEach
  void close() throws Exception {
    window.stop();
  }

  @Test
  void theToolbarButtonOpensTheDbtProjectWindow() throws Exception {
    window = new WorkbenchWindow(dataDir);
    window.start();
    Path png = Path.of("target", "screenshots", "toolbar-with-dbt.png");
    Files.createDirectories(png.getParent());
    WaitForAsyncUtils.asyncFx(() -> {
      var scene = lookup("#tools-menu").query().getScene();
      javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", png.toFile());
      return null;
    }).get();
    clickOn("#tools-menu").clickOn("dbt project\u2026");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#dbt-project-view").tryQuery().isPresent());
    Node view = lookup("#dbt-project-view").query();
    assertThat(view.getScene().getWindow().isShowing()).isTrue();
    assertThat(lookup("#dbt-status").queryAs(Label.class).getText()).startsWith("No dbt project yet");
    assertThat(lookup("#dbt-build").queryButton().isDisabled()).isTrue();
    WaitForAsyncUtils.asyncFx(() -> view.getScene().getWindow().hide()).get();
  }
}
