package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.app.ui.WorkbenchViewModel;
import dev.lakehouse.workbench.curriculum.ui.LessonView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.application.Platform;

/**
 * Measures lesson switches in the real window: selects every day in turn and times each from the
 * command to the page having loaded, then prints the median and the worst and exits. Started with
 * {@code -Dworkbench.bench=true} (see {@code src/bench/startup.sh}).
 */
final class StartupBench {

  private final WorkbenchViewModel vm;
  private final LessonView view;
  private final List<Long> micros = new ArrayList<>();
  private int day;
  private long started;

  StartupBench(WorkbenchViewModel vm, LessonView view) {
    this.vm = vm;
    this.view = view;
  }

  /** Starts once the WebView shows the page, so every switch measured is a WebView page load. */
  void run() {
    if (!view.showsWebPage()) {
      view.setOnPageLoaded(() -> Platform.runLater(this::run));
      return;
    }
    day = vm.selectedDayProperty().get();
    view.setOnPageLoaded(this::loaded);
    next();
  }

  private void next() {
    day = day % 30 + 1;
    started = System.nanoTime();
    vm.select(day);
  }

  private void loaded() {
    micros.add((System.nanoTime() - started) / 1000);
    if (micros.size() < 29) {
      Platform.runLater(this::next);
      return;
    }
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    System.out.printf("lesson switch median %.1f ms, worst %.1f ms over %d switches%n",
        sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
    Platform.exit();
  }
}
