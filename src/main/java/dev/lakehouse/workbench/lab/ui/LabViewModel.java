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
  /** Tables and their columns for completion; read and filled on the worker, dropped after writes. */
  private volatile Map<String, List<String>> catalog;

  // -- properties --
  private final BooleanProperty available = new SimpleBooleanProperty(false);
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
    lab = service.catalog().forDay(day).orElse(null);
    fromLesson.clear();
    editorLoaded = lab == null;
    checks.clear();
    resultColumns.clear();
    resultRows.clear();
    timeline.clear();
    passed.set(false);
    if (lab == null) {
      available.set(false);
      title.set("No lab for day " + day);
      String problems = service.catalog().problems().stream()
          .filter(p -> p.file().toString().contains("day-" + String.format("%02d", day) + "-"))
          .map(p -> p.message()).reduce("", (a, b) -> a + b + "\n");
      instructions.set(problems.isEmpty() ? "This day has no hands-on lab." : "The lab file cannot be loaded:\n" + problems);
      editorText.set("");
      messages.set("");
      return;
    }
    LabDefinition shown = lab;
    available.set(true);
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
        });
  }

  /**
   * Appends SQL sent from a lesson's code block to the editor (never replacing the learner's text)
   * and saves it; on a day without a lab it says so.
   */
  public void receiveFromLesson(String sql) {
    if (lab == null) {
      messages.set("This day has no lab to send the SQL to.");
      return;
    }
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
    saveEditor();
  }

  /** Saves the editor text (the view calls it after the learner pauses typing). */
  public void saveEditor() {
    if (lab != null) {
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
      LabLake.Result last = null;
      for (StatementOutcome o : r.outcomes()) {
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
      if (last != null) {
        resultColumns.setAll(last.columns());
        resultRows.setAll(last.rows());
      }
      if (r.report() == null) {
        log.add("Cancelled after " + r.outcomes().size() + " of " + r.total()
            + " statements; the rest did not run and the lab was not checked.");
        messages.set(String.join("\n", log));
      } else {
        showReport(r.report(), log);
      }
      showTimeline(r.timeline());
    });
  }

  public void check() {
    withLab(l -> work(() -> service.check(l), r -> showReport(r, new ArrayList<>())));
  }

  public void hint() {
    withLab(l -> work(() -> service.hint(l), h -> messages.set("Hint: " + h)));
  }

  /** Restores the lab's tables to their seeded versions (the view asks for confirmation first). */
  public void reset() {
    withLab(l -> work(() -> {
      catalog = null;
      Map<String, Long> v = service.reset(l);
      return new Object[] {v, service.timeline(l)};
    }, r -> {
      messages.set("Reset: " + r[0] + ". Your earlier versions stay in the history.");
      checks.clear();
      passed.set(false);
      @SuppressWarnings("unchecked")
      Map<String, List<LabLake.Version>> t = (Map<String, List<LabLake.Version>>) r[1];
      showTimeline(t);
    }));
  }

  public void solution() {
    withLab(l -> work(() -> service.solution(l), s -> messages.set("Solution:\n" + s.strip())));
  }

  private void showReport(LabReport report, List<String> log) {
    checks.setAll(report.results());
    passed.set(report.passed());
    log.add(report.passedCount() + " of " + report.results().size() + " checks pass"
        + (report.passed() ? " — lab done, day marked done." : "."));
    if (report.hint() != null) {
      log.add("Hint: " + report.hint());
    }
    messages.set(String.join("\n", log));
    if (report.passed()) {
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
