package dev.lakehouse.workbench.lake;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Work that must still reach the lake when the process exits (the sharing server's audit of its last
 * requests). The JVM runs its shutdown hooks all at once, so a hook of its own could find the lake's
 * connections already closed by the lake's hook; the lake's hook runs these first instead, then closes.
 */
public final class LakeExit {

  private static final List<Runnable> FIRST = new CopyOnWriteArrayList<>();

  private LakeExit() {}

  /** Runs {@code work} at exit before the lake's connections close (until {@link #forget}). */
  public static void runFirst(Runnable work) {
    FIRST.add(work);
  }

  /** No longer runs {@code work} at exit (it was done already). */
  public static void forget(Runnable work) {
    FIRST.remove(work);
  }

  /** Called by the lake's own exit hook: every registered work, in order; a failure is a warning. */
  public static void runAll() {
    for (Runnable work : FIRST) {
      try {
        work.run();
      } catch (RuntimeException e) {
        System.err.println("warning: work left at exit failed: " + e.getMessage());
      }
    }
  }
}
