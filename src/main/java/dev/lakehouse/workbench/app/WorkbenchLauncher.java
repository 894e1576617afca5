package dev.lakehouse.workbench.app;

import java.nio.file.Path;
import javafx.application.Application;

/** Opens the workbench window on a data directory and returns when it closes. */
final class WorkbenchLauncher {

  private WorkbenchLauncher() {}

  static void open(Path dataDir) {
    try (WorkbenchLock lock = WorkbenchLock.acquire(dataDir)) {
      Application.launch(WorkbenchApp.class, "--data-dir=" + dataDir);
    }
  }
}
