package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.LabService;
import dev.lakehouse.workbench.lab.StatementOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every lesson's ```sql blocks, in order, on that day's lab (or the shop data of day 1) and
 * reports how many run. Each block that fails must fail with one line in Spark's terms, never with
 * the engine's own message; a block whose info string says {@code fails} must fail; a block marked
 * {@code template} holds a {@code <placeholder>} the learner fills in first, so it is not run. The
 * lessons in {@link #RUN_WHOLE} must run completely.
 */
class LessonSqlTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", ".")).toAbsolutePath();
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```sql([^\\n]*)\\n(.*?)^```");

  /** Lessons whose every block runs as the lesson says (now every lesson that has SQL blocks). */
  static final java.util.Set<String> RUN_WHOLE = java.util.Set.of("day-01", "day-02", "day-03", "day-04", "day-05", "day-06",
      "day-07", "day-08", "day-09", "day-10", "day-11", "day-12", "day-13", "day-14", "day-15", "day-16", "day-17", "day-18",
      "day-19", "day-20", "day-21", "day-22", "day-23", "day-24", "day-25", "day-26", "day-27", "day-28", "day-29", "day-30");

  @TempDir Path dataDir;

  @Test
  void everyLessonsSqlRunsOrFailsInOneClearLine() throws Exception {
    List<Path> lessons;
    try (Stream<Path> s = Files.list(PROJECT.resolve("curriculum"))) {
      lessons = s.filter(p -> p.getFileName().toString().matches("day-\\d\\d-.*\\.md")).sorted().toList();
    }
    int blocks = 0;
    int ran = 0;
    List<String> failures = new ArrayList<>();
    List<String> unclear = new ArrayList<>();
    List<String> whole = new ArrayList<>();
    for (Path lesson : lessons) {
      Matcher m = BLOCK.matcher(Files.readString(lesson));
      List<String[]> sql = new ArrayList<>();
      while (m.find()) {
        sql.add(new String[] {m.group(1).trim(), m.group(2)});
      }
      if (sql.isEmpty()) {
        continue;
      }
      String day = lesson.getFileName().toString().substring(0, 6);
      Path dir = Files.createDirectories(dataDir.resolve(day));
      try (AppContext ctx = AppContext.open(dir, new Content(PROJECT), Clock.systemUTC())) {
        LabService labs = ctx.labs();
        LabDefinition lab = ctx.labCatalog().forDay(Integer.parseInt(day.substring(4)))
            .orElse(ctx.labCatalog().require("day-01-first-lake"));
        labs.setup(lab);
        for (String[] b : sql) {
          if (b[0].toLowerCase(Locale.ROOT).contains("template")) {
            assertThat(b[1]).as(lesson.getFileName() + ": a template block names what to fill in").containsPattern("<[^>]+>");
            continue;
          }
          blocks++;
          boolean mustFail = b[0].toLowerCase(Locale.ROOT).contains("fails");
          List<StatementOutcome> out = labs.run(lab, b[1]);
          StatementOutcome bad = out.stream().filter(StatementOutcome::failed).findFirst().orElse(null);
          if (bad == null != mustFail) {
            ran++;
          } else if (RUN_WHOLE.contains(day)) {
            whole.add(lesson.getFileName() + ": " + (bad != null ? bad.error() : "a block marked 'fails' ran"));
          }
          if (bad == null != mustFail) {
            continue;
          } else if (bad != null) {
            failures.add(lesson.getFileName() + ": " + bad.error());
            if (bad.error().contains("\n") || bad.error().matches("(?s).*(Binder Error|Catalog Error|Parser Error|Conversion Error|DuckDB).*")) {
              unclear.add(lesson.getFileName() + ": " + bad.error());
            }
          } else {
            failures.add(lesson.getFileName() + ": a block marked 'fails' ran");
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "Lesson SQL: %d of %d blocks run as their lesson says%n", ran, blocks);
    failures.forEach(f -> System.out.println("  stops: " + f));
    assertThat(blocks).isPositive();
    assertThat(unclear).as("lesson SQL failing with the engine's own message").isEmpty();
    assertThat(whole).as("lessons that must run whole").isEmpty();
  }
}
