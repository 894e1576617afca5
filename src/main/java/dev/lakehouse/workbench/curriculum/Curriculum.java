package dev.lakehouse.workbench.curriculum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The 30 days of the plan, loaded from a {@code curriculum/} folder. A file that cannot be used
 * becomes a {@link LessonProblem} for its day; it never stops the rest from loading.
 */
public final class Curriculum {

  private final Path folder;
  private final List<CurriculumDay> days;
  private final List<LessonProblem> strayFiles;

  private Curriculum(Path folder, List<CurriculumDay> days, List<LessonProblem> strayFiles) {
    this.folder = folder;
    this.days = List.copyOf(days);
    this.strayFiles = List.copyOf(strayFiles);
  }

  /** Loads every {@code day-*.md} file in {@code folder}. */
  public static Curriculum load(Path folder) {
    LessonParser parser = new LessonParser();
    Map<Integer, CurriculumDay> byDay = new TreeMap<>();
    List<LessonProblem> stray = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("day-") && p.toString().endsWith(".md"))
          .sorted()
          .toList();
    } catch (IOException e) {
      files = List.of();
      stray.add(new LessonProblem(folder, 0, "", "cannot list the lessons folder: " + e.getMessage()));
    }
    for (Path file : files) {
      int claimed = LessonParser.dayOfFileName(file);
      LessonParser.Result r;
      try {
        r = parser.parse(file, Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        r = new LessonParser.Result(null, new LessonProblem(file, 0, "", "cannot read the file: " + e.getMessage()));
      }
      int day = r.lesson() != null ? r.lesson().day() : claimed;
      if (day < 1 || day > CurriculumDay.DAYS) {
        stray.add(r.problem() != null ? r.problem()
            : new LessonProblem(file, 0, "", "the file name does not name a day between 01 and 30"));
        continue;
      }
      CurriculumDay existing = byDay.get(day);
      if (existing != null && existing.lesson() != null && r.lesson() != null) {
        LessonProblem dup = new LessonProblem(file, 0, "day",
            "day " + day + " is also written in " + existing.lesson().file().getFileName() + "; keep one");
        byDay.put(day, new CurriculumDay(day, null, dup));
        continue;
      }
      if (existing == null || existing.lesson() == null && r.lesson() != null) {
        byDay.put(day, new CurriculumDay(day, r.lesson(), r.problem()));
      }
    }
    List<CurriculumDay> days = new ArrayList<>();
    for (int d = 1; d <= CurriculumDay.DAYS; d++) {
      days.add(byDay.getOrDefault(d, new CurriculumDay(d, null, null)));
    }
    return new Curriculum(folder, days, stray);
  }

  public Path folder() {
    return folder;
  }

  /** All 30 days, in order. */
  public List<CurriculumDay> days() {
    return days;
  }

  public CurriculumDay day(int day) {
    return days.get(day - 1);
  }

  public Optional<Lesson> lesson(int day) {
    return day >= 1 && day <= CurriculumDay.DAYS ? day(day).lessonIfLoaded() : Optional.empty();
  }

  /** Every problem found: per-day ones and files that belong to no day. */
  public List<LessonProblem> problems() {
    List<LessonProblem> out = new ArrayList<>(strayFiles);
    days.stream().map(CurriculumDay::problem).filter(p -> p != null).forEach(out::add);
    return out;
  }

  /** The day a lesson file belongs to, for in-app links ({@code day-08-x.md} → 8). */
  public Optional<Integer> dayOfFile(String fileName) {
    for (CurriculumDay d : days) {
      if (d.lesson() != null && d.lesson().file().getFileName().toString().equals(fileName)) {
        return Optional.of(d.day());
      }
    }
    int claimed = LessonParser.dayOfFileName(Path.of(fileName));
    return claimed > 0 ? Optional.of(claimed) : Optional.empty();
  }
}
