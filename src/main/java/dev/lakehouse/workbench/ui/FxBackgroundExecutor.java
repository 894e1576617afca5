package dev.lakehouse.workbench.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;

/** One background worker; results and failures are delivered on the FX thread. */
final class FxBackgroundExecutor implements UiExecutor {

  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "workbench-background");
    t.setDaemon(true);
    return t;
  });

  @Override
  public <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    if (worker.isShutdown()) {
      return; // the window has closed and its writes were drained; a late timer's work has no one to show it to
    }
    worker.execute(() -> {
      try {
        T result = work.call();
        Platform.runLater(() -> onSuccess.accept(result));
      } catch (Exception e) {
        Platform.runLater(() -> onFailure.accept(e));
      }
    });
  }

  @Override
  public void publish(Runnable onFxThread) {
    Platform.runLater(onFxThread);
  }

  @Override
  public void drain(long millis) {
    worker.shutdown();
    try {
      worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
