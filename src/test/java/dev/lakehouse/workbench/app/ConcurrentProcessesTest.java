package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.ProgressStores;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight command-line processes at once, round after round, as a learner's scripts (or a script beside
 * the open workbench) run them: every one succeeds and nothing is lost. Note rounds: {@code
 * -Dworkbench.stress.rounds=N} (2 by default: in the first the processes race to create the database,
 * in the second they share one that exists); insert rounds: {@code -Dworkbench.stress.insertRounds=N}
 * (1 by default). Each cold process costs seconds of CPU and the suite must stay quick; ask for 10 of
 * each to stress it.
 */
class ConcurrentProcessesTest {

  private static final int PROCESSES = 8;
  private static final int ROUNDS = Integer.getInteger("workbench.stress.rounds", 2);
  private static final int INSERT_ROUNDS = Integer.getInteger("workbench.stress.insertRounds", 1);

  @TempDir Path dataDir;

  private List<ProcessesTest.Result> round(ExecutorService pool, java.util.function.IntFunction<String[]> verb) throws Exception {
    List<Future<ProcessesTest.Result>> running = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      String[] args = verb.apply(i);
      running.add(pool.submit(() -> ProcessesTest.launch(300, dataDir, args)));
    }
    List<ProcessesTest.Result> out = new ArrayList<>();
    for (Future<ProcessesTest.Result> f : running) {
      out.add(f.get());
    }
    return out;
  }

  @Test
  void eightConcurrentNoteSetsSucceedEveryRoundAndKeepEveryNote() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
    try {
      for (int r = 1; r <= ROUNDS; r++) {
        int round = r;
        for (ProcessesTest.Result res : round(pool, i -> new String[] {"note", "set", String.valueOf(i + 1), "round " + round + " by " + i})) {
          assertThat(res.code()).as("round %d: %s", round, res.err()).isZero();
          assertThat(res.err()).isEmpty();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (ProgressStore store = ProgressStores.open(dataDir, Clock.systemUTC())) {
      for (int i = 0; i < PROCESSES; i++) {
        assertThat(store.note(i + 1)).isEqualTo("round " + ROUNDS + " by " + i);
      }
    }
  }

  @Test
  void eightConcurrentInsertsSucceedEveryRoundAndLoseNoRow() throws Exception {
    try (Lake lake = Lake.open(dataDir)) {
      new SqlSession(lake).execute("CREATE TABLE s.events (proc INT, round INT)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
    try {
      for (int r = 1; r <= INSERT_ROUNDS; r++) {
        int round = r;
        for (ProcessesTest.Result res : round(pool, i -> new String[] {"sql", "INSERT INTO s.events VALUES (" + i + ", " + round + ")"})) {
          assertThat(res.code()).as("round %d: %s", round, res.err()).isZero();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (Lake lake = Lake.open(dataDir)) {
      List<List<Object>> rows = new SqlSession(lake).execute("SELECT count(*), count(DISTINCT proc * 1000 + round) FROM s.events")
          .get(0).rows();
      assertThat(rows).containsExactly(List.of((long) PROCESSES * INSERT_ROUNDS, (long) PROCESSES * INSERT_ROUNDS));
      assertThat(lake.latestVersion(TableId.of("s", "events"))).isEqualTo((long) PROCESSES * INSERT_ROUNDS);
    }
  }
}
