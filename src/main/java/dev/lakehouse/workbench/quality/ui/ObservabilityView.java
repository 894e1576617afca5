package dev.lakehouse.workbench.quality.ui;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.quality.MonitorSpec;
import dev.lakehouse.workbench.quality.Monitors;
import dev.lakehouse.workbench.quality.Observability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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
  public static final String LEARNER_MONITORS = "work/day-22/monitors.yaml";

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
  private Task<Result> task;
  private ScrollPane scroll;

  /** What one watch found: the monitors' report and the table's validation runs. */
  public record Result(MonitorSpec.TableMonitors settings, boolean learners, Monitors.Report report,
      Observability.Timeline timeline) {}

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
    alerts.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
        setWrapText(true);
        setPrefWidth(0);
      }
    });
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
  public Task<Result> task() {
    return task;
  }

  private List<String> tablesWithADate() {
    try {
      return lake.tables().stream().filter(id -> dateColumn(id) != null).map(TableId::toString).sorted().toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private String dateColumn(TableId id) {
    try {
      return lake.describe(id).columns().stream().filter(c -> c.type().toLowerCase(java.util.Locale.ROOT).startsWith("date"))
          .map(ColumnDef::name).findFirst().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private boolean learnerCovers(TableId id) {
    try {
      return MonitorSpec.read(dataDir.resolve(LEARNER_MONITORS)).tables().stream().anyMatch(t -> t.table().equals(id));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The learner's monitors for the table when their day-22 file names it; defaults otherwise. */
  MonitorSpec.TableMonitors settings(TableId id) {
    Path mine = dataDir.resolve(LEARNER_MONITORS);
    if (Files.isRegularFile(mine)) {
      try {
        for (MonitorSpec.TableMonitors t : MonitorSpec.read(mine).tables()) {
          if (t.table().equals(id)) {
            return t;
          }
        }
      } catch (RuntimeException e) {
        // a file being edited may not parse: watch with the defaults
      }
    }
    String batch = dateColumn(id);
    return new MonitorSpec.TableMonitors(id, batch, null, new MonitorSpec.Freshness(LocalTime.of(6, 0), 2),
        new MonitorSpec.Volume("day_of_week", 28, 2, 0.4), new MonitorSpec.Schema(Set.copyOf(MonitorSpec.CHANGES)));
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
    Task<Result> t = new Task<>() {
      @Override
      protected Result call() {
        MonitorSpec.TableMonitors s = settings(id);
        Monitors.Report r = new Monitors(lake).run(s, "monitors of " + id, f -> updateProgress(f, 1.0), cancelled::get);
        return new Result(s, s.freshness() != null && learnerCovers(id), r, new Observability(lake).timeline(id));
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

  private void show(Result r) {
    Monitors.Report report = r.report();
    java.util.Map<java.time.LocalDate, List<Monitors.Alert>> byDay = report.alerts().stream()
        .collect(Collectors.groupingBy(Monitors.Alert::day, java.util.TreeMap::new, Collectors.toList()));
    alerts.getItems().setAll(report.alerts().stream().map(Monitors.Alert::line).toList());
    if (report.alerts().isEmpty()) {
      alerts.setPlaceholder(new Label("No alerts: every commit landed on time, in its band, with its schema."));
    }
    // one category per batch day, missing days included, so a gap shows as a gap
    java.util.TreeMap<java.time.LocalDate, Monitors.Observation> last = new java.util.TreeMap<>();
    report.observations().forEach(o -> last.put(o.day(), o));
    java.util.TreeSet<java.time.LocalDate> days = new java.util.TreeSet<>(last.keySet());
    days.addAll(byDay.keySet());
    XYChart.Series<String, Number> rows = new XYChart.Series<>();
    rows.setName("rows");
    XYChart.Series<String, Number> low = new XYChart.Series<>();
    low.setName("expected low");
    XYChart.Series<String, Number> high = new XYChart.Series<>();
    high.setName("expected high");
    XYChart.Series<String, Number> lag = new XYChart.Series<>();
    List<String> categories = days.stream().map(d -> d.toString().substring(5)).toList();
    ((CategoryAxis) volume.getXAxis()).setCategories(javafx.collections.FXCollections.observableArrayList(categories));
    ((CategoryAxis) freshness.getXAxis()).setCategories(javafx.collections.FXCollections.observableArrayList(categories));
    for (java.time.LocalDate d : days) {
      String c = d.toString().substring(5);
      Monitors.Observation o = last.get(d);
      rows.getData().add(new XYChart.Data<>(c, o == null ? 0 : o.rows()));
      if (o != null && !Double.isNaN(o.low())) {
        low.getData().add(new XYChart.Data<>(c, o.low()));
        high.getData().add(new XYChart.Data<>(c, o.high()));
      }
      double lagHours = report.observations().stream().filter(x -> x.day().equals(d) && !Double.isNaN(x.lagHours()))
          .mapToDouble(Monitors.Observation::lagHours).max().orElse(0);
      if (o == null && r.settings().freshness() != null && byDay.containsKey(d)) {
        // a batch that never came: the bar reaches the commit that noticed it missing
        java.time.Instant expected = d.plusDays(1).atTime(r.settings().freshness().expectedAt()).toInstant(java.time.ZoneOffset.UTC);
        lagHours = byDay.get(d).stream().mapToDouble(a -> java.time.Duration.between(expected, a.committedAt()).toMinutes() / 60.0)
            .max().orElse(0);
      }
      lag.getData().add(new XYChart.Data<>(c, Math.max(0, lagHours)));
    }
    volume.getData().setAll(List.of(rows, low, high));
    freshness.getData().setAll(List.of(lag));
    // nodes exist once the series are in a chart: mark the alerted days
    for (var series : List.of(rows, lag)) {
      for (XYChart.Data<String, Number> d : series.getData()) {
        java.time.LocalDate day = days.stream().filter(x -> x.toString().substring(5).equals(d.getXValue())).findFirst().orElseThrow();
        List<Monitors.Alert> on = byDay.getOrDefault(day, List.of()).stream()
            .filter(a -> series == lag ? a.monitor().equals("freshness") : !a.monitor().equals("freshness")).toList();
        if (!on.isEmpty() && d.getNode() != null) {
          d.getNode().getStyleClass().add("obs-incident");
          d.getNode().setStyle(series == rows ? "-fx-background-color: #d1242f; -fx-background-radius: 7px; -fx-padding: 7px;"
              : "-fx-bar-fill: #d1242f;");
          d.getNode().setId("obs-incident-" + day);
          Tooltip.install(d.getNode(), new Tooltip(on.stream().map(Monitors.Alert::line).collect(Collectors.joining("\n"))));
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
    schema.getItems().setAll(report.observations().stream().filter(o -> !o.schemaChange().isEmpty())
        .map(o -> o.day() + "  " + o.schemaChange() + "  (version " + o.version() + ")").toList());
    schema.setPlaceholder(new Label("No schema change in the watched commits."));
    XYChart.Series<String, Number> pass = new XYChart.Series<>();
    pass.setName("pass rate");
    for (Observability.QualityRun q : r.timeline().quality()) {
      pass.getData().add(new XYChart.Data<>("v" + q.tableVersion() + " " + q.time().toString().substring(5, 16), 100 * q.passRate()));
    }
    quality.getData().setAll(List.of(pass));
    scroll.setVvalue(0);
    quality.setTitle(r.timeline().quality().isEmpty()
        ? "Validation pass rate: no validation of this table recorded yet (quality validate SUITE TABLE)"
        : "Validation pass rate (%)");
    status.setText(report.observations().size() + " batches in " + report.observations().stream().map(Monitors.Observation::version)
        .distinct().count() + " commits, " + byDay.size() + " days alerted, " + (r.learners() ? "with your day-22 monitors" : "with the default monitors"));
  }
}
