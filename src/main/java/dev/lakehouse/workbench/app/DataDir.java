package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the learner's lake and progress live. */
public final class DataDir {

  /** The environment variable that sets the data directory when {@code --data-dir} is absent. */
  public static final String ENV = "LAKEHOUSE_WORKBENCH_HOME";

  private DataDir() {}

  public static Path resolve(Path fromCommandLine, Map<String, String> env) {
    if (fromCommandLine != null) {
      return check(fromCommandLine, "--data-dir");
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return check(Path.of(fromEnv), ENV);
    }
    return Path.of(System.getProperty("user.home"), ".lakehouse-workbench");
  }

  /**
   * A usable data folder: named (an empty name would silently mean the working directory), a folder
   * or nothing yet, and not in the system's virtual file systems.
   */
  private static Path check(Path given, String source) {
    if (given.toString().isBlank()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, source + " is empty",
          "an empty name would put your lake in whatever folder you happen to be in", "give a folder, e.g. " + source + " ~/lake-demo");
    }
    Path p = given.toAbsolutePath().normalize();
    Path real = p;
    try {
      real = p.toRealPath();
    } catch (java.io.IOException e) {
      // does not exist yet: it is created on first use
    }
    for (String system : new String[] {"/proc", "/sys", "/dev"}) {
      if (real.startsWith(system) || p.startsWith(system)) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, p + " cannot be a data folder",
            system + " is the system's virtual file system, not a place for files", "give a folder in your home, e.g. ~/lake-demo");
      }
    }
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, p + " cannot be a data folder", "it is a file",
          "give a folder (it is created if missing)");
    }
    return p;
  }
}
