package dev.lakehouse.workbench.progress;

import dev.lakehouse.workbench.progress.internal.H2ProgressStore;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the progress store of a data directory. */
public final class ProgressStores {

  private ProgressStores() {}

  public static ProgressStore open(Path dataDir, Clock clock) {
    return H2ProgressStore.open(dataDir, clock);
  }
}
