package dev.lakehouse.workbench.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing process with SIGKILL and checks that every write it reported as committed is there. */
class ProgressCrashTest {

  @TempDir Path dataDir;

  /** The child process: writes notes and day states in a loop, printing each committed index. */
  public static void main(String[] args) {
    ProgressStore store = ProgressStores.open(Path.of(args[0]), Clock.systemUTC());
    for (int i = 1; ; i++) {
      int day = (i % 30) + 1;
      store.saveNote(day, "write " + i);
      if (i % 3 == 0) {
        store.markDone(day);
      } else {
        store.markOpened(day);
      }
      System.out.println(i);
      System.out.flush();
    }
  }

  @Test
  void killDashNineLosesNoCommittedWrite() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ProgressCrashTest.class.getName(), dataDir.toString())
        .redirectErrorStream(true)
        .start();
    List<Integer> committed = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.matches("\\d+")) {
          committed.add(Integer.parseInt(line));
        }
        if (committed.size() >= 150) {
          child.destroyForcibly();
          break;
        }
      }
    }
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(committed).hasSizeGreaterThanOrEqualTo(150);

    int last = committed.get(committed.size() - 1);
    try (ProgressStore store = ProgressStores.open(dataDir, Clock.systemUTC())) {
      // every day's latest reported write is there, or a later one that committed before the kill
      for (int i = Math.max(1, last - 29); i <= last; i++) {
        int day = (i % 30) + 1;
        String note = store.note(day);
        assertThat(note).startsWith("write ");
        assertThat(Integer.parseInt(note.substring(6))).as("note of day %d", day).isGreaterThanOrEqualTo(i);
        assertThat(store.day(day).state()).as("state of day %d", day).isNotEqualTo(DayState.NOT_STARTED);
      }
    }
  }
}
