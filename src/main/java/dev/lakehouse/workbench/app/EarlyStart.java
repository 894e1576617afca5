package dev.lakehouse.workbench.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import javafx.application.Platform;

/**
 * Starts the FX toolkit the moment the JVM is up when the arguments ask for the workbench, on its
 * own thread, while the lessons and the database load. WebKit's native library (about 120 MB) is
 * left for after the first frame ({@link #loadWebKit()}): glass and WebKit load their libraries
 * under one lock, so loading WebKit early held the toolkit back by more than a second.
 */
final class EarlyStart {

  /**
   * JavaFX's own logger, held so the filter set on it stays: j.u.l. keeps loggers only weakly.
   * The toolkit warns at every start that it runs from the class path, which is how this jar runs
   * on purpose (see {@link Launcher}); a learner should not read an alarming line each time.
   */
  private static volatile Logger javafxLog;

  private final CompletableFuture<Void> toolkit = new CompletableFuture<>();
  private final boolean begun;

  private EarlyStart(boolean begin) {
    this.begun = begin;
    if (begin) {
      Thread t = new Thread(() -> {
        try {
          quietClassPathWarning();
          Platform.startup(() -> {
            WorkbenchLauncher.trace("toolkit up");
            toolkit.complete(null);
          });
        } catch (RuntimeException | Error e) {
          toolkit.completeExceptionally(e);
        }
      }, "fx-start");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Begins early only when {@code args} open the workbench: no verb, at most the global options. */
  static EarlyStart forArguments(String[] args) {
    return new EarlyStart(opensWorkbench(List.of(args)) && !"false".equals(System.getProperty("workbench.earlyStart")));
  }

  static EarlyStart none() {
    return new EarlyStart(false);
  }

  static boolean opensWorkbench(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--data-dir") && i + 1 < args.size()) {
        i++;
      } else if (!a.startsWith("--data-dir=") && !a.equals("--verbose")) {
        return false;
      }
    }
    return true;
  }

  /** Drops the toolkit's "Unsupported JavaFX configuration" warning; every other JavaFX message still shows. */
  static void quietClassPathWarning() {
    Logger log = Logger.getLogger("javafx"); // made here, on the thread starting the toolkit, not in main()
    javafxLog = log;
    log.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
  }

  /** Loads WebKit's native library, so creating the first WebView does not wait for it. */
  static void loadWebKit() {
    try {
      com.sun.glass.utils.NativeLibLoader.loadLibrary("jfxwebkit");
    } catch (RuntimeException | LinkageError ignored) {
      // WebView loads it again and reports a real problem
    }
  }

  /** Runs {@code r} on the FX thread, starting the toolkit first if it was not started early. */
  void runOnFxThread(Runnable r) {
    if (!begun) {
      quietClassPathWarning();
      Platform.startup(r);
      return;
    }
    toolkit.join();
    Platform.runLater(r);
  }
}
