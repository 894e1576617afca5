package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.curriculum.ui.LessonView;
import dev.lakehouse.workbench.lake.LakeExit;
import dev.lakehouse.workbench.progress.ProgressStore;
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
 * <p>The first frame needs three things, made side by side: the FX toolkit (started by
 * {@link EarlyStart}), the lessons (read on this thread) and the progress database (opened on
 * another). The window then shows the first lesson drawn natively; the WebView, the HTML renderer
 * and the lab's lake follow while the learner reads ({@code docs/decisions/0005-start-up.md}).
 */
final class WorkbenchLauncher {

  private WorkbenchLauncher() {}

  /**
   * With {@code -Dworkbench.trace=true}, prints start-up phases in ms since the process started,
   * and the CPU time all its threads have used so far (steadier than wall time on a busy machine).
   */
  static void trace(String phase) {
    if (Boolean.getBoolean("workbench.trace")) {
      System.out.println(phase + " at " + StartupClock.sinceProcessStart() + " ms, cpu "
          + StartupClock.processCpuMillis() + " ms");
    }
  }

  /**
   * The JVM is exiting while the window is open: stop the workbench on the FX thread (saves the note,
   * closes the context), waiting at most a few seconds for it; else close the context directly.
   */
  private static void closeOnExit(Workbench workbench, AppContext context, CountDownLatch closed) {
    if (closed.getCount() == 0) {
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    if (workbench != null) {
      try {
        Platform.runLater(() -> {
          try {
            workbench.stop();
          } catch (RuntimeException e) {
            // H2 closes its database from a hook of its own, which may run first: say so in one line
            System.err.println("warning: the system ended the workbench while its database was closing; "
                + "what was typed in the last second may not be saved");
          } finally {
            stopped.countDown();
          }
        });
        if (stopped.await(4, java.util.concurrent.TimeUnit.SECONDS)) {
          return;
        }
      } catch (IllegalStateException | InterruptedException e) {
        // the toolkit is gone: close directly below
      }
    }
    context.close();
  }

  static void open(Path dataDir, EarlyStart early) {
    try (WorkbenchLock lock = WorkbenchLock.acquire(dataDir)) {
      AppContext context = AppContext.open(dataDir);
      CompletableFuture<ProgressStore> progress = CompletableFuture.supplyAsync(() -> {
        ProgressStore store = context.progress();
        trace("database open");
        return store;
      });
      context.curriculum();
      trace("lessons loaded");
      CountDownLatch closed = new CountDownLatch(1);
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      AtomicReference<Workbench> shown = new AtomicReference<>();
      // a session that ends without closing the window (logout, shutdown, kill) still saves the note
      // and closes the database, so the next start does not wait out a stale lock file
      // (through LakeExit, so the lake's connections are still open while the window closes)
      Runnable onExit = () -> closeOnExit(shown.get(), context, closed);
      LakeExit.runFirst(onExit);
      Platform.setImplicitExit(false);
      early.runOnFxThread(() -> {
        trace("toolkit started");
        dev.lakehouse.workbench.ui.Theme.preload();
        Stage stage = new Stage();
        try {
          progress.join();
          LessonView lessonView = Workbench.lessonView(context.content(), false);
          Workbench workbench = new Workbench(context, UiExecutor.background(), lessonView, Browser::open);
          trace("views built");
          stage.setOnHidden(e -> {
            workbench.stop();
            closed.countDown();
          });
          workbench.start(stage);
          shown.set(workbench);
          trace("window shown");
        } catch (CompletionException | WorkbenchException e) {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          RuntimeException failed = cause instanceof WorkbenchException w ? w
              : new WorkbenchException(WorkbenchException.Kind.FAILURE, "the workbench could not load a part it needs ("
                  + cause + ")", "the build may be incomplete", "rebuild with ./mvnw package, or run with --verbose and report it");
          failure.set(failed);
          Alert alert = new Alert(Alert.AlertType.ERROR, failed.getMessage());
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
      LakeExit.forget(onExit);
      Platform.exit();
      if (failure.get() != null) {
        throw failure.get();
      }
    }
  }
}
