package dev.lakehouse.workbench.quality.ui;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.quality.Observability;
import dev.lakehouse.workbench.quality.TableHealth;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The observability view: pick a table, and its history is watched commit by commit off the FX
 * thread (progress, cancel) with the learner's day-22 monitors when they cover the table, or
 * defaults otherwise. Charts per batch day: rows with the expected band (volume), commit lag against
 * the expected landing time (freshness), schema changes, and the pass rate of recorded validations;
 * every day a monitor alerted on is marked red, and the alerts are listed beside the charts.
 */
public final class ObservabilityView extends BorderPane {

  /** Where the day-22 lab keeps the learner's monitors, under the data folder. */
  public static final String LEARNER_MONITORS = TableHealth.LEARNER_MONITORS;

  private final Lake lake;
  private final Path dataDir;
  private final ComboBox<String> table = new ComboBox<>();
  private final Button run = new Button("Watch");
  private final Button cancel = new Button("Cancel");
  private final ProgressBar progress = new ProgressBar(0);
  private final Label status = new Label("Pick a table with a date column to watch its commits.");
  private final ListView<String> alerts = new ListView<>();
  private final LineChart<String, Number> volume = new LineChart<>(new CategoryAxis(), new NumberAxis());
  private final BarChart<String, Number> freshness = new BarChart<>(new CategoryAxis(), new NumberAxis());
  private final LineChart<String, Number> quality = new LineChart<>(new CategoryAxis(), new NumberAxis(0, 100, 20));
  private final ListView<String> schema = new ListView<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private Task<TableHealth> task;
  private ScrollPane scroll;

  /** What one watch found: the monitors' report and the table's validation runs. */

  public ObservabilityView(Lake lake, Path dataDir) {
    this.lake = lake;
    this.dataDir = dataDir;
    setId("observability-view");
    getStyleClass().add("observability-view");
    table.setId("obs-table");
    table.setPromptText("table");
    run.setId("obs-run");
    cancel.setId("obs-cancel");
    cancel.setDisable(true);
    progress.setId("obs-progress");
    progress.setVisible(false);
    status.setId("obs-status");
    alerts.setId("obs-alerts");
    schema.setId("obs-schema");
    volume.setId("obs-volume");
    freshness.setId("obs-freshness");
    quality.setId("obs-quality");
    volume.setTitle("Volume: rows per batch day, with the expected band");
    freshness.setTitle("Freshness: hours after the expected landing time");
    quality.setTitle("Validation pass rate (%)");
    for (var c : List.of(volume, quality)) {
      c.setAnimated(false);
      c.setCreateSymbols(true);
      c.setMinHeight(260);
    }
    freshness.setAnimated(false);
    freshness.setLegendVisible(false);
    volume.setPrefHeight(300);
    freshness.setMinHeight(200);
    freshness.setPrefHeight(220);
    quality.setMinHeight(180);
    quality.setPrefHeight(200);
    schema.setPrefHeight(64);
    schema.setMinHeight(64);
    alerts.setCellFactory(dev.lakehouse.workbench.ui.TextCells.wrapped());
    run.setOnAction(e -> watch());
    cancel.setOnAction(e -> cancel());
    table.setOnAction(e -> watch());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(8, new Label("Table"), table, run, cancel, progress, spacer, status);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(8));
    setTop(top);
    VBox charts = new VBox(8, volume, freshness, new Label("Schema changes"), schema, quality);
    charts.setPadding(new Insets(8));
    scroll = new ScrollPane(charts);
    scroll.setFitToWidth(true);
    Label alertsTitle = new Label("Alerts");
    alertsTitle.getStyleClass().add("title-4");
    VBox side = new VBox(6, alertsTitle, alerts);
    VBox.setVgrow(alerts, Priority.ALWAYS);
    side.setPadding(new Insets(8));
    SplitPane split = new SplitPane(scroll, side);
    split.setDividerPositions(0.68);
    setCenter(split);
    Thread t = new Thread(() -> {
      List<String> names = tablesWithADate();
      Platform.runLater(() -> table.getItems().setAll(names));
    }, "observability-tables");
    t.setDaemon(true);
    t.start();
  }

  public ComboBox<String> tableChoice() {
    return table;
  }

  /** The running (or last) watch; for tests. */
  public Task<TableHealth> task() {
    return task;
  }

  private List<String> tablesWithADate() {
    try {
      return lake.tables().stream().filter(id -> TableHealth.dateColumn(lake, id) != null).map(TableId::toString).sorted().toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** Watches the chosen table's history off the FX thread. */
  public void watch() {
    String name = table.getValue();
    if (name == null || name.isBlank()) {
      return;
    }
    cancel();
    TableId id = TableId.parse(name);
    cancelled.set(false);
    Task<TableHealth> t = new Task<>() {
      @Override
      protected TableHealth call() {
        return TableHealth.watch(lake, dataDir, id, f -> updateProgress(f, 1.0), cancelled::get);
      }
    };
    task = t;
    progress.progressProperty().bind(t.progressProperty());
    progress.setVisible(true);
    cancel.setDisable(false);
    run.setDisable(true);
    status.setText("Watching the commits of " + name + "…");
    t.setOnSucceeded(e -> {
      done();
      show(t.getValue());
    });
    t.setOnFailed(e -> {
      done();
      Throwable x = t.getException();
      status.setText(x instanceof CancellationException ? "Cancelled." : String.valueOf(x.getMessage()).lines().findFirst().orElse(""));
    });
    t.setOnCancelled(e -> {
      done();
      status.setText("Cancelled.");
    });
    Thread th = new Thread(t, "observability-watch");
    th.setDaemon(true);
    th.start();
  }

  /** Stops a running watch between two commits. */
  public void cancel() {
    // not isRunning(): a task just started is still SCHEDULED until the FX thread hears it began,
    // and a Cancel pressed in that moment must count
    if (task != null && !task.isDone()) {
      cancelled.set(true);
    }
  }

  private void done() {
    progress.progressProperty().unbind();
    progress.setVisible(false);
    cancel.setDisable(true);
    run.setDisable(false);
  }

  private void show(TableHealth h) {
    alerts.getItems().setAll(h.alerts());
    if (h.alerts().isEmpty()) {
      alerts.setPlaceholder(new Label("No alerts: every commit landed on time, in its band, with its schema."));
    }
    // one category per batch day, missing days included, so a gap shows as a gap
    XYChart.Series<String, Number> rows = new XYChart.Series<>();
    rows.setName("rows");
    XYChart.Series<String, Number> low = new XYChart.Series<>();
    low.setName("expected low");
    XYChart.Series<String, Number> high = new XYChart.Series<>();
    high.setName("expected high");
    XYChart.Series<String, Number> lag = new XYChart.Series<>();
    List<String> categories = h.days().stream().map(d -> d.day().toString().substring(5)).toList();
    ((CategoryAxis) volume.getXAxis()).setCategories(javafx.collections.FXCollections.observableArrayList(categories));
    ((CategoryAxis) freshness.getXAxis()).setCategories(javafx.collections.FXCollections.observableArrayList(categories));
    java.util.Map<String, TableHealth.Day> byCategory = new java.util.HashMap<>();
    for (TableHealth.Day d : h.days()) {
      String c = d.day().toString().substring(5);
      byCategory.put(c, d);
      rows.getData().add(new XYChart.Data<>(c, d.rows() == null ? 0 : d.rows()));
      if (d.low() != null) {
        low.getData().add(new XYChart.Data<>(c, d.low()));
        high.getData().add(new XYChart.Data<>(c, d.high()));
      }
      lag.getData().add(new XYChart.Data<>(c, d.lagHours()));
    }
    volume.getData().setAll(List.of(rows, low, high));
    freshness.getData().setAll(List.of(lag));
    // nodes exist once the series are in a chart: mark the alerted days
    for (var series : List.of(rows, lag)) {
      for (XYChart.Data<String, Number> d : series.getData()) {
        TableHealth.Day day = byCategory.get(d.getXValue());
        List<String> on = series == lag ? day.freshnessAlerts() : day.volumeAlerts();
        if (!on.isEmpty() && d.getNode() != null) {
          d.getNode().getStyleClass().add("obs-incident");
          d.getNode().setStyle(series == rows ? "-fx-background-color: #d1242f; -fx-background-radius: 7px; -fx-padding: 7px;"
              : "-fx-bar-fill: #d1242f;");
          d.getNode().setId("obs-incident-" + day.day());
          Tooltip.install(d.getNode(), new Tooltip(String.join("\n", on)));
        }
      }
    }
    for (var band : List.of(low, high)) {
      band.getNode().setStyle("-fx-stroke-dash-array: 6 4; -fx-stroke-width: 1.5px;");
      band.getData().forEach(d -> {
        if (d.getNode() != null) {
          d.getNode().setVisible(false);
        }
      });
    }
    schema.getItems().setAll(h.schemaChanges());
    schema.setPlaceholder(new Label("No schema change in the watched commits."));
    XYChart.Series<String, Number> pass = new XYChart.Series<>();
    pass.setName("pass rate");
    for (Observability.QualityRun q : h.quality()) {
      pass.getData().add(new XYChart.Data<>("v" + q.tableVersion() + " " + q.time().toString().substring(5, 16), 100 * q.passRate()));
    }
    quality.getData().setAll(List.of(pass));
    scroll.setVvalue(0);
    quality.setTitle(h.quality().isEmpty()
        ? "Validation pass rate: no validation of this table recorded yet (quality validate SUITE TABLE)"
        : "Validation pass rate (%)");
    status.setText(h.batches() + " batches in " + h.commits() + " commits, " + h.daysAlerted() + " days alerted, "
        + (h.learners() ? "with your day-22 monitors" : "with the default monitors"));
  }
}
