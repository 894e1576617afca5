package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.app.ui.WorkbenchView;
import dev.lakehouse.workbench.app.ui.WorkbenchViewModel;
import dev.lakehouse.workbench.curriculum.ui.LessonView;
import dev.lakehouse.workbench.recap.DraftSeeder;
import dev.lakehouse.workbench.recap.ui.RecapViewModel;
import dev.lakehouse.workbench.ui.Theme;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The workbench window on one data directory: wires the context's services to the view model and
 * view, restores window size, split positions, theme and the last day, and saves them in
 * {@link #stop()}. Built by hand (no {@code Application} subclass) so its parts are injected.
 */
public final class Workbench {

  static final String WINDOW = "ui.window";
  static final String SPLITS = "ui.splits";

  /** With this system property set to true, the window measures lesson switches after start, prints them and exits. */
  static final String BENCH_PROPERTY = "workbench.bench";

  private final AppContext context;
  private final UiExecutor executor;
  private final LessonView lessonView;
  private final WorkbenchViewModel vm;
  private final WorkbenchView view;
  private Stage stage;

  /**
   * @param lessonView created early (its WebView is the slowest control to build), see {@link #lessonView}
   * @param openExternal opens a web link in the system browser
   */
  public Workbench(AppContext context, UiExecutor executor, LessonView lessonView, Consumer<String> openExternal) {
    this.context = context;
    this.executor = executor;
    this.lessonView = lessonView;
    this.vm = new WorkbenchViewModel(context.curriculum(), context::renderer, context.progress(), executor);
    vm.attachRecap(new RecapViewModel(context.recap(), context.progress(),
        new DraftSeeder(context.curriculum(), context.progress(), context.recap()), executor, context.dataDir()));
    vm.attachLab(() -> new dev.lakehouse.workbench.lab.ui.LabViewModel(context.labs(), executor, vm::labPassed));
    vm.attachObservability(() -> new dev.lakehouse.workbench.quality.ui.ObservabilityView(context.lake(), context.dataDir()));
    vm.attachDbtProject(() -> new dev.lakehouse.workbench.pipeline.ui.DbtProjectView(context.lake(), context.dataDir(), context::governedSession));
    vm.attachPrincipals(new dev.lakehouse.workbench.app.ui.PrincipalSwitch() {
      @Override
      public java.util.List<String> principals() {
        return context.principals();
      }

      @Override
      public String current() {
        return context.actingAs();
      }

      @Override
      public void actAs(String who) {
        context.switchPrincipal(who);
      }

      @Override
      public void onChange(java.util.function.Consumer<String> listener) {
        context.onPrincipalChange(listener);
      }
    });
    vm.attachSharing(new dev.lakehouse.workbench.app.ui.SharingSwitch() {
      @Override
      public String start() {
        return context.startSharing();
      }

      @Override
      public void stop() {
        context.stopSharing();
      }
    });
    this.view = new WorkbenchView(vm, lessonView, openExternal);
    if (lessonView.showsWebPage()) {
      view.installDeferred();
    }
    lessonView.setLinkHandlers(openExternal, vm::openLessonFile);
    lessonView.setOnSendToLab(view::sendToLab);
    context.confirmFolderAccessWith(this::confirm);
  }

  /**
   * Asks the learner, on the FX thread, before lab SQL may reach a new folder (CREATE EXTERNAL
   * LOCATION); the statement waits on its worker thread for the answer.
   */
  private boolean confirm(String question) {
    if (Platform.isFxApplicationThread()) {
      return ask(question);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    Platform.runLater(() -> answer.complete(ask(question)));
    return answer.join();
  }

  private boolean ask(String question) {
    javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
        question, javafx.scene.control.ButtonType.CANCEL, javafx.scene.control.ButtonType.OK);
    alert.setHeaderText("Let SQL use a folder outside the lake?");
    alert.getDialogPane().setId("confirm-external-location");
    if (stage != null) {
      alert.initOwner(stage);
    }
    return alert.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
  }

  /**
   * The lesson pane for a workbench on {@code content}. Without {@code webNow} the first lesson is
   * drawn natively and the WebView is created after the first frame (see {@link #start}).
   */
  public static LessonView lessonView(Content content, boolean webNow) {
    LessonView v = new LessonView(content.curriculum());
    if (webNow) {
      v.prepare();
    }
    return v;
  }

  /** The lesson pane with its WebView already created. */
  public static LessonView lessonView(Content content) {
    return lessonView(content, true);
  }

  /** The window's content (for tests that look at its splits). */
  public dev.lakehouse.workbench.app.ui.WorkbenchView view() {
    return view;
  }

  public WorkbenchViewModel viewModel() {
    return vm;
  }

  public void start(Stage stage) {
    this.stage = stage;
    Scene scene = new Scene(view, 1280, 800);
    Theme.apply(scene, vm.darkProperty().get());
    vm.darkProperty().addListener((o, was, dark) -> Theme.apply(scene, dark));
    stage.setTitle("Lakehouse Workbench — " + context.dataDir());
    stage.setScene(scene);
    restoreWindow(stage);
    lessonView.setOnFirstPage(() -> afterFrameRendered(() -> {
      System.out.println("ready in " + StartupClock.sinceProcessStart() + " ms");
      if (Boolean.getBoolean(BENCH_PROPERTY)) {
        System.out.println("ready in " + StartupClock.sinceJvmStart() + " ms from the JVM's own start time");
      }
      WorkbenchLauncher.trace("first lesson on screen");
      Platform.runLater(this::completeStartup);
    }));
    restoreSplits();
    vm.select(vm.startDay());
    stage.show();
  }

  /**
   * What the first frame left out, done while the learner reads: the sidebar in the next frame, then
   * the notes editor; WebKit's native library, the HTML renderer and the lab's lake load in the
   * background, then the WebView is created and takes over the lesson pane once it has the page.
   */
  private void completeStartup() {
    view.installSidebar();
    afterNextFrame(stage.getScene(), () -> {
      WorkbenchLauncher.trace("sidebar on screen");
      Platform.runLater(this::completeWindow);
    });
  }

  private void completeWindow() {
    view.installNotes();
    if (Boolean.getBoolean(BENCH_PROPERTY) || Boolean.getBoolean("workbench.trace")) {
      afterNextFrame(stage.getScene(), () -> System.out.println(
          "whole window on screen in " + StartupClock.sinceProcessStart() + " ms"));
    }
    loadTheRest();
  }

  private void loadTheRest() {
    CompletableFuture.runAsync(() -> {
      EarlyStart.loadWebKit();
      context.renderer();
      WorkbenchLauncher.trace("webkit and renderer loaded");
    }).whenComplete((ok, e) -> Platform.runLater(() -> {
      lessonView.prepare();
      WorkbenchLauncher.trace("web view created");
      CompletableFuture.runAsync(() -> {
        context.labs();
        WorkbenchLauncher.trace("labs loaded");
      }).whenComplete((loaded, failed) -> ClassDataArchive.refreshInBackground()); // a lab problem shows in the Lab tab
      if (Boolean.getBoolean(BENCH_PROPERTY)) {
        new StartupBench(vm, lessonView).run();
      }
    }));
  }

  /** Saves the note, window and splits, waits for pending writes, and closes the context. */
  public void stop() {
    vm.flushNote();
    if (stage != null) {
      vm.remember(WINDOW, String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b",
          stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized()));
      vm.remember(SPLITS, String.format(Locale.ROOT, "%.4f,%.4f",
          view.mainSplit().getDividerPositions()[0], view.lessonSplit().getDividerPositions()[0]));
    }
    executor.drain(3000);
    context.close();
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

  /** Runs {@code r} on a background thread once the next frame of {@code scene} is on the screen. */
  private static void afterNextFrame(Scene scene, Runnable r) {
    Runnable[] once = new Runnable[1];
    once[0] = () -> {
      scene.removePostLayoutPulseListener(once[0]);
      afterFrameRendered(r);
    };
    scene.addPostLayoutPulseListener(once[0]);
  }

  /**
   * Runs {@code r} on a background thread once the render thread has drawn the frame laid out last:
   * a job queued behind it on that single thread runs after the frame is on the screen, so
   * "ready" is measured to pixels, not to layout. Where the toolkit is not Quantum, runs it at once.
   */
  private static void afterFrameRendered(Runnable r) {
    Thread t = new Thread(() -> {
      try {
        com.sun.javafx.tk.quantum.QuantumToolkit.runInRenderThreadAndWait(() -> { });
      } catch (RuntimeException | LinkageError ignored) {
        // another toolkit: the frame has been handed over, which is as close as it gets
      }
      r.run();
    }, "first-frame");
    t.setDaemon(true);
    t.start();
  }
}
