package dev.lakehouse.workbench.lab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's content (lessons, assets, labs) as links in a folder, without one day's labs: every
 * day of the month has a lab now, so a test of the scratchpad of a day without one makes such a day.
 */
final class ContentWithoutLab {

  private ContentWithoutLab() {}

  /** Makes {@code root} hold the project's content minus the labs of {@code day}; returns {@code root}. */
  static Path make(Path root, int day) throws IOException {
    Path project = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();
    Files.createDirectories(root.resolve("labs"));
    for (String part : List.of("curriculum", "assets")) {
      Files.createSymbolicLink(root.resolve(part), project.resolve(part));
    }
    String prefix = String.format("day-%02d-", day);
    try (Stream<Path> labs = Files.list(project.resolve("labs"))) {
      for (Path lab : labs.toList()) {
        String name = lab.getFileName().toString();
        if (Files.isDirectory(lab) && !name.startsWith(prefix)) {
          Files.createSymbolicLink(root.resolve("labs").resolve(name), lab);
        } else if (!Files.isDirectory(lab)) {
          Files.copy(lab, root.resolve("labs").resolve(name));
        }
      }
    }
    return root;
  }
}
