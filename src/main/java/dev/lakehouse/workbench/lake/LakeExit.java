package dev.lakehouse.workbench.lake;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the process does with the lake as it exits, in order, from one shutdown hook: first the work
 * that still writes to it (the open window's close, the sharing server's audit of its last
 * requests), then the lake's own clean-up (DuckDB connections a caller forgot; a database still open
 * when the C++ runtime tears down aborts the JVM). The JVM runs separate hooks all at once, so a hook
 * of its own could find the lake's connections already closed.
 */
public final class LakeExit {

  private static final List<Runnable> FIRST = new CopyOnWriteArrayList<>();
  private static final List<Runnable> LAST = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(LakeExit::exit, "lake-exit"));
  }

  private LakeExit() {}

  /** Runs {@code work} at exit before the lake's connections close (until {@link #forget}). */
  public static void runFirst(Runnable work) {
    FIRST.add(work);
  }

  /** No longer runs {@code work} at exit (it was done already). */
  public static void forget(Runnable work) {
    FIRST.remove(work);
  }

  /** The lake's own clean-up at exit, after everything {@link #runFirst} asked for (for the lake's implementation). */
  public static void cleanUpLast(Runnable work) {
    LAST.add(work);
  }

  private static void exit() {
    for (List<Runnable> stage : List.of(FIRST, LAST)) {
      for (Runnable work : stage) {
        try {
          work.run();
        } catch (RuntimeException e) {
          System.err.println("warning: work left at exit failed: " + e.getMessage());
        }
      }
    }
  }
}
