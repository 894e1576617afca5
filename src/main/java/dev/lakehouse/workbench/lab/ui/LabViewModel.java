package dev.lakehouse.workbench.lab.ui;

import dev.lakehouse.workbench.lab.CheckResult;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.LabReport;
import dev.lakehouse.workbench.lab.LabService;
import dev.lakehouse.workbench.lab.SqlCompletion;
import dev.lakehouse.workbench.lab.SqlScript;
import dev.lakehouse.workbench.lab.StatementOutcome;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The lab pane's state and commands. Every call into the lab service runs on the {@link UiExecutor}
 * and reports back on the FX thread; the view only binds to these properties.
 */
public final class LabViewModel {

  private final LabService service;
  private final UiExecutor executor;
  private final IntConsumer dayDone;
  private LabDefinition lab;
  /** The day shown; without a lab its pane is that day's SQL scratchpad. */
  private int day;
  /** Tables and their columns for completion; read and filled on the worker, dropped after writes. */
  private volatile Map<String, List<String>> catalog;

  /** The part of the lower pane a learner should look at after an action. */
  public enum Pane { RESULTS, CHECKS, MESSAGES }

  // -- properties --
  private final BooleanProperty available = new SimpleBooleanProperty(false);
  private final BooleanProperty hasLab = new SimpleBooleanProperty(false);
  private final StringProperty status = new SimpleStringProperty("");
  private final javafx.beans.property.ObjectProperty<Pane> pane = new javafx.beans.property.SimpleObjectProperty<>(Pane.RESULTS);
  /** Counts requests to show {@link #paneProperty()}, so asking for the same pane again still shows it. */
  private final javafx.beans.property.IntegerProperty paneRequests = new javafx.beans.property.SimpleIntegerProperty();
  private final BooleanProperty busy = new SimpleBooleanProperty(false);
  private final BooleanProperty passed = new SimpleBooleanProperty(false);
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty progressText = new SimpleStringProperty("");
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final AtomicBoolean cancelRequested = new AtomicBoolean(false);
  private final StringProperty title = new SimpleStringProperty("");
  private final StringProperty instructions = new SimpleStringProperty("");
  private final StringProperty editorText = new SimpleStringProperty("");
  private final StringProperty messages = new SimpleStringProperty("");
  private final ObservableList<String> resultColumns = FXCollections.observableArrayList();
  private final ObservableList<List<Object>> resultRows = FXCollections.observableArrayList();
  private final ObservableList<CheckResult> checks = FXCollections.observableArrayList();
  private final ObservableList<String> timeline = FXCollections.observableArrayList();
  // -- lake explorer --
  private final ObservableList<String> lakeTables = FXCollections.observableArrayList();
  private final StringProperty exploredTable = new SimpleStringProperty("");
  private final StringProperty explorerSummary = new SimpleStringProperty("");
  private final ObservableList<LabLake.Column> exploredColumns = FXCollections.observableArrayList();
  private final ObservableList<LabLake.DataFile> exploredFiles = FXCollections.observableArrayList();
  private final ObservableList<LabLake.Version> exploredVersions = FXCollections.observableArrayList();
  private final StringProperty commitJson = new SimpleStringProperty("");
  private final ObservableList<String> labFiles = FXCollections.observableArrayList();
  private final ObservableList<String> dayLabs = FXCollections.observableArrayList();
  private final ObservableList<String> exploredMetadata = FXCollections.observableArrayList();
  private final ObservableList<String> exploredDeltaLog = FXCollections.observableArrayList();
  private final ObservableList<String> exploredIceberg = FXCollections.observableArrayList();
  private final javafx.beans.property.ObjectProperty<dev.lakehouse.workbench.lab.FormatsAtVersion> travelled =
      new javafx.beans.property.SimpleObjectProperty<>();
  private final StringProperty labId = new SimpleStringProperty("");
  private String chosenLab;
  private final StringProperty openedFile = new SimpleStringProperty("");
  private final StringProperty fileText = new SimpleStringProperty("");
  private final StringProperty fileStatus = new SimpleStringProperty("");
  private final javafx.beans.property.ObjectProperty<byte[]> diagramPng = new javafx.beans.property.SimpleObjectProperty<>();
  private final StringProperty diagramProblem = new SimpleStringProperty("");
  private final javafx.beans.property.ObjectProperty<dev.lakehouse.workbench.lab.LabQuality.FileReading> fileReading =
      new javafx.beans.property.SimpleObjectProperty<>();
  private final javafx.beans.property.ObjectProperty<DagGrid> dagGrid = new javafx.beans.property.SimpleObjectProperty<>(DagGrid.empty());
  private final javafx.beans.property.ObjectProperty<DagGantt> dagGantt = new javafx.beans.property.SimpleObjectProperty<>(DagGantt.empty());
  private String ganttFocus;

  /** SQL sent from the lesson while the day's saved editor text was still loading. */
  private final List<String> fromLesson = new java.util.ArrayList<>();
  private boolean editorLoaded = true;

  public LabViewModel(LabService service, UiExecutor executor, IntConsumer dayDone) {
    this.service = service;
    this.executor = executor;
    this.dayDone = dayDone;
  }

  public ReadOnlyBooleanProperty availableProperty() {
    return available;
  }

  /** Whether the day has a lab (Check, Hint, Reset and Solution); without one the pane is a scratchpad. */
  public ReadOnlyBooleanProperty hasLabProperty() {
    return hasLab;
  }

  /** One or a few lines on the last action: what ran, how many checks pass, the hint. */
  public ReadOnlyStringProperty statusProperty() {
    return status;
  }

  /** Which part of the lower pane to show after the last action. */
  public javafx.beans.property.ReadOnlyObjectProperty<Pane> paneProperty() {
    return pane;
  }

  /** Changes each time the view model asks for {@link #paneProperty()} to be shown. */
  public javafx.beans.property.ReadOnlyIntegerProperty paneRequestsProperty() {
    return paneRequests;
  }

  private void show(Pane p) {
    pane.set(p);
    paneRequests.set(paneRequests.get() + 1);
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy;
  }

  /** -1 (indeterminate) while background work runs, the share of statements done during a run, else 0. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** "Statement 2 of 5" during a run. */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText;
  }

  /** True while a run of statements is under way (and may be cancelled). */
  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  /**
   * Stops the run: the statement running now is interrupted within a second (nothing of it is
   * committed) and the next ones do not run.
   */
  public void cancel() {
    if (running.get() && !cancelRequested.getAndSet(true)) {
      progressText.set("Cancelling…");
      service.cancelRunning();
    }
  }

  public ReadOnlyBooleanProperty passedProperty() {
    return passed;
  }

  public StringProperty titleProperty() {
    return title;
  }

  public StringProperty instructionsProperty() {
    return instructions;
  }

  public StringProperty editorTextProperty() {
    return editorText;
  }

  public StringProperty messagesProperty() {
    return messages;
  }

  public ObservableList<String> resultColumns() {
    return resultColumns;
  }

  public ObservableList<List<Object>> resultRows() {
    return resultRows;
  }

  public ObservableList<CheckResult> checks() {
    return checks;
  }

  public ObservableList<String> timeline() {
    return timeline;
  }

  public ObservableList<String> lakeTables() {
    return lakeTables;
  }

  public ReadOnlyStringProperty exploredTableProperty() {
    return exploredTable;
  }

  /** "lab02.orders · version 3 · 4 files · 120 rows · 12.3 KB". */
  public ReadOnlyStringProperty explorerSummaryProperty() {
    return explorerSummary;
  }

  public ObservableList<LabLake.Column> exploredColumns() {
    return exploredColumns;
  }

  /** The data files of the explored table's latest version. */
  public ObservableList<LabLake.DataFile> exploredFiles() {
    return exploredFiles;
  }

  /** The explored table's versions, newest first. */
  public ObservableList<LabLake.Version> exploredVersions() {
    return exploredVersions;
  }

  /** The commit file of the selected version, one action per block. */
  public ReadOnlyStringProperty commitJsonProperty() {
    return commitJson;
  }

  /** Lists the lake's tables (and explores the lab's first table when none is explored yet). */
  /** The labs of the shown day, by id (most days have one). */
  public ObservableList<String> dayLabs() {
    return dayLabs;
  }

  /** The id of the lab shown, empty on a day without one. */
  public ReadOnlyStringProperty labIdProperty() {
    return labId;
  }

  /** Shows another lab of the same day. */
  public void showLab(String id) {
    chosenLab = id;
    showDay(day);
  }

  /** The current lab's files (documents, diagrams, settings), as paths under the data folder. */
  public ObservableList<String> labFiles() {
    return labFiles;
  }

  public ReadOnlyStringProperty openedFileProperty() {
    return openedFile;
  }

  /** The text of the opened lab file, edited in the Files tab. */
  public StringProperty fileTextProperty() {
    return fileText;
  }

  public ReadOnlyStringProperty fileStatusProperty() {
    return fileStatus;
  }

  /** Opens one of the lab's files in the Files tab. */
  public void openFile(String path) {
    LabDefinition l = lab;
    if (l == null || path == null) {
      return;
    }
    l.files().stream().filter(f -> f.path().equals(path)).findFirst().ifPresent(f -> work(() -> {
      java.nio.file.Path p = service.filePath(f);
      String text = java.nio.file.Files.exists(p) ? java.nio.file.Files.readString(p) : "";
      return new Object[] {text, dev.lakehouse.workbench.lab.Documents.versions(p).size(), p.toString()};
    }, r -> {
      if (l != lab) {
        return;
      }
      openedFile.set(path);
      fileText.set((String) r[0]);
      drawDiagram(path, (String) r[0]);
      fileStatus.set(r[2] + (((Integer) r[1]) > 0 ? " · " + r[1] + " versions kept" : (r[0].toString().isEmpty() ? " · not written yet: press Run or set the lab up" : "")));
    }));
  }

  /**
   * Reads the opened file's current text (saved or not) as the lab's checks will, off the FX thread:
   * for a suite, settings or a contract, what it holds or its problem in one line; null otherwise.
   */
  public void readOpenedFile() {
    LabDefinition l = lab;
    String path = openedFile.get();
    String text = fileText.get();
    if (l == null || path == null || path.isEmpty()) {
      fileReading.set(null);
      return;
    }
    quietly(() -> java.util.Optional.ofNullable(service.readFile(l, path, text == null ? "" : text)), r -> {
      if (l == lab && path.equals(openedFile.get())) {
        fileReading.set(r.orElse(null));
      }
    });
  }

  /** The opened file read as its check will read it; null for a file no quality check reads. */
  public javafx.beans.property.ReadOnlyObjectProperty<dev.lakehouse.workbench.lab.LabQuality.FileReading> fileReadingProperty() {
    return fileReading;
  }

  /** Saves the opened lab file, keeping the new text as a version. */
  public void saveFile() {
    LabDefinition l = lab;
    String path = openedFile.get();
    if (l == null || path.isEmpty()) {
      return;
    }
    String text = fileText.get();
    l.files().stream().filter(f -> f.path().equals(path)).findFirst().ifPresent(f -> executor.submit(() -> {
      java.nio.file.Path p = service.filePath(f);
      return dev.lakehouse.workbench.lab.Documents.save(p, text);
    }, n -> {
      fileStatus.set(path + " saved · " + n + (n == 1 ? " version kept" : " versions kept"));
      drawDiagram(path, text);
    }, e -> fileStatus.set("Could not save " + path + ": " + e.getMessage())));
  }

  /** The opened diagram drawn as a PNG (null while none is drawn, or for a file that is not a diagram). */
  public javafx.beans.property.ReadOnlyObjectProperty<byte[]> diagramPngProperty() {
    return diagramPng;
  }

  /** Why the opened diagram could not be drawn, in one line ("" when it was). */
  public ReadOnlyStringProperty diagramProblemProperty() {
    return diagramProblem;
  }

  /** The recorded DAG runs as a grid (Explorer ▸ DAG runs). */
  public javafx.beans.property.ReadOnlyObjectProperty<DagGrid> dagGridProperty() {
    return dagGrid;
  }

  /** Reads the grid of {@code dag} (null: the DAG run last) from the lake's run tables. */
  public void showDagRuns(String dag) {
    quietly(() -> DagGrid.read(service.lake(), dag), g -> {
      dagGrid.set(g);
      showGantt(g.dag(), g.dag().equals(dagGantt.get().dag()) ? dagGantt.get().runId() : null);
    });
  }

  /** One recorded run as a Gantt chart (Explorer ▸ DAG runs, under the grid). */
  public javafx.beans.property.ReadOnlyObjectProperty<DagGantt> dagGanttProperty() {
    return dagGantt;
  }

  /** Reads run {@code runId} of {@code dag} (null: its newest run) for the Gantt chart. */
  public void showGantt(String dag, String runId) {
    showGantt(dag, runId, null);
  }

  /**
   * Reads run {@code runId} of {@code dag} for the Gantt chart, with the row whose last try's log
   * the chart shows at once ({@code task[n]}: an iteration picked in the grid; null: none).
   */
  public void showGantt(String dag, String runId, String focus) {
    quietly(() -> DagGantt.read(service.lake(), dag, runId), g -> {
      ganttFocus = focus;
      if (focus != null && g.equals(dagGantt.get())) {
        dagGantt.set(DagGantt.empty()); // the same run again: draw it anew, so the picked iteration's log shows
      }
      dagGantt.set(g);
    });
  }

  /** The row picked in the grid whose log the Gantt shows (null: none). */
  public String ganttFocus() {
    return ganttFocus;
  }

  /** Whether a lab file is a PlantUML diagram, drawn beside its text. */
  public static boolean isDiagram(String path) {
    return path != null && path.toLowerCase(java.util.Locale.ROOT).endsWith(".puml");
  }

  /** Draws a diagram file's text off the FX thread (PlantUML's first drawing loads its classes). */
  private void drawDiagram(String path, String text) {
    if (!isDiagram(path)) {
      diagramPng.set(null);
      diagramProblem.set("");
      return;
    }
    executor.submit(() -> dev.lakehouse.workbench.lab.DiagramPicture.draw(text), p -> {
      if (!path.equals(openedFile.get())) {
        return;
      }
      diagramPng.set(p.png());
      diagramProblem.set(p.drawn() ? "" : p.problem());
    }, e -> diagramProblem.set("The diagram could not be drawn: " + e.getMessage()));
  }

  public void refreshExplorer() {
    LabDefinition l = lab;
    quietly(() -> service.lake().tables(), tables -> {
      lakeTables.setAll(tables);
      String current = exploredTable.get();
      if (!current.isEmpty() && tables.contains(current)) {
        explore(current);
      } else if (l != null && !l.tables().isEmpty() && tables.contains(l.tables().get(0))) {
        explore(l.tables().get(0));
      } else if (!tables.contains(current)) {
        clearExplored();
      }
    });
  }

  /** Shows a table's schema, latest files and versions, and the commit JSON of its latest version. */
  public void explore(String table) {
    if (table == null || table.isBlank()) {
      return;
    }
    LabLake lake = service.lake();
    quietly(() -> {
      List<LabLake.Version> versions = lake.history(table);
      long latest = versions.get(0).version();
      return new Explored(table, lake.columns(table), lake.files(table, latest), versions,
          prettyCommit(lake.commitJson(table, latest)));
    }, e -> {
      exploredTable.set(e.table());
      exploredColumns.setAll(e.columns());
      exploredFiles.setAll(e.files());
      exploredVersions.setAll(e.versions());
      long rows = e.files().stream().mapToLong(f -> f.rows() == null ? 0 : f.rows()).sum();
      long bytes = e.files().stream().mapToLong(LabLake.DataFile::size).sum();
      explorerSummary.set(e.table() + " · version " + e.versions().get(0).version() + " · " + e.files().size()
          + (e.files().size() == 1 ? " file · " : " files · ") + rows + " rows · " + size(bytes));
      commitJson.set(e.commit());
    });
    showLineage(table);
    // the table's metadata trees: Delta's log and, when it has one, its Iceberg metadata and snapshots
    quietly(() -> {
      List<String> lines = new java.util.ArrayList<>(lake.metadataFiles(table));
      for (LabLake.IcebergVersion v : lake.icebergSnapshots(table)) {
        lines.add("Delta version " + v.deltaVersion() + " → Iceberg snapshot " + v.snapshotId() + " (" + v.operation()
            + ", " + v.dataFiles() + " files, " + v.rows() + " rows)");
      }
      return lines;
    }, lines -> {
      exploredMetadata.setAll(lines);
      // the headers name the folders, so the lists show file names; Iceberg's side starts with which
      // snapshot each Delta version became
      exploredDeltaLog.setAll(lines.stream().filter(l -> l.startsWith("_delta_log/"))
          .map(l -> l.substring("_delta_log/".length())).toList());
      List<String> ice = new ArrayList<>(lines.stream().filter(l -> l.startsWith("Delta version ")).toList());
      lines.stream().filter(l -> l.startsWith("metadata/")).map(l -> l.substring("metadata/".length())).forEach(ice::add);
      exploredIceberg.setAll(ice);
    });
  }

  /**
   * Time travel in both formats: reads one version of the explored table as Delta ({@code VERSION AS
   * OF}) and, when converted, as Iceberg's reader returns the snapshot made for it.
   */
  public void travel(long version) {
    String table = exploredTable.get();
    if (table.isEmpty()) {
      return;
    }
    LabLake lake = service.lake();
    quietly(() -> dev.lakehouse.workbench.lab.FormatsAtVersion.read(lake, table, version), travelled::set);
  }

  /** The version last read by {@link #travel}, both ways; null before any. */
  public javafx.beans.property.ReadOnlyObjectProperty<dev.lakehouse.workbench.lab.FormatsAtVersion> travelledProperty() {
    return travelled;
  }

  private final javafx.beans.property.ObjectProperty<LineageGraph> lineage =
      new javafx.beans.property.SimpleObjectProperty<>(LineageGraph.empty());
  private final StringProperty lineageSelected = new SimpleStringProperty("");
  private final ObservableList<String> lineageColumns = FXCollections.observableArrayList();

  /** The explored table's lineage graph: upstream and downstream tables (system.access lineage). */
  public javafx.beans.property.ReadOnlyObjectProperty<LineageGraph> lineageProperty() {
    return lineage;
  }

  /** The table picked in the lineage graph (its columns' lineage is listed). */
  public ReadOnlyStringProperty lineageSelectedProperty() {
    return lineageSelected;
  }

  /** The picked table's column lineage: "total ← silver.orders.amount", "id → gold.x.y". */
  public ObservableList<String> lineageColumns() {
    return lineageColumns;
  }

  /** Picks a table in the lineage graph: its column-level lineage is listed. */
  public void selectLineage(String table) {
    lineageSelected.set(table == null ? "" : table);
    lineageColumns.setAll(table == null ? List.of() : lineage.get().columnsOf(table));
  }

  /** Draws the lineage graph around {@code table}, read again from the lake. */
  public void showLineage(String table) {
    LabLake lake = service.lake();
    quietly(() -> LineageGraph.of(lake.lineage(), table), g -> {
      lineage.set(g);
      selectLineage(g.focus().isEmpty() ? null : g.focus());
    });
  }

  /** Delta's side of the explored table's metadata: the {@code _delta_log} commits and checkpoints. */
  public ObservableList<String> exploredDeltaLog() {
    return exploredDeltaLog;
  }

  /**
   * Iceberg's side: its {@code metadata/} files (metadata JSON, manifest lists, manifests) and which
   * Iceberg snapshot each Delta version became; empty for a table never converted (day 19).
   */
  public ObservableList<String> exploredIceberg() {
    return exploredIceberg;
  }

  /** The explored table's metadata files (Delta's {@code _delta_log}, Iceberg's {@code metadata/}) and Iceberg snapshots. */
  public ObservableList<String> exploredMetadata() {
    return exploredMetadata;
  }

  /** Shows the raw commit file of one version of the explored table. */
  public void showCommit(long version) {
    String table = exploredTable.get();
    if (table.isEmpty()) {
      return;
    }
    quietly(() -> prettyCommit(service.lake().commitJson(table, version)), commitJson::set);
  }

  private void clearExplored() {
    exploredTable.set("");
    explorerSummary.set("");
    exploredColumns.clear();
    exploredFiles.clear();
    exploredVersions.clear();
    commitJson.set("");
    travelled.set(null);
  }

  /** Each action of a commit file (one JSON object a line) indented on its own. */
  static String prettyCommit(String raw) {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (String line : raw.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.append(json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(line)));
      } catch (java.io.IOException e) {
        out.append(line);
      }
      out.append("\n");
    }
    return out.toString();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }

  /** Background work that neither disables the buttons nor shows progress (explorer, completion). */
  private <T> void quietly(java.util.concurrent.Callable<T> job, java.util.function.Consumer<T> done) {
    executor.submit(job, done, e -> messages.set("Error: " + e.getMessage()));
  }

  /**
   * Computes, in the background, what completes the word before {@code caret}: table names after
   * FROM/INTO/TABLE, else column names of the statement's tables. The lake's names are read once and
   * read again after each run or reset.
   */
  public void complete(String text, int caret, java.util.function.Consumer<SqlCompletion.Completion> show) {
    quietly(() -> SqlCompletion.complete(text, caret, catalog()), show);
  }

  private Map<String, List<String>> catalog() {
    Map<String, List<String>> c = catalog;
    if (c == null) {
      c = new java.util.LinkedHashMap<>();
      LabLake lake = service.lake();
      for (String t : lake.tables()) {
        try {
          c.put(t, lake.columns(t).stream().map(LabLake.Column::name).toList());
        } catch (RuntimeException e) {
          // a table that cannot be read offers no columns; completion never fails the editor
          c.put(t, List.of());
        }
      }
      catalog = c;
    }
    return c;
  }

  /** Shows the lab of {@code day}, or says there is none (or why its file cannot be loaded). */
  public void showDay(int day) {
    this.day = day;
    List<LabDefinition> ofDay = service.catalog().labs().stream().filter(l -> l.day() == day).toList();
    dayLabs.setAll(ofDay.stream().map(LabDefinition::id).toList());
    lab = ofDay.stream().filter(l -> l.id().equals(chosenLab)).findFirst()
        .orElse(service.catalog().forDay(day).orElse(null));
    labId.set(lab == null ? "" : lab.id());
    fromLesson.clear();
    editorLoaded = false;
    checks.clear();
    resultColumns.clear();
    resultRows.clear();
    timeline.clear();
    passed.set(false);
    status.set("");
    show(Pane.RESULTS);
    if (lab == null) {
      showScratchpad(day);
      return;
    }
    LabDefinition shown = lab;
    available.set(true);
    hasLab.set(true);
    labFiles.setAll(lab.files().stream().map(dev.lakehouse.workbench.lab.LabFile::path).toList());
    openedFile.set("");
    fileText.set("");
    fileStatus.set("");
    if (!labFiles.isEmpty()) {
      openFile(labFiles.get(0));
    }
    title.set("Lab · " + lab.title());
    instructions.set(lab.goal() + "\n\n" + lab.instructions().strip());
    messages.set("");
    work(() -> new Object[] {service.editorText(shown), service.isSetUp(shown) ? service.timeline(shown) : Map.of()},
        r -> {
          if (shown != lab) {
            return;
          }
          editorText.set((String) r[0]);
          editorLoaded = true;
          List<String> sent = List.copyOf(fromLesson);
          fromLesson.clear();
          sent.forEach(this::receiveFromLesson);
          @SuppressWarnings("unchecked")
          Map<String, List<LabLake.Version>> t = (Map<String, List<LabLake.Version>>) r[1];
          showTimeline(t);
          messages.set(t.isEmpty() ? "Press Run: the lab's tables are set up first." : "Ready.");
          status.set(messages.get());
        });
  }

  /** A day without a lab: a SQL scratchpad on the lake, with its own saved text. */
  private void showScratchpad(int shownDay) {
    labFiles.clear();
    openedFile.set("");
    fileText.set("");
    fileStatus.set("");
    available.set(true);
    hasLab.set(false);
    title.set("Scratchpad · Day " + shownDay);
    String problems = service.catalog().problems().stream()
        .filter(p -> p.file().toString().contains("day-" + String.format("%02d", shownDay) + "-"))
        .map(p -> p.message()).reduce("", (a, b) -> a + b + "\n");
    instructions.set((problems.isEmpty() ? "Day " + shownDay + " has no hands-on lab yet."
            : "Day " + shownDay + "'s lab file cannot be loaded:\n\n" + problems.strip())
        + "\n\nThis is your SQL scratchpad on your lake: try the lesson's queries here (**Send to lab ▸** under a"
        + " SQL block puts them in the editor), see their rows in **Results**, every table in the **Explorer**"
        + " and the versions your statements made in the **Timeline**. Nothing here is checked.");
    editorText.set("");
    messages.set("");
    work(() -> {
      String text = service.scratchpad().text(shownDay);
      return new Object[] {text, service.scratchpad().timeline(text)};
    }, r -> {
      if (lab != null || day != shownDay) {
        return;
      }
      editorText.set((String) r[0]);
      editorLoaded = true;
      List<String> sent = List.copyOf(fromLesson);
      fromLesson.clear();
      sent.forEach(this::receiveFromLesson);
      @SuppressWarnings("unchecked")
      Map<String, List<LabLake.Version>> t = (Map<String, List<LabLake.Version>>) r[1];
      showTimeline(t);
      messages.set("Ready: Ctrl+Enter runs the statement under the cursor.");
      status.set(messages.get());
    });
  }

  /**
   * Appends SQL sent from a lesson's code block to the editor (never replacing the learner's text)
   * and saves it; on a day without a lab it says so.
   */
  public void receiveFromLesson(String sql) {
    String block = sql.strip();
    if (block.isEmpty()) {
      return;
    }
    if (!editorLoaded) {
      fromLesson.add(sql); // appended once the saved editor text is in, so it is not overwritten
      return;
    }
    String current = editorText.get().stripTrailing();
    editorText.set((current.isEmpty() ? "" : current + "\n\n") + "-- from the lesson\n" + block
        + (block.endsWith(";") ? "" : ";") + "\n");
    messages.set("Added the lesson's SQL at the end of the editor: put the cursor in it and press Ctrl+Enter.");
    status.set(messages.get());
    saveEditor();
  }

  /** Saves the editor text (the view calls it after the learner pauses typing). */
  public void saveEditor() {
    if (lab == null && editorLoaded) {
      int d = day;
      String text = editorText.get();
      executor.submit(() -> {
        service.scratchpad().save(d, text);
        return null;
      }, ok -> { }, e -> messages.set("Could not save the editor: " + e.getMessage()));
    } else if (lab != null) {
      LabDefinition l = lab;
      String text = editorText.get();
      executor.submit(() -> {
        service.saveEditorText(l, text);
        return null;
      }, ok -> { }, e -> messages.set("Could not save the editor: " + e.getMessage()));
    }
  }

  /** Runs statements (setting the lab up first if needed), then checks the lab. */
  public void run(String sql) {
    if (lab == null) {
      runScratch(sql);
      return;
    }
    LabDefinition l = lab;
    String text = editorText.get();
    int total = SqlScript.split(sql).size();
    cancelRequested.set(false);
    running.set(true);
    progress.set(0);
    progressText.set("Statement 1 of " + total);
    LabService.RunListener listener = new LabService.RunListener() {
      @Override
      public boolean cancelled() {
        return cancelRequested.get();
      }

      @Override
      public void statementDone(int done, int of) {
        executor.publish(() -> {
          if (running.get()) {
            progress.set(of == 0 ? 1 : (double) done / of);
            if (!cancelRequested.get()) {
              progressText.set("Statement " + Math.min(done + 1, of) + " of " + of);
            }
          }
        });
      }
    };
    work(() -> {
      catalog = null;
      service.saveEditorText(l, text);
      List<String> log = new ArrayList<>();
      if (!service.isSetUp(l)) {
        service.setup(l);
        log.add("Set up " + String.join(", ", l.tables()) + ".");
      }
      List<StatementOutcome> outcomes = service.run(l, sql, listener);
      boolean stopped = cancelRequested.get() && outcomes.size() < total
          && (outcomes.isEmpty() || !outcomes.get(outcomes.size() - 1).failed());
      LabReport report = stopped ? null : service.check(l);
      return new RunResult(log, outcomes, report, service.timeline(l), total);
    }, r -> {
      List<String> log = new ArrayList<>(r.log());
      LabLake.Result last = logOutcomes(r.outcomes(), log);
      showRows(last);
      boolean failed = !r.outcomes().isEmpty() && r.outcomes().get(r.outcomes().size() - 1).failed();
      if (r.report() == null) {
        log.add("Cancelled after " + r.outcomes().size() + " of " + r.total()
            + " statements; the rest did not run and the lab was not checked.");
        messages.set(String.join("\n", log));
        status.set(log.get(log.size() - 1));
      } else {
        showReport(r.report(), log);
        status.set(ranLine(r.outcomes()) + " " + status.get());
      }
      showTimeline(r.timeline());
      // a dbt, dag, job or ci line last: its log (PASS/FAIL per node, a CI verdict) is in Messages
      boolean pipelineLast = !r.outcomes().isEmpty()
          && dev.lakehouse.workbench.lab.PipelineCommands.LINE.matcher(r.outcomes().get(r.outcomes().size() - 1).statement()).matches();
      show(failed || pipelineLast ? Pane.MESSAGES : last != null ? Pane.RESULTS : Pane.CHECKS);
    });
  }

  /** Runs statements on the scratchpad: no setup, no check; the shop's tables are seeded if the lake has none. */
  private void runScratch(String sql) {
    int d = day;
    String text = editorText.get();
    int total = SqlScript.split(sql).size();
    cancelRequested.set(false);
    running.set(true);
    progress.set(0);
    progressText.set("Statement 1 of " + total);
    LabService.RunListener listener = new LabService.RunListener() {
      @Override
      public boolean cancelled() {
        return cancelRequested.get();
      }

      @Override
      public void statementDone(int done, int of) {
        executor.publish(() -> {
          if (running.get()) {
            progress.set(of == 0 ? 1 : (double) done / of);
          }
        });
      }
    };
    work(() -> {
      catalog = null;
      service.scratchpad().save(d, text);
      List<String> log = new ArrayList<>();
      List<String> seeded = service.scratchpad().seedShopIfMissing();
      if (!seeded.isEmpty()) {
        log.add("Your lake was empty: added the shop's sample tables " + String.join(", ", seeded) + ".");
      }
      List<StatementOutcome> outcomes = service.scratchpad().run(sql, listener);
      return new RunResult(log, outcomes, null, service.scratchpad().timeline(text), total);
    }, r -> {
      List<String> log = new ArrayList<>(r.log());
      LabLake.Result last = logOutcomes(r.outcomes(), log);
      showRows(last);
      boolean failed = !r.outcomes().isEmpty() && r.outcomes().get(r.outcomes().size() - 1).failed();
      if (r.outcomes().size() < r.total() && !failed) {
        log.add("Cancelled after " + r.outcomes().size() + " of " + r.total() + " statements.");
      }
      messages.set(String.join("\n", log));
      status.set(failed ? log.get(log.size() - 1) : ranLine(r.outcomes()));
      showTimeline(r.timeline());
      show(failed || last == null ? Pane.MESSAGES : Pane.RESULTS);
    });
  }

  /** Adds a line per statement to {@code log}; returns the last result that has columns. */
  private static LabLake.Result logOutcomes(List<StatementOutcome> outcomes, List<String> log) {
    LabLake.Result last = null;
    for (StatementOutcome o : outcomes) {
      String head = o.statement().replaceAll("\\s+", " ");
      head = head.length() > 70 ? head.substring(0, 67) + "..." : head;
      if (o.failed()) {
        log.add("✗ " + head + "\n  " + o.error());
      } else {
        log.add("✓ " + head + (o.result().message() == null || o.result().message().isBlank() ? "" : " — " + o.result().message()));
        if (!o.result().columns().isEmpty()) {
          last = o.result();
        }
      }
    }
    return last;
  }

  /** "✓ 3 statements ran." or the failed statement's error. */
  private static String ranLine(List<StatementOutcome> outcomes) {
    if (!outcomes.isEmpty() && outcomes.get(outcomes.size() - 1).failed()) {
      StatementOutcome f = outcomes.get(outcomes.size() - 1);
      String head = f.statement().replaceAll("\\s+", " ");
      head = head.length() > 50 ? head.substring(0, 47) + "..." : head;
      return "✗ Statement " + outcomes.size() + " (" + head + ") failed: " + f.error();
    }
    return "✓ " + outcomes.size() + (outcomes.size() == 1 ? " statement ran." : " statements ran.");
  }

  private void showRows(LabLake.Result last) {
    if (last != null) {
      resultColumns.setAll(last.columns());
      resultRows.setAll(last.rows());
    } else {
      resultColumns.clear();
      resultRows.clear();
    }
  }

  public void check() {
    withLab(l -> work(() -> service.check(l), r -> {
      showReport(r, new ArrayList<>());
      show(Pane.CHECKS);
    }));
  }

  public void hint() {
    withLab(l -> work(() -> service.hint(l), h -> {
      messages.set("Hint: " + h);
      status.set(messages.get());
    }));
  }

  /** Restores the lab's tables to their seeded versions (the view asks for confirmation first). */
  public void reset() {
    withLab(l -> work(() -> {
      catalog = null;
      Map<String, Long> v = service.reset(l);
      return new Object[] {v, service.timeline(l)};
    }, r -> {
      @SuppressWarnings("unchecked")
      Map<String, Long> versions = (Map<String, Long>) r[0];
      messages.set(resetMessage(versions));
      status.set(messages.get());
      checks.clear();
      passed.set(false);
      @SuppressWarnings("unchecked")
      Map<String, List<LabLake.Version>> t = (Map<String, List<LabLake.Version>>) r[1];
      showTimeline(t);
    }));
  }

  public void solution() {
    withLab(l -> work(() -> service.solution(l), s -> {
      messages.set("Solution:\n" + s.strip());
      status.set("The solution is under Messages. Reading it is recorded; the lab still passes only on your lake's state.");
      show(Pane.MESSAGES);
    }));
  }

  /** "Reset: lab02.orders and lab02.scratch hold their seeded rows again (now versions 2 and 0). ..." */
  static String resetMessage(Map<String, Long> versions) {
    List<String> tables = new ArrayList<>(versions.keySet());
    List<String> numbers = versions.values().stream().map(String::valueOf).toList();
    String joinedTables = joinAnd(tables);
    String joinedVersions = joinAnd(numbers);
    return "Reset: " + joinedTables + (tables.size() == 1 ? " holds its" : " hold their")
        + " seeded rows again (now version" + (tables.size() == 1 ? " " : "s ") + joinedVersions
        + "). Your earlier versions stay in the history: see the Timeline.";
  }

  private static String joinAnd(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private void showReport(LabReport report, List<String> log) {
    checks.setAll(report.results());
    passed.set(report.passed());
    log.add(report.passedCount() + " of " + report.results().size() + " checks pass" + report.verdict(lab.day()) + ".");
    if (report.hint() != null) {
      log.add("Hint: " + report.hint());
    }
    messages.set(String.join("\n", log));
    status.set(report.passedCount() + " of " + report.results().size() + " checks pass" + report.verdict(lab.day()) + "."
        + (report.hint() != null ? " Hint: " + report.hint() : ""));
    if (report.counts()) {
      dayDone.accept(lab.day());
    }
  }

  private void showTimeline(Map<String, List<LabLake.Version>> t) {
    List<String> lines = new ArrayList<>();
    t.forEach((table, versions) -> {
      for (LabLake.Version v : versions) {
        String rows = firstOf(v.metrics(), "numOutputRows", "numUpdatedRows", "numDeletedRows", "numCopiedRows");
        lines.add(table + "  v" + v.version() + "  " + v.timestamp().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z")
            + "  " + v.operation() + (rows == null ? "" : "  rows " + rows));
      }
    });
    timeline.setAll(lines);
  }

  private static String firstOf(Map<String, String> m, String... keys) {
    for (String k : keys) {
      if (m.get(k) != null) {
        return m.get(k);
      }
    }
    return null;
  }

  private void withLab(java.util.function.Consumer<LabDefinition> action) {
    if (lab != null) {
      action.accept(lab);
    }
  }

  private <T> void work(java.util.concurrent.Callable<T> job, java.util.function.Consumer<T> done) {
    busy.set(true);
    if (!running.get()) {
      progress.set(-1);
    }
    executor.submit(job, r -> {
      idle();
      done.accept(r);
    }, e -> {
      idle();
      messages.set("Error: " + e.getMessage());
      status.set(messages.get());
      show(Pane.MESSAGES);
    });
  }

  private void idle() {
    busy.set(false);
    running.set(false);
    progress.set(0);
    progressText.set("");
  }

  private record Explored(String table, List<LabLake.Column> columns, List<LabLake.DataFile> files,
      List<LabLake.Version> versions, String commit) {}

  private record RunResult(List<String> log, List<StatementOutcome> outcomes, LabReport report,
      Map<String, List<LabLake.Version>> timeline, int total) {}
}
