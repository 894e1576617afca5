package dev.lakehouse.workbench.app.ui;

import dev.lakehouse.workbench.curriculum.CurriculumSearch;
import dev.lakehouse.workbench.curriculum.ui.LessonView;
import dev.lakehouse.workbench.curriculum.ui.QuizView;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.QuizAnswer;
import dev.lakehouse.workbench.progress.ui.NotesEditor;
import dev.lakehouse.workbench.recap.ui.ActivityView;
import dev.lakehouse.workbench.recap.ui.DraftsView;
import dev.lakehouse.workbench.recap.ui.ExportDialog;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/** The workbench window's content: it builds nodes and binds them to the view model, nothing more. */
public final class WorkbenchView extends BorderPane {

  /** The day list's share of the window, and the lesson's share of the rest (the side pane has the remainder). */
  public static final double SIDEBAR_SHARE = 0.21;
  public static final double LESSON_SHARE = 0.48;

  private final WorkbenchViewModel vm;
  private final TreeView<Object> tree = new TreeView<>();
  private final Map<Integer, TreeItem<Object>> dayNodes = new HashMap<>();
  private final ListView<CurriculumSearch.Hit> hits = new ListView<>();
  private final TextField searchField = new TextField();
  private final LessonView lessonView;
  private Tab labTab;
  private final QuizView quizView;
  private final Tab quizTab = new Tab("Self-check");
  /** The day the quiz pane shows; it is filled only while its tab is selected. */
  private int quizDay;
  private final Tab notesTab = new Tab("Notes");
  /** Notes, self-check, lab, drafts and activity: put on screen with the notes editor, after the first frame. */
  private final TabPane side = new TabPane();
  /** The search field over the day list (or the search hits): put on screen after the first frame. */
  private final VBox sidebar = new VBox();
  private NotesEditor notes;
  private final SplitPane mainSplit = new SplitPane();
  private final SplitPane lessonSplit = new SplitPane();
  private final Button doneButton = new Button();
  private final ToggleButton darkToggle = new ToggleButton();
  private final Label dayTitle = new Label();
  private final Consumer<String> openExternal;

  public WorkbenchView(WorkbenchViewModel vm, LessonView lessonView) {
    this(vm, lessonView, url -> {});
  }

  /** @param openExternal opens a URL (an exported recap) with the system's viewer */
  public WorkbenchView(WorkbenchViewModel vm, LessonView lessonView, Consumer<String> openExternal) {
    this.vm = vm;
    this.openExternal = openExternal;
    this.lessonView = lessonView;
    this.quizView = new QuizView(vm::answer);
    getStyleClass().add("workbench");
    setTop(toolbar());
    setCenter(center());
    setBottom(statusBar());
    bind();
  }

  /** A lesson's "Send to lab": the SQL goes to the end of the lab editor and the Lab tab is shown. */
  public void sendToLab(String sql) {
    if (!vm.hasLab() || labTab == null) {
      return;
    }
    installDeferred();
    labTab.getTabPane().getSelectionModel().select(labTab);
    vm.lab().receiveFromLesson(sql);
  }

  /**
   * Puts the sidebar, then the side pane's tabs with the notes editor, where placeholders stood
   * (see {@link #installSidebar()} and {@link #installNotes()}). Tests may call it at once.
   */
  public void installDeferred() {
    installSidebar();
    installNotes();
  }

  /**
   * Puts the search field and the day list where a placeholder stood and gives the list the
   * keyboard. The workbench calls it right after the first frame: it is not needed to read the first
   * lesson, and its tree and fields were about a fifth of that frame's CSS and layout
   * (docs/decisions/0005-start-up.md). Runs once.
   */
  public void installSidebar() {
    if (mainSplit.getItems().get(0) == sidebar) {
      return;
    }
    double[] sidebarShare = mainSplit.getDividerPositions();
    mainSplit.getItems().set(0, sidebar);
    mainSplit.setDividerPositions(sidebarShare);
    tree.requestFocus();
  }

  /**
   * Puts the side pane's tabs, with the notes editor, where a placeholder stood. The workbench calls
   * it one frame after {@link #installSidebar()}; the editor and the tab pane are the most costly
   * part of the window to build. Runs once.
   */
  public void installNotes() {
    if (notes != null) {
      return;
    }
    notes = new NotesEditor(vm.noteTextProperty(), vm::saveNoteLater, vm.executor());
    notesTab.setContent(notes);
    double[] lessonShare = lessonSplit.getDividerPositions();
    lessonSplit.getItems().set(1, side);
    lessonSplit.setDividerPositions(lessonShare);
  }

  public LessonView lessonView() {
    return lessonView;
  }

  public SplitPane mainSplit() {
    return mainSplit;
  }

  public SplitPane lessonSplit() {
    return lessonSplit;
  }

  private ToolBar toolbar() {
    Label title = new Label("Lakehouse Workbench");
    title.getStyleClass().add("toolbar-title");
    Button today = new Button("Today");
    today.setId("today-button");
    today.setTooltip(new Tooltip("Jump to your current day (Ctrl+T)"));
    today.setOnAction(e -> vm.select(vm.today()));
    doneButton.setId("done-button");
    doneButton.setOnAction(e -> vm.toggleDone());
    darkToggle.setId("dark-toggle");
    darkToggle.selectedProperty().bindBidirectional(vm.darkProperty());
    // the toggle names the theme it switches to
    darkToggle.textProperty().bind(javafx.beans.binding.Bindings.when(darkToggle.selectedProperty())
        .then("Light theme").otherwise("Dark theme"));
    Tooltip themeTip = new Tooltip();
    themeTip.textProperty().bind(javafx.beans.binding.Bindings.when(darkToggle.selectedProperty())
        .then("Switch to the light theme").otherwise("Switch to the dark theme"));
    darkToggle.setTooltip(themeTip);
    keepWidestText(doneButton, "Mark day done", "\u2713 Done");
    keepWidestText(darkToggle, "Light theme", "Dark theme");
    dayTitle.setId("day-title");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var sep = new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL);
    java.util.List<javafx.scene.Node> items = new java.util.ArrayList<>(java.util.List.of(title, sep, dayTitle, spacer, today, doneButton));
    javafx.scene.control.MenuButton tools = toolsMenu();
    if (!tools.getItems().isEmpty()) {
      items.add(tools);
    }
    if (vm.principals() != null) {
      items.add(principalSwitch());
    }
    items.add(darkToggle);
    ToolBar bar = new ToolBar(items.toArray(new javafx.scene.Node[0]));
    if (vm.principals() != null) {
      fitDayTitle(bar, spacer);
    }
    return bar;
  }

  /**
   * The windows beside the lesson (observability, the dbt project, the recap export) under one
   * "Tools" menu, so the day's title keeps its room on a 1280-pixel toolbar. Menu items cost the
   * first frame nothing: their popup is built when the menu first opens.
   */
  private javafx.scene.control.MenuButton toolsMenu() {
    javafx.scene.control.MenuButton tools = new javafx.scene.control.MenuButton("Tools");
    tools.setId("tools-menu");
    tools.setTooltip(new Tooltip("Observability: charts of a table's commits. dbt project: your lab's models, tests and compiled SQL."
        + " Delta Sharing server: serve your shares to recipients on 127.0.0.1 (day 20)."
        + " Export recap (Ctrl+E): a week or the month as Markdown, HTML or PDF."));
    tools.getTooltip().setWrapText(true);
    tools.getTooltip().setMaxWidth(360);
    if (vm.observability() != null) {
      tools.getItems().add(toolItem("observability-item", "Observability\u2026", this::openObservability));
    }
    if (vm.dbtProject() != null) {
      tools.getItems().add(toolItem("dbt-project-item", "dbt project\u2026", this::openDbtProject));
    }
    if (vm.sharing() != null) {
      javafx.scene.control.CheckMenuItem serve = new javafx.scene.control.CheckMenuItem("Delta Sharing server");
      serve.setId("sharing-server-item");
      serve.setSelected(vm.sharingOnProperty().get());
      serve.setOnAction(e -> vm.serveShares(serve.isSelected()));
      vm.sharingOnProperty().addListener((o, old, now) -> serve.setSelected(now));
      tools.getItems().add(serve);
    }
    if (vm.recap() != null) {
      javafx.scene.control.MenuItem export = toolItem("export-item", "Export recap\u2026", this::openExportDialog);
      export.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN));
      if (tools.getItems().size() > 0) {
        tools.getItems().add(new javafx.scene.control.SeparatorMenuItem());
      }
      tools.getItems().add(export);
    }
    return tools;
  }

  private static javafx.scene.control.MenuItem toolItem(String id, String text, Runnable open) {
    javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(text);
    item.setId(id);
    item.setOnAction(e -> open.run());
    return item;
  }

  /**
   * "Acting as": who the lab's statements run as, the learner or a principal of the folder's policy
   * (days 5, 11 and 20). The list is read again each time it opens; a choice takes effect at once.
   */
  private javafx.scene.Node principalSwitch() {
    ComboBox<String> who = new ComboBox<>();
    who.setId("principal-switch");
    who.getItems().setAll(vm.actingAsProperty().get());
    who.setValue(vm.actingAsProperty().get());
    who.setTooltip(new Tooltip("Who the lab's SQL runs as: you (learner, the admin) or a user of the governance plan"));
    who.setOnShowing(e -> {
      java.util.List<String> all = new java.util.ArrayList<>(vm.principalChoices());
      if (!all.contains(vm.actingAsProperty().get())) {
        all.add(vm.actingAsProperty().get());
      }
      who.getItems().setAll(all);
      who.setValue(vm.actingAsProperty().get());
    });
    who.setOnAction(e -> {
      if (who.getValue() != null) {
        vm.actAs(who.getValue());
      }
    });
    vm.actingAsProperty().addListener((o, old, now) -> {
      if (!who.getItems().contains(now)) {
        who.getItems().add(now);
      }
      who.setValue(now);
    });
    // the button names the role in two words ("as learner"), so the toolbar keeps its width
    who.setButtonCell(new javafx.scene.control.ListCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : "as " + item);
      }
    });
    who.setAccessibleText("Acting as");
    return who;
  }

  /**
   * With the principal switch the toolbar is full: the day's title gives up width first (cut with an
   * ellipsis, whole in its tooltip) so the buttons on the right never move into the overflow menu.
   */
  private void fitDayTitle(ToolBar bar, Region spacer) {
    dayTitle.setMinWidth(0);
    dayTitle.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
    Tooltip whole = new Tooltip();
    whole.textProperty().bind(dayTitle.textProperty());
    dayTitle.setTooltip(whole);
    Runnable fit = () -> {
      double others = 0;
      for (javafx.scene.Node n : bar.getItems()) {
        if (n != dayTitle && n != spacer) {
          others += n.prefWidth(-1) + 12;
        }
      }
      javafx.scene.text.Text text = new javafx.scene.text.Text(dayTitle.getText());
      text.setFont(dayTitle.getFont());
      double natural = text.getLayoutBounds().getWidth() + 4;
      double room = bar.getWidth() - bar.getInsets().getLeft() - bar.getInsets().getRight() - others - 24;
      dayTitle.setPrefWidth(bar.getWidth() <= 0 ? Region.USE_COMPUTED_SIZE : Math.max(80, Math.min(natural, room)));
    };
    bar.widthProperty().addListener((o, old, now) -> fit.run());
    dayTitle.textProperty().addListener((o, old, now) -> fit.run());
    vm.actingAsProperty().addListener((o, old, now) -> javafx.application.Platform.runLater(fit));
  }

  /**
   * Gives a button the width of the widest of its texts, so changing its text never shifts the
   * toolbar under the mouse (a second click would land on the wrong button).
   */
  private static void keepWidestText(javafx.scene.control.ButtonBase button, String... texts) {
    Runnable size = () -> {
      double widest = 0;
      for (String t : texts) {
        Text m = new Text(t);
        m.setFont(button.getFont());
        widest = Math.max(widest, m.getLayoutBounds().getWidth());
      }
      javafx.geometry.Insets in = button.getInsets();
      double w = Math.ceil(widest + in.getLeft() + in.getRight() + 2);
      button.setMinWidth(w);
      button.setPrefWidth(w);
    };
    button.fontProperty().addListener((o, old, now) -> size.run());
    button.insetsProperty().addListener((o, old, now) -> size.run());
    size.run();
  }

  private SplitPane center() {
    searchField.setId("search-field");
    searchField.setPromptText("Search (Ctrl+K)");
    searchField.setTooltip(new Tooltip("Search the lessons and your notes (Ctrl+K)"));
    hits.setId("search-hits");
    hits.setCellFactory(l -> new HitCell());
    hits.setVisible(false);
    hits.setOnMouseClicked(e -> openHit(hits.getSelectionModel().getSelectedItem()));
    hits.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ENTER) {
        openHit(hits.getSelectionModel().getSelectedItem());
      }
    });
    searchField.textProperty().addListener((o, old, q) -> {
      boolean searching = !q.isBlank();
      hits.setItems(FXCollections.observableArrayList(searching ? vm.search(q) : java.util.List.of()));
      hits.setVisible(searching);
      tree.setVisible(!searching);
    });
    searchField.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ESCAPE) {
        searchField.clear();
        tree.requestFocus();
      } else if (e.getCode() == KeyCode.ENTER && !hits.getItems().isEmpty()) {
        openHit(hits.getItems().get(0));
      } else if (e.getCode() == KeyCode.DOWN && !hits.getItems().isEmpty()) {
        hits.requestFocus();
        hits.getSelectionModel().selectFirst();
      }
    });

    tree.setId("day-tree");
    tree.setShowRoot(false);
    tree.setCellFactory(t -> new DayCell());
    TreeItem<Object> root = new TreeItem<>("plan");
    for (int w = 1; w <= 5; w++) {
      TreeItem<Object> week = new TreeItem<>("Week " + w);
      week.setExpanded(true);
      root.getChildren().add(week);
    }
    for (DayItem d : vm.days()) {
      TreeItem<Object> node = new TreeItem<>(d);
      dayNodes.put(d.day(), node);
      root.getChildren().get(d.week() - 1).getChildren().add(node);
    }
    tree.setRoot(root);
    tree.getSelectionModel().selectedItemProperty().addListener((o, old, item) -> {
      if (item != null && item.getValue() instanceof DayItem d) {
        vm.select(d.day());
      }
    });

    StackPane lists = new StackPane(tree, hits);
    VBox.setVgrow(lists, Priority.ALWAYS);
    sidebar.getChildren().addAll(searchField, lists);
    sidebar.getStyleClass().add("sidebar");
    sidebar.setMinWidth(240);

    side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    notesTab.setId("notes-tab");
    quizTab.setContent(quizView);
    quizTab.setId("quiz-tab");
    quizTab.selectedProperty().addListener((o, was, selected) -> showQuiz());
    side.getTabs().addAll(notesTab, quizTab);
    if (vm.hasLab()) {
      labTab = lazyTab("Lab", "lab-tab",
          () -> new dev.lakehouse.workbench.lab.ui.LabView(vm.lab(), vm.executor()), () -> { });
      side.getTabs().add(labTab);
    }
    if (vm.recap() != null) {
      Tab draftsTab = lazyTab("Drafts", "drafts-tab", () -> new DraftsView(vm.recap()), () -> {
        vm.flushNote(); // the note just typed is part of the seed
        vm.recap().shown();
      });
      Tab activityTab = lazyTab("Activity", "activity-tab",
          () -> new ActivityView(vm.recap(), java.time.LocalDate::now), () -> vm.recap().refreshActivity());
      side.getTabs().addAll(draftsTab, activityTab);
    }

    Label opening = new Label("Opening your notes…");
    StackPane placeholder = new StackPane(opening);
    placeholder.getStyleClass().add("side-placeholder");
    StackPane.setAlignment(opening, Pos.TOP_LEFT);
    lessonSplit.getItems().addAll(lessonView, placeholder);
    // one split for every tab, wide enough for the lab; switching tabs never moves it
    lessonSplit.setDividerPositions(LESSON_SHARE);
    StackPane sidebarPlaceholder = new StackPane();
    sidebarPlaceholder.getStyleClass().add("sidebar");
    sidebarPlaceholder.setMinWidth(240);
    mainSplit.getItems().addAll(sidebarPlaceholder, lessonSplit);
    mainSplit.setDividerPositions(SIDEBAR_SHARE);
    SplitPane.setResizableWithParent(sidebar, false);
    SplitPane.setResizableWithParent(sidebarPlaceholder, false);
    return mainSplit;
  }

  /**
   * A tab whose content is built the first time it is selected, so start-up builds only what the
   * first frame shows; {@code onShow} runs on every selection.
   */
  static Tab lazyTab(String title, String id, java.util.function.Supplier<javafx.scene.Node> content, Runnable onShow) {
    Tab tab = new Tab(title);
    tab.setId(id);
    tab.selectedProperty().addListener((o, was, selected) -> {
      if (selected) {
        if (tab.getContent() == null) {
          tab.setContent(content.get());
        }
        onShow.run();
      }
    });
    return tab;
  }

  private HBox statusBar() {
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(vm.statusProperty());
    HBox bar = new HBox(status);
    // shown only while it has something to say: the lab pane gets the height otherwise
    bar.visibleProperty().bind(vm.statusProperty().isNotEmpty());
    bar.managedProperty().bind(bar.visibleProperty());
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("status-bar");
    bar.setPadding(new Insets(3, 10, 3, 10));
    return bar;
  }

  private void bind() {
    vm.pageProperty().addListener((o, old, page) -> lessonView.show(page.day(), page::html));
    vm.selectedDayProperty().addListener((o, old, day) -> {
      TreeItem<Object> node = dayNodes.get(day.intValue());
      if (node != null && tree.getSelectionModel().getSelectedItem() != node) {
        tree.getSelectionModel().select(node);
        tree.scrollTo(Math.max(0, tree.getRow(node) - 3));
      }
      showQuiz();
      DayItem item = vm.item(day.intValue());
      dayTitle.setText("Day " + item.day() + " · " + item.title());
      updateDoneButton();
    });
    vm.days().forEach(d -> d.stateProperty().addListener((o, old, s) -> updateDoneButton()));
    sceneProperty().addListener((o, old, scene) -> {
      if (scene == null) {
        return;
      }
      scene.getAccelerators().put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN), this::focusSearch);
      scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), this::focusSearch);
      scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), () -> vm.select(vm.today()));
    });
  }

  private void showQuiz() {
    int day = vm.selectedDayProperty().get();
    if (quizTab.isSelected() && day != quizDay) {
      quizDay = day;
      quizView.show(vm.lessonProperty().get(), previousAnswers());
    }
  }

  private Map<String, String> previousAnswers() {
    Map<String, String> out = new HashMap<>();
    for (QuizAnswer a : vm.answersProperty().get().values()) {
      out.put(a.questionId(), a.choice());
    }
    return out;
  }

  private void updateDoneButton() {
    int day = vm.selectedDayProperty().get();
    boolean done = day > 0 && vm.item(day).state() == DayState.DONE;
    doneButton.setText(done ? "\u2713 Done" : "Mark day done");
    doneButton.setDisable(day == 0);
  }

  /** Opens the export dialog, saving to the user's home folder by default. */
  private javafx.stage.Stage observabilityStage;

  /** Opens (or brings to front) the observability window, themed like the workbench. */
  public javafx.stage.Stage openObservability() {
    if (observabilityStage == null) {
      observabilityStage = new javafx.stage.Stage();
      observabilityStage.setTitle("Observability · Lakehouse Workbench");
      if (getScene() != null) {
        observabilityStage.initOwner(getScene().getWindow());
      }
      javafx.scene.Scene scene = new javafx.scene.Scene(vm.observability().get(), 1200, 780);
      dev.lakehouse.workbench.ui.Theme.apply(scene, vm.darkProperty().get());
      vm.darkProperty().addListener((o, was, dark) -> dev.lakehouse.workbench.ui.Theme.apply(scene, dark));
      observabilityStage.setScene(scene);
    }
    observabilityStage.show();
    observabilityStage.toFront();
    return observabilityStage;
  }

  private javafx.stage.Stage dbtStage;

  /** Opens (or brings to front) the dbt project window, themed like the workbench. */
  public javafx.stage.Stage openDbtProject() {
    if (dbtStage == null) {
      dbtStage = new javafx.stage.Stage();
      dbtStage.setTitle("dbt project · Lakehouse Workbench");
      if (getScene() != null) {
        dbtStage.initOwner(getScene().getWindow());
      }
      javafx.scene.Scene scene = new javafx.scene.Scene(vm.dbtProject().get(), 1100, 720);
      dev.lakehouse.workbench.ui.Theme.apply(scene, vm.darkProperty().get());
      vm.darkProperty().addListener((o, was, dark) -> dev.lakehouse.workbench.ui.Theme.apply(scene, dark));
      dbtStage.setScene(scene);
    }
    dbtStage.show();
    dbtStage.toFront();
    return dbtStage;
  }

  public ExportDialog openExportDialog() {
    vm.flushNote();
    ExportDialog dialog = new ExportDialog(getScene() == null ? null : getScene().getWindow(), vm.recap(),
        java.nio.file.Path.of(System.getProperty("user.home")), vm.recap().week(), openExternal);
    dialog.show();
    return dialog;
  }

  private void focusSearch() {
    searchField.requestFocus();
    searchField.selectAll();
  }

  private void openHit(CurriculumSearch.Hit hit) {
    if (hit != null) {
      java.util.List<String> terms = CurriculumSearch.terms(searchField.getText());
      String term = terms.isEmpty() ? null : terms.get(0);
      boolean same = vm.selectedDayProperty().get() == hit.day();
      lessonView.reveal(hit.source() == CurriculumSearch.Source.LESSON ? term : null, same);
      vm.select(hit.day());
      searchField.clear();
      tree.requestFocus();
    }
  }

  static String glyph(DayItem d) {
    if (d.hasProblem()) {
      return "!";
    }
    return switch (d.state()) {
      case DONE -> "\u2714";
      case IN_PROGRESS -> "\u25D0";
      case NOT_STARTED -> "\u25CB";
    };
  }

  /**
   * A week or a day. The cell shows the text itself and the state glyph is a plain {@code Text}:
   * the sidebar's cells are a good part of the first frame's CSS and layout, so each is kept to
   * a few nodes.
   */
  private static final class DayCell extends TreeCell<Object> {
    private final Text state = new Text();
    /** Redraws this cell alone when its day's state changes (a tree refresh would rebuild every cell). */
    private final javafx.beans.value.ChangeListener<DayState> stateChanged = (o, old, now) -> show(getItem());
    private DayItem shown;

    DayCell() {
      state.getStyleClass().add("day-state");
      state.setWrappingWidth(14); // one width for every glyph, so the titles line up
      setGraphicTextGap(4);
    }

    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      if (shown != null) {
        shown.stateProperty().removeListener(stateChanged);
        shown = null;
      }
      if (!empty && item instanceof DayItem d) {
        shown = d;
        d.stateProperty().addListener(stateChanged);
      }
      show(empty ? null : item);
    }

    private void show(Object item) {
      getStyleClass().remove("week-label");
      if (item == null) {
        setText(null);
        setGraphic(null);
        setAccessibleText(null);
      } else if (item instanceof DayItem d) {
        state.setText(glyph(d));
        state.getStyleClass().removeAll("done", "in-progress", "not-started", "problem");
        state.getStyleClass().add(d.hasProblem() ? "problem"
            : d.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        setText(d.day() + " · " + d.title());
        setGraphic(state);
        setAccessibleText("Day " + d.day() + ", " + d.title() + ", " + d.state().label());
      } else {
        setText(item.toString());
        setGraphic(null);
        getStyleClass().add("week-label");
        setAccessibleText(null);
      }
    }
  }

  private static final class HitCell extends ListCell<CurriculumSearch.Hit> {
    @Override
    protected void updateItem(CurriculumSearch.Hit hit, boolean empty) {
      super.updateItem(hit, empty);
      if (empty || hit == null) {
        setGraphic(null);
        setText(null);
        return;
      }
      Label title = new Label("Day " + hit.day() + " · " + hit.title()
          + (hit.source() == CurriculumSearch.Source.NOTE ? "  (your note)" : ""));
      title.getStyleClass().add("search-hit-title");
      Label snippet = new Label(hit.snippet());
      snippet.getStyleClass().add("search-hit-snippet");
      snippet.setWrapText(true);
      snippet.setMaxWidth(260);
      setGraphic(new VBox(2, title, snippet));
      setText(null);
    }
  }
}
