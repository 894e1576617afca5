package dev.lakehouse.workbench.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ProgressStoreTest {

  @TempDir Path dataDir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-02T08:30:00Z"), ZoneOffset.UTC);

  @Test
  void everythingWrittenSurvivesReopening() {
    try (ProgressStore store = ProgressStores.open(dataDir, clock)) {
      store.markOpened(2);
      store.markDone(1);
      store.saveNote(2, "# Delta\nthe log is the table");
      store.recordAnswer(2, "q1", "put-if-absent", true);
      store.putSetting("ui.theme", "dark");
    }
    try (ProgressStore store = ProgressStores.open(dataDir, clock)) {
      assertThat(store.day(1).state()).isEqualTo(DayState.DONE);
      assertThat(store.day(2).state()).isEqualTo(DayState.IN_PROGRESS);
      assertThat(store.day(3).state()).isEqualTo(DayState.NOT_STARTED);
      assertThat(store.note(2)).isEqualTo("# Delta\nthe log is the table");
      assertThat(store.answers(2)).containsKey("q1");
      assertThat(store.answers(2).get("q1").correct()).isTrue();
      assertThat(store.setting("ui.theme")).contains("dark");
      assertThat(store.events(Instant.EPOCH)).extracting(ProgressEvent::kind)
          .containsExactly(ProgressEvent.DAY_OPENED, ProgressEvent.DAY_DONE, ProgressEvent.NOTE_SAVED,
              ProgressEvent.QUIZ_ANSWERED);
    }
  }

  @Test
  void openingADoneDayKeepsItDone() {
    try (ProgressStore store = ProgressStores.open(dataDir, clock)) {
      store.markDone(4);
      assertThat(store.markOpened(4).state()).isEqualTo(DayState.DONE);
      assertThat(store.markNotDone(4).state()).isEqualTo(DayState.IN_PROGRESS);
      assertThat(store.day(4).doneAt()).isNull();
      assertThat(store.day(4).startedAt()).isEqualTo(clock.instant());
    }
  }

  @Test
  void aDayOutsideThePlanIsRejectedWithOneClearLine() {
    try (ProgressStore store = ProgressStores.open(dataDir, clock)) {
      assertThatThrownBy(() -> store.saveNote(31, "x"))
          .isInstanceOf(ProgressException.class)
          .hasMessage("there is no day 31: the plan has days 1 to 30. Give a day between 1 and 30.");
    }
  }

  @Test
  void aSecondStoreOnTheSameFolderSharesTheDatabase() {
    try (ProgressStore first = ProgressStores.open(dataDir, clock);
        ProgressStore second = ProgressStores.open(dataDir, clock)) {
      first.saveNote(5, "written by the first");
      assertThat(second.note(5)).isEqualTo("written by the first");
    }
  }

  @Test
  void notesKeepEveryCharacter() {
    String tricky = "quotes ' \" and <script>alert(1)</script>\n\u00e9\u00e8 \u2713 emoji \uD83D\uDE80 and ; -- comment";
    try (ProgressStore store = ProgressStores.open(dataDir, clock)) {
      store.saveNote(7, tricky);
      assertThat(store.note(7)).isEqualTo(tricky);
      assertThat(store.notes()).containsOnlyKeys(7);
    }
  }
}
