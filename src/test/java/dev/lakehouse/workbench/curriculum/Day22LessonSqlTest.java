package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.StatementOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Day 22's lesson SQL, block by block, on its own lab (the whole-curriculum run is {@link LessonSqlTest}). */
class Day22LessonSqlTest {

  @TempDir Path dataDir;

  @Test
  void everyBlockOfTheObservabilityLessonRunsOnItsLab() throws Exception {
    Path lesson = LessonSqlTest.PROJECT.resolve("curriculum/day-22-data-observability.md");
    Matcher m = java.util.regex.Pattern.compile("(?ms)^```sql([^\\n]*)\\n(.*?)^```").matcher(Files.readString(lesson));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(2));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
    try (AppContext ctx = AppContext.open(dataDir, new Content(LessonSqlTest.PROJECT), Clock.systemUTC())) {
      LabDefinition lab = ctx.labCatalog().forDay(22).orElseThrow();
      assertThat(lab.id()).isEqualTo("day-22-observability");
      ctx.labs().setup(lab);
      for (String b : blocks) {
        List<StatementOutcome> out = ctx.labs().run(lab, b);
        assertThat(out).as(b).noneMatch(StatementOutcome::failed);
      }
    }
  }
}
