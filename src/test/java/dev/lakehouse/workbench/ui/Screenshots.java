package dev.lakehouse.workbench.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Screenshots a UI test leaves in {@code target/screenshots/} for a person to look at (and copy into docs). */
public final class Screenshots {

  private Screenshots() {}

  /** The scene as it is, into {@code target/screenshots/NAME.png}; returns the file. */
  public static Path take(Scene scene, String name) throws IOException, InterruptedException, ExecutionException {
    Path png = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(png.getParent());
    WaitForAsyncUtils.asyncFx(() -> ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", png.toFile())).get();
    return png;
  }

  /**
   * The scene in the light and then the dark theme, into {@code NAME-light.png} and {@code NAME-dark.png};
   * the scene is left dark. Returns the two files.
   */
  public static Path[] lightAndDark(Scene scene, String name) throws IOException, InterruptedException, ExecutionException {
    Path[] out = new Path[2];
    for (boolean dark : new boolean[] {false, true}) {
      WaitForAsyncUtils.asyncFx(() -> {
        Theme.apply(scene, dark);
        scene.getRoot().applyCss();
        scene.getRoot().layout();
      }).get();
      out[dark ? 1 : 0] = take(scene, name + "-" + (dark ? "dark" : "light"));
    }
    return out;
  }
}
