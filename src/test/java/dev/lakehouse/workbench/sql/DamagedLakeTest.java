package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage is named as damage (which file, which version, exit 3), and bad input as bad input (exit 2). */
class DamagedLakeTest {

  @TempDir Path dir;
  private Lake lake;
  private SqlSession sql;
  private Path table;

  @BeforeEach
  void open() {
    lake = Lake.open(dir);
    sql = new SqlSession(lake);
    sql.execute("CREATE TABLE s.t (id INT, name STRING); INSERT INTO s.t VALUES (1, 'a'); INSERT INTO s.t VALUES (2, 'b')");
    table = lake.root().resolve("s/t");
  }

  @AfterEach
  void close() {
    lake.close();
  }

  private static WorkbenchException.Kind kind(Throwable t) {
    return ((WorkbenchException) t).kind();
  }

  private void reopen() {
    lake.close();
    lake = Lake.open(dir);
    sql = new SqlSession(lake);
  }

  @Test
  void aZeroByteCommitIsDamageNotAnEmptyVersionToBuildOn() throws Exception {
    Files.write(table.resolve("_delta_log/00000000000000000003.json"), new byte[0]);
    reopen();
    assertThatThrownBy(() -> sql.execute("SELECT count(*) FROM s.t")).hasMessageContaining("damaged at version 3")
        .hasMessageContaining("empty").satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.FAILURE));
    assertThatThrownBy(() -> sql.execute("INSERT INTO s.t VALUES (3, 'c')")).hasMessageContaining("damaged at version 3");
    assertThat(table.resolve("_delta_log/00000000000000000004.json")).doesNotExist();
  }

  @Test
  void aCorruptParquetFileIsNamedWithItsVersionNotBlamedOnTheSql() throws Exception {
    Path file;
    try (Stream<Path> s = Files.list(table)) {
      file = s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    Files.writeString(file, "not parquet at all");
    reopen();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM s.t")).hasMessageContaining("table s.t is damaged: data file " + file.getFileName())
        .hasMessageContaining("of version 2").hasMessageNotContaining("Invalid Input Error").hasMessageNotContaining("Fix the SQL")
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.FAILURE));
  }

  @Test
  void aGarbledCommitAndALostLogSayWhatHappened() throws Exception {
    Files.write(table.resolve("_delta_log/00000000000000000002.json"), new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
    reopen();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM s.t")).hasMessageContaining("damaged at version 2")
        .hasMessageNotContaining("Input length");
    Path logDir = table.resolve("_delta_log");
    try (Stream<Path> s = Files.list(logDir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(logDir);
    reopen();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM s.t")).hasMessageContaining("lost its transaction log")
        .hasMessageNotContaining("not found");
    sql.execute("DROP TABLE s.t");
    assertThat(table).doesNotExist();
  }

  @Test
  void aVersionThatIsNotAWholeNumberIsASyntaxError() {
    for (String q : List.of("SELECT * FROM s.t VERSION AS OF abc", "SELECT * FROM s.t VERSION AS OF 1.5",
        "SELECT * FROM s.t VERSION AS OF 99999999999999999999999", "SELECT * FROM s.t@vX", "SELECT * FROM s.t@v1.5",
        "RESTORE TABLE s.t TO VERSION AS OF abc", "RESTORE TABLE s.t TO VERSION AS OF 1.5")) {
      assertThatThrownBy(() -> sql.execute(q)).as(q).isInstanceOf(WorkbenchException.class)
          .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.BAD_INPUT))
          .hasMessageNotContaining("NumberFormat");
    }
    assertThatThrownBy(() -> sql.execute("SELECT * FROM s.t VERSION AS OF -1")).isInstanceOf(WorkbenchException.class)
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
  }

  @Test
  void aNullColumnWithoutATypeIsRefusedNotTypedInt() {
    assertThatThrownBy(() -> sql.execute("CREATE TABLE s.n AS SELECT NULL AS x")).hasMessageContaining("x")
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
    assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.of("s", "n"))).isFalse();
    sql.execute("CREATE TABLE s.n AS SELECT CAST(NULL AS STRING) AS x");
    assertThat(lake.describe(dev.lakehouse.workbench.lake.TableId.of("s", "n")).columns().get(0).type()).isEqualTo("string");
  }
}
