package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.app.ui.WorkbenchView;
import dev.lakehouse.workbench.app.ui.WorkbenchViewModel;
import dev.lakehouse.workbench.recap.DraftSeeder;
import dev.lakehouse.workbench.recap.ui.RecapViewModel;
import dev.lakehouse.workbench.ui.Theme;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The workbench window. Wires the services of the data directory to the view model and view,
 * restores window size, split positions, theme and the last day, and saves them on close.
 */
public final class WorkbenchApp extends Application {

  static final String WINDOW = "ui.window";
  static final String SPLITS = "ui.splits";

  private AppContext context;
  private UiExecutor executor;
  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @Override
  public void start(Stage stage) {
    Path dataDir = Path.of(getParameters().getNamed().get("data-dir"));
    try {
      context = AppContext.open(dataDir);
      executor = UiExecutor.background();
      vm = new WorkbenchViewModel(context.curriculum(), context.renderer(), context.progress(), executor);
      vm.attachRecap(new RecapViewModel(context.recap(), context.progress(),
          new DraftSeeder(context.curriculum(), context.progress(), context.recap()), executor));
    } catch (RuntimeException e) {
      Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
      alert.setHeaderText("The workbench cannot start");
      alert.showAndWait();
      Platform.exit();
      return;
    }
    view = new WorkbenchView(vm, url -> getHostServices().showDocument(url));
    Scene scene = new Scene(view, 1280, 800);
    Theme.apply(scene, vm.darkProperty().get());
    vm.darkProperty().addListener((o, was, dark) -> Theme.apply(scene, dark));
    stage.setTitle("Lakehouse Workbench — " + dataDir);
    stage.setScene(scene);
    restoreWindow(stage);
    view.lessonView().setOnFirstPage(() -> System.out.println("ready in " + sinceJvmStart() + " ms"));
    stage.setOnCloseRequest(e -> saveOnClose(stage));
    stage.show();
    restoreSplits();
    vm.select(vm.startDay());
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.drain(3000);
    }
    if (context != null) {
      context.close();
    }
  }

  private void saveOnClose(Stage stage) {
    vm.flushNote();
    vm.remember(WINDOW, String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b",
        stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized()));
    vm.remember(SPLITS, String.format(Locale.ROOT, "%.4f,%.4f",
        view.mainSplit().getDividerPositions()[0], view.lessonSplit().getDividerPositions()[0]));
  }

  private void restoreWindow(Stage stage) {
    vm.setting(WINDOW).ifPresent(s -> {
      String[] p = s.split(",");
      try {
        double x = Double.parseDouble(p[0]);
        double y = Double.parseDouble(p[1]);
        double w = Double.parseDouble(p[2]);
        double h = Double.parseDouble(p[3]);
        if (!Screen.getScreensForRectangle(new Rectangle2D(x, y, w, h)).isEmpty()) {
          stage.setX(x);
          stage.setY(y);
        }
        stage.setWidth(Math.max(800, w));
        stage.setHeight(Math.max(500, h));
        stage.setMaximized(Boolean.parseBoolean(p[4]));
      } catch (RuntimeException ignored) {
        // a damaged setting: keep the default size
      }
    });
  }

  private void restoreSplits() {
    vm.setting(SPLITS).ifPresent(s -> {
      String[] p = s.split(",");
      try {
        view.mainSplit().setDividerPositions(Double.parseDouble(p[0]));
        view.lessonSplit().setDividerPositions(Double.parseDouble(p[1]));
      } catch (RuntimeException ignored) {
        // a damaged setting: keep the default split
      }
    });
  }

  private static long sinceJvmStart() {
    return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
  }
}
