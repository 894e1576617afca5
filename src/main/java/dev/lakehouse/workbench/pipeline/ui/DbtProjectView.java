package dev.lakehouse.workbench.pipeline.ui;

import dev.lakehouse.workbench.common.FileHighlighting;
import dev.lakehouse.workbench.common.SqlHighlighting;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.pipeline.dbt.DbtProject;
import dev.lakehouse.workbench.pipeline.dbt.DbtRunner;
import dev.lakehouse.workbench.pipeline.dbt.Node;
import dev.lakehouse.workbench.pipeline.dbt.ProjectOutline;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.PauseTransition;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.CubicCurve;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The dbt project pane: the lab projects found in the data folder, each as a tree of its models,
 * seeds, snapshots and tests coloured by the status of the last run ({@code target/run_results.json}),
 * and of its files. Selecting a node shows the SQL that run compiled for it (a failing test, its first
 * failing rows); selecting a file or a node opens its source in an editor that colours SQL with Jinja
 * and YAML and saves with Ctrl+S (and before every command). The graph tab draws the models from their
 * {@code ref}s and sources, coloured by status. Compile, Build, Run and Test run the dbt command on the
 * lake off the FX thread with a progress bar; Cancel stops it after the node being built.
 * Below the tree, the project's kept CI runs ({@code ci run}, decision 0046), coloured by verdict;
 * selecting one shows its log in the compiled SQL tab.
 */
public final class DbtProjectView extends BorderPane {

  private final Lake lake;
  private final java.util.function.Supplier<SqlSession> sessions;
  private final Path dataDir;
  private final ComboBox<Path> project = new ComboBox<>();
  private final Button compile = new Button("Compile");
  private final Button build = new Button("Build");
  private final Button runModels = new Button("Run");
  private final Button test = new Button("Test");
  private final Button cancel = new Button("Cancel");
  private final ProgressBar progress = new ProgressBar(0);
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private final Label status = new Label();
  private final TreeView<Object> tree = new TreeView<>();
  private final Label nodeTitle = new Label("Select a model to see its compiled SQL.");
  private final CodeArea code = new CodeArea();
  private final Label failingRows = new Label();
  private final TabPane tabs = new TabPane();
  private final Tab compiledTab = new Tab("Compiled SQL");
  private final Tab sourceTab = new Tab("Source");
  private final Tab graphTab = new Tab("Graph");
  private final Label sourceTitle = new Label("Select a file or a model to edit it.");
  private final Label sourceState = new Label();
  private final Button save = new Button("Save");
  private final CodeArea source = new CodeArea();
  private final PauseTransition sourcePause = new PauseTransition(Duration.millis(150));
  private final Pane graph = new Pane();
  private String sourceFile;
  private boolean loadingSource;
  private boolean dirty;
  private final javafx.scene.control.ListView<dev.lakehouse.workbench.pipeline.ci.CiRun> ciRuns = new javafx.scene.control.ListView<>();
  private ProjectOutline outline;

  public DbtProjectView(Lake lake, Path dataDir) {
    this(lake, dataDir, () -> new SqlSession(lake));
  }

  /**
   * With {@code sessions} giving the SQL session each command runs in: the app's is governed, so a
   * build from this window is privilege-checked, audited and traced in lineage like one from the
   * command line.
   */
  public DbtProjectView(Lake lake, Path dataDir, java.util.function.Supplier<SqlSession> sessions) {
    this.sessions = sessions;
    this.lake = lake;
    this.dataDir = dataDir;
    setId("dbt-project-view");
    project.setId("dbt-project");
    compile.setId("dbt-compile");
    build.setId("dbt-build");
    status.setId("dbt-status");
    tree.setId("dbt-tree");
    code.setId("dbt-compiled");
    nodeTitle.setId("dbt-node-title");
    nodeTitle.getStyleClass().add("lab-title");
    nodeTitle.setWrapText(true);
    failingRows.setId("dbt-failing-rows");
    failingRows.getStyleClass().add("lab-commit-json");
    failingRows.setWrapText(true);
    failingRows.setManaged(false);
    failingRows.setVisible(false);
    status.getStyleClass().add("dbt-status");
    code.getStyleClass().add("sql-area");
    code.setEditable(false);
    code.setParagraphGraphicFactory(LineNumberFactory.get(code));
    project.setPromptText("dbt project");
    project.setConverter(new StringConverter<>() {
      @Override
      public String toString(Path p) {
        return p == null ? "" : dataDir.relativize(p).toString();
      }

      @Override
      public Path fromString(String s) {
        return null;
      }
    });
    project.setOnAction(e -> {
      saveIfEdited();
      closeSource();
      reload();
    });
    compile.setOnAction(e -> run(DbtRunner.Command.compile));
    build.setOnAction(e -> run(DbtRunner.Command.build));
    runModels.setId("dbt-run");
    runModels.setOnAction(e -> run(DbtRunner.Command.run));
    test.setId("dbt-test");
    test.setOnAction(e -> run(DbtRunner.Command.test));
    cancel.setId("dbt-cancel");
    cancel.setDisable(true);
    cancel.setTooltip(new Tooltip("Stop after the node being built: its commit completes, nothing after it starts"));
    cancel.setOnAction(e -> {
      cancelRequested.set(true);
      cancel.setDisable(true);
    });
    compile.setTooltip(new Tooltip("dbt compile: render every node's SQL without touching the lake"));
    build.setTooltip(new Tooltip("dbt build: seeds, models, snapshots and tests in the order of the ref graph"));
    runModels.setTooltip(new Tooltip("dbt run: build the models only"));
    test.setTooltip(new Tooltip("dbt test: run the data tests only"));
    progress.setId("dbt-progress");
    progress.setPrefWidth(120);
    progress.setVisible(false);
    tree.setShowRoot(false);
    tree.setCellFactory(t -> new NodeCell());
    tree.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> show(now == null ? null : now.getValue()));
    ciRuns.setId("dbt-ci-runs");
    ciRuns.setPlaceholder(new Label("No CI runs of this project: 'ci run' keeps them."));
    ciRuns.setCellFactory(l -> new CiRunCell());
    ciRuns.setPrefHeight(150);
    ciRuns.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
      if (now != null) {
        tree.getSelectionModel().clearSelection();
        showRun(now);
      }
    });

    source.setId("dbt-source");
    source.getStyleClass().add("file-area");
    source.setParagraphGraphicFactory(LineNumberFactory.get(source));
    source.setEditable(false);
    source.textProperty().addListener((o, was, now) -> {
      if (!loadingSource && sourceFile != null) {
        dirty = true;
        sourceState.setText("edited, not saved (Ctrl+S)");
      }
      sourcePause.playFromStart();
    });
    sourcePause.setOnFinished(e -> colourSource());
    source.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
      if (new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN).match(e)) {
        saveSource();
        e.consume();
      }
    });
    save.setId("dbt-save");
    save.setDisable(true);
    save.setOnAction(e -> saveSource());
    sourceTitle.setId("dbt-source-title");
    sourceTitle.getStyleClass().add("lab-title");
    sourceState.setId("dbt-source-state");
    sourceState.getStyleClass().add("dbt-status");
    graph.setId("dbt-graph");

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(8, new Label("Project"), project, compile, build, runModels, test, cancel, progress, spacer, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(8));
    bar.getStyleClass().add("lab-bar");
    VBox compiled = new VBox(4, nodeTitle, failingRows, new VirtualizedScrollPane<>(code));
    VBox.setVgrow(compiled.getChildren().get(2), Priority.ALWAYS);
    compiled.setPadding(new Insets(4, 8, 8, 0));
    Region sourceSpacer = new Region();
    HBox.setHgrow(sourceSpacer, Priority.ALWAYS);
    HBox sourceBar = new HBox(8, sourceTitle, sourceSpacer, sourceState, save);
    sourceBar.setAlignment(Pos.CENTER_LEFT);
    VBox sourcePane = new VBox(4, sourceBar, new VirtualizedScrollPane<>(source));
    VBox.setVgrow(sourcePane.getChildren().get(1), Priority.ALWAYS);
    sourcePane.setPadding(new Insets(4, 8, 8, 0));
    ScrollPane graphScroll = new ScrollPane(graph);
    graphScroll.setId("dbt-graph-scroll");
    compiledTab.setContent(compiled);
    compiledTab.setId("dbt-compiled-tab");
    sourceTab.setContent(sourcePane);
    sourceTab.setId("dbt-source-tab");
    graphTab.setContent(graphScroll);
    graphTab.setId("dbt-graph-tab");
    tabs.getTabs().setAll(compiledTab, sourceTab, graphTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    Label runsTitle = new Label("CI runs");
    runsTitle.getStyleClass().add("lab-title");
    VBox left = new VBox(4, tree, runsTitle, ciRuns);
    VBox.setVgrow(tree, Priority.ALWAYS);
    SplitPane split = new SplitPane(left, tabs);
    split.setDividerPositions(0.3);
    setTop(bar);
    setCenter(split);

    List<Path> found = ProjectOutline.find(dataDir.resolve("work"));
    project.getItems().setAll(found);
    if (found.isEmpty()) {
      status.setText("No dbt project yet: set up the day 3, 9 or 13 lab to get one under work/.");
      for (Button b : List.of(compile, build, runModels, test)) {
        b.setDisable(true);
      }
    } else {
      project.getSelectionModel().select(found.get(found.size() - 1));
      reload();
    }
  }

  /** Selects a project folder (an absolute path under the data folder), as picking it in the list does. */
  public void select(Path dir) {
    if (!project.getItems().contains(dir)) {
      project.getItems().add(dir);
    }
    project.getSelectionModel().select(dir);
    reload();
  }

  private void reload() {
    Path dir = project.getValue();
    if (dir == null) {
      return;
    }
    Object selected = tree.getSelectionModel().getSelectedItem() == null ? null : tree.getSelectionModel().getSelectedItem().getValue();
    String selectedId = selected instanceof ProjectOutline.Item i ? i.uniqueId() : null;
    outline = ProjectOutline.read(dir);
    TreeItem<Object> root = new TreeItem<>(outline.name());
    TreeItem<Object> reselect = null;
    for (Map.Entry<Node.Type, String> g : List.of(Map.entry(Node.Type.model, "Models"), Map.entry(Node.Type.seed, "Seeds"),
        Map.entry(Node.Type.snapshot, "Snapshots"), Map.entry(Node.Type.test, "Tests"))) {
      List<ProjectOutline.Item> items = outline.of(g.getKey());
      if (items.isEmpty()) {
        continue;
      }
      TreeItem<Object> group = new TreeItem<>(g.getValue() + " (" + items.size() + ")");
      group.setExpanded(true);
      for (ProjectOutline.Item i : items) {
        TreeItem<Object> leaf = new TreeItem<>(i);
        group.getChildren().add(leaf);
        if (i.uniqueId().equals(selectedId)) {
          reselect = leaf;
        }
      }
      root.getChildren().add(group);
    }
    List<String> files = ProjectOutline.files(dir);
    if (!files.isEmpty()) {
      TreeItem<Object> group = new TreeItem<>("Files (" + files.size() + ")");
      for (String f : files) {
        TreeItem<Object> leaf = new TreeItem<>(new FileRef(f));
        group.getChildren().add(leaf);
        if (selected instanceof FileRef r && r.path().equals(f)) {
          reselect = leaf;
          group.setExpanded(true);
        }
      }
      root.getChildren().add(group);
    }
    tree.setRoot(root);
    drawGraph();
    showRuns(dir);
    if (reselect != null) {
      tree.getSelectionModel().select(reselect);
    } else {
      show(null);
    }
    if (outline.problem() != null) {
      status.setText(outline.problem());
    } else {
      long failed = outline.items().stream().filter(i -> i.status().equals("fail") || i.status().equals("error")).count();
      long ran = outline.items().stream().filter(i -> !i.status().equals(ProjectOutline.NOT_RUN)).count();
      long skipped = outline.items().stream().filter(i -> i.status().equals("skipped")).count();
      status.setText(ran == 0 ? "Not built yet: press Build." : (failed == 0 ? "Last run: " + ran + " nodes, none failed"
          : "Last run: " + failed + " of " + ran + " nodes failed") + (skipped == 0 ? "." : ", " + skipped + " skipped."));
    }
  }

  /** The kept CI runs of the project (a repository under the data folder), newest first. */
  private void showRuns(Path dir) {
    String name = dataDir.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString().replace('\\', '/');
    ciRuns.getItems().setAll(new dev.lakehouse.workbench.pipeline.ci.CiRuns(dataDir).list().stream()
        .filter(r -> r.repo().equals(name)).toList());
  }

  /** A CI run: its verdict in the title and its log in the code area. */
  private void showRun(dev.lakehouse.workbench.pipeline.ci.CiRun r) {
    failingRows.setVisible(false);
    failingRows.setManaged(false);
    nodeTitle.setText("CI run " + r.id() + " · " + r.verdict() + " · " + r.branch() + " at "
        + r.commit().substring(0, Math.min(7, r.commit().length())) + " · " + r.workflow()
        + (r.failedStep() == null ? "" : "\nfailed at step '" + r.failedStep() + "'"));
    String log;
    try {
      log = java.nio.file.Files.readString(r.log());
    } catch (java.io.IOException e) {
      log = "the log of CI run " + r.id() + " cannot be read: " + e.getMessage();
    }
    tabs.getSelectionModel().select(compiledTab);
    code.setWrapText(true);
    code.replaceText(log);
    code.moveTo(0);
    code.requestFollowCaret();
  }

  private void show(Object value) {
    if (value != null) {
      ciRuns.getSelectionModel().clearSelection();
    }
    if (value instanceof FileRef f) {
      openSource(f.path());
      tabs.getSelectionModel().select(sourceTab);
      return;
    }
    if (value instanceof ProjectOutline.Item i && i.file() != null) {
      openSource(i.file());
    }
    if (!(value instanceof ProjectOutline.Item i)) {
      nodeTitle.setText("Select a model to see its compiled SQL.");
      setCode("");
      return;
    }
    String what = i.type() == Node.Type.seed ? "a seed: its CSV is loaded as a table" : i.compiledCode() != null
        ? "compiled SQL" : "not compiled yet, its source is shown: press Compile";
    nodeTitle.setText(i.name() + " · " + i.file() + " · " + i.status() + " · " + what
        + (i.message() == null || i.status().equals("success") || i.status().equals("compiled") ? "" : "\n" + i.message()));
    setCode(i.compiledCode() != null ? i.compiledCode() : i.rawCode() == null ? "" : i.rawCode());
    showFailingRows(i);
  }

  /** For a failed or warning test: the first failing rows, read from the lake in the background. */
  private void showFailingRows(ProjectOutline.Item i) {
    failingRows.setVisible(false);
    failingRows.setManaged(false);
    if (i.type() != Node.Type.test || i.compiledCode() == null || !(i.status().equals("fail") || i.status().equals("warn"))) {
      return;
    }
    String sqlText = "select * from (\n" + i.compiledCode().strip() + "\n) dbt_failing_rows limit 5";
    Task<String> task = new Task<>() {
      @Override
      protected String call() {
        var r = sessions.get().query(sqlText);
        StringBuilder b = new StringBuilder("Failing rows (first " + r.rows().size() + "):");
        for (List<Object> row : r.rows()) {
          b.append("\n  ");
          for (int c = 0; c < row.size(); c++) {
            b.append(c == 0 ? "" : ", ").append(r.columns().get(c)).append('=').append(row.get(c));
          }
        }
        return b.toString();
      }
    };
    task.setOnSucceeded(e -> {
      Object selected = tree.getSelectionModel().getSelectedItem() == null ? null : tree.getSelectionModel().getSelectedItem().getValue();
      if (selected == i) {
        failingRows.setText(task.getValue());
        failingRows.setVisible(true);
        failingRows.setManaged(true);
      }
    });
    task.setOnFailed(e -> { }); // the table may be gone since the run: the compiled SQL is still shown
    Thread t = new Thread(task, "dbt-failing-rows");
    t.setDaemon(true);
    t.start();
  }

  private void setCode(String text) {
    code.setWrapText(false);
    code.replaceText(text);
    if (!text.isEmpty()) {
      code.setStyleSpans(0, styles(text));
    }
    code.moveTo(0);
    code.requestFollowCaret();
  }

  private static StyleSpans<Collection<String>> styles(String text) {
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    for (SqlHighlighting.Span s : SqlHighlighting.spans(text)) {
      b.add(s.kind() == SqlHighlighting.Kind.PLAIN ? List.of() : List.of("sql-" + s.kind().name().toLowerCase(Locale.ROOT)),
          s.length());
    }
    return b.create();
  }

  /**
   * Runs a dbt command on the lake in the background, after saving an edited file; the progress bar
   * counts the nodes the command touches, and the tree is refreshed when it ends.
   */
  private void run(DbtRunner.Command cmd) {
    Path dir = project.getValue();
    if (dir == null) {
      return;
    }
    if (!saveIfEdited()) {
      return;
    }
    for (Button b : List.of(compile, build, runModels, test)) {
      b.setDisable(true);
    }
    cancelRequested.set(false);
    cancel.setDisable(false);
    long total = outline == null ? 0 : outline.items().stream().filter(i -> switch (cmd) {
      case run -> i.type() == Node.Type.model;
      case test -> i.type() == Node.Type.test;
      case seed -> i.type() == Node.Type.seed;
      case snapshot -> i.type() == Node.Type.snapshot;
      default -> true;
    }).count();
    progress.setProgress(total == 0 ? ProgressBar.INDETERMINATE_PROGRESS : 0);
    progress.setVisible(true);
    status.setText("dbt " + cmd + " ...");
    Task<List<DbtRunner.Result>> task = new Task<>() {
      @Override
      protected List<DbtRunner.Result> call() {
        DbtProject p = DbtProject.read(dir);
        DbtRunner runner = new DbtRunner(p, sessions.get(), p.targetSchema(null), Map.of());
        List<DbtRunner.Result> done = new ArrayList<>();
        return runner.run(cmd, null, r -> {
          done.add(r);
          if (total > 0) {
            updateProgress(done.size(), total);
          }
          updateMessage("dbt " + cmd + ": " + done.size() + (total > 0 ? " of " + total : "") + " nodes done, last "
              + r.uniqueId() + " " + r.status());
        }, cancelRequested::get);
      }
    };
    status.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> task.getMessage() == null || task.getMessage().isEmpty() ? "dbt " + cmd + " ..." : task.getMessage(), task.messageProperty()));
    progress.progressProperty().bind(task.progressProperty());
    task.setOnSucceeded(e -> finished(null, task.getValue().size(), total));
    task.setOnFailed(e -> finished(task.getException(), 0, total));
    Thread t = new Thread(task, "dbt-" + cmd);
    t.setDaemon(true);
    t.start();
  }

  private void finished(Throwable error, int ran, long total) {
    status.textProperty().unbind();
    progress.progressProperty().unbind();
    progress.setVisible(false);
    cancel.setDisable(true);
    for (Button b : List.of(compile, build, runModels, test)) {
      b.setDisable(false);
    }
    boolean cancelled = cancelRequested.getAndSet(false) && error == null && ran < total;
    reload();
    if (error != null) {
      status.setText(String.valueOf(error.getMessage()));
    } else if (cancelled) {
      status.setText("Cancelled after " + ran + " of " + total + " nodes; the rest did not start.");
    }
  }

  // ---- the source editor

  /** Opens a project file (relative to the project) in the editor, saving the one being edited first. */
  private void openSource(String relative) {
    if (relative.equals(sourceFile) || outline == null) {
      return;
    }
    saveIfEdited();
    Path f = outline.dir().resolve(relative);
    String text;
    try {
      text = Files.isRegularFile(f) ? Files.readString(f) : "";
    } catch (IOException e) {
      sourceState.setText("cannot read " + relative + ": " + e.getMessage());
      return;
    }
    loadingSource = true;
    try {
      sourceFile = relative;
      source.replaceText(text);
      source.setEditable(true);
      source.moveTo(0);
      source.requestFollowCaret();
      source.getUndoManager().forgetHistory();
    } finally {
      loadingSource = false;
    }
    dirty = false;
    save.setDisable(false);
    sourceTitle.setText(relative);
    sourceState.setText("");
    colourSource();
  }

  private void closeSource() {
    loadingSource = true;
    try {
      sourceFile = null;
      source.replaceText("");
      source.setEditable(false);
    } finally {
      loadingSource = false;
    }
    dirty = false;
    save.setDisable(true);
    sourceTitle.setText("Select a file or a model to edit it.");
    sourceState.setText("");
  }

  /** Saves the edited file, if it was edited; false when it could not be written (the text stays). */
  private boolean saveIfEdited() {
    return !dirty || saveSource();
  }

  private boolean saveSource() {
    if (sourceFile == null || outline == null) {
      return true;
    }
    Path f = outline.dir().resolve(sourceFile);
    try {
      Path tmp = f.resolveSibling("." + f.getFileName() + ".saving");
      Files.writeString(tmp, source.getText());
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      sourceState.setText("not saved: " + e.getMessage() + " (your text is still here; check the folder's permissions)");
      return false;
    }
    dirty = false;
    sourceState.setText("saved " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")));
    reload();
    return true;
  }

  private void colourSource() {
    String text = source.getText();
    String name = sourceFile == null ? "" : sourceFile;
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    int at = 0;
    for (FileHighlighting.Span sp : FileHighlighting.spans(name, text)) {
      if (sp.start() < at) {
        continue;
      }
      b.add(List.of(), sp.start() - at);
      b.add(List.of("file-" + sp.kind().name().toLowerCase(Locale.ROOT)), sp.length());
      at = sp.start() + sp.length();
    }
    b.add(List.of(), text.length() - at);
    if (!text.isEmpty()) {
      source.setStyleSpans(0, b.create());
    }
  }

  // ---- the model graph

  private static final double NODE_W = 210;
  private static final double NODE_H = 30;
  private static final double GAP_X = 48;
  private static final double GAP_Y = 14;

  /**
   * Draws the models, seeds and snapshots from left to right by the length of their longest path from
   * a source, with an edge for each {@code ref} and {@code source}; a node is coloured by its last status
   * and names its tests' outcome. Clicking a node selects it in the tree.
   */
  private void drawGraph() {
    graph.getChildren().clear();
    if (outline == null) {
      return;
    }
    Map<String, ProjectOutline.Item> byId = new LinkedHashMap<>();
    Map<String, List<ProjectOutline.Item>> testsOf = new HashMap<>();
    for (ProjectOutline.Item i : outline.items()) {
      if (i.type() == Node.Type.test) {
        for (String d : i.dependsOn()) {
          testsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
        }
      } else {
        byId.put(i.uniqueId(), i);
      }
    }
    Map<String, Integer> level = new LinkedHashMap<>();
    for (ProjectOutline.Item i : byId.values()) {
      for (String d : i.dependsOn()) {
        if (!byId.containsKey(d)) {
          level.put(d, 0); // a source
        }
      }
    }
    for (String id : byId.keySet()) {
      levelOf(id, byId, level, new java.util.HashSet<>());
    }
    // each column is ordered by where its parents sit (the mean of their rows), which keeps most edges
    // from crossing; sources and ties go by name
    Map<String, Double> rowOf = new HashMap<>();
    Map<String, double[]> at = new HashMap<>();
    int deepest = level.values().stream().max(Integer::compare).orElse(0);
    for (int l = 0; l <= deepest; l++) {
      int col = l;
      List<String> ids = new ArrayList<>(level.entrySet().stream().filter(e -> e.getValue() == col).map(Map.Entry::getKey).toList());
      Map<String, Double> weight = new HashMap<>();
      for (String id : ids) {
        ProjectOutline.Item i = byId.get(id);
        weight.put(id, i == null ? 0 : i.dependsOn().stream().filter(rowOf::containsKey).mapToDouble(rowOf::get).average().orElse(0));
      }
      ids.sort(java.util.Comparator.comparing((String id) -> weight.get(id)).thenComparing(id -> id));
      for (int row = 0; row < ids.size(); row++) {
        rowOf.put(ids.get(row), (double) row);
        at.put(ids.get(row), new double[] {12 + l * (NODE_W + GAP_X), 12 + row * (NODE_H + GAP_Y)});
      }
    }
    for (ProjectOutline.Item i : byId.values()) {
      for (String d : i.dependsOn()) {
        double[] from = at.get(d);
        double[] to = at.get(i.uniqueId());
        if (from == null || to == null) {
          continue;
        }
        double x1 = from[0] + NODE_W;
        double y1 = from[1] + NODE_H / 2;
        double x2 = to[0];
        double y2 = to[1] + NODE_H / 2;
        CubicCurve edge = new CubicCurve(x1, y1, x1 + GAP_X / 2, y1, x2 - GAP_X / 2, y2, x2, y2);
        edge.getStyleClass().add("dbt-graph-edge");
        graph.getChildren().add(edge);
      }
    }
    for (Map.Entry<String, double[]> e : at.entrySet()) {
      ProjectOutline.Item i = byId.get(e.getKey());
      Label box = new Label();
      box.getStyleClass().add("dbt-graph-node");
      if (i == null) {
        String[] parts = e.getKey().split("\\.");
        box.setText("source " + String.join(".", java.util.Arrays.copyOfRange(parts, Math.max(0, parts.length - 2), parts.length)));
        box.getStyleClass().add("dbt-graph-source");
      } else {
        List<ProjectOutline.Item> tests = testsOf.getOrDefault(i.uniqueId(), List.of());
        long bad = tests.stream().filter(t -> t.status().equals("fail") || t.status().equals("error")).count();
        long good = tests.stream().filter(t -> t.status().equals("pass")).count();
        String n = tests.size() == 1 ? " test" : " tests";
        box.setText(i.name() + (tests.isEmpty() ? "" : bad > 0 ? "   \u2717 " + bad + " of " + tests.size() + n
            : good == tests.size() ? "   \u2713 " + good + n : "   " + tests.size() + n));
        box.getStyleClass().add("dbt-status-" + i.status().replace(' ', '-'));
        box.setId("dbt-graph-" + i.name());
        box.setTooltip(new Tooltip(i.type() + " " + i.name() + " · " + i.status() + (i.message() == null ? "" : "\n" + i.message())));
        box.setOnMouseClicked(ev -> selectInTree(i.uniqueId()));
      }
      box.setMinSize(NODE_W, NODE_H);
      box.setPrefSize(NODE_W, NODE_H);
      box.setMaxSize(NODE_W, NODE_H);
      box.relocate(e.getValue()[0], e.getValue()[1]);
      graph.getChildren().add(box);
    }
  }

  private static int levelOf(String id, Map<String, ProjectOutline.Item> byId, Map<String, Integer> level, java.util.Set<String> path) {
    Integer known = level.get(id);
    if (known != null) {
      return known;
    }
    ProjectOutline.Item i = byId.get(id);
    int l = 0;
    if (i != null && path.add(id)) { // a cycle is reported by the project reader; here it only stops the walk
      for (String d : i.dependsOn()) {
        l = Math.max(l, levelOf(d, byId, level, path) + 1);
      }
      path.remove(id);
    }
    level.put(id, l);
    return l;
  }

  private void selectInTree(String uniqueId) {
    if (tree.getRoot() == null) {
      return;
    }
    for (TreeItem<Object> group : tree.getRoot().getChildren()) {
      for (TreeItem<Object> leaf : group.getChildren()) {
        if (leaf.getValue() instanceof ProjectOutline.Item i && i.uniqueId().equals(uniqueId)) {
          group.setExpanded(true);
          tree.getSelectionModel().select(leaf);
          tree.scrollTo(Math.max(0, tree.getRow(leaf) - 3));
          tabs.getSelectionModel().select(compiledTab);
          return;
        }
      }
    }
  }

  /** A file of the project, relative to its folder. */
  private record FileRef(String path) {
    @Override
    public String toString() {
      return path;
    }
  }

  /** A node: its name and the last run's status, coloured. */
  private static final class NodeCell extends TreeCell<Object> {
    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      getStyleClass().removeIf(c -> c.startsWith("dbt-status-"));
      if (empty || item == null) {
        setText(null);
        setId(null);
        return;
      }
      if (item instanceof ProjectOutline.Item i) {
        setText(i.name() + "   " + i.status());
        getStyleClass().add("dbt-status-" + i.status().replace(' ', '-'));
        setId("dbt-node-" + i.name());
      } else if (item instanceof FileRef f) {
        setText(f.path());
        setId("dbt-file-" + f.path().replaceAll("[^A-Za-z0-9_-]", "_"));
      } else {
        setText(item.toString());
        setId(null);
      }
    }
  }

  /** A kept CI run: its number, verdict, branch and commit, coloured by the verdict. */
  private static final class CiRunCell extends javafx.scene.control.ListCell<dev.lakehouse.workbench.pipeline.ci.CiRun> {
    @Override
    protected void updateItem(dev.lakehouse.workbench.pipeline.ci.CiRun r, boolean empty) {
      super.updateItem(r, empty);
      getStyleClass().removeIf(c -> c.startsWith("ci-"));
      if (empty || r == null) {
        setText(null);
        setId(null);
        return;
      }
      setText("run " + r.id() + "   " + r.verdict() + "   " + r.branch() + " "
          + r.commit().substring(0, Math.min(7, r.commit().length())) + "   " + r.started().toString().substring(5, 16).replace('T', ' '));
      getStyleClass().add("ci-" + r.verdict());
      setId("dbt-ci-run-" + r.id());
    }
  }

  /** For tests: the outline the tree shows. */
  public ProjectOutline outline() {
    return outline;
  }
}
