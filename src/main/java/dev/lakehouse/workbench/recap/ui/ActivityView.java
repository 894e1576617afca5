package dev.lakehouse.workbench.recap.ui;

import dev.lakehouse.workbench.recap.Streak;
import dev.lakehouse.workbench.recap.Streaks;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.SortedMap;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The activity tab: the streak (current, longest, n of the last 7 days) and a calendar heatmap of
 * the event log, one cell per date, columns are weeks, rows Monday to Sunday. Colours come from
 * {@code workbench.css} ({@code .heat-0} to {@code .heat-4}) so both themes style it.
 */
public final class ActivityView extends VBox {

  static final int WEEKS = 10;

  private final GridPane grid = new GridPane();
  private final Label current = new Label();
  private final Label longest = new Label();
  private final Label lastSeven = new Label();
  private final Supplier<LocalDate> today;

  public ActivityView(RecapViewModel vm, Supplier<LocalDate> today) {
    this.today = today;
    getStyleClass().add("activity-view");
    setSpacing(10);
    setPadding(new Insets(10));
    current.setId("streak-current");
    longest.setId("streak-longest");
    lastSeven.setId("streak-last7");
    HBox streaks = new HBox(18, stat(current, "current streak"), stat(longest, "longest"), stat(lastSeven, "of the last 7 days"));
    grid.setId("heatmap");
    grid.setHgap(3);
    grid.setVgap(3);
    Label rule = new Label("A day counts when its lab checks pass (or, without a lab, when it is done with a note or "
        + "LinkedIn draft of 40+ words). One missed day is forgiven after " + Streaks.GRACE_AFTER + " in a row.");
    rule.setWrapText(true);
    rule.getStyleClass().add("activity-rule");
    Label legend = new Label("Each square is a date; darker means more study activity.");
    legend.getStyleClass().add("activity-rule");
    getChildren().addAll(streaks, new ScrollPane(grid), legend, rule);
    vm.streakProperty().addListener((o, old, s) -> showStreak(s));
    vm.activityProperty().addListener((o, old, a) -> showActivity(a));
    showStreak(vm.streakProperty().get());
    showActivity(vm.activityProperty().get());
  }

  private static VBox stat(Label value, String caption) {
    value.getStyleClass().add("streak-value");
    Label c = new Label(caption);
    c.getStyleClass().add("streak-caption");
    VBox box = new VBox(0, value, c);
    box.setAlignment(Pos.CENTER_LEFT);
    return box;
  }

  private void showStreak(Streak s) {
    current.setText(s.current() + (s.current() == 1 ? " day" : " days"));
    longest.setText(s.longest() + (s.longest() == 1 ? " day" : " days"));
    lastSeven.setText(s.lastSeven() + " / 7");
  }

  private void showActivity(SortedMap<LocalDate, Integer> activity) {
    grid.getChildren().clear();
    LocalDate end = today.get();
    LocalDate start = end.minusWeeks(WEEKS - 1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    for (int row = 0; row < 7; row++) {
      Label dow = new Label(row % 2 == 0 ? DayOfWeek.of(row + 1).getDisplayName(TextStyle.SHORT, Locale.ENGLISH) : "");
      dow.getStyleClass().add("heat-dow");
      grid.add(dow, 0, row + 1);
    }
    int weeks = (int) (ChronoUnit.DAYS.between(start, end) / 7) + 1;
    for (int w = 0; w < weeks; w++) {
      LocalDate monday = start.plusWeeks(w);
      if (monday.getDayOfMonth() <= 7) {
        Label month = new Label(monday.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        month.getStyleClass().add("heat-dow");
        grid.add(month, w + 1, 0);
      }
      for (int d = 0; d < 7; d++) {
        LocalDate date = monday.plusDays(d);
        if (date.isAfter(end)) {
          continue;
        }
        int n = activity.getOrDefault(date, 0);
        Region cell = new Region();
        cell.getStyleClass().addAll("heat-cell", "heat-" + level(n));
        cell.setMinSize(16, 16);
        cell.setPrefSize(16, 16);
        Tooltip.install(cell, new Tooltip(date + ": " + n + (n == 1 ? " event" : " events")));
        cell.setAccessibleText(date + ", " + n + " events");
        grid.add(cell, w + 1, d + 1);
      }
    }
  }

  static int level(int events) {
    if (events <= 0) {
      return 0;
    }
    return events < 4 ? 1 : events < 10 ? 2 : events < 20 ? 3 : 4;
  }

  public GridPane grid() {
    return grid;
  }
}
