package dev.lakehouse.workbench.app.ui;

import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.app.Content;
import dev.lakehouse.workbench.app.Workbench;
import dev.lakehouse.workbench.curriculum.ui.LessonView;
import dev.lakehouse.workbench.ui.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench window for headless UI tests, opened as the launcher opens it: a real H2 file
 * database in the test's data folder and the project's real lessons and labs. Web links are
 * collected instead of opening a browser.
 */
public final class WorkbenchWindow {

  private final Path dataDir;
  private final Path contentRoot;
  private final Stage stage;
  private final List<String> opened = new ArrayList<>();
  private Workbench workbench;
  private LessonView lessonView;
  private AppContext context;

  /** Registers the primary stage; call from a test's set-up. */
  public WorkbenchWindow(Path dataDir) throws Exception {
    this(dataDir, Path.of(System.getProperty("workbench.project.dir", ".")));
  }

  /** A window on other content (lessons, labs, assets), e.g. a copy of the project's without one day's lab. */
  public WorkbenchWindow(Path dataDir, Path contentRoot) throws Exception {
    this.dataDir = dataDir;
    this.contentRoot = contentRoot;
    this.stage = FxToolkit.registerPrimaryStage();
  }

  public void start() throws Exception {
    start(true);
  }

  /**
   * Opens the window; without {@code webNow} as the launcher does: the first lesson drawn natively,
   * the notes editor and the WebView made after the first frame.
   */
  public void start(boolean webNow) throws Exception {
    Content content = new Content(contentRoot);
    AppContext context = AppContext.open(dataDir, content, Clock.systemUTC());
    this.context = context;
    FxToolkit.setupFixture(() -> {
      lessonView = Workbench.lessonView(content, webNow);
      workbench = new Workbench(context, UiExecutor.background(), lessonView, opened::add);
      workbench.start(stage);
    });
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Closes the window as the learner would: the note, settings and pending writes are saved. */
  public void stop() throws Exception {
    if (workbench != null) {
      Workbench w = workbench;
      workbench = null;
      FxToolkit.setupFixture(w::stop);
    }
  }

  public void restart() throws Exception {
    stop();
    start();
  }

  public Workbench workbench() {
    return workbench;
  }

  /** The services the open window runs on (its lake and lab session). */
  public AppContext context() {
    return context;
  }

  public LessonView lessonView() {
    return lessonView;
  }

  /** The web links the window asked the system browser to open. */
  public List<String> opened() {
    return opened;
  }
}
