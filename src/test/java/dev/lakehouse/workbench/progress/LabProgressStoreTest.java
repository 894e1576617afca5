package dev.lakehouse.workbench.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabProgressStoreTest {

  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void attemptsWithTheirCheckResultsSurviveAReopen() {
    try (ProgressStore store = ProgressStores.open(dir, clock)) {
      store.recordLabAttempt(new LabAttempt(0, "day-02-acid-writes", 2, null, LabAttempt.Kind.RUN,
          LabAttempt.Outcome.OK, "INSERT INTO lab02.orders SELECT 1", List.of()));
      LabAttempt check = store.recordLabAttempt(new LabAttempt(0, "day-02-acid-writes", 2, null,
          LabAttempt.Kind.CHECK, LabAttempt.Outcome.FAIL, "1 of 2 checks pass",
          List.of(new LabAttempt.CheckRecord("appended", true, "a WRITE in Append mode", "version 1"),
              new LabAttempt.CheckRecord("versions", false, "at least 3 versions", "2 versions"))));
      assertThat(check.id()).isPositive();
    }
    try (ProgressStore store = ProgressStores.open(dir, clock)) {
      List<LabAttempt> attempts = store.labAttempts("day-02-acid-writes");
      assertThat(attempts).extracting(LabAttempt::kind).containsExactly(LabAttempt.Kind.RUN, LabAttempt.Kind.CHECK);
      assertThat(attempts.get(1).checks()).extracting(LabAttempt.CheckRecord::measured)
          .containsExactly("version 1", "2 versions");
      assertThat(attempts.get(1).at()).isEqualTo(clock.instant());
      assertThat(store.labAttempts("day-01-first-lake")).isEmpty();
      assertThat(store.events(Instant.EPOCH)).extracting(ProgressEvent::kind).contains("lab.run", "lab.check");
    }
  }

  @Test
  void editorTextAndSeededVersionsAreKeptPerLab() {
    try (ProgressStore store = ProgressStores.open(dir, clock)) {
      assertThat(store.labEditorText("day-08-time-travel")).isEmpty();
      store.saveLabEditorText("day-08-time-travel", "SELECT 1;");
      store.saveLabEditorText("day-08-time-travel", "SELECT 2;");
      store.recordLabSeed("day-08-time-travel", "lab08.orders", 1);
      store.recordLabSeed("day-08-time-travel", "lab08.orders", 4);
    }
    try (ProgressStore store = ProgressStores.open(dir, clock)) {
      assertThat(store.labEditorText("day-08-time-travel")).isEqualTo("SELECT 2;");
      assertThat(store.labSeeds("day-08-time-travel")).containsExactly(java.util.Map.entry("lab08.orders", 4L));
      assertThat(store.labSeeds("day-02-acid-writes")).isEmpty();
    }
  }
}
