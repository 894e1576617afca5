package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancel stops a running DuckDB statement from another thread within a second, committing nothing. */
class CancelTest {

  @TempDir Path dir;

  @Test
  void cancelInterruptsARunningWriteWithinASecondAndTheNextStatementRuns() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      SqlSession sql = new SqlSession(lake);
      sql.execute("CREATE TABLE t (n BIGINT)");
      CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
        try {
          sql.execute("INSERT INTO t SELECT a.id FROM range(100000000) a, range(1000) b WHERE a.id * b.id % 7 = 3;"
              + " INSERT INTO t VALUES (1)");
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      Thread.sleep(1500);
      assertThat(run).isNotDone();
      long asked = System.nanoTime();
      sql.cancel();
      Throwable t = run.get(10, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - asked) / 1_000_000;
      assertThat(t).hasMessageContaining("cancelled");
      assertThat(millis).isLessThan(1000);
      assertThat(lake.latestVersion(TableId.of("default", "t"))).isZero();
      assertThat(sql.execute("SELECT count(*) FROM t").get(0).rows()).containsExactly(java.util.List.of(0L));
      assertThatThrownBy(() -> sql.execute("SELEC")).isNotNull();
    }
  }
}
