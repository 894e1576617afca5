package dev.lakehouse.workbench.app;

import java.nio.file.Path;
import java.util.Map;

/** Where the learner's lake and progress live. */
public final class DataDir {

  /** The environment variable that sets the data directory when {@code --data-dir} is absent. */
  public static final String ENV = "LAKEHOUSE_WORKBENCH_HOME";

  private DataDir() {}

  public static Path resolve(Path fromCommandLine, Map<String, String> env) {
    if (fromCommandLine != null) {
      return fromCommandLine.toAbsolutePath().normalize();
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath().normalize();
    }
    return Path.of(System.getProperty("user.home"), ".lakehouse-workbench");
  }
}
