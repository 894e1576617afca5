package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the product's content lives: the {@code curriculum/}, {@code labs/} and {@code assets/}
 * folders. Found, in order: the {@code workbench.content.dir} system property; the working
 * directory; the folder above the jar ({@code target/..} in a checkout). Otherwise the copies
 * packed into the jar are unpacked once into {@code <dataDir>/content/<version>}.
 */
public record Content(Path root) {

  public static final String PROPERTY = "workbench.content.dir";

  public Path curriculum() {
    return root.resolve("curriculum");
  }

  public Path labs() {
    return root.resolve("labs");
  }

  public Path assets() {
    return root.resolve("assets");
  }

  public static Content locate(Path dataDir) {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return new Content(Path.of(prop).toAbsolutePath().normalize());
    }
    Path cwd = Path.of("").toAbsolutePath();
    if (isContentRoot(cwd)) {
      return new Content(cwd);
    }
    Optional<Path> jar = codeLocation();
    if (jar.isPresent()) {
      for (Path p = jar.get().getParent(); p != null; p = p.getParent()) {
        if (isContentRoot(p)) {
          return new Content(p);
        }
        if (p.getFileName() != null && !p.getFileName().toString().equals("target")
            && !p.getFileName().toString().equals("classes")) {
          break;
        }
      }
      if (jar.get().toString().endsWith(".jar")) {
        return unpack(jar.get(), dataDir);
      }
    }
    return new Content(cwd);
  }

  private static boolean isContentRoot(Path p) {
    return Files.isDirectory(p.resolve("curriculum")) && Files.isDirectory(p.resolve("assets"));
  }

  private static Optional<Path> codeLocation() {
    try {
      var source = Content.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Unpacks the jar's content once per jar: a stamp beside the unpacked folders names the jar's size
   * and time, and a start whose jar matches it reuses the folders (a snapshot build too, so a daily
   * launch does not copy 70 files again). A changed jar unpacks into a fresh folder, which replaces the
   * old one only when complete.
   */
  static Content unpack(Path jar, Path dataDir) {
    String version = Optional.ofNullable(Content.class.getPackage().getImplementationVersion()).orElse("dev");
    Path target = dataDir.resolve("content").resolve(version);
    String stamp = stampOf(jar);
    Path stampFile = target.resolve(STAMP);
    try {
      if (isContentRoot(target) && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
        return new Content(target);
      }
    } catch (IOException e) {
      // unreadable stamp: unpack again
    }
    Path fresh = target.resolveSibling(version + ".partial");
    try {
      deleteTree(fresh);
      try (FileSystem fs = FileSystems.newFileSystem(jar, Map.<String, Object>of())) {
        Path packed = fs.getPath("/content");
        try (Stream<Path> files = Files.walk(packed)) {
          for (Path p : (Iterable<Path>) files::iterator) {
            Path out = fresh.resolve(packed.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(out);
            } else {
              try (InputStream in = Files.newInputStream(p)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
              }
            }
          }
        }
      }
      Files.writeString(fresh.resolve(STAMP), stamp);
      deleteTree(target);
      Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
      return new Content(target);
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, WorkbenchException.compose(
          "cannot unpack the lessons into " + target, e.getMessage(),
          "check that the data folder is writable, or run from the project folder"), e);
    }
  }

  /** The file beside unpacked content naming the jar it came from. */
  static final String STAMP = ".unpacked-from";

  private static String stampOf(Path jar) {
    try {
      return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
