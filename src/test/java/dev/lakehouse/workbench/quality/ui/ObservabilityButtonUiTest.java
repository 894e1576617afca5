package dev.lakehouse.workbench.quality.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.ui.WorkbenchWindow;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The workbench's toolbar opens the observability window, themed like the workbench. */
class ObservabilityButtonUiTest extends FxRobot {

  @TempDir Path dataDir;
  private WorkbenchWindow window;

  @AfterEach
  void close() throws Exception {
    window.stop();
  }

  @Test
  void theToolbarButtonOpensTheObservabilityWindow() throws Exception {
    window = new WorkbenchWindow(dataDir);
    window.start();
    clickOn("#tools-menu").clickOn("Observability\u2026");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#observability-view").tryQuery().isPresent());
    Node view = lookup("#observability-view").query();
    assertThat(view.getScene().getWindow().isShowing()).isTrue();
    assertThat(lookup("#obs-table").tryQuery()).isPresent();
    WaitForAsyncUtils.asyncFx(() -> view.getScene().getWindow().hide()).get();
  }
}
