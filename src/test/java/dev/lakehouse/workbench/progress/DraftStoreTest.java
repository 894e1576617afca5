package dev.lakehouse.workbench.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DraftStoreTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-03T08:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void draftsSurviveReopeningAndAreListedLinkedInFirstInPeriodOrder() {
    try (ProgressStore store = ProgressStores.open(dir, CLOCK)) {
      store.saveDraft(DraftKind.BLOG, 2, "week two");
      store.saveDraft(DraftKind.LINKEDIN, 9, "day nine");
      store.saveDraft(DraftKind.LINKEDIN, 1, "day one");
    }
    try (ProgressStore store = ProgressStores.open(dir, CLOCK)) {
      assertThat(store.drafts()).extracting(PostDraft::kind, PostDraft::period, PostDraft::markdown)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(DraftKind.LINKEDIN, 1, "day one"),
              org.assertj.core.groups.Tuple.tuple(DraftKind.LINKEDIN, 9, "day nine"),
              org.assertj.core.groups.Tuple.tuple(DraftKind.BLOG, 2, "week two"));
      assertThat(store.draft(DraftKind.LINKEDIN, 9)).get()
          .satisfies(d -> assertThat(d.updatedAt()).isEqualTo(CLOCK.instant()));
      assertThat(store.draft(DraftKind.LINKEDIN, 2)).isEmpty();
    }
  }

  @Test
  void savingReplacesAndSavingEmptyDeletesAndBothAreLogged() {
    try (ProgressStore store = ProgressStores.open(dir, CLOCK)) {
      store.saveDraft(DraftKind.LINKEDIN, 3, "first");
      store.saveDraft(DraftKind.LINKEDIN, 3, "second <script>");
      assertThat(store.draft(DraftKind.LINKEDIN, 3)).get().extracting(PostDraft::markdown).isEqualTo("second <script>");
      store.saveDraft(DraftKind.LINKEDIN, 3, "");
      assertThat(store.draft(DraftKind.LINKEDIN, 3)).isEmpty();
      assertThat(store.events(Instant.EPOCH)).filteredOn(e -> e.kind().equals(ProgressEvent.DRAFT_SAVED))
          .extracting(ProgressEvent::day, ProgressEvent::detail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(3, "LINKEDIN 3 5"),
              org.assertj.core.groups.Tuple.tuple(3, "LINKEDIN 3 15"),
              org.assertj.core.groups.Tuple.tuple(3, "LINKEDIN 3 0"));
    }
  }

  @Test
  void aBlogDraftForWeekSixIsBadInputNamingTheRange() {
    try (ProgressStore store = ProgressStores.open(dir, CLOCK)) {
      assertThatThrownBy(() -> store.saveDraft(DraftKind.BLOG, 6, "x"))
          .isInstanceOf(WorkbenchException.class)
          .hasMessageContaining("no blog post number 6")
          .hasMessageContaining("between 1 and 5")
          .satisfies(e -> assertThat(((WorkbenchException) e).kind()).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
    }
  }
}
