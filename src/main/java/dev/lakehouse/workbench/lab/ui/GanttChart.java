package dev.lakehouse.workbench.lab.ui;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * Draws a {@link DagGantt}: task names on the left, a time axis on top, and a bar per try placed by
 * its start and end on the simulated clock, with the grid's state colours ({@code dag-cell dag-STATE});
 * a task that did not start is a thin mark. Bars are laid out again when the chart is resized.
 */
final class GanttChart extends Region {

  static final double ROW = 22;
  static final double AXIS = 22;
  static final double BAR = 14;
  static final double MIN_BAR = 3;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private DagGantt gantt = DagGantt.empty();
  private final List<Label> names = new ArrayList<>();
  private final List<Label> ticks = new ArrayList<>();
  private final List<Region> bars = new ArrayList<>();
  private final List<Region> lines = new ArrayList<>();
  private double labelWidth;
  private final Consumer<DagGantt.Bar> onPick;

  GanttChart(Consumer<DagGantt.Bar> onPick) {
    this.onPick = onPick;
    getStyleClass().add("gantt-chart");
    setPadding(new Insets(4, 16, 4, 4));
  }

  void show(DagGantt g) {
    gantt = g;
    getChildren().clear();
    names.clear();
    ticks.clear();
    bars.clear();
    lines.clear();
    labelWidth = 0;
    if (g.isEmpty()) {
      requestLayout();
      return;
    }
    for (String task : g.tasks()) {
      Label name = new Label(task);
      name.getStyleClass().add("dag-task");
      if (DagGrid.isIteration(task)) {
        name.getStyleClass().add("dag-iteration");
      }
      names.add(name);
    }
    for (int i = 0; i <= 4; i++) {
      Region line = new Region();
      line.getStyleClass().add("gantt-grid-line");
      lines.add(line);
      Label tick = new Label(tickText(g, i / 4.0));
      tick.getStyleClass().add("gantt-tick");
      ticks.add(tick);
    }
    for (DagGantt.Bar b : g.bars()) {
      Region bar = new Region();
      String known = switch (b.state()) {
        case "success", "failed", "up_for_retry", "upstream_failed", "skipped", "running" -> b.state();
        default -> "other";
      };
      bar.getStyleClass().addAll("dag-cell", "dag-" + known.replace('_', '-'), "gantt-bar");
      String tip = b.task() + (b.input() == null ? "" : " · input " + b.input()) + (b.tryNumber() == 0 ? " · did not start" : " · try " + b.tryNumber()) + " · " + b.state()
          + " · " + CLOCK.format(b.start()) + " → " + CLOCK.format(b.end()) + " (" + human(b.duration()) + ")";
      bar.setAccessibleText(tip);
      Tooltip.install(bar, new Tooltip(tip));
      bar.setOnMouseClicked(e -> onPick.accept(b));
      bars.add(bar);
    }
    getChildren().addAll(lines);
    getChildren().addAll(names);
    getChildren().addAll(ticks);
    getChildren().addAll(bars);
    requestLayout();
  }

  /** The bars, in the order of {@link DagGantt#bars()} (for tests). */
  List<Region> bars() {
    return bars;
  }

  private static String tickText(DagGantt g, double at) {
    long nanos = (long) (g.span().toNanos() * at);
    LocalDateTime t = g.start().plusNanos(nanos);
    return at == 0 ? CLOCK.format(t) : "+" + human(Duration.ofNanos(nanos));
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
  }

  /** The widest task name (measured once the names have their CSS), plus a gap. */
  private double labelWidth() {
    if (labelWidth == 0 && !names.isEmpty()) {
      for (Label n : names) {
        n.applyCss();
        labelWidth = Math.max(labelWidth, n.prefWidth(-1) + 10);
      }
    }
    return labelWidth;
  }

  @Override
  protected double computePrefHeight(double width) {
    return snappedTopInset() + AXIS + gantt.tasks().size() * ROW + snappedBottomInset();
  }

  @Override
  protected double computePrefWidth(double height) {
    return snappedLeftInset() + labelWidth() + 320 + snappedRightInset();
  }

  @Override
  protected double computeMinWidth(double height) {
    return snappedLeftInset() + labelWidth() + 160 + snappedRightInset();
  }

  @Override
  protected void layoutChildren() {
    if (gantt.isEmpty()) {
      return;
    }
    double left = snappedLeftInset();
    double top = snappedTopInset();
    double x0 = left + labelWidth();
    double w = Math.max(40, getWidth() - x0 - snappedRightInset());
    double spanNanos = Math.max(1, gantt.span().toNanos());
    double height = gantt.tasks().size() * ROW;
    for (int i = 0; i < ticks.size(); i++) {
      double x = x0 + w * i / 4.0;
      Label tick = ticks.get(i);
      double tw = tick.prefWidth(-1);
      double tx = i == 0 ? x : i == ticks.size() - 1 ? x - tw : x - tw / 2;
      tick.resizeRelocate(snap(tx), top, tw, AXIS - 4);
      lines.get(i).resizeRelocate(snap(x), top + AXIS - 2, 1, height + 2);
    }
    for (int r = 0; r < names.size(); r++) {
      Label n = names.get(r);
      n.resizeRelocate(left, top + AXIS + r * ROW, labelWidth() - 4, ROW);
    }
    for (int i = 0; i < bars.size(); i++) {
      DagGantt.Bar b = gantt.bars().get(i);
      int row = gantt.tasks().indexOf(b.task());
      double from = Duration.between(gantt.start(), b.start()).toNanos() / spanNanos;
      double to = Duration.between(gantt.start(), b.end()).toNanos() / spanNanos;
      double bx = x0 + Math.max(0, from) * w;
      double bw = Math.max(MIN_BAR, (Math.min(1, to) - Math.max(0, from)) * w);
      bars.get(i).resizeRelocate(snap(Math.min(bx, x0 + w - bw)), top + AXIS + row * ROW + (ROW - BAR) / 2, snap(bw), BAR);
    }
  }

  private double snap(double v) {
    return snapPositionX(v);
  }
}
