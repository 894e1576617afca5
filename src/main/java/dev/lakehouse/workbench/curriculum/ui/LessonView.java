package dev.lakehouse.workbench.curriculum.ui;

import dev.lakehouse.workbench.curriculum.CurriculumDay;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;

/**
 * Shows a lesson page in a WebView with JavaScript off. Links never navigate inside the view:
 * {@code http(s)} links go to the system browser, links to other lesson files go to
 * {@code onLessonLink}.
 *
 * <p>Until {@link #prepare()} creates the WebView (the slowest control to build), the lesson is
 * drawn natively by {@link LessonPreview}, so the first frame needs no WebKit. Once the WebView has
 * loaded the page it takes the preview's place, unless the learner has scrolled the preview: then
 * the swap waits for the next page, so the text never jumps under the reader.
 */
public final class LessonView extends StackPane {

  private final Path baseDir;
  private Consumer<String> openExternal = url -> { };
  private Consumer<String> onLessonLink = name -> { };
  private Consumer<String> onSendToLab = sql -> { };
  /** Blocks of the first lesson laid out in the first frame: about what the pane shows at first. */
  private static final int FIRST_FRAME_BLOCKS = 8;

  private final ScrollPane preview = new ScrollPane();
  private WebView web;
  private String page = "";
  private java.util.function.Supplier<String> pending;
  private Runnable onFirstPage;
  private Runnable onPageLoaded = () -> { };
  /** The day on the page, and where the page was scrolled when the same day is drawn again. */
  private int shownDay = -1;
  private Double keepScroll;
  /** Text to scroll to once the next page has loaded (a search hit's term), or null. */
  private String reveal;

  public LessonView(Path curriculumDir) {
    this.baseDir = curriculumDir.toAbsolutePath();
    getStyleClass().add("lesson-view");
    preview.getStyleClass().add("lesson-preview");
    preview.setFitToWidth(true);
    preview.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
  }

  /** Where links go: web links to {@code openExternal}, lesson files (by file name) to {@code onLessonLink}. */
  public void setLinkHandlers(Consumer<String> openExternal, Consumer<String> onLessonLink) {
    this.openExternal = openExternal;
    this.onLessonLink = onLessonLink;
  }

  /** Where the SQL of a "Send to lab" link under a lesson's code block goes. */
  public void setOnSendToLab(Consumer<String> onSendToLab) {
    this.onSendToLab = onSendToLab;
  }

  /** Creates the WebView; it shows the current page, if any, as soon as that has loaded. */
  public void prepare() {
    if (web == null) {
      createWebView();
      if (pending != null) {
        load(pending.get());
      }
    }
  }

  /** Whether the page on screen is the WebView's (false while the native preview shows). */
  public boolean showsWebPage() {
    return web != null && web.isVisible();
  }

  /** Runs once, after the first page has been laid out (natively or in the WebView). */
  public void setOnFirstPage(Runnable r) {
    this.onFirstPage = r;
  }

  /** Runs after every page has loaded (used by the start-up benchmark). */
  public void setOnPageLoaded(Runnable r) {
    this.onPageLoaded = r;
  }

  /** Shows {@code day}; {@code html} renders its web page, asked for only when the WebView exists. */
  public void show(CurriculumDay day, java.util.function.Supplier<String> html) {
    pending = html;
    // the same day drawn again (a theme change) keeps its place on the page
    keepScroll = null;
    if (web != null && shownDay == day.day() && web.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED) {
      Object y = web.getEngine().executeScript("window.scrollY");
      keepScroll = y instanceof Number n ? n.doubleValue() : null;
    }
    shownDay = day.day();
    if (web != null) {
      load(html.get());
    }
    if (web == null || !web.isVisible()) {
      // the first frame builds and lays out a screenful; the rest follows right after it
      LessonPreview.Page page = LessonPreview.of(day, onFirstPage != null ? FIRST_FRAME_BLOCKS : Integer.MAX_VALUE);
      if (!page.complete()) {
        afterLayout(page::addRest);
      }
      preview.setContent(page.box());
      preview.setVvalue(0);
      if (!getChildren().contains(preview)) {
        getChildren().add(preview);
      }
      if (onFirstPage != null) {
        afterLayout(this::firstPageShown);
      }
    }
  }

  private void load(String html) {
    String base = baseDir.toUri().toString();
    page = html.replaceFirst("<head>", "<head><base href=\"" + base + "\">");
    web.getEngine().loadContent(page);
  }

  /** Runs {@code r} once, after the next pulse has laid the scene out (the frame then goes to the screen). */
  private void afterLayout(Runnable r) {
    if (getScene() == null) {
      sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
        @Override
        public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
            javafx.scene.Scene old, javafx.scene.Scene scene) {
          if (scene != null) {
            sceneProperty().removeListener(this);
            afterLayout(r);
          }
        }
      });
      return;
    }
    javafx.scene.Scene scene = getScene();
    Runnable[] once = new Runnable[1];
    once[0] = () -> {
      scene.removePostLayoutPulseListener(once[0]);
      Platform.runLater(r);
    };
    scene.addPostLayoutPulseListener(once[0]);
  }

  private void firstPageShown() {
    if (onFirstPage != null) {
      Runnable r = onFirstPage;
      onFirstPage = null;
      r.run();
    }
  }

  /** The WebView has a page: it replaces the preview unless the learner has scrolled that. */
  private void webPageLoaded() {
    if (!web.isVisible() && preview.getVvalue() <= preview.getVmin()) {
      web.setVisible(true);
      getChildren().remove(preview);
    }
  }

  /**
   * Scrolls to the first place {@code text} occurs and selects it: on the page on screen when
   * {@code now}, else on the next page once it has loaded. Opening a search hit lands on the match.
   */
  public void reveal(String text, boolean now) {
    reveal = text == null || text.isBlank() ? null : text.strip();
    if (now && web != null && web.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED) {
      revealPending();
    }
  }

  private void revealPending() {
    String text = reveal;
    if (text == null || web == null) {
      return;
    }
    reveal = null;
    if (!web.isVisible()) {
      getChildren().remove(preview); // the learner asked for this place: the web page, which can find it, shows
      web.setVisible(true);
    }
    String quoted = "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ") + "'";
    try {
      // the page's scripts are off; the engine still runs this one, asked for by the workbench itself
      web.getEngine().executeScript("window.getSelection().removeAllRanges();window.find(" + quoted + ", false, false, true)");
    } catch (RuntimeException e) {
      // not found or not possible: the lesson stays at its top
    }
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
      listenForLinkClicks(engine.getDocument());
      webPageLoaded();
      if (keepScroll != null) {
        engine.executeScript("window.scrollTo(0, " + keepScroll + ")");
        keepScroll = null;
      }
      revealPending();
      if (onFirstPage != null && web.isVisible()) {
        Platform.runLater(this::firstPageShown);
      }
      onPageLoaded.run();
    });
    web.setVisible(getChildren().isEmpty());
    getChildren().add(0, web);
  }

  /**
   * A page loaded as content cannot navigate to a {@code file:} address (WebKit refuses it without a
   * word), so a click on a link would do nothing: the page's own click events are caught instead, the
   * link's address resolved against the curriculum folder and handled here. Links within the page
   * ({@code #...}) keep their default of scrolling to the anchor.
   */
  private void listenForLinkClicks(org.w3c.dom.Document doc) {
    if (!(doc instanceof org.w3c.dom.events.EventTarget target)) {
      return;
    }
    target.addEventListener("click", event -> {
      org.w3c.dom.Node n = event.getTarget() instanceof org.w3c.dom.Node node ? node : null;
      while (n != null && !(n instanceof org.w3c.dom.Element e && "a".equalsIgnoreCase(e.getTagName())
          && e.hasAttribute("href"))) {
        n = n.getParentNode();
      }
      if (n == null) {
        return;
      }
      String href = ((org.w3c.dom.Element) n).getAttribute("href").strip();
      if (href.isEmpty() || href.startsWith("#")) {
        return;
      }
      event.preventDefault();
      String location;
      try {
        location = baseDir.toUri().resolve(href).toString();
      } catch (IllegalArgumentException bad) {
        return; // an address we cannot read: stay on the lesson
      }
      handle(location);
    }, false);
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
    handle(location);
  }

  /** Sends a link's address where it belongs: the lab, the browser or another lesson. */
  private void handle(String location) {
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
