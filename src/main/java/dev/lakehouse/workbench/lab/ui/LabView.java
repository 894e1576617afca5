package dev.lakehouse.workbench.lab.ui;

import dev.lakehouse.workbench.common.SqlHighlighting;
import dev.lakehouse.workbench.lab.CheckResult;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.SqlScript;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The Lab tab: instructions, the SQL editor (Ctrl+Enter runs the selection or the statement under
 * the cursor), results, messages, checks and the version timeline. It binds to {@link LabViewModel}.
 */
public final class LabView extends BorderPane {

  private static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination COMPLETE = new KeyCodeCombination(KeyCode.SPACE, KeyCombination.CONTROL_DOWN);

  private final LabViewModel vm;
  private final CodeArea editor = new CodeArea();
  private final PauseTransition savePause = new PauseTransition(Duration.millis(700));
  private final PauseTransition highlightPause = new PauseTransition(Duration.millis(120));
  private final UiExecutor highlighter;
  private final TableView<List<Object>> results = new TableView<>();
  private final ContextMenu completions = new ContextMenu();
  private boolean updating;

  public LabView(LabViewModel vm, UiExecutor highlighter) {
    this.vm = vm;
    this.highlighter = highlighter;
    getStyleClass().add("lab-view");

    Label title = new Label();
    title.setId("lab-title");
    title.getStyleClass().add("lab-title");
    title.textProperty().bind(vm.titleProperty());
    Button run = button("Run", "lab-run",
        "Run the selection or the statement under the cursor (Ctrl+Enter); Ctrl+Space completes table and column names");
    run.setOnAction(e -> runUnderCursor());
    Button runAll = button("Run all", "lab-run-all", "Run every statement in the editor");
    runAll.setOnAction(e -> vm.run(editor.getText()));
    Button check = button("Check", "lab-check", "Check the lab on your lake's state");
    check.setOnAction(e -> vm.check());
    Button hint = button("Hint", "lab-hint", "A hint that fits what you did; ask again for more");
    hint.setOnAction(e -> vm.hint());
    Button reset = button("Reset", "lab-reset", "RESTORE the lab's tables to their seeded versions");
    reset.setOnAction(e -> confirmReset());
    Button solution = button("Solution", "lab-solution", "Show the solution (recorded)");
    solution.setOnAction(e -> vm.solution());
    for (Button b : List.of(run, runAll, check, hint, reset, solution)) {
      b.disableProperty().bind(vm.availableProperty().not().or(vm.busyProperty()));
    }
    // a day without a lab is a scratchpad: the lab's own buttons are not shown at all
    for (Button b : List.of(check, hint, reset, solution)) {
      b.visibleProperty().bind(vm.hasLabProperty());
      b.managedProperty().bind(vm.hasLabProperty());
    }
    title.setWrapText(true);
    FlowPane buttons = new FlowPane(6, 6, run, runAll, check, hint, reset, solution);
    // a day with two labs (day 1: the first table, the stack diagram) picks one here
    javafx.scene.control.ChoiceBox<String> dayLabs = new javafx.scene.control.ChoiceBox<>(vm.dayLabs());
    dayLabs.setId("lab-pick");
    dayLabs.visibleProperty().bind(javafx.beans.binding.Bindings.size(vm.dayLabs()).greaterThan(1));
    dayLabs.managedProperty().bind(dayLabs.visibleProperty());
    vm.labIdProperty().addListener((o, old, now) -> {
      if (now != null && !now.equals(dayLabs.getValue())) {
        dayLabs.setValue(now);
      }
    });
    dayLabs.valueProperty().addListener((o, old, now) -> {
      if (now != null && !now.equals(vm.labIdProperty().get())) {
        vm.showLab(now);
      }
    });
    buttons.getChildren().add(dayLabs);
    ProgressBar progress = new ProgressBar();
    progress.setId("lab-progress");
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.progressProperty().bind(vm.progressProperty());
    Label progressText = new Label();
    progressText.setId("lab-progress-text");
    progressText.textProperty().bind(vm.progressTextProperty());
    Button cancel = button("Cancel", "lab-cancel", "Stop the statement that is running (nothing of it is committed)");
    cancel.setOnAction(e -> vm.cancel());
    cancel.disableProperty().bind(vm.runningProperty().not());
    HBox.setHgrow(progress, Priority.ALWAYS);
    HBox progressRow = new HBox(6, progress, progressText, cancel);
    progressRow.setAlignment(Pos.CENTER_LEFT);
    progressRow.visibleProperty().bind(vm.busyProperty());
    progressRow.managedProperty().bind(vm.busyProperty());
    VBox bar = new VBox(4, buttons, progressRow);
    bar.getStyleClass().add("lab-bar");
    bar.setPadding(new Insets(6));
    setTop(bar);

    VBox instructionsBody = new VBox(6);
    instructionsBody.getStyleClass().add("lab-md");
    instructionsBody.setPadding(new Insets(6, 8, 6, 8));
    ScrollPane instructions = new ScrollPane(instructionsBody);
    instructions.setId("lab-instructions");
    instructions.getStyleClass().add("lab-instructions");
    instructions.setFitToWidth(true);
    // the lab's title heads its instructions, so the pane's height goes to the text
    title.setMaxWidth(Double.MAX_VALUE);
    Runnable renderInstructions = () -> {
      dev.lakehouse.workbench.ui.MarkdownFlow.render(instructionsBody, vm.instructionsProperty().get());
      instructionsBody.getChildren().add(0, title);
    };
    renderInstructions.run();
    vm.instructionsProperty().addListener((o, old, now) -> renderInstructions.run());

    editor.setId("lab-editor");
    completions.setId("lab-completions");
    editor.getStyleClass().add("sql-area");
    editor.setParagraphGraphicFactory(LineNumberFactory.get(editor));
    editor.replaceText(vm.editorTextProperty().get());
    editor.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
      if (RUN.match(e)) {
        runUnderCursor();
        e.consume();
      } else if (COMPLETE.match(e)) {
        complete();
        e.consume();
      }
    });
    editor.textProperty().addListener((o, old, now) -> {
      highlightPause.playFromStart();
      if (!updating) {
        updating = true;
        vm.editorTextProperty().set(now);
        updating = false;
        savePause.playFromStart();
      }
    });
    vm.editorTextProperty().addListener((o, old, now) -> {
      if (!updating && !now.equals(editor.getText())) {
        updating = true;
        editor.replaceText(now);
        editor.getUndoManager().forgetHistory();
        updating = false;
      }
    });
    savePause.setOnFinished(e -> vm.saveEditor());
    highlightPause.setOnFinished(e -> highlight());

    results.setId("lab-results");
    results.getStyleClass().add("dense");
    results.setPlaceholder(new Label("Run a query to see its rows."));
    vm.resultColumns().addListener((ListChangeListener<String>) c -> rebuildColumns());
    results.setItems(vm.resultRows());

    ListView<CheckResult> checks = new ListView<>(vm.checks());
    checks.setId("lab-checks");
    checks.setPlaceholder(new Label("Run or Check to see the checks."));
    checks.setCellFactory(l -> new CheckCell(l));
    // a wider or narrower list wraps the checks anew: their heights are measured again
    checks.widthProperty().addListener((o, old, now) -> checks.refresh());
    ListView<String> timeline = new ListView<>(vm.timeline());
    timeline.setId("lab-timeline");
    timeline.setPlaceholder(new Label("No versions yet."));

    TextArea messages = new TextArea();
    messages.setId("lab-messages");
    messages.setEditable(false);
    messages.setWrapText(true);
    messages.getStyleClass().add("lab-messages");
    messages.textProperty().bind(vm.messagesProperty());

    Label status = new Label();
    status.setId("lab-status");
    status.getStyleClass().add("lab-status");
    status.setWrapText(true);
    status.setMaxWidth(Double.MAX_VALUE);
    status.setMinHeight(Region.USE_PREF_SIZE);
    status.textProperty().bind(vm.statusProperty());
    status.visibleProperty().bind(vm.statusProperty().isNotEmpty());
    status.managedProperty().bind(status.visibleProperty());

    Tab explorerTab = tab("Explorer", explorer());
    Tab resultsTab = tab("Results", results);
    Tab checksTab = tab("Checks", checks);
    checksTab.disableProperty().bind(vm.hasLabProperty().not());
    Tab messagesTab = tab("Messages", messages);
    Tab filesTab = tab("Files", files());
    filesTab.setId("lab-files-tab");
    filesTab.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.labFiles()));
    TabPane bottom = new TabPane(resultsTab, checksTab, messagesTab, tab("Timeline", timeline), explorerTab, filesTab);
    bottom.setId("lab-lower");
    bottom.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    // after a run the rows, after a check the checks, after a failure or the solution the messages
    vm.paneRequestsProperty().addListener((o, old, now) -> bottom.getSelectionModel().select(switch (vm.paneProperty().get()) {
      case RESULTS -> resultsTab;
      case CHECKS -> checksTab;
      case MESSAGES -> messagesTab;
    }));
    explorerTab.selectedProperty().addListener((o, was, now) -> {
      if (now) {
        vm.refreshExplorer();
      }
    });
    vm.busyProperty().addListener((o, was, now) -> {
      if (!now && explorerTab.isSelected()) {
        vm.refreshExplorer();
      }
    });
    VBox.setVgrow(bottom, Priority.ALWAYS);
    VBox lower = new VBox(status, bottom);
    lower.getStyleClass().add("lab-lower");
    VirtualizedScrollPane<CodeArea> editorPane = new VirtualizedScrollPane<>(editor);
    instructions.setMinHeight(60);
    editorPane.setMinHeight(80);
    lower.setMinHeight(150);
    SplitPane split = new SplitPane(instructions, editorPane, lower);
    split.setId("lab-split");
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.22, 0.40);
    setCenter(split);
    highlight();
  }

  /**
   * The lab's files (documents, diagrams, settings) edited in place: pick one, edit, Save keeps the
   * new text as a version (decision 0034); Check reads the saved file.
   */
  private Node files() {
    javafx.scene.control.ChoiceBox<String> pick = new javafx.scene.control.ChoiceBox<>(vm.labFiles());
    pick.setId("lab-files-pick");
    vm.openedFileProperty().addListener((o, old, now) -> {
      if (now != null && !now.equals(pick.getValue())) {
        pick.setValue(now);
      }
    });
    pick.valueProperty().addListener((o, old, now) -> {
      if (now != null && !now.equals(vm.openedFileProperty().get())) {
        vm.openFile(now);
      }
    });
    javafx.scene.control.Button save = new javafx.scene.control.Button("Save");
    save.setId("lab-files-save");
    save.setOnAction(e -> vm.saveFile());
    save.setMinWidth(Region.USE_PREF_SIZE);
    pick.setMinWidth(Region.USE_PREF_SIZE);
    Label status = new Label();
    status.setId("lab-files-status");
    status.textProperty().bind(vm.fileStatusProperty());
    status.setMinWidth(0);
    javafx.scene.layout.HBox bar = new javafx.scene.layout.HBox(8, pick, save, status);
    bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    // JSON and YAML are coloured from the tokens of the parser that reads them (FileHighlighting)
    CodeArea text = new CodeArea();
    text.setId("lab-files-text");
    text.getStyleClass().addAll("lab-file-text", "file-area");
    text.setWrapText(true);
    vm.fileTextProperty().addListener((o, old, now) -> {
      String t = now == null ? "" : now;
      if (!t.equals(text.getText())) {
        text.replaceText(t);
        text.moveTo(0);   // a file opens at its top
        text.requestFollowCaret();
      }
    });
    text.textProperty().addListener((o, old, now) -> {
      if (!now.equals(vm.fileTextProperty().get())) {
        vm.fileTextProperty().set(now);
      }
      // the parsers colour the file off the FX thread, as the SQL editor's highlighting does
      String path = vm.openedFileProperty().get();
      highlighter.submit(() -> fileStyles(path, now), spans -> {
        if (now.equals(text.getText())) {
          text.setStyleSpans(0, spans);
        }
      }, e -> { });
    });
    // a suite, settings or a contract is read as its check will read it, a moment after each keystroke
    Label reading = new Label();
    reading.setId("lab-files-reading");
    reading.setWrapText(true);
    reading.setMinHeight(Region.USE_PREF_SIZE);
    reading.managedProperty().bind(reading.textProperty().isNotEmpty());
    reading.visibleProperty().bind(reading.managedProperty());
    javafx.animation.PauseTransition typing = new javafx.animation.PauseTransition(javafx.util.Duration.millis(300));
    typing.setOnFinished(e -> vm.readOpenedFile());
    vm.fileTextProperty().addListener((o, old, now) -> typing.playFromStart());
    vm.fileReadingProperty().addListener((o, old, now) -> {
      reading.getStyleClass().removeAll("lab-file-ok", "lab-file-problem");
      if (now == null) {
        reading.setText("");
      } else {
        reading.setText((now.ok() ? "✓ " : "✗ ") + now.line());
        reading.getStyleClass().add(now.ok() ? "lab-file-ok" : "lab-file-problem");
      }
    });
    // a PlantUML file is drawn beside its text, again at every Save
    javafx.scene.image.ImageView picture = new javafx.scene.image.ImageView();
    picture.setId("lab-files-picture");
    picture.setPreserveRatio(true);
    vm.diagramPngProperty().addListener((o, old, png) ->
        picture.setImage(png == null ? null : new javafx.scene.image.Image(new java.io.ByteArrayInputStream(png))));
    Label problem = new Label();
    problem.setId("lab-files-picture-problem");
    problem.getStyleClass().add("lab-file-problem");
    problem.setWrapText(true);
    problem.textProperty().bind(vm.diagramProblemProperty());
    problem.managedProperty().bind(problem.textProperty().isNotEmpty());
    problem.visibleProperty().bind(problem.managedProperty());
    javafx.scene.control.ScrollPane pictureScroll = new javafx.scene.control.ScrollPane(picture);
    pictureScroll.setPannable(true);
    VBox.setVgrow(pictureScroll, Priority.ALWAYS);
    Label drawnBy = new Label("Drawn by PlantUML at every Save");
    drawnBy.getStyleClass().add("lab-file-caption");
    VBox drawn = new VBox(4, drawnBy, problem, pictureScroll);
    drawn.setId("lab-files-drawn");
    SplitPane body = new SplitPane(new VirtualizedScrollPane<>(text));
    body.setId("lab-files-body");
    Runnable layout = () -> {
      boolean diagram = LabViewModel.isDiagram(vm.openedFileProperty().get());
      if (diagram && !body.getItems().contains(drawn)) {
        body.getItems().add(drawn);
        body.setDividerPositions(0.45);
      } else if (!diagram) {
        body.getItems().remove(drawn);
      }
    };
    vm.openedFileProperty().addListener((o, old, now) -> layout.run());
    layout.run();
    VBox.setVgrow(body, Priority.ALWAYS);
    return new VBox(6, bar, reading, body);
  }

  /** The lake explorer: pick a table; see its schema, latest files, versions and a version's commit JSON. */
  private Node explorer() {
    ComboBox<String> tables = new ComboBox<>(vm.lakeTables());
    tables.setId("lab-explorer-tables");
    tables.setPromptText("Table");
    vm.exploredTableProperty().addListener((o, old, now) -> {
      if (!now.equals(tables.getValue())) {
        tables.setValue(now.isEmpty() ? null : now);
      }
    });
    tables.valueProperty().addListener((o, old, now) -> {
      if (now != null && !now.equals(vm.exploredTableProperty().get())) {
        vm.explore(now);
      }
    });
    Label summary = new Label();
    summary.setId("lab-explorer-summary");
    summary.textProperty().bind(vm.explorerSummaryProperty());
    summary.setWrapText(true);
    HBox head = new HBox(8, tables, summary);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setPadding(new Insets(4));

    TableView<LabLake.Column> schema = new TableView<>(vm.exploredColumns());
    schema.setId("lab-explorer-schema");
    schema.setPlaceholder(new Label("Pick a table."));
    schema.getColumns().add(column("Column", c -> c.name()));
    schema.getColumns().add(column("Type", c -> c.type()));
    schema.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);

    TableView<LabLake.DataFile> files = new TableView<>(vm.exploredFiles());
    files.setId("lab-explorer-files");
    files.setPlaceholder(new Label("No data files."));
    files.getColumns().add(column("File", f -> f.path()));
    files.getColumns().add(column("Size", f -> LabViewModel.size(f.size())));
    files.getColumns().add(column("Rows", f -> f.rows() == null ? "?" : f.rows().toString()));
    files.getColumns().add(column("Partition", f -> f.partitionValues().isEmpty() ? "" : f.partitionValues().toString()));

    ListView<LabLake.Version> versions = new ListView<>(vm.exploredVersions());
    versions.setId("lab-explorer-versions");
    versions.setPrefWidth(170);
    versions.setCellFactory(l -> new ListCell<>() {
      @Override
      protected void updateItem(LabLake.Version v, boolean empty) {
        super.updateItem(v, empty);
        setText(empty || v == null ? null : "v" + v.version() + "  " + v.operation());
      }
    });
    versions.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
      if (now != null) {
        vm.showCommit(now.version());
      }
    });
    TextArea json = new TextArea();
    json.setId("lab-explorer-commit");
    json.setEditable(false);
    json.getStyleClass().add("lab-commit-json");
    json.textProperty().bind(vm.commitJsonProperty());
    SplitPane log = new SplitPane(versions, json);
    log.setDividerPositions(0.3);

    Tab logTab = new Tab("Log", log);
    logTab.setId("lab-explorer-log");
    // the two metadata trees side by side: Delta's log and, once converted (day 19), Iceberg's
    ListView<String> deltaLog = new ListView<>(vm.exploredDeltaLog());
    deltaLog.setId("lab-explorer-delta-log");
    deltaLog.setPlaceholder(new Label("Pick a table."));
    ListView<String> iceberg = new ListView<>(vm.exploredIceberg());
    iceberg.setId("lab-explorer-iceberg");
    Label none = new Label("No Iceberg metadata: this table was never converted (day 19, lab formats).");
    none.setWrapText(true);
    iceberg.setPlaceholder(none);
    VBox.setVgrow(deltaLog, Priority.ALWAYS);
    VBox.setVgrow(iceberg, Priority.ALWAYS);
    Label deltaHead = new Label("Delta · _delta_log/");
    deltaHead.getStyleClass().add("lab-metadata-head");
    Label icebergHead = new Label("Iceberg · metadata/ and snapshots");
    icebergHead.getStyleClass().add("lab-metadata-head");
    SplitPane trees = new SplitPane(new VBox(4, deltaHead, deltaLog), new VBox(4, icebergHead, iceberg));
    trees.setId("lab-explorer-metadata");
    // time travel in both formats: one version read by Delta and by Iceberg's reader, side by side
    ComboBox<Long> travelTo = new ComboBox<>();
    travelTo.setId("lab-travel-version");
    travelTo.setPromptText("Version");
    Label travelVerdict = new Label("Pick a version to read it in both formats.");
    travelVerdict.setId("lab-travel-verdict");
    travelVerdict.setWrapText(true);
    travelTo.setMinWidth(80);
    Label travelLabel = new Label("Time travel to");
    travelLabel.setMinWidth(Region.USE_PREF_SIZE);
    HBox travelHead = new HBox(8, travelLabel, travelTo);
    travelVerdict.setMinHeight(Region.USE_PREF_SIZE);
    travelHead.setAlignment(Pos.CENTER_LEFT);
    TableView<List<Object>> travelDelta = new TableView<>();
    travelDelta.setId("lab-travel-delta");
    travelDelta.setPlaceholder(new Label("No rows."));
    TableView<List<Object>> travelIceberg = new TableView<>();
    travelIceberg.setId("lab-travel-iceberg");
    travelIceberg.setPlaceholder(new Label("No Iceberg snapshot for this version."));
    Label travelDeltaHead = new Label("Delta · VERSION AS OF");
    travelDeltaHead.getStyleClass().add("lab-metadata-head");
    Label travelIcebergHead = new Label("Iceberg · its reader at the snapshot");
    travelIcebergHead.getStyleClass().add("lab-metadata-head");
    VBox.setVgrow(travelDelta, Priority.ALWAYS);
    VBox.setVgrow(travelIceberg, Priority.ALWAYS);
    SplitPane travelRows = new SplitPane(new VBox(4, travelDeltaHead, travelDelta), new VBox(4, travelIcebergHead, travelIceberg));
    VBox.setVgrow(travelRows, Priority.ALWAYS);
    VBox travel = new VBox(4, travelHead, travelVerdict, travelRows);
    travel.setId("lab-explorer-travel");
    travel.setPadding(new Insets(4, 0, 0, 0));
    SplitPane metadata = new SplitPane(trees, travel);
    metadata.setOrientation(javafx.geometry.Orientation.VERTICAL);
    metadata.setDividerPositions(0.45);
    Tab metadataTab = new Tab("Metadata", metadata);
    metadataTab.setId("lab-explorer-metadata-tab");
    Runnable travelLatest = () -> {
      List<Long> known = vm.exploredVersions().stream().map(LabLake.Version::version).toList();
      travelTo.getItems().setAll(known);
      travelTo.setValue(null);
      if (metadataTab.isSelected() && !known.isEmpty()) {
        travelTo.setValue(known.get(0));
      }
    };
    vm.exploredVersions().addListener((ListChangeListener<LabLake.Version>) c -> travelLatest.run());
    metadataTab.selectedProperty().addListener((o, was, now) -> {
      if (now && travelTo.getValue() == null) {
        travelLatest.run();
      }
    });
    travelTo.valueProperty().addListener((o, old, now) -> {
      if (now != null) {
        vm.travel(now);
      }
    });
    vm.travelledProperty().addListener((o, old, now) -> {
      fill(travelDelta, now == null ? null : now.delta());
      fill(travelIceberg, now == null ? null : now.iceberg());
      travelDeltaHead.setText(now == null ? "Delta · VERSION AS OF" : "Delta · VERSION AS OF " + now.version());
      travelIcebergHead.setText(now == null || now.snapshotId() == null ? "Iceberg · its reader at the snapshot"
          : "Iceberg · snapshot " + now.snapshotId());
      travelVerdict.setText(now == null ? "Pick a version to read it in both formats." : now.verdict());
      travelVerdict.getStyleClass().removeAll("lab-travel-agree", "lab-travel-differ");
      if (now != null && now.iceberg() != null) {
        travelVerdict.getStyleClass().add(now.agree() ? "lab-travel-agree" : "lab-travel-differ");
      }
    });
    Tab ganttTab = new Tab("Gantt", ganttPane());
    ganttTab.setId("lab-explorer-gantt-tab");
    Tab runsTab = new Tab("Runs", dagRuns(() -> ganttTab.getTabPane().getSelectionModel().select(ganttTab)));
    runsTab.setId("lab-explorer-runs-tab");
    runsTab.selectedProperty().addListener((o, was, now) -> {
      if (now) {
        vm.showDagRuns(vm.dagGridProperty().get().dag());
      }
    });
    ganttTab.selectedProperty().addListener((o, was, now) -> {
      if (now && vm.dagGanttProperty().get().isEmpty()) {
        vm.showDagRuns(vm.dagGridProperty().get().dag());
      }
    });
    Tab lineageTab = new Tab("Lineage", lineage());
    lineageTab.setId("lab-explorer-lineage-tab");
    TabPane body = new TabPane(new Tab("Schema", schema), new Tab("Files", files), logTab, metadataTab, runsTab, ganttTab,
        lineageTab);
    body.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    body.getStyleClass().add("lab-explorer-sections");
    BorderPane pane = new BorderPane(body);
    pane.setTop(head);
    return pane;
  }

  static final double LINEAGE_COLUMN = 180;
  static final double LINEAGE_ROW = 46;
  static final double LINEAGE_NODE_WIDTH = 136;
  static final double LINEAGE_NODE_HEIGHT = 30;

  /**
   * The explored table's lineage: tables as boxes (upstream to the left, downstream to the right),
   * an arrow per recorded write from a table into another; pick a box to list its columns' lineage.
   */
  private Node lineage() {
    javafx.scene.layout.Pane canvas = new javafx.scene.layout.Pane();
    canvas.setId("lab-lineage-graph");
    canvas.getStyleClass().add("lineage-graph");
    Label empty = new Label("No lineage recorded for this table yet: lineage is recorded once governance is on "
        + "(GRANT, CREATE GROUP or acting as someone) for every write.");
    empty.setWrapText(true);
    empty.setId("lab-lineage-empty");
    ListView<String> columns = new ListView<>(vm.lineageColumns());
    columns.setId("lab-lineage-columns");
    columns.setPlaceholder(new Label("Pick a table: its columns' lineage shows here."));
    Label columnsHead = new Label();
    columnsHead.getStyleClass().add("lab-metadata-head");
    columnsHead.textProperty().bind(javafx.beans.binding.Bindings.when(vm.lineageSelectedProperty().isEmpty())
        .then("Columns").otherwise(javafx.beans.binding.Bindings.concat("Columns of ", vm.lineageSelectedProperty())));
    VBox.setVgrow(columns, Priority.ALWAYS);
    VBox side = new VBox(4, columnsHead, columns);
    side.setPadding(new Insets(4));
    Runnable draw = () -> drawLineage(canvas, empty, vm.lineageProperty().get(), vm.lineageSelectedProperty().get());
    vm.lineageProperty().addListener((o, old, now) -> draw.run());
    vm.lineageSelectedProperty().addListener((o, old, now) -> draw.run());
    draw.run();
    javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(canvas);
    scroll.setPannable(true);
    SplitPane split = new SplitPane(scroll, side);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.5);
    return split;
  }

  private void drawLineage(javafx.scene.layout.Pane canvas, Label empty, LineageGraph g, String selected) {
    canvas.getChildren().clear();
    if (g.nodes().size() <= 1 && g.edges().isEmpty()) {
      empty.setMaxWidth(420);
      empty.relocate(12, 12);
      canvas.getChildren().add(empty);
      return;
    }
    int min = g.nodes().stream().mapToInt(LineageGraph.Node::depth).min().orElse(0);
    java.util.Map<String, double[]> at = new java.util.HashMap<>();
    for (LineageGraph.Node n : g.nodes()) {
      at.put(n.table(), new double[] {16 + (n.depth() - min) * LINEAGE_COLUMN, 16 + n.row() * LINEAGE_ROW});
    }
    for (LabLake.LineageEdge e : g.edges()) {
      double[] a = at.get(e.source());
      double[] b = at.get(e.target());
      double x1 = a[0] + LINEAGE_NODE_WIDTH;
      double y1 = a[1] + LINEAGE_NODE_HEIGHT / 2;
      double x2 = b[0];
      double y2 = b[1] + LINEAGE_NODE_HEIGHT / 2;
      if (x2 <= x1) { // an edge back to the left (a table written from one downstream of it): go round below
        x2 = b[0] + LINEAGE_NODE_WIDTH / 2;
        y2 = b[1] + LINEAGE_NODE_HEIGHT;
      }
      javafx.scene.shape.CubicCurve curve = new javafx.scene.shape.CubicCurve(x1, y1, x1 + 40, y1, x2 - 40, y2, x2, y2);
      curve.getStyleClass().add("lineage-edge");
      curve.setFill(null);
      javafx.scene.shape.Polygon head = new javafx.scene.shape.Polygon(x2, y2, x2 - 8, y2 - 4, x2 - 8, y2 + 4);
      head.getStyleClass().add("lineage-arrow");
      canvas.getChildren().addAll(curve, head);
    }
    for (LineageGraph.Node n : g.nodes()) {
      double[] p = at.get(n.table());
      Label box = new Label(n.table());
      box.getStyleClass().add("lineage-node");
      if (n.table().equals(g.focus())) {
        box.getStyleClass().add("lineage-focus");
      }
      if (n.table().equals(selected)) {
        box.getStyleClass().add("lineage-selected");
      }
      box.setId("lineage-node-" + n.table().replace('.', '-'));
      box.setPrefSize(LINEAGE_NODE_WIDTH, LINEAGE_NODE_HEIGHT);
      box.setMinSize(LINEAGE_NODE_WIDTH, LINEAGE_NODE_HEIGHT);
      box.setMaxSize(LINEAGE_NODE_WIDTH, LINEAGE_NODE_HEIGHT);
      box.setAlignment(Pos.CENTER);
      box.setTooltip(new javafx.scene.control.Tooltip(n.table() + (n.depth() < 0 ? ": upstream of " + g.focus()
          : n.depth() > 0 ? ": downstream of " + g.focus() : ": the explored table") + " (double-click to explore it)"));
      box.relocate(p[0], p[1]);
      box.setOnMouseClicked(e -> {
        if (e.getClickCount() == 2) {
          vm.explore(n.table());
        } else {
          vm.selectLineage(n.table());
        }
      });
      canvas.getChildren().add(box);
    }
  }

  /**
   * The recorded DAG runs as Airflow's Grid view draws them: a column per run, a row per task, each
   * square the state of the task's last try (hover for tries and time); the top row is the run.
   */
  private Node dagRuns(Runnable openGantt) {
    ComboBox<String> dags = new ComboBox<>();
    dags.setId("lab-runs-dag");
    dags.setPromptText("DAG");
    Label summary = new Label();
    summary.setId("lab-runs-summary");
    summary.setWrapText(true);
    HBox head = new HBox(8, dags, summary);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setPadding(new Insets(4));
    javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
    grid.setId("lab-runs-grid");
    grid.setHgap(3);
    grid.setVgap(3);
    grid.setPadding(new Insets(6));
    javafx.scene.layout.FlowPane legend = new javafx.scene.layout.FlowPane(8, 2);
    legend.getStyleClass().add("dag-legend");
    for (String state : List.of("success", "failed", "up_for_retry", "upstream_failed", "skipped", "other")) {
      // short names keep the legend on one line in a half-width pane; the square's tooltip has the state
      String shortName = state.equals("up_for_retry") ? "retry" : state.equals("upstream_failed") ? "upstream" : state;
      Label l = new Label(shortName, square(state, state.replace('_', ' ')));
      l.setGraphicTextGap(4);
      legend.getChildren().add(l);
    }
    javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(grid);
    scroll.setMinHeight(48);
    Label alertsHead = new Label("Alerts");
    alertsHead.getStyleClass().add("gantt-title");
    ListView<String> alerts = new ListView<>();
    alerts.setId("lab-runs-alerts");
    alerts.setMinHeight(26);
    alerts.setCellFactory(dev.lakehouse.workbench.ui.TextCells.withTooltips());
    VBox.setVgrow(alerts, Priority.ALWAYS);
    VBox alertsBox = new VBox(2, alertsHead, alerts);
    alertsBox.setMinHeight(48);
    // grid and alerts share what the pane has, split where the learner drags it: at 1280 x 800 both
    // show (the grid's run row and tasks above, the newest alerts below) instead of the alerts
    // falling below the window's edge
    javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(scroll, alertsBox);
    split.setId("lab-runs-split");
    split.setOrientation(javafx.geometry.Orientation.VERTICAL);
    split.setDividerPositions(0.5);
    VBox.setVgrow(split, Priority.ALWAYS);
    alerts.setPlaceholder(new Label("No alerts: failure callbacks, deadline and SLA misses land here (pipeline.alerts)."));
    dags.valueProperty().addListener((o, old, now) -> {
      if (now != null && !now.equals(vm.dagGridProperty().get().dag())) {
        vm.showDagRuns(now);
      }
    });
    vm.dagGridProperty().addListener((o, old, g) -> {
      if (!dags.getItems().equals(g.dags())) {
        dags.getItems().setAll(g.dags());
      }
      dags.setValue(g.dag().isEmpty() ? null : g.dag());
      grid.getChildren().clear();
      alerts.getItems().setAll(g.alerts().stream().map(DagGrid.Alert::line).toList());
      alertsHead.setText(g.alerts().isEmpty() ? "Alerts" : "Alerts (" + g.alerts().size() + ", newest first)");
      if (g.runs().isEmpty()) {
        summary.setText("No DAG runs recorded yet: run a DAG (dag backfill FILE --from DATE --to DATE).");
        return;
      }
      long failed = g.runs().stream().filter(r -> r.state().equals("failed")).count();
      summary.setText(g.runs().size() + (g.runs().size() == 1 ? " run, " : " runs, ") + g.runs().get(0).date() + " to "
          + g.runs().get(g.runs().size() - 1).date() + " · " + failed + " failed · " + g.taskCount()
          + (g.taskCount() == 1 ? " task" : " tasks")
          + (g.taskCount() == g.tasks().size() ? "" : " · for-each iterations as rows task[n]"));
      grid.add(new Label("run"), 0, 0);
      for (int c = 0; c < g.runs().size(); c++) {
        DagGrid.Run run = g.runs().get(c);
        Node sq = square(run.state(), g.dag() + " · " + run.date() + " · run " + run.state() + " · click for its Gantt chart");
        sq.setOnMouseClicked(e -> {
          vm.showGantt(g.dag(), run.runId());
          openGantt.run();
        });
        sq.getStyleClass().add("dag-run-cell");
        grid.add(sq, c + 1, 0);
      }
      for (int r = 0; r < g.tasks().size(); r++) {
        String task = g.tasks().get(r);
        Label name = new Label(task);
        name.getStyleClass().add("dag-task");
        boolean iteration = DagGrid.isIteration(task);
        if (iteration) {
          name.getStyleClass().add("dag-iteration");
        }
        grid.add(name, 0, r + 1);
        for (int c = 0; c < g.runs().size(); c++) {
          DagGrid.Run run = g.runs().get(c);
          DagGrid.Cell cell = g.cell(task, run.runId());
          Node sq = cell == null ? square("none", task + " · " + run.date() + " · did not run")
              : square(cell.state(), task + " · " + run.date() + (cell.input() == null ? "" : " · input " + cell.input())
                  + " · " + cell.state() + " · " + (cell.tries() == 1 ? "1 try" : cell.tries() + " tries") + " · "
                  + String.format(Locale.ROOT, "%.2f s", cell.seconds()) + (iteration ? " · click for its log" : ""));
          if (iteration) {
            sq.getStyleClass().add("dag-iteration-cell");
          }
          sq.setOnMouseClicked(e -> {
            vm.showGantt(g.dag(), run.runId(), iteration ? task : null);
            openGantt.run();
          });
          grid.add(sq, c + 1, r + 1);
        }
      }
    });
    return new VBox(4, head, legend, split);
  }

  /**
   * Explorer ▸ Gantt, beside the grid: one run (the newest, or the one clicked in the grid): a bar per try from its
   * start to its end on the simulated clock, so retries and their delays show; a bar's click shows
   * that try's log.
   */
  private Node ganttPane() {
    Label title = new Label();
    title.setId("lab-gantt-title");
    title.setWrapText(true);
    title.getStyleClass().add("gantt-title");
    javafx.scene.control.TextArea log = new javafx.scene.control.TextArea();
    log.setId("lab-gantt-log");
    log.setEditable(false);
    log.setWrapText(true);
    log.setPrefRowCount(3);
    log.setPromptText("Click a bar for that try's log.");
    log.getStyleClass().add("gantt-log");
    java.util.function.Consumer<DagGantt.Bar> showLog = b -> log.setText(b.task() + (b.input() == null ? "" : " · input " + b.input())
        + (b.tryNumber() == 0 ? " (did not start)" : " · try " + b.tryNumber()) + " · " + b.state() + "\n" + b.log());
    GanttChart chart = new GanttChart(showLog);
    chart.setId("lab-gantt");
    javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(chart);
    scroll.setFitToWidth(true);
    VBox.setVgrow(scroll, Priority.ALWAYS);
    vm.dagGanttProperty().addListener((o, old, g) -> {
      chart.show(g);
      log.clear();
      if (g.isEmpty()) {
        title.setText("No run to draw yet: run a DAG or a job, then pick a run in DAG runs.");
        return;
      }
      DagGantt.Bar focused = vm.ganttFocus() == null ? null : g.lastOn(vm.ganttFocus());
      if (focused != null) {
        showLog.accept(focused);
      }
      long retries = g.bars().stream().filter(b -> b.state().equals("up_for_retry")).count();
      title.setText(g.dag() + " · run of " + g.date() + " · " + g.state().replace('_', ' ') + " · "
          + GanttChart.human(g.span()) + " on the simulated clock · " + g.taskCount()
          + (g.taskCount() == 1 ? " task" : " tasks")
          + (retries == 0 ? "" : " · " + retries + (retries == 1 ? " retry" : " retries")));
    });
    Label hint = new Label("A bar per try on the simulated clock; a retry is a second bar after its delay; a for-each task's"
        + " iterations have rows of their own (task[n]). Click a run in DAG runs for another run, a bar for its log.");
    hint.setWrapText(true);
    hint.getStyleClass().add("dag-legend");
    return new VBox(4, title, hint, scroll, log);
  }

  private static Node square(String state, String tip) {
    Region sq = new Region();
    sq.setMinSize(14, 14);
    sq.setPrefSize(14, 14);
    sq.setMaxSize(14, 14);
    String known = switch (state) {
      case "success", "failed", "up_for_retry", "upstream_failed", "skipped", "running" -> state;
      default -> "other";
    };
    sq.getStyleClass().addAll("dag-cell", "dag-" + known.replace('_', '-'));
    sq.setAccessibleText(tip);
    javafx.scene.control.Tooltip.install(sq, new javafx.scene.control.Tooltip(tip));
    return sq;
  }

  private static <T> TableColumn<T, String> column(String name, java.util.function.Function<T, String> value) {
    TableColumn<T, String> c = new TableColumn<>(name);
    c.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
    return c;
  }

  public CodeArea editor() {
    return editor;
  }

  /** Ctrl+Space: one candidate is inserted at once, several are offered in a popup at the caret. */
  private void complete() {
    String text = editor.getText();
    int caret = editor.getCaretPosition();
    vm.complete(text, caret, c -> {
      if (!text.equals(editor.getText()) || caret != editor.getCaretPosition()) {
        return;
      }
      completions.getItems().clear();
      if (c.candidates().isEmpty()) {
        return;
      }
      if (c.candidates().size() == 1) {
        editor.replaceText(c.from(), caret, c.candidates().get(0));
        return;
      }
      for (String candidate : c.candidates().subList(0, Math.min(30, c.candidates().size()))) {
        MenuItem item = new MenuItem(candidate);
        item.setOnAction(e -> {
          editor.replaceText(c.from(), caret, candidate);
          editor.requestFocus();
        });
        completions.getItems().add(item);
      }
      editor.getCaretBounds().ifPresent(b -> completions.show(editor, b.getMinX(), b.getMaxY()));
    });
  }

  private void runUnderCursor() {
    String selected = editor.getSelectedText();
    if (selected != null && !selected.isBlank()) {
      vm.run(selected);
      return;
    }
    SqlScript.at(editor.getText(), editor.getCaretPosition()).ifPresent(s -> vm.run(s.text()));
  }

  private void confirmReset() {
    // a lab with files puts its templates back too: say so, and where the learner's text stays
    String files = vm.labFiles().isEmpty() ? ""
        : " Your files (" + String.join(", ", vm.labFiles()) + ") go back to their templates; every earlier save is kept.";
    Alert confirm = new Alert(Alert.AlertType.CONFIRMATION,
        "Restore the lab's tables to their seeded versions? Your attempts stay in the table history." + files,
        ButtonType.OK, ButtonType.CANCEL);
    confirm.setHeaderText("Reset the lab");
    if (getScene() != null) {
      confirm.initOwner(getScene().getWindow());
    }
    confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.reset());
  }

  private void highlight() {
    String text = editor.getText();
    highlighter.submit(() -> styles(text), spans -> {
      if (text.equals(editor.getText()) && !text.isEmpty()) {
        editor.setStyleSpans(0, spans);
      }
    }, e -> { });
  }

  /** Highlight styles of a lab file by its name: JSON and YAML coloured, other files plain. */
  static StyleSpans<Collection<String>> fileStyles(String path, String text) {
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    int at = 0;
    for (dev.lakehouse.workbench.common.FileHighlighting.Span s
        : dev.lakehouse.workbench.common.FileHighlighting.spans(path == null ? "" : path, text)) {
      if (s.start() < at) {
        continue;
      }
      b.add(List.of(), s.start() - at);
      b.add(List.of("file-" + s.kind().name().toLowerCase(Locale.ROOT)), s.length());
      at = s.start() + s.length();
    }
    b.add(List.of(), text.length() - at);
    return b.create();
  }

  static StyleSpans<Collection<String>> styles(String text) {
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    for (SqlHighlighting.Span s : SqlHighlighting.spans(text)) {
      b.add(s.kind() == SqlHighlighting.Kind.PLAIN ? List.of() : List.of("sql-" + s.kind().name().toLowerCase(Locale.ROOT)),
          s.length());
    }
    if (text.isEmpty()) {
      b.add(List.of(), 0);
    }
    return b.create();
  }

  /** Shows a query result in a plain table: a column per result column, values as text. */
  private static void fill(TableView<List<Object>> table, LabLake.Result result) {
    table.getColumns().clear();
    table.getItems().clear();
    if (result == null) {
      return;
    }
    for (int i = 0; i < result.columns().size(); i++) {
      int index = i;
      TableColumn<List<Object>, String> col = new TableColumn<>(result.columns().get(i));
      col.setCellValueFactory(row -> {
        Object v = index < row.getValue().size() ? row.getValue().get(index) : null;
        return new ReadOnlyObjectWrapper<>(v == null ? "NULL" : v.toString());
      });
      table.getColumns().add(col);
    }
    table.getItems().setAll(result.rows());
  }

  private void rebuildColumns() {
    results.getColumns().clear();
    for (int i = 0; i < vm.resultColumns().size(); i++) {
      int index = i;
      String name = vm.resultColumns().get(i);
      TableColumn<List<Object>, String> col = new TableColumn<>(name);
      col.setCellValueFactory(row -> {
        Object v = index < row.getValue().size() ? row.getValue().get(index) : null;
        return new ReadOnlyObjectWrapper<>(v == null ? "NULL" : v.toString());
      });
      // wide enough for the whole header and the values shown, so neither is cut to "orde..."
      double width = textWidth(name, true) + 30;
      int n = 0;
      for (List<Object> row : vm.resultRows()) {
        if (n++ > 200) {
          break;
        }
        Object v = index < row.size() ? row.get(index) : null;
        width = Math.max(width, textWidth(v == null ? "NULL" : v.toString(), false) + 20);
      }
      col.setPrefWidth(Math.min(width, 360));
      col.setMinWidth(Math.min(textWidth(name, true) + 30, 360));
      results.getColumns().add(col);
    }
  }

  private final javafx.scene.text.Text measure = new javafx.scene.text.Text();

  private double textWidth(String text, boolean bold) {
    javafx.scene.text.Font base = javafx.scene.text.Font.getDefault();
    measure.setFont(bold ? javafx.scene.text.Font.font(base.getFamily(), javafx.scene.text.FontWeight.BOLD, base.getSize())
        : base);
    measure.setText(text.length() > 80 ? text.substring(0, 80) : text);
    return measure.getLayoutBounds().getWidth();
  }

  private static Tab tab(String name, javafx.scene.Node content) {
    Tab t = new Tab(name, content);
    t.setId("lab-tab-" + name.toLowerCase(Locale.ROOT));
    return t;
  }

  private static Button button(String text, String id, String tip) {
    Button b = new Button(text);
    b.setId(id);
    b.setTooltip(new Tooltip(tip));
    return b;
  }

  /**
   * A check as a learner reads it: the title on one line (wrapping), then what was expected and what
   * was found side by side, each wrapping in its half, so the found value is never cut off.
   */
  private static final class CheckCell extends ListCell<CheckResult> {
    private final Label title = new Label();
    private final Label expected = new Label();
    private final Label found = new Label();
    private final VBox box;

    CheckCell(ListView<CheckResult> list) {
      title.getStyleClass().add("check-title");
      expected.getStyleClass().add("check-expected");
      found.getStyleClass().add("check-found");
      for (Label l : List.of(title, expected, found)) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
      }
      // what was expected is usually the longer text: it gets more of the width; each label has a
      // fixed width from the list's, so its height (and the cell's) is computed for the width it gets
      javafx.beans.binding.DoubleBinding inner = list.widthProperty().subtract(34 + 14);
      bindWidth(expected, inner.multiply(0.58));
      bindWidth(found, inner.multiply(0.42));
      found.setPadding(new Insets(0, 0, 0, 10));
      HBox sides = new HBox(expected, found);
      sides.setPadding(new Insets(0, 0, 0, 14));
      box = new VBox(1, title, sides);
      box.setPadding(new Insets(0, 0, 2, 0));
      // as wide as the list, never wider: the labels wrap instead of the list scrolling sideways
      box.prefWidthProperty().bind(list.widthProperty().subtract(34));
      box.maxWidthProperty().bind(box.prefWidthProperty());
      setPrefWidth(0);
    }

    private static void bindWidth(Label l, javafx.beans.binding.DoubleBinding width) {
      l.prefWidthProperty().bind(width);
      l.minWidthProperty().bind(width);
      l.maxWidthProperty().bind(width);
    }

    @Override
    protected void updateItem(CheckResult c, boolean empty) {
      super.updateItem(c, empty);
      getStyleClass().removeAll("check-pass", "check-fail");
      setText(null);
      if (empty || c == null) {
        setGraphic(null);
        return;
      }
      title.setText((c.passed() ? "✓ " : "✗ ") + c.title());
      expected.setText("expected: " + c.expected());
      found.setText("found: " + c.measured());
      setGraphic(box);
      getStyleClass().add(c.passed() ? "check-pass" : "check-fail");
    }
  }
}
