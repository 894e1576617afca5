package dev.lakehouse.workbench.pipeline.ui;

import dev.lakehouse.workbench.common.SqlHighlighting;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.pipeline.dbt.DbtProject;
import dev.lakehouse.workbench.pipeline.dbt.DbtRunner;
import dev.lakehouse.workbench.pipeline.dbt.Node;
import dev.lakehouse.workbench.pipeline.dbt.ProjectOutline;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The dbt project pane: the lab projects found in the data folder, each as a tree of its models,
 * seeds, snapshots and tests coloured by the status of the last run ({@code target/run_results.json});
 * selecting a node shows the SQL that run compiled for it. Compile and Build run {@code dbt compile} /
 * {@code dbt build} on the lake off the FX thread and refresh the tree as each node finishes.
 * Below the tree, the project's kept CI runs ({@code ci run}, decision 0046), coloured by verdict;
 * selecting one shows its log.
 */
public final class DbtProjectView extends BorderPane {

  private final Lake lake;
  private final Path dataDir;
  private final ComboBox<Path> project = new ComboBox<>();
  private final Button compile = new Button("Compile");
  private final Button build = new Button("Build");
  private final Label status = new Label();
  private final TreeView<Object> tree = new TreeView<>();
  private final Label nodeTitle = new Label("Select a model to see its compiled SQL.");
  private final CodeArea code = new CodeArea();
  private final Label failingRows = new Label();
  private final javafx.scene.control.ListView<dev.lakehouse.workbench.pipeline.ci.CiRun> ciRuns = new javafx.scene.control.ListView<>();
  private ProjectOutline outline;

  public DbtProjectView(Lake lake, Path dataDir) {
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
    project.setOnAction(e -> reload());
    compile.setOnAction(e -> run(DbtRunner.Command.compile));
    build.setOnAction(e -> run(DbtRunner.Command.build));
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

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(8, new Label("Project"), project, compile, build, spacer, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(8));
    bar.getStyleClass().add("lab-bar");
    VBox right = new VBox(4, nodeTitle, failingRows, new VirtualizedScrollPane<>(code));
    VBox.setVgrow(right.getChildren().get(2), Priority.ALWAYS);
    right.setPadding(new Insets(0, 8, 8, 0));
    Label runsTitle = new Label("CI runs");
    runsTitle.getStyleClass().add("lab-title");
    VBox left = new VBox(4, tree, runsTitle, ciRuns);
    VBox.setVgrow(tree, Priority.ALWAYS);
    SplitPane split = new SplitPane(left, right);
    split.setDividerPositions(0.34);
    setTop(bar);
    setCenter(split);

    List<Path> found = ProjectOutline.find(dataDir.resolve("work"));
    project.getItems().setAll(found);
    if (found.isEmpty()) {
      status.setText("No dbt project yet: set up the day 3, 9 or 13 lab to get one under work/.");
      compile.setDisable(true);
      build.setDisable(true);
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
    tree.setRoot(root);
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
    code.setWrapText(true);
    code.replaceText(log);
    code.moveTo(0);
    code.requestFollowCaret();
  }

  private void show(Object value) {
    if (value != null) {
      ciRuns.getSelectionModel().clearSelection();
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
        var r = new SqlSession(lake).query(sqlText);
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

  /** Runs a dbt command on the lake in the background; the tree is refreshed when it ends. */
  private void run(DbtRunner.Command cmd) {
    Path dir = project.getValue();
    if (dir == null) {
      return;
    }
    compile.setDisable(true);
    build.setDisable(true);
    status.setText("dbt " + cmd + " ...");
    Task<List<DbtRunner.Result>> task = new Task<>() {
      @Override
      protected List<DbtRunner.Result> call() {
        DbtProject p = DbtProject.read(dir);
        DbtRunner runner = new DbtRunner(p, new SqlSession(lake), p.targetSchema(null), Map.of());
        List<DbtRunner.Result> done = new ArrayList<>();
        return runner.run(cmd, null, r -> {
          done.add(r);
          updateMessage("dbt " + cmd + ": " + done.size() + " nodes done, last " + r.uniqueId() + " " + r.status());
        });
      }
    };
    status.textProperty().bind(task.messageProperty());
    task.setOnSucceeded(e -> finished(null));
    task.setOnFailed(e -> finished(task.getException()));
    Thread t = new Thread(task, "dbt-" + cmd);
    t.setDaemon(true);
    t.start();
  }

  private void finished(Throwable error) {
    status.textProperty().unbind();
    compile.setDisable(false);
    build.setDisable(false);
    reload();
    if (error != null) {
      status.setText(String.valueOf(error.getMessage()));
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
