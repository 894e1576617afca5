package dev.lakehouse.workbench.recap;

/**
 * Hears how a long export goes and may stop it. Called on the exporting thread; the {@code .ui}
 * layer adapts it to a {@code javafx.concurrent.Task}.
 */
public interface ExportListener {

  /** {@code done} of {@code total} steps are finished; {@code message} says what comes next. */
  void progress(int done, int total, String message);

  /** Asked between steps; true stops the export, which then writes nothing. */
  default boolean cancelled() {
    return false;
  }

  static ExportListener silent() {
    return (done, total, message) -> {};
  }
}
