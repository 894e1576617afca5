package dev.lakehouse.workbench.curriculum.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.curriculum.internal.FlexmarkLessonRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The lesson pane's two faces, headless: the native first frame, then the WebView. */
class LessonViewUiTest extends FxRobot {

  private final Path curriculumDir = Path.of(System.getProperty("workbench.project.dir", "."), "curriculum");
  private final Curriculum curriculum = Curriculum.load(curriculumDir);
  private final FlexmarkLessonRenderer renderer = new FlexmarkLessonRenderer();
  private Stage stage;

  @BeforeEach
  void stage() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
  }

  @Test
  void withoutAWebViewTheLessonIsDrawnNativelyAndTheWebViewReplacesItWhenItHasThePage() throws Exception {
    CurriculumDay day8 = curriculum.day(8);
    LessonView view = new LessonView(curriculumDir);
    boolean[] firstPage = {false};
    FxToolkit.setupFixture(() -> {
      view.setOnFirstPage(() -> firstPage[0] = true);
      stage.setScene(new Scene(view, 900, 700));
      stage.show();
      view.show(day8, () -> renderer.renderPage(day8.lesson(), false));
    });
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> firstPage[0]);

    assertThat(view.showsWebPage()).isFalse();
    assertThat(texts(view, ".md-h1")).containsExactly(day8.lesson().title());
    assertThat(texts(view, ".md-h2")).contains("Today's doable", "Further reading");
    assertThat(view.lookupAll(".lesson-eyebrow")).hasSize(1);
    assertThat(view.lookupAll(".lesson-focus")).hasSize(1);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> texts(view, ".md-text").stream()
        .anyMatch(t -> day8.lesson().doable().startsWith(t)));

    FxToolkit.setupFixture(view::prepare);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::showsWebPage);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(view.lookupAll(".lesson-preview")).isEmpty();
    assertThat(WaitForAsyncUtils.asyncFx(() -> view.engine().getDocument().getElementsByTagName("h1").item(0)
        .getTextContent()).get()).isEqualTo(day8.lesson().title());
  }

  @Test
  void aScrolledPreviewStaysUntilTheNextLessonSoTheTextDoesNotJump() throws Exception {
    CurriculumDay day3 = curriculum.day(3);
    CurriculumDay day4 = curriculum.day(4);
    LessonView view = new LessonView(curriculumDir);
    FxToolkit.setupFixture(() -> {
      stage.setScene(new Scene(view, 900, 700));
      stage.show();
      view.show(day3, () -> renderer.renderPage(day3.lesson(), false));
    });
    WaitForAsyncUtils.waitForFxEvents();
    boolean[] loaded = {false};
    FxToolkit.setupFixture(() -> {
      ((javafx.scene.control.ScrollPane) view.lookup(".lesson-preview")).setVvalue(0.5);
      view.setOnPageLoaded(() -> loaded[0] = true);
      view.prepare();
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> loaded[0]);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(view.showsWebPage()).isFalse();
    assertThat(texts(view, ".md-h1")).containsExactly(day3.lesson().title());

    FxToolkit.setupFixture(() -> view.show(day4, () -> renderer.renderPage(day4.lesson(), false)));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::showsWebPage);
  }

  @Test
  void codeBlocksKeepTheirIndentationAndScrollSidewaysInANarrowWindowInBothFaces() throws Exception {
    CurriculumDay day3 = curriculum.day(3);
    CurriculumDay day12 = curriculum.day(12);
    LessonView view = new LessonView(curriculumDir);
    FxToolkit.setupFixture(() -> {
      stage.setScene(new Scene(view, 900, 700));
      stage.show();
      view.show(day3, () -> renderer.renderPage(day3.lesson(), false));
    });
    // the learner narrows the window
    FxToolkit.setupFixture(() -> stage.setWidth(460));
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> texts(view, ".md-codeblock-text").stream()
        .anyMatch(t -> t.startsWith("# models/staging/_sources.yml")));
    assertThat(texts(view, ".md-codeblock-text").stream().filter(t -> t.startsWith("# models/staging/_sources.yml")))
        .singleElement().asString()
        .contains("sources:\n  - name: shop\n    schema: lab03\n    tables:\n      - name: raw_orders");

    FxToolkit.setupFixture(() -> view.show(day12, () -> renderer.renderPage(day12.lesson(), false)));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> texts(view, ".md-codeblock-text").stream()
        .anyMatch(t -> t.startsWith("WITH daily AS (")));
    WaitForAsyncUtils.waitForFxEvents();
    Text with = WaitForAsyncUtils.asyncFx(() -> view.lookupAll(".md-codeblock-text").stream()
        .map(Text.class::cast).filter(t -> t.getText().startsWith("WITH daily AS (")).findFirst().orElseThrow()).get();
    assertThat(with.getText()).contains("\n         count(*)");
    double lineHeight = with.getFont().getSize() * 1.5;
    long lines = with.getText().lines().count();
    assertThat(with.getLayoutBounds().getHeight()).as("no line wraps").isLessThan((lines + 1) * lineHeight);
    javafx.scene.control.ScrollPane block = WaitForAsyncUtils.asyncFx(() -> {
      javafx.scene.Node n = with;
      while (!(n instanceof javafx.scene.control.ScrollPane)) {
        n = n.getParent();
      }
      return (javafx.scene.control.ScrollPane) n;
    }).get();
    assertThat(with.getLayoutBounds().getWidth()).as("wider than its block")
        .isGreaterThan(block.getViewportBounds().getWidth());
    javafx.geometry.Bounds b = block.localToScene(block.getBoundsInLocal());
    assertThat(b.getMaxX()).as("the block stays inside the window").isLessThanOrEqualTo(460);

    // the web page: the same shape, and the block scrolls sideways
    FxToolkit.setupFixture(view::prepare);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::showsWebPage);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> String.valueOf(
        view.engine().executeScript("document.querySelectorAll('pre.code').length"))).get().matches("[1-9]\\d*"));
    String shape = String.valueOf(WaitForAsyncUtils.asyncFx(() -> view.engine().executeScript(
        "(function(){var ps=document.querySelectorAll('pre.code');for(var i=0;i<ps.length;i++){"
            + "if(ps[i].textContent.indexOf('WITH daily AS (')==0){var p=ps[i];"
            + "return (p.scrollWidth>p.clientWidth)+'|'+getComputedStyle(p).whiteSpace+'|'+p.textContent;}}return 'none';})()"))
        .get());
    assertThat(shape).startsWith("true|pre|").contains("\n         count(*)");
  }

  private static List<String> texts(Node root, String selector) {
    try {
      return WaitForAsyncUtils.asyncFx(() -> root.lookupAll(selector).stream()
          .filter(Text.class::isInstance).map(n -> ((Text) n).getText()).toList()).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
