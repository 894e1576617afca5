package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.ui.Theme;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The floor under the workbench's start-up, for {@code src/bench/startup.sh}: a window of the same
 * size and theme holding one label, timed to pixels on screen as the workbench's "ready" is. What
 * the workbench takes beyond this is what its own parts cost.
 */
final class StartupFloor {

  private StartupFloor() {}

  public static void main(String[] args) {
    Platform.startup(() -> {
      Theme.preload();
      Stage stage = new Stage();
      Scene scene = new Scene(new StackPane(new Label("Lakehouse Workbench")), 1280, 800);
      Theme.apply(scene, false);
      stage.setScene(scene);
      Runnable[] once = new Runnable[1];
      once[0] = () -> {
        scene.removePostLayoutPulseListener(once[0]);
        Platform.runLater(() -> new Thread(() -> {
          com.sun.javafx.tk.quantum.QuantumToolkit.runInRenderThreadAndWait(() -> { });
          System.out.println("ready in " + StartupClock.sinceProcessStart() + " ms");
          System.exit(0);
        }).start());
      };
      scene.addPostLayoutPulseListener(once[0]);
      stage.show();
    });
  }
}
