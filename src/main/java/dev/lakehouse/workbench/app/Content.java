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

  static Content unpack(Path jar, Path dataDir) {
    String version = Optional.ofNullable(Content.class.getPackage().getImplementationVersion()).orElse("dev");
    Path target = dataDir.resolve("content").resolve(version);
    if (isContentRoot(target) && !version.endsWith("SNAPSHOT")) {
      return new Content(target);
    }
    try (FileSystem fs = FileSystems.newFileSystem(jar, Map.<String, Object>of())) {
      Path packed = fs.getPath("/content");
      try (Stream<Path> files = Files.walk(packed)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path out = target.resolve(packed.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(out);
          } else {
            try (InputStream in = Files.newInputStream(p)) {
              Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
      return new Content(target);
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, WorkbenchException.compose(
          "cannot unpack the lessons into " + target, e.getMessage(),
          "check that the data folder is writable, or run from the project folder"), e);
    }
  }
}
