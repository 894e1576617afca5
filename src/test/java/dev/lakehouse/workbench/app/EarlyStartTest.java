package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
