package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StartupClockTest {

  @Test
  void readsTheStartTimeAfterACommandNameWithSpacesAndParentheses() {
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1 0 0 0 5 3 0 0 20 0 30 0 12345 9000 4 "
        + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0";
    // started at tick 12345 = 123.45 s after boot; the uptime is 125.00 s
    assertThat(StartupClock.processAgeMillis(stat, "125.00 240.10\n")).isEqualTo(1550);
  }

  @Test
  void onLinuxTheProcessAgeIncludesTheTimeBeforeTheJvmStartTime() throws Exception {
    Path stat = Path.of("/proc/self/stat");
    assumeTrue(Files.isReadable(stat), "no /proc here");
    long jvm = StartupClock.sinceJvmStart();
    long process = StartupClock.processAgeMillis(Files.readString(stat), Files.readString(Path.of("/proc/uptime")));
    // the VM is created between the two, and /proc counts in 10 ms ticks
    assertThat(process).isBetween(jvm - 20, jvm + 10_000);
  }
}
