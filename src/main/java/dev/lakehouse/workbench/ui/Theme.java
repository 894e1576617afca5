package dev.lakehouse.workbench.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;

/** AtlantaFX Primer light and dark, plus the workbench's own stylesheet on top. */
public final class Theme {

  private static final String WORKBENCH_CSS =
      Objects.requireNonNull(Theme.class.getResource("workbench.css")).toExternalForm();

  private Theme() {}

  /**
   * Loads the light theme's stylesheet, the default, so the first scene does not wait for it; the
   * workbench calls it while the progress database is still opening.
   */
  public static void preload() {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
  }

  public static void apply(Scene scene, boolean dark) {
    Application.setUserAgentStylesheet(dark
        ? new PrimerDark().getUserAgentStylesheetBSS()
        : new PrimerLight().getUserAgentStylesheetBSS());
    if (!scene.getStylesheets().contains(WORKBENCH_CSS)) {
      scene.getStylesheets().add(WORKBENCH_CSS);
    }
    scene.getRoot().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), dark);
  }
}
