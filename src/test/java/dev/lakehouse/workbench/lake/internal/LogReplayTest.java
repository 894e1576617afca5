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
        LogReplay.State actual = replay.read(loc, listing, v); // continues the previous version's state
        LogReplay.State fresh = new LogReplay(new ObjectMapper(), duck).read(loc, listing, v); // from the checkpoint
        assertThat(actual).as("version %d replayed", v).isNotNull().isEqualTo(fresh);
        assertThat(actual.version()).isEqualTo(v);
        assertThat(actual.metadata()).as("metadata at %d", v).isEqualTo(expected.getMetadata());
        assertThat(actual.columns()).isEqualTo(DeltaTypes.fromStruct(expected.getMetadata().getSchema()));
        assertThat(describe(actual.files())).as("files at %d", v).isEqualTo(describe(expected.getAllFiles()));
      }
    }
  }

  @Test
  void replayServesTablesWithCheckConstraints() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      new SqlSession(lake).execute("CREATE TABLE s.t (id INT); INSERT INTO s.t VALUES (1); "
          + "ALTER TABLE s.t ADD CONSTRAINT positive CHECK (id > 0); ALTER TABLE s.t ALTER COLUMN id SET NOT NULL; "
          + "INSERT INTO s.t VALUES (2)");
    }
    Path loc = dir.resolve("lake/s/t");
    LogReplay.Listing listing = LogReplay.list(loc);
    try (Duck duck = new Duck(List.of(dir))) {
      LogReplay.State state = new LogReplay(new ObjectMapper(), duck).read(loc, listing, 4);
      assertThat(state).isNotNull();
      assertThat(state.metadata().getConfiguration()).containsEntry("delta.constraints.positive", "id > 0");
      assertThat(state.columns().get(0).nullable()).isFalse();
      assertThat(state.files()).hasSize(2);
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

  @Test
  void aTableDroppedAndCreatedAgainIsNotReadFromTheCachedState() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      SqlSession sql = new SqlSession(lake);
      sql.execute("CREATE TABLE s.t (id INT); INSERT INTO s.t VALUES (1)");
      assertThat(sql.execute("SELECT count(*) FROM s.t").get(0).rows()).containsExactly(List.of(1L));
      sql.execute("DROP TABLE s.t; CREATE TABLE s.t (name STRING); INSERT INTO s.t VALUES ('a'), ('b')");
      assertThat(sql.execute("SELECT * FROM s.t ORDER BY name").get(0).rows()).containsExactly(List.of("a"), List.of("b"));
      assertThat(lake.describe(TableId.parse("s.t")).columns()).extracting(c -> c.name()).containsExactly("name");
    }
  }

  private static List<String> describe(List<AddFile> files) {
    return files.stream()
        .map(f -> f.getPath() + " " + f.getSize() + " " + f.getPartitionValues() + " " + f.getStats() + " " + f.isDataChange())
        .sorted().collect(Collectors.toList());
  }
}
