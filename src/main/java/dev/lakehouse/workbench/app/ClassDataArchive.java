package dev.lakehouse.workbench.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the class-data-sharing archive the run command starts with ({@code -XX:SharedArchiveFile}),
 * which maps about 7,800 already parsed and verified classes instead of loading them from jars and
 * saves a third of the start-up (docs/decisions/0010-class-data-sharing.md).
 *
 * <p>The JVM silently runs without an archive that is missing or was made for another jar or JDK.
 * Then, once the window is up, this makes a new one in a separate {@code java -Xshare:dump} process
 * from the class list shipped in the jar ({@code startup-classes.txt}, written by
 * {@code src/bench/classlist.sh}), so the next start has it. Nothing happens when the JVM was not
 * asked for an archive or runs from class folders, which an archive cannot cover.
 */
final class ClassDataArchive {

  static final String CLASS_LIST = "startup-classes.txt";

  private ClassDataArchive() {}

  /** The archive this JVM was started with, when it was asked for one and could not use it. */
  static Optional<Path> unusable(List<String> jvmArguments, String vmInfo) {
    Optional<Path> requested = jvmArguments.stream()
        .filter(a -> a.startsWith("-XX:SharedArchiveFile="))
        .reduce((first, last) -> last)
        .map(a -> Path.of(a.substring("-XX:SharedArchiveFile=".length())));
    boolean sharing = vmInfo != null && vmInfo.contains("sharing");
    return sharing ? Optional.empty() : requested;
  }

  /** Whether an archive can cover {@code classPath}: jar files only, no class folders. */
  static boolean archivable(String classPath) {
    if (classPath == null || classPath.isBlank()) {
      return false;
    }
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  /** Starts making the archive in the background when this JVM needed one and had none; returns at once. */
  static void refreshInBackground() {
    Optional<Path> archive = unusable(ManagementFactory.getRuntimeMXBean().getInputArguments(),
        System.getProperty("java.vm.info"));
    String classPath = System.getProperty("java.class.path");
    if (archive.isEmpty() || !archivable(classPath)) {
      return;
    }
    Thread t = new Thread(() -> dump(archive.get(), classPath), "class-data-archive");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * Runs {@code java -Xshare:dump} for {@code classPath} into a partial file and moves that into
   * place only when complete, so a start in the meantime never maps half an archive. Where a POSIX
   * shell exists the dump and the move run in one detached shell, finishing even if the window is
   * closed first; elsewhere this thread waits for them. Returns whether the dump was started.
   */
  static boolean dump(Path archive, String classPath) {
    Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    Path list = null;
    try (InputStream in = ClassDataArchive.class.getResourceAsStream(CLASS_LIST)) {
      if (in == null) {
        return false;
      }
      list = Files.createTempFile("workbench-classes", ".txt");
      Files.copy(in, list, StandardCopyOption.REPLACE_EXISTING);
      Files.createDirectories(archive.toAbsolutePath().getParent());
      List<String> dump = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + partial, "-cp", classPath);
      Path sh = Path.of("/bin/sh");
      if (Files.isExecutable(sh)) {
        List<String> command = new java.util.ArrayList<>(List.of(sh.toString(), "-c",
            "\"$@\" && mv -f \"$WB_PARTIAL\" \"$WB_ARCHIVE\"; rm -f \"$WB_PARTIAL\" \"$WB_LIST\"", "sh"));
        command.addAll(dump);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("WB_PARTIAL", partial.toString());
        pb.environment().put("WB_ARCHIVE", archive.toString());
        pb.environment().put("WB_LIST", list.toString());
        pb.start();
        list = null; // the shell removes it
        return true;
      }
      Process p = new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isRegularFile(partial)) {
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        p.destroyForcibly();
        Files.deleteIfExists(partial);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // the next start runs without an archive, as this one did
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (list != null) {
        try {
          Files.deleteIfExists(list);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }
}
