package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.lab.Documents;
import dev.lakehouse.workbench.lab.LabCatalog;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.LabFile;
import dev.lakehouse.workbench.recap.DocumentSource;
import dev.lakehouse.workbench.recap.LearnerDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The learner's lab files for a recap, read from the data folder: each lab file of the days asked
 * for that exists and differs from the lab's starter (an untouched template is not work). Reads
 * files only; it opens neither the lake nor the lab service.
 */
final class LabDocumentSource implements DocumentSource {

  /** A longer file is cut here in a recap, saying so. */
  static final int MAX_CHARS = 20_000;

  private final Path dataDir;
  private final Supplier<LabCatalog> catalog;

  LabDocumentSource(Path dataDir, Supplier<LabCatalog> catalog) {
    this.dataDir = dataDir;
    this.catalog = catalog;
  }

  @Override
  public List<LearnerDocument> documents(int first, int last) {
    List<LabDefinition> labs = catalog.get().labs().stream()
        .filter(l -> l.day() >= first && l.day() <= last)
        .sorted(Comparator.comparingInt(LabDefinition::day).thenComparing(LabDefinition::id)).toList();
    List<LearnerDocument> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (LabDefinition lab : labs) {
      for (LabFile f : lab.files()) {
        Path p = dataDir.resolve(f.path()).normalize();
        if (!p.startsWith(dataDir) || !Files.isRegularFile(p) || !seen.add(f.path())) {
          continue;
        }
        String text;
        try {
          text = Files.readString(p);
        } catch (IOException e) {
          continue; // unreadable (binary, permissions): the recap leaves it out
        }
        if (f.starter() != null && text.strip().equals(f.starter().strip())) {
          continue;
        }
        if (text.length() > MAX_CHARS) {
          text = text.substring(0, MAX_CHARS) + "\n… (cut at " + MAX_CHARS + " characters; the whole file is " + f.path() + ")";
        }
        out.add(new LearnerDocument(lab.day(), f.path(), text, Documents.versions(p).size()));
      }
    }
    return out;
  }
}
