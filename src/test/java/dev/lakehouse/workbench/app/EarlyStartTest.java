package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class EarlyStartTest {

  @Test
  void onlyArgumentsWithoutAVerbStartTheToolkitEarly() {
    assertThat(EarlyStart.opensWorkbench(List.of())).isTrue();
    assertThat(EarlyStart.opensWorkbench(List.of("--data-dir", "/tmp/x"))).isTrue();
    assertThat(EarlyStart.opensWorkbench(List.of("--data-dir=/tmp/x", "--verbose"))).isTrue();
    assertThat(EarlyStart.opensWorkbench(List.of("--data-dir", "/tmp/x", "progress"))).isFalse();
    assertThat(EarlyStart.opensWorkbench(List.of("sql", "SELECT 1"))).isFalse();
    assertThat(EarlyStart.opensWorkbench(List.of("--help"))).isFalse();
    assertThat(EarlyStart.opensWorkbench(List.of("--data-dir"))).isFalse();
  }

  @Test
  void theClassPathWarningIsDroppedAndOtherJavaFxMessagesStay() {
    EarlyStart.quietClassPathWarning();
    System.gc(); // the filter must survive: the logger is held, not only weakly known to j.u.l.
    Logger javafx = Logger.getLogger("javafx");
    assertThat(javafx.getFilter()).isNotNull();
    assertThat(javafx.getFilter().isLoggable(new LogRecord(Level.WARNING,
        "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @1'"))).isFalse();
    assertThat(javafx.getFilter().isLoggable(new LogRecord(Level.WARNING, "CSS Error parsing"))).isTrue();
  }
}
