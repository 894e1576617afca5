package dev.lakehouse.workbench.lake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.sql.SqlSession;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own log replay gives delta-standalone's snapshot at every version, across several checkpoints. */
class LogReplayTest {

  @TempDir Path dir;

  @Test
  void replayMatchesDeltaStandaloneAtEveryVersionAcrossCheckpoints() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      SqlSession sql = new SqlSession(lake);
      sql.execute("CREATE TABLE s.t (id INT, p STRING COMMENT 'part', amount DECIMAL(10,2)) PARTITIONED BY (p) "
          + "TBLPROPERTIES ('team' = 'a')");
      for (int i = 0; i < 26; i++) {
        sql.execute("INSERT INTO s.t (id, p, amount) VALUES (" + i + ", '" + (i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "NULL") + "', " + i + ")");
        if (i == 8) {
          sql.execute("DELETE FROM s.t WHERE id < 3");
        }
        if (i == 12) {
          sql.execute("ALTER TABLE s.t ADD COLUMNS (note STRING)");
        }
        if (i == 16) {
          sql.execute("UPDATE s.t SET amount = 0 WHERE p = 'y'");
        }
        if (i == 20) {
          sql.execute("RESTORE TABLE s.t TO VERSION AS OF 5");
        }
      }
      sql.execute("OPTIMIZE s.t");
    }
    Path loc = dir.resolve("lake/s/t");
    try (Stream<Path> files = Files.list(loc.resolve("_delta_log"))) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".checkpoint.parquet")).count()).isGreaterThanOrEqualTo(2);
    }
    DeltaLog standalone = DeltaLog.forTable(new Configuration(), loc.toString());
    long latest = standalone.update().getVersion();
    LogReplay.Listing listing = LogReplay.list(loc);
    assertThat(listing.latest()).isEqualTo(latest);
    try (Duck duck = new Duck(List.of(dir))) {
      LogReplay replay = new LogReplay(new ObjectMapper(), duck);
      for (long v = 0; v <= latest; v++) {
        Snapshot expected = standalone.getSnapshotForVersionAsOf(v);
        LogReplay.State actual = replay.read(loc, listing, v);
        assertThat(actual).as("version %d replayed", v).isNotNull();
        assertThat(actual.version()).isEqualTo(v);
        assertThat(actual.metadata()).as("metadata at %d", v).isEqualTo(expected.getMetadata());
        assertThat(actual.columns()).isEqualTo(DeltaTypes.fromStruct(expected.getMetadata().getSchema()));
        assertThat(describe(actual.files())).as("files at %d", v).isEqualTo(describe(expected.getAllFiles()));
      }
    }
  }

  @Test
  void lakeReadsWithoutLoadingDeltaStandaloneAndAgreesWithIt() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      new SqlSession(lake).execute("CREATE TABLE s.t (id INT); INSERT INTO s.t VALUES (1); INSERT INTO s.t VALUES (2)");
    }
    try (Lake lake = Lake.open(dir)) {
      TableId t = TableId.parse("s.t");
      assertThat(lake.snapshot(t, TimeTravel.version(1)).rowCount()).isEqualTo(1);
      assertThat(lake.describe(t).version()).isEqualTo(2);
      assertThat(new SqlSession(lake).execute("SELECT sum(id) FROM s.t").get(0).rows()).containsExactly(List.of(3L));
      // the reads above never opened a DeltaLog
      java.lang.reflect.Field logs = LocalLake.class.getDeclaredField("logs");
      logs.setAccessible(true);
      assertThat((java.util.Map<?, ?>) logs.get(lake)).isEmpty();
    }
  }

  private static List<String> describe(List<AddFile> files) {
    return files.stream()
        .map(f -> f.getPath() + " " + f.getSize() + " " + f.getPartitionValues() + " " + f.getStats() + " " + f.isDataChange())
        .sorted().collect(Collectors.toList());
  }
}
