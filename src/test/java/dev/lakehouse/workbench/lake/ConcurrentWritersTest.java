package dev.lakehouse.workbench.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.sql.SqlSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate JVM processes committing to one table, and a process killed in the middle of writes. */
class ConcurrentWritersTest {

  @TempDir Path dir;

  private static Process worker(Path dataDir, int id, int count, Path log) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp,
        AppendWorker.class.getName(), dataDir.toString(), "w.t", String.valueOf(id), String.valueOf(count));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void fourProcessesAppendingNeverClaimTheSameVersion() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      new SqlSession(lake).execute("CREATE TABLE w.t (worker INT, i INT)");
    }
    List<Process> ps = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      ps.add(worker(dir, w, 25, dir.resolve("worker" + w + ".log")));
    }
    for (int w = 0; w < 4; w++) {
      assertThat(ps.get(w).waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(ps.get(w).exitValue()).as(Files.readString(dir.resolve("worker" + w + ".log"))).isZero();
    }
    Path table = dir.resolve("lake/w/t");
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      assertThat(s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).count()).isEqualTo(101);
    }
    try (Lake lake = Lake.open(dir)) {
      TableId id = TableId.parse("w.t");
      assertThat(lake.latestVersion(id)).isEqualTo(100);
      List<VersionInfo> h = lake.history(id);
      assertThat(h.stream().filter(v -> v.operation().equals("WRITE")).count()).isEqualTo(100);
      List<List<Object>> rows = new SqlSession(lake)
          .execute("SELECT worker, i, count(*) FROM w.t GROUP BY ALL ORDER BY ALL").get(0).rows();
      assertThat(rows).hasSize(100).allSatisfy(r -> assertThat(r.get(2)).isEqualTo(50L));
    }
    assertThat(new KernelReader().rows(table, 100)).hasSize(100 * 50);
  }

  @Test
  void killDashNineLeavesTheTableAtItsLastCommit() throws Exception {
    try (Lake lake = Lake.open(dir)) {
      new SqlSession(lake).execute("CREATE TABLE w.t (worker INT, i INT)");
    }
    Path table = dir.resolve("lake/w/t");
    Process p = worker(dir, 7, 100_000, dir.resolve("killed.log"));
    long deadline = System.currentTimeMillis() + 120_000;
    while (!Files.exists(table.resolve("_delta_log/00000000000000000005.json")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(37);
    p.destroyForcibly(); // SIGKILL on Linux
    p.waitFor(30, TimeUnit.SECONDS);
    try (Lake lake = Lake.open(dir)) {
      TableId id = TableId.parse("w.t");
      long v = lake.latestVersion(id);
      assertThat(v).isGreaterThanOrEqualTo(5);
      SqlSession sql = new SqlSession(lake);
      assertThat(sql.execute("SELECT count(*) FROM w.t").get(0).rows().get(0).get(0)).isEqualTo(v * 50);
      assertThat(new KernelReader().rows(table, v)).hasSize((int) v * 50);
      // files of an unfinished write are invisible, and VACUUM removes them after the retention
      Set<String> live = lake.snapshot(id, v).files().stream().map(DataFile::path).collect(Collectors.toSet());
      Set<String> onDisk = new HashSet<>();
      try (Stream<Path> s = Files.list(table)) {
        s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).forEach(onDisk::add);
      }
      assertThat(onDisk).containsAll(live);
      sql.execute("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
      sql.execute("VACUUM w.t RETAIN 0 HOURS");
      try (Stream<Path> s = Files.list(table)) {
        assertThat(s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).collect(Collectors.toSet()))
            .isEqualTo(live);
      }
    }
  }

  @Test
  void twoProcessesAppendingToAnIcebergTableMakeOneSnapshotPerDeltaVersion() throws Exception {
    // each process converts after each of its commits; without the conversion lock both commit a
    // snapshot for the same Delta version (Iceberg's transaction retries on top of the other's)
    try (Lake lake = Lake.open(dir)) {
      new SqlSession(lake).execute("CREATE TABLE w.t (worker INT, i INT) TBLPROPERTIES "
          + "('delta.universalFormat.enabledFormats' = 'iceberg')");
    }
    List<Process> ps = List.of(worker(dir, 0, 8, dir.resolve("a.log")), worker(dir, 1, 8, dir.resolve("b.log")));
    for (int w = 0; w < 2; w++) {
      assertThat(ps.get(w).waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(ps.get(w).exitValue()).as(Files.readString(dir.resolve(w == 0 ? "a.log" : "b.log"))).isZero();
    }
    try (Lake lake = Lake.open(dir)) {
      TableId id = TableId.parse("w.t");
      List<Long> converted = IcebergTables.snapshots(lake, id).stream().map(IcebergSnapshot::deltaVersion).toList();
      assertThat(converted).isEqualTo(java.util.stream.LongStream.rangeClosed(0, 16).boxed().toList());
      assertThat(IcebergTables.read(lake, id, 16).rows()).hasSize(16 * 50);
    }
  }
}
