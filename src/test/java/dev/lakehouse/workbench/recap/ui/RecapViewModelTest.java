package dev.lakehouse.workbench.recap.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.progress.DraftKind;
import dev.lakehouse.workbench.progress.PostDraft;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.ProgressStores;
import dev.lakehouse.workbench.recap.DraftSeeder;
import dev.lakehouse.workbench.recap.LabEvidenceSource;
import dev.lakehouse.workbench.recap.RecapService;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecapViewModelTest {

  @TempDir Path dir;
  private ProgressStore store;
  private RecapViewModel vm;

  @BeforeEach
  void open() {
    Clock clock = Clock.fixed(Instant.parse("2025-03-05T10:00:00Z"), ZoneOffset.UTC);
    store = ProgressStores.open(dir, clock);
    Curriculum curriculum = Curriculum.load(Path.of(System.getProperty("workbench.project.dir", ".")).resolve("curriculum"));
    RecapService service = new RecapService(store, curriculum, LabEvidenceSource.none(), id -> false, clock, ZoneOffset.UTC);
    vm = new RecapViewModel(service, store, new DraftSeeder(curriculum, store, service), UiExecutor.sameThread());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void anUntouchedSeedIsShownButNotSaved() {
    vm.showDay(1);
    assertThat(vm.draftTextProperty().get()).startsWith("Why the Lakehouse paradigm");
    vm.saveDraftLater();
    vm.showDay(2);
    assertThat(store.drafts()).isEmpty();
  }

  @Test
  void anEditedDraftIsSavedAndComesBackOnTheDay() {
    vm.showDay(1);
    vm.draftTextProperty().set("my own words");
    vm.showDay(2);
    assertThat(store.draft(DraftKind.LINKEDIN, 1)).get().extracting(PostDraft::markdown).isEqualTo("my own words");
    vm.showDay(1);
    assertThat(vm.draftTextProperty().get()).isEqualTo("my own words");
  }

  @Test
  void theBlogDraftBelongsToTheWeekOfTheDay() {
    vm.showDay(9);
    vm.draftKindProperty().set(DraftKind.BLOG);
    vm.draftTextProperty().set("week two post");
    vm.saveDraftLater();
    assertThat(store.draft(DraftKind.BLOG, 2)).get().extracting(PostDraft::markdown).isEqualTo("week two post");
  }

  @Test
  void theCountTurnsOverLimitPastThreeThousandCharactersForLinkedInOnly() {
    vm.showDay(1);
    vm.draftTextProperty().set("x".repeat(3000));
    assertThat(vm.charactersBinding().get()).isEqualTo(3000);
    assertThat(vm.overLimitBinding().get()).isFalse();
    vm.draftTextProperty().set("x".repeat(3001));
    assertThat(vm.overLimitBinding().get()).isTrue();
    vm.draftKindProperty().set(DraftKind.BLOG);
    vm.draftTextProperty().set("x".repeat(5000));
    assertThat(vm.overLimitBinding().get()).isFalse();
  }

  @Test
  void activityCountsTheDaysEvents() {
    store.markOpened(3);
    store.saveNote(3, "hello");
    vm.refreshActivity();
    assertThat(vm.activityProperty().get()).containsEntry(LocalDate.of(2025, 3, 5), 2);
  }
}
