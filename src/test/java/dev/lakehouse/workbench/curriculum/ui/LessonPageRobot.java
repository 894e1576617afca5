package dev.lakehouse.workbench.curriculum.ui;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicks what a learner clicks in a lesson's web page: it scrolls the element into view, asks the
 * page where it is and moves the mouse there, so the click goes through the WebView as a real one.
 */
public final class LessonPageRobot {

  private LessonPageRobot() {}

  /** Waits until the page has an element for {@code cssSelector}, then clicks its middle. */
  public static void click(FxRobot robot, LessonView view, String cssSelector) throws Exception {
    String js = "(function(){var a=document.querySelector(\"" + cssSelector.replace("\"", "\\\"") + "\");"
        + "if(!a)return '';a.scrollIntoView();var b=a.getBoundingClientRect();"
        + "return (b.left+b.width/2)+','+(b.top+b.height/2);})()";
    String[] at = new String[1];
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.showsWebPage() && WaitForAsyncUtils.asyncFx(() -> {
      Object r = view.engine().getDocument() == null ? "" : view.engine().executeScript(js);
      at[0] = String.valueOf(r);
      return !at[0].isEmpty();
    }).get());
    WaitForAsyncUtils.waitForFxEvents();
    // ask again: the page may have been laid out anew after scrolling
    at[0] = String.valueOf(WaitForAsyncUtils.asyncFx(() -> view.engine().executeScript(js)).get());
    String[] xy = at[0].split(",");
    Bounds b = WaitForAsyncUtils.asyncFx(() -> view.localToScreen(view.getBoundsInLocal())).get();
    robot.clickOn(new Point2D(b.getMinX() + Double.parseDouble(xy[0]), b.getMinY() + Double.parseDouble(xy[1])));
    WaitForAsyncUtils.waitForFxEvents();
  }
}
