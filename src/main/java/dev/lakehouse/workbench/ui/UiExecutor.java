package dev.lakehouse.workbench.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and hands the result back on it. The background implementation uses
 * one daemon worker thread (so writes stay in order); tests use {@link #sameThread()} to be
 * deterministic.
 */
public interface UiExecutor extends AutoCloseable {

  <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

  /**
   * Runs a small update on the FX thread (progress reported from inside running work); the
   * same-thread executor runs it at once.
   */
  void publish(Runnable onFxThread);

  /** Runs pending work to the end, waiting at most {@code millis}; used on close. */
  void drain(long millis);

  @Override
  void close();

  static UiExecutor background() {
    return new FxBackgroundExecutor();
  }

  static UiExecutor sameThread() {
    return new UiExecutor() {
      @Override
      public <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
          result = work.call();
        } catch (Exception e) {
          onFailure.accept(e);
          return;
        }
        onSuccess.accept(result);
      }

      @Override
      public void publish(Runnable onFxThread) {
        onFxThread.run();
      }

      @Override
      public void drain(long millis) {}

      @Override
      public void close() {}
    };
  }
}
