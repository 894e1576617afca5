package dev.lakehouse.workbench.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time since the process started, which is what a learner waits through. The JVM's own start time
 * ({@code RuntimeMXBean.getStartTime()}) is taken only after the VM is created, so it leaves out
 * mapping the class-data-sharing archive; on Linux the process's age is read from {@code /proc}
 * instead (to 10 ms), elsewhere the JVM's start time is used.
 */
final class StartupClock {

  /** Linux reports process start in clock ticks of 1/100 s (USER_HZ) on every architecture. */
  private static final double TICKS_PER_SECOND = 100.0;

  private StartupClock() {}

  /** Milliseconds since this process started. */
  static long sinceProcessStart() {
    try {
      return Math.max(sinceJvmStart(), processAgeMillis(Files.readString(Path.of("/proc/self/stat")),
          Files.readString(Path.of("/proc/uptime"))));
    } catch (IOException | RuntimeException e) {
      return sinceJvmStart();
    }
  }

  /** CPU time used by all threads of this process so far, in ms, or -1 where the JVM cannot tell. */
  static long processCpuMillis() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1_000_000;
    }
    return -1;
  }

  static long sinceJvmStart() {
    return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  /**
   * The age in ms from the text of {@code /proc/self/stat} (start time is the 22nd field; the
   * command name, the 2nd, is in parentheses and may contain spaces) and {@code /proc/uptime}.
   */
  static long processAgeMillis(String stat, String uptime) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long startTicks = Long.parseLong(fields[19]); // field 22 is the 20th after the name
    double up = Double.parseDouble(uptime.trim().split("\\s+")[0]);
    return Math.round((up - startTicks / TICKS_PER_SECOND) * 1000);
  }
}
