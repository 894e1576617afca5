package dev.lakehouse.workbench.lab;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.internal.LabFileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The labs of a {@code labs/} folder: one folder per lab holding {@code lab.yaml}. A lab file that
 * cannot be read becomes a {@link LabProblem}; the other labs load normally.
 */
public record LabCatalog(Path folder, List<LabDefinition> labs, List<LabProblem> problems) {

  public static final String FILE = "lab.yaml";

  public static LabCatalog load(Path folder) {
    List<LabDefinition> labs = new ArrayList<>();
    List<LabProblem> problems = new ArrayList<>();
    if (Files.isDirectory(folder)) {
      List<Path> dirs;
      try (Stream<Path> s = Files.list(folder)) {
        dirs = s.filter(Files::isDirectory).sorted().toList();
      } catch (IOException e) {
        problems.add(new LabProblem(folder, "", "a readable folder (" + e.getMessage() + ")"));
        dirs = List.of();
      }
      LabFileParser parser = new LabFileParser();
      for (Path dir : dirs) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
          if (Files.exists(file)) {
            problems.add(new LabProblem(file, "", "a file named " + FILE + " (this one is a folder or another kind of file)"));
          }
          continue;
        }
        try {
          LabFileParser.Result r = parser.parse(file, Files.readString(file, StandardCharsets.UTF_8));
          if (r.lab() != null) {
            labs.add(r.lab());
          } else {
            problems.add(r.problem());
          }
        } catch (java.nio.charset.CharacterCodingException e) {
          problems.add(new LabProblem(file, "", "UTF-8 text (the file has bytes that are not UTF-8: save it as UTF-8)"));
        } catch (IOException e) {
          problems.add(new LabProblem(file, "", "a readable UTF-8 file (" + e.getMessage() + ")"));
        }
      }
    }
    labs.sort(Comparator.comparingInt(LabDefinition::day).thenComparing(LabDefinition::id));
    return new LabCatalog(folder, List.copyOf(labs), List.copyOf(problems));
  }

  public Optional<LabDefinition> find(String id) {
    return labs.stream().filter(l -> l.id().equals(id)).findFirst();
  }

  /** The lab of a day, if there is one. */
  public Optional<LabDefinition> forDay(int day) {
    return labs.stream().filter(l -> l.day() == day).findFirst();
  }

  /** The problem of the lab file in folder {@code id}, if that file failed to load. */
  public Optional<LabProblem> problem(String id) {
    return problems.stream().filter(p -> p.file().getParent() != null
        && p.file().getParent().getFileName().toString().equals(id)).findFirst();
  }

  /** The lab, or an error naming the bad file, or the labs there are. */
  public LabDefinition require(String id) {
    Optional<LabDefinition> lab = find(id);
    if (lab.isPresent()) {
      return lab.get();
    }
    Optional<LabProblem> problem = problem(id);
    if (problem.isPresent()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "lab " + id + " cannot be loaded",
          problem.get().message(), "fix the lab file and try again");
    }
    throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no lab " + id,
        "the labs are " + String.join(", ", labs.stream().map(LabDefinition::id).toList()),
        "run 'lab list' to see them");
  }
}
