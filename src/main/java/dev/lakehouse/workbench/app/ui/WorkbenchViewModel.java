package dev.lakehouse.workbench.app.ui;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.curriculum.CurriculumSearch;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.curriculum.LessonRenderer;
import dev.lakehouse.workbench.curriculum.Question;
import dev.lakehouse.workbench.progress.DayProgress;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.QuizAnswer;
import dev.lakehouse.workbench.recap.ui.RecapViewModel;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workbench's state and commands. The only UI class that talks to the services (curriculum,
 * renderer, progress store); the views bind to its properties. Writes go through the
 * {@link UiExecutor}, so the FX thread never waits on the database.
 */
public final class WorkbenchViewModel {

  static final String LAST_DAY = "ui.lastDay";
  static final String THEME = "ui.theme";

  private final Curriculum curriculum;
  private final java.util.function.Supplier<LessonRenderer> renderer;
  private final ProgressStore progress;
  private final UiExecutor executor;
  private CurriculumSearch search;

  private final ObservableList<DayItem> days = FXCollections.observableArrayList();

  /** The day on screen, 1 to 30. */
  private final IntegerProperty selectedDay = new SimpleIntegerProperty(this, "selectedDay", 0);

  /** Dark theme on or off; remembered. */
  private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);

  /** The selected day's page: set anew when the day or the theme changes. */
  private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(this, "page");

  /** The selected day's lesson, or null when it could not be loaded. */
  private final ReadOnlyObjectWrapper<Lesson> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");

  /** The selected day's note as the learner edits it. */
  private final StringProperty noteText = new SimpleStringProperty(this, "noteText", "");

  /** One line for the status bar: what just happened or went wrong. */
  private final StringProperty status = new SimpleStringProperty(this, "status", "");

  /** The selected day's quiz answers by question id. */
  private final ObjectProperty<Map<String, QuizAnswer>> answers =
      new SimpleObjectProperty<>(this, "answers", Map.of());

  private String savedNote = "";

  /** Drafts, activity and exports; null when the workbench runs without them. */
  private RecapViewModel recap;
  private dev.lakehouse.workbench.lab.ui.LabViewModel lab;
  private java.util.function.Supplier<dev.lakehouse.workbench.lab.ui.LabViewModel> labFactory;

  /**
   * A day's page: the day, and its HTML rendered on first request (the first frame draws the lesson
   * natively, so start-up need not load the renderer).
   */
  public static final class Page {
    private final CurriculumDay day;
    private final java.util.function.Supplier<String> render;
    private String html;

    Page(CurriculumDay day, java.util.function.Supplier<String> render) {
      this.day = day;
      this.render = render;
    }

    public CurriculumDay day() {
      return day;
    }

    /** The page as HTML for the lesson's WebView. */
    public String html() {
      if (html == null) {
        html = render.get();
      }
      return html;
    }
  }

  /** @param renderer asked for the first time when a page's HTML is first needed */
  public WorkbenchViewModel(Curriculum curriculum, java.util.function.Supplier<LessonRenderer> renderer,
      ProgressStore progress, UiExecutor executor) {
    this.curriculum = curriculum;
    this.renderer = renderer;
    this.progress = progress;
    this.executor = executor;
    Map<Integer, DayProgress> states = progress.days();
    for (CurriculumDay d : curriculum.days()) {
      DayState s = states.getOrDefault(d.day(), DayProgress.notStarted(d.day())).state();
      days.add(new DayItem(d.day(), d.title(), d.lesson() == null, s));
    }
    dark.set(progress.setting(THEME).map("dark"::equals).orElse(false));
    dark.addListener((o, was, isDark) -> {
      executor.submit(() -> {
        progress.putSetting(THEME, isDark ? "dark" : "light");
        return null;
      }, ok -> {}, this::fail);
      rerender();
    });
  }

  /** Adds the drafts editor, the activity heatmap and the export dialog's state. */
  public void attachRecap(RecapViewModel recap) {
    this.recap = recap;
  }

  /**
   * Adds the lab pane's state, made by {@code factory} on first use (opening the lake is not part
   * of the first frame); it follows the selected day.
   */
  public void attachLab(java.util.function.Supplier<dev.lakehouse.workbench.lab.ui.LabViewModel> factory) {
    this.labFactory = factory;
  }

  /** Whether a lab part is attached (made or not yet). */
  public boolean hasLab() {
    return labFactory != null;
  }

  /** The lab part, made now if it was not yet; null when none is attached. */
  private java.util.function.Supplier<javafx.scene.Parent> observability;

  /** The observability view's maker (the app wires it to the lake); the toolbar shows its button when set. */
  public void attachObservability(java.util.function.Supplier<javafx.scene.Parent> view) {
    this.observability = view;
  }

  public java.util.function.Supplier<javafx.scene.Parent> observability() {
    return observability;
  }

  private java.util.function.Supplier<javafx.scene.Parent> dbtProject;

  /** The dbt project pane's maker (the app wires it to the lake); the toolbar shows its button when set. */
  public void attachDbtProject(java.util.function.Supplier<javafx.scene.Parent> view) {
    this.dbtProject = view;
  }

  public java.util.function.Supplier<javafx.scene.Parent> dbtProject() {
    return dbtProject;
  }

  private SharingSwitch sharing;
  private final javafx.beans.property.BooleanProperty sharingOn =
      new javafx.beans.property.SimpleBooleanProperty(this, "sharingOn", false);

  /** The Delta Sharing server's switch (the app wires it to the folder's shares); the Tools menu shows it when set. */
  public void attachSharing(SharingSwitch s) {
    this.sharing = s;
  }

  public SharingSwitch sharing() {
    return sharing;
  }

  /** Whether the sharing server is serving. */
  public javafx.beans.property.ReadOnlyBooleanProperty sharingOnProperty() {
    return sharingOn;
  }

  /** Starts or stops the sharing server off the FX thread; the status bar says where it listens, or why not. */
  public void serveShares(boolean on) {
    if (sharing == null || on == sharingOn.get()) {
      return;
    }
    sharingOn.set(on);
    if (on) {
      executor.submit(sharing::start, endpoint -> status.set("Delta Sharing server at " + endpoint
          + " (127.0.0.1 only): recipients read with the profiles in governance/recipients/."), e -> {
            sharingOn.set(false);
            status.set(e.getMessage());
          });
    } else {
      executor.submit(() -> {
        sharing.stop();
        return null;
      }, done -> status.set("Delta Sharing server stopped: recipients' requests are refused until it runs again."), this::fail);
    }
  }

  private PrincipalSwitch principals;
  private final StringProperty actingAs = new SimpleStringProperty(this, "actingAs", "learner");

  /** Who the lab's statements run as: the toolbar's switch (governance, days 5, 11 and 20). */
  public void attachPrincipals(PrincipalSwitch s) {
    this.principals = s;
    // SET ROLE typed in the lab's SQL moves the switch too
    s.onChange(who -> javafx.application.Platform.runLater(() -> actingAs.set(who)));
  }

  public PrincipalSwitch principals() {
    return principals;
  }

  /** The principal the lab's statements run as, as the switch last learned it. */
  public StringProperty actingAsProperty() {
    return actingAs;
  }

  /** The users to choose from (the learner first), read again each time the switch opens. */
  public java.util.List<String> principalChoices() {
    if (principals == null) {
      return java.util.List.of();
    }
    actingAs.set(principals.current());
    return principals.principals();
  }

  /** Runs the lab's statements as {@code who} from now on; the status bar says so, or why not. */
  public void actAs(String who) {
    if (principals == null || who == null || who.equals(actingAs.get())) {
      return;
    }
    executor.submit(() -> {
      principals.actAs(who);
      return principals.current();
    }, now -> {
      actingAs.set(now);
      status.set(now.equals("learner") ? "Statements run as you (learner, the folder's admin) again."
          : "Statements now run as " + now + ": the lab's SQL is checked against " + now + "'s grants.");
    }, e -> {
      actingAs.set(principals.current());
      status.set(e.getMessage());
    });
  }

  public dev.lakehouse.workbench.lab.ui.LabViewModel lab() {
    if (lab == null && labFactory != null) {
      lab = labFactory.get();
      if (selectedDay.get() >= 1) {
        lab.showDay(selectedDay.get());
      }
    }
    return lab;
  }

  /** A lab's checks all passed: the store already marked the day done; show it. */
  public void labPassed(int day) {
    item(day).stateProperty().set(DayState.DONE);
    status.set("Day " + day + " lab passed: day marked done.");
    if (recap != null) {
      recap.refreshActivity();
    }
  }

  /** The recap part, or null when none is attached. */
  public RecapViewModel recap() {
    return recap;
  }

  // -- properties -------------------------------------------------------------------------------

  public ObservableList<DayItem> days() {
    return days;
  }

  public IntegerProperty selectedDayProperty() {
    return selectedDay;
  }

  public BooleanProperty darkProperty() {
    return dark;
  }

  public ReadOnlyObjectProperty<Page> pageProperty() {
    return page.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Lesson> lessonProperty() {
    return lesson.getReadOnlyProperty();
  }

  public StringProperty noteTextProperty() {
    return noteText;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public ObjectProperty<Map<String, QuizAnswer>> answersProperty() {
    return answers;
  }

  /** The executor background work of this window runs on. */
  public UiExecutor executor() {
    return executor;
  }

  public Curriculum curriculum() {
    return curriculum;
  }

  public DayItem item(int day) {
    return days.get(day - 1);
  }

  // -- commands ---------------------------------------------------------------------------------

  /** The day to open at start: the last one viewed, else the learner's current day. */
  public int startDay() {
    return progress.setting(LAST_DAY).map(Integer::parseInt).filter(d -> d >= 1 && d <= 30).orElseGet(this::today);
  }

  /** The learner's current day: the first day not done (30 when all are). */
  public int today() {
    return days.stream().filter(d -> d.state() != DayState.DONE).mapToInt(DayItem::day).findFirst().orElse(30);
  }

  /** Shows a day: saves the previous day's note, renders the lesson, marks the day in progress. */
  public void select(int day) {
    if (day < 1 || day > CurriculumDay.DAYS || day == selectedDay.get()) {
      return;
    }
    flushNote();
    CurriculumDay d = curriculum.day(day);
    String note = progress.note(day);
    savedNote = note;
    answers.set(progress.answers(day));
    lesson.set(d.lesson());
    noteText.set(note);
    selectedDay.set(day);
    if (recap != null) {
      recap.showDay(day);
    }
    if (lab != null) {
      lab.showDay(day);
    }
    rerender();
    executor.submit(() -> {
      progress.putSetting(LAST_DAY, Integer.toString(day));
      return d.lesson() == null ? null : progress.markOpened(day);
    }, p -> {
      if (p != null) {
        item(day).stateProperty().set(p.state());
      }
    }, this::fail);
  }

  private void rerender() {
    int day = selectedDay.get();
    if (day == 0) {
      return;
    }
    CurriculumDay d = curriculum.day(day);
    boolean isDark = dark.get();
    page.set(new Page(d, () -> d.lesson() != null
        ? renderer.get().renderPage(d.lesson(), isDark) : renderer.get().renderProblem(d, isDark)));
  }

  /** Marks the selected day done, or takes it back to in progress. */
  public void toggleDone() {
    int day = selectedDay.get();
    boolean done = item(day).state() == DayState.DONE;
    executor.submit(() -> done ? progress.markNotDone(day) : progress.markDone(day),
        p -> {
          item(day).stateProperty().set(p.state());
          status.set(p.state() == DayState.DONE ? "Day " + day + " marked done." : "Day " + day + " is in progress again.");
          if (recap != null) {
            recap.refreshActivity();
          }
        }, this::fail);
  }

  /** Saves the note in the background if it changed (called by the debounce timer). */
  public void saveNoteLater() {
    int day = selectedDay.get();
    String text = noteText.get();
    if (day == 0 || Objects.equals(text, savedNote)) {
      return;
    }
    savedNote = text;
    executor.submit(() -> {
      progress.saveNote(day, text);
      return null;
    }, ok -> status.set("Note saved."), this::fail);
  }

  /** Saves the note now, on the calling thread (day switch, window close). */
  public void flushNote() {
    if (recap != null) {
      recap.flushDraft();
    }
    int day = selectedDay.get();
    String text = noteText.get();
    if (day == 0 || Objects.equals(text, savedNote)) {
      return;
    }
    savedNote = text;
    progress.saveNote(day, text);
  }

  /** Records the first answer to a question and returns whether {@code choice} is right. */
  public boolean answer(Question q, String choice) {
    int day = selectedDay.get();
    boolean correct = q.isCorrect(choice);
    if (answers.get().containsKey(q.id())) {
      return correct; // the first answer counts; a later one is not recorded
    }
    Map<String, QuizAnswer> next = new HashMap<>(answers.get());
    next.put(q.id(), new QuizAnswer(day, q.id(), choice, correct, null));
    answers.set(Map.copyOf(next));
    executor.submit(() -> {
      progress.recordAnswer(day, q.id(), choice, correct);
      return null;
    }, ok -> {}, this::fail);
    return correct;
  }

  /** Full-text search over lessons and notes. */
  public List<CurriculumSearch.Hit> search(String query) {
    Map<Integer, String> notes = new HashMap<>(progress.notes());
    if (selectedDay.get() > 0) {
      notes.put(selectedDay.get(), noteText.get());
    }
    Map<Integer, String> titles = new HashMap<>();
    days.forEach(d -> titles.put(d.day(), d.title()));
    if (search == null) {
      search = new CurriculumSearch(curriculum);
    }
    return search.search(query, notes, titles, 30);
  }

  /** A relative lesson link was clicked: open the day it names. */
  public void openLessonFile(String fileName) {
    curriculum.dayOfFile(fileName).ifPresentOrElse(this::select,
        () -> status.set("No lesson named " + fileName + "."));
  }

  public void remember(String key, String value) {
    executor.submit(() -> {
      progress.putSetting(key, value);
      return null;
    }, ok -> {}, this::fail);
  }

  public java.util.Optional<String> setting(String key) {
    return progress.setting(key);
  }

  private void fail(Throwable t) {
    status.set(t.getMessage() == null ? t.toString() : t.getMessage());
  }
}
