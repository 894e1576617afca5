package dev.lakehouse.workbench.curriculum.ui;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.scene.layout.StackPane;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;

/**
 * Shows a rendered lesson page in a WebView with JavaScript off. Links never navigate inside the
 * view: {@code http(s)} links go to the system browser, links to other lesson files go to
 * {@code onLessonLink}. The WebView is created by {@link #prepare()} or on the first page.
 */
public final class LessonView extends StackPane {

  private final Path baseDir;
  private Consumer<String> openExternal = url -> { };
  private Consumer<String> onLessonLink = name -> { };
  private Consumer<String> onSendToLab = sql -> { };
  private WebView web;
  private String page = "";
  private Runnable onFirstPage;
  private Runnable onPageLoaded = () -> { };

  public LessonView(Path curriculumDir) {
    this.baseDir = curriculumDir.toAbsolutePath();
    getStyleClass().add("lesson-view");
  }

  /** Where links go: web links to {@code openExternal}, lesson files (by file name) to {@code onLessonLink}. */
  public void setLinkHandlers(Consumer<String> openExternal, Consumer<String> onLessonLink) {
    this.openExternal = openExternal;
    this.onLessonLink = onLessonLink;
  }

  /** Creates the WebView now rather than on the first page. */
  /** Where the SQL of a "Send to lab" link under a lesson's code block goes. */
  public void setOnSendToLab(Consumer<String> onSendToLab) {
    this.onSendToLab = onSendToLab;
  }

  public void prepare() {
    if (web == null) {
      createWebView();
    }
  }

  /** Runs once, after the first page has been laid out. */
  public void setOnFirstPage(Runnable r) {
    this.onFirstPage = r;
  }

  /** Runs after every page has loaded (used by the start-up benchmark). */
  public void setOnPageLoaded(Runnable r) {
    this.onPageLoaded = r;
  }

  public void show(String html) {
    if (web == null) {
      createWebView();
    }
    String base = baseDir.toUri().toString();
    page = html.replaceFirst("<head>", "<head><base href=\"" + base + "\">");
    web.getEngine().loadContent(page);
  }

  /** The engine, for tests that read the page. */
  public WebEngine engine() {
    return web == null ? null : web.getEngine();
  }

  private void createWebView() {
    web = new WebView();
    web.setContextMenuEnabled(false);
    WebEngine engine = web.getEngine();
    engine.setJavaScriptEnabled(false);
    engine.locationProperty().addListener((obs, old, location) -> intercept(location));
    engine.getLoadWorker().stateProperty().addListener((obs, old, state) -> {
      if (state != Worker.State.SUCCEEDED) {
        return;
      }
      if (onFirstPage != null) {
        Runnable r = onFirstPage;
        onFirstPage = null;
        Platform.runLater(r);
      }
      onPageLoaded.run();
    });
    getChildren().add(web);
  }

  private void intercept(String location) {
    if (location == null || location.isEmpty() || location.equals("about:blank")) {
      return;
    }
    String shown = page;
    Platform.runLater(() -> {
      WebEngine engine = web.getEngine();
      engine.getLoadWorker().cancel();
      if (location.equals(engine.getLocation()) && shown.equals(page)) {
        engine.loadContent(page);
      }
    });
    java.util.Optional<String> sql = dev.lakehouse.workbench.curriculum.LessonRenderer.sentToLab(location);
    if (sql.isPresent()) {
      onSendToLab.accept(sql.get());
      return;
    }
    if (location.startsWith("http://") || location.startsWith("https://") || location.startsWith("mailto:")) {
      openExternal.accept(location);
      return;
    }
    try {
      URI uri = URI.create(location);
      String name = Path.of(uri.getPath()).getFileName().toString();
      if (name.endsWith(".md")) {
        onLessonLink.accept(name);
      }
    } catch (RuntimeException ignored) {
      // a link we do not understand: stay on the lesson
    }
  }
}
