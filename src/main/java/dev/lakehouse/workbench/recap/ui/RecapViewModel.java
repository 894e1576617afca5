package dev.lakehouse.workbench.recap.ui;

import dev.lakehouse.workbench.progress.DraftKind;
import dev.lakehouse.workbench.progress.PostDraft;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.recap.DraftSeeder;
import dev.lakehouse.workbench.recap.ExportListener;
import dev.lakehouse.workbench.recap.RecapExporter;
import dev.lakehouse.workbench.recap.RecapFormat;
import dev.lakehouse.workbench.recap.RecapScope;
import dev.lakehouse.workbench.recap.RecapService;
import dev.lakehouse.workbench.recap.Streak;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * State and commands of the drafts editor, the activity heatmap and the export dialog. The views
 * bind to its properties; it is the only one of them that calls the recap service and the store.
 */
public final class RecapViewModel {

  private final RecapService service;
  private final Path dataDir;
  private final ProgressStore store;
  private final DraftSeeder seeder;
  private final UiExecutor executor;

  /** Which draft is in the editor: the day's LinkedIn post or the week's blog post. */
  private final ObjectProperty<DraftKind> draftKind = new SimpleObjectProperty<>(this, "draftKind", DraftKind.LINKEDIN);

  /** The plan day the workbench shows; the blog draft is that day's week. */
  private final IntegerProperty day = new SimpleIntegerProperty(this, "day", 0);

  /** Whether the drafts editor has been shown; until then drafts are not loaded. */
  private boolean active;

  /** The draft as the learner edits it. */
  private final StringProperty draftText = new SimpleStringProperty(this, "draftText", "");

  /** "Seeded from your record, not saved yet", "Saved", or an error. */
  private final StringProperty draftStatus = new SimpleStringProperty(this, "draftStatus", "");

  /** Characters in the draft. */
  private final IntegerBinding characters = Bindings.createIntegerBinding(
      () -> draftText.get() == null ? 0 : draftText.get().length(), draftText);

  /** The draft is a LinkedIn post longer than LinkedIn allows. */
  private final BooleanBinding overLimit = Bindings.createBooleanBinding(
      () -> draftKind.get() == DraftKind.LINKEDIN && characters.get() > DraftKind.LINKEDIN_POST_LIMIT, characters, draftKind);

  /** Events per date, for the heatmap. */
  private final ObjectProperty<SortedMap<LocalDate, Integer>> activity =
      new SimpleObjectProperty<>(this, "activity", new TreeMap<>());

  /** The streak, for the labels above the heatmap. */
  private final ObjectProperty<Streak> streak = new SimpleObjectProperty<>(this, "streak", new Streak(0, 0, 0, java.util.List.of()));

  private String saved = "";
  private String seed = "";

  public RecapViewModel(RecapService service, ProgressStore store, DraftSeeder seeder, UiExecutor executor) {
    this(service, store, seeder, executor, null);
  }

  /** As above; exports refuse targets inside {@code dataDir}, where the lake and progress live. */
  public RecapViewModel(RecapService service, ProgressStore store, DraftSeeder seeder, UiExecutor executor, Path dataDir) {
    this.dataDir = dataDir;
    this.service = service;
    this.store = store;
    this.seeder = seeder;
    this.executor = executor;
    draftKind.addListener((o, old, k) -> {
      flushDraft(old);
      if (active) {
        load();
      }
    });
  }

  public ObjectProperty<DraftKind> draftKindProperty() {
    return draftKind;
  }

  public IntegerProperty dayProperty() {
    return day;
  }

  public StringProperty draftTextProperty() {
    return draftText;
  }

  public StringProperty draftStatusProperty() {
    return draftStatus;
  }

  public IntegerBinding charactersBinding() {
    return characters;
  }

  public BooleanBinding overLimitBinding() {
    return overLimit;
  }

  public ObjectProperty<SortedMap<LocalDate, Integer>> activityProperty() {
    return activity;
  }

  public ObjectProperty<Streak> streakProperty() {
    return streak;
  }

  /** The week of the shown day. */
  public int week() {
    return Math.max(1, (day.get() - 1) / 7 + 1);
  }

  /** Shows {@code newDay}'s drafts, saving the shown one first. */
  public void showDay(int newDay) {
    if (newDay == day.get()) {
      return;
    }
    flushDraft(draftKind.get());
    day.set(newDay);
    if (active) {
      load();
    }
  }

  /**
   * Starts loading and seeding drafts: called when the drafts editor is first shown, so day
   * switches before that pay nothing for it.
   */
  public void activate() {
    if (!active) {
      active = true;
      load();
    }
  }

  /**
   * The Drafts tab is shown (again): a seed the learner has not touched is made afresh from the
   * record, so a note written since then is in it.
   */
  public void shown() {
    if (!active) {
      activate();
    } else if (saved.isEmpty() && draftText.get().equals(seed)) {
      load();
    }
  }

  private int period(DraftKind kind) {
    return kind == DraftKind.LINKEDIN ? day.get() : week();
  }

  private void load() {
    if (day.get() < 1) {
      return;
    }
    DraftKind kind = draftKind.get();
    String text = store.draft(kind, period(kind)).map(PostDraft::markdown).orElse("");
    saved = text;
    if (text.isEmpty()) {
      seed = kind == DraftKind.LINKEDIN ? seeder.linkedin(day.get()) : seeder.blog(week());
      draftText.set(seed);
      draftStatus.set("Seeded from the lesson and your record; edit it and it is saved.");
    } else {
      seed = "";
      draftText.set(text);
      draftStatus.set("Saved draft.");
    }
  }

  /** Replaces the text with a fresh seed from the current record (the saved draft stays until edited). */
  public void reseed() {
    DraftKind kind = draftKind.get();
    seed = kind == DraftKind.LINKEDIN ? seeder.linkedin(day.get()) : seeder.blog(week());
    draftText.set(seed);
    saveDraftLater();
  }

  /** Saves the draft in the background if the learner changed it (called after a typing pause). */
  public void saveDraftLater() {
    DraftKind kind = draftKind.get();
    String text = draftText.get();
    if (!needsSave(text)) {
      return;
    }
    int period = period(kind);
    saved = text;
    executor.submit(() -> {
      store.saveDraft(kind, period, text);
      return null;
    }, ok -> draftStatus.set("Saved draft."), t -> draftStatus.set(t.getMessage()));
  }

  /** Saves now, on the calling thread (day switch, window close). */
  public void flushDraft() {
    flushDraft(draftKind.get());
  }

  private void flushDraft(DraftKind kind) {
    String text = draftText.get();
    if (day.get() < 1 || !needsSave(text)) {
      return;
    }
    saved = text;
    store.saveDraft(kind, period(kind), text);
  }

  private boolean needsSave(String text) {
    return day.get() >= 1 && !Objects.equals(text, saved) && !(saved.isEmpty() && Objects.equals(text, seed));
  }

  /** Re-reads the activity and the streak in the background. */
  public void refreshActivity() {
    executor.submit(() -> Map.entry(service.activity(), service.streak()), r -> {
      activity.set(r.getKey());
      streak.set(r.getValue());
    }, t -> draftStatus.set(t.getMessage()));
  }

  /** A task that exports; its progress and message follow the exporter's steps, and cancel() stops it. */
  public Task<Path> exportTask(RecapScope scope, RecapFormat format, Path out) {
    return exportTask(scope, format, out, false);
  }

  /** Whether exporting to {@code out} would replace an existing file (the dialog asks first). */
  public boolean wouldReplace(Path out) {
    return RecapExporter.exists(out);
  }

  /** As above, replacing an existing regular file at {@code out} when {@code replace} (confirmed by the learner). */
  public Task<Path> exportTask(RecapScope scope, RecapFormat format, Path out, boolean replace) {
    RecapExporter exporter = new RecapExporter(service, dataDir);
    return new Task<>() {
      @Override
      protected Path call() {
        return exporter.export(scope, format, out, replace, new ExportListener() {
          @Override
          public void progress(int done, int total, String message) {
            updateProgress(done, total);
            updateMessage(message);
          }

          @Override
          public boolean cancelled() {
            return isCancelled();
          }
        });
      }
    };
  }
}
