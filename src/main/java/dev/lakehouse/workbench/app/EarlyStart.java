package dev.lakehouse.workbench.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;

/**
 * The slow parts of opening the window that need nothing from the command line: loading WebKit's
 * native library (about 120 MB, the largest single cost of the first frame) and starting the FX
 * toolkit. When the arguments ask for the workbench, both begin the moment the JVM is up, each on
 * its own thread, while the command line is parsed and the lessons and database load.
 */
final class EarlyStart {

  private final CompletableFuture<Void> toolkit = new CompletableFuture<>();
  private final boolean begun;

  private EarlyStart(boolean begin) {
    this.begun = begin;
    if (begin) {
      daemon("webkit-preload", () -> {
        try {
          com.sun.glass.utils.NativeLibLoader.loadLibrary("jfxwebkit");
        } catch (RuntimeException | LinkageError ignored) {
          // WebView loads it again and reports a real problem
        }
      });
      daemon("fx-start", () -> {
        try {
          Platform.startup(() -> toolkit.complete(null));
        } catch (RuntimeException | Error e) {
          toolkit.completeExceptionally(e);
        }
      });
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

  /** Runs {@code r} on the FX thread, starting the toolkit first if it was not started early. */
  void runOnFxThread(Runnable r) {
    if (!begun) {
      Platform.startup(r);
      return;
    }
    toolkit.join();
    Platform.runLater(r);
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }
}
