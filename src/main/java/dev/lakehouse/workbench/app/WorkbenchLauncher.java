package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.curriculum.ui.LessonView;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/**
 * Opens the workbench window on a data directory and returns when it closes.
 *
 * <p>Start-up work runs side by side: the lessons, the renderer and the progress database load on
 * background threads while the FX thread starts the toolkit and builds the WebView, the slowest
 * control. The window is assembled when both are ready.
 */
final class WorkbenchLauncher {

  private WorkbenchLauncher() {}

  static void open(Path dataDir) {
    try (WorkbenchLock lock = WorkbenchLock.acquire(dataDir)) {
      AppContext context = AppContext.open(dataDir);
      CompletableFuture<Void> loaded = CompletableFuture.allOf(
          CompletableFuture.runAsync(context::curriculum),
          CompletableFuture.runAsync(context::renderer),
          CompletableFuture.runAsync(context::progress));
      CountDownLatch closed = new CountDownLatch(1);
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      Platform.setImplicitExit(false);
      Platform.startup(() -> {
        LessonView lessonView = Workbench.lessonView(context.content());
        Stage stage = new Stage();
        try {
          loaded.join();
          Workbench workbench = new Workbench(context, UiExecutor.background(), lessonView, Browser::open);
          stage.setOnHidden(e -> {
            workbench.stop();
            closed.countDown();
          });
          workbench.start(stage);
        } catch (CompletionException | WorkbenchException e) {
          RuntimeException cause = e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
          failure.set(cause);
          Alert alert = new Alert(Alert.AlertType.ERROR, cause.getMessage());
          alert.setHeaderText("The workbench cannot start");
          alert.showAndWait();
          context.close();
          closed.countDown();
        }
      });
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Platform.exit();
      if (failure.get() != null) {
        throw failure.get();
      }
    }
  }
}
