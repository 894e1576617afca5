package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab SQL can neither reach files outside the lake nor destroy the learner's own: tables live only in
 * the lake or under an external location the learner declared, VACUUM deletes only a table's own data
 * files, and a DROP that fails deletes nothing.
 */
class LakeSafetyTest {

  @TempDir Path dataDir;
  @TempDir Path home;
  private Lake lake;
  private SqlSession sql;

  @BeforeEach
  void open() throws Exception {
    home = home.toRealPath();
    lake = Lake.open(dataDir);
    sql = new SqlSession(lake);
  }

  @AfterEach
  void close() {
    lake.close();
  }

  private static WorkbenchException.Kind kind(Throwable t) {
    return ((WorkbenchException) t).kind();
  }

  private Path keepsake(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    return file;
  }

  @Test
  void aLocationAnywhereIsRefusedUntilTheLearnerDeclaresOne() throws Exception {
    Path secret = keepsake(home.resolve("docs/id_rsa"), "PRIVATE KEY");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE t (id INT) LOCATION '" + home.resolve("docs") + "'"))
        .hasMessageContaining("not inside an external location").hasMessageContaining("CREATE EXTERNAL LOCATION")
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
    assertThat(lake.root().resolve("default/t")).doesNotExist();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM read_text('" + secret + "')")).hasMessageContaining("read_text")
        .hasMessageNotContaining("PRIVATE").hasMessageNotContaining("LOCATION");
    assertThatThrownBy(() -> sql.execute("SELECT * FROM delta.`" + home.resolve("docs") + "`"))
        .hasMessageContaining("not inside an external location");
    assertThat(secret).hasContent("PRIVATE KEY");
  }

  @Test
  void theDataFolderTheLakeASchemaAndTheirAncestorsCanNeverHoldTables() throws Exception {
    sql.execute("CREATE TABLE shop.orders (id INT); INSERT INTO shop.orders VALUES (1)");
    Path data = dataDir.toRealPath();
    for (String url : List.of(data.toString(), data.resolve("lake").toString(), data.getParent().toString(), "/", data + "/notes")) {
      assertThatThrownBy(() -> sql.execute("CREATE EXTERNAL LOCATION bad URL '" + url + "'")).as(url)
          .hasMessageContaining("cannot be an external location");
    }
    for (String path : List.of(data.toString(), data.resolve("lake").toString(), data.resolve("lake/shop").toString(),
        data.resolve("lake/shop/orders/_delta_log").toString())) {
      assertThatThrownBy(() -> sql.execute("CREATE TABLE delta.`" + path + "` (id INT)")).as(path)
          .isInstanceOf(WorkbenchException.class);
      assertThatThrownBy(() -> sql.execute("VACUUM delta.`" + path + "` RETAIN 0 HOURS")).as(path)
          .isInstanceOf(WorkbenchException.class);
      assertThatThrownBy(() -> sql.execute("CREATE TABLE x LOCATION '" + path + "'")).as(path)
          .isInstanceOf(WorkbenchException.class);
    }
    assertThat(sql.execute("SELECT count(*) FROM shop.orders").get(0).rows()).containsExactly(List.of(1L));
    assertThat(lake.tables()).containsExactly(TableId.of("shop", "orders"));
  }

  @Test
  void vacuumDeletesOnlyTheDataFilesItsTableCouldHaveWritten() throws Exception {
    sql.execute("CREATE EXTERNAL LOCATION mine URL '" + home + "'");
    Path table = home.resolve("orders");
    sql.execute("CREATE TABLE ext (id INT) LOCATION '" + table + "'");
    Path key = keepsake(table.resolve("id_rsa"), "PRIVATE KEY");
    Path thesis = keepsake(table.resolve("drafts/thesis.docx"), "chapter 1");
    Path stray = keepsake(table.resolve("photos/beach.parquet.jpg"), "jpeg");
    sql.execute("INSERT INTO ext VALUES (1); INSERT OVERWRITE ext VALUES (2)");
    try (Stream<Path> s = Files.walk(table)) {
      s.filter(f -> f.toString().endsWith(".parquet")).forEach(f -> {
        try {
          Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
    sql.execute("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    List<StatementResult> r = sql.execute("VACUUM ext RETAIN 0 HOURS");
    assertThat(key).hasContent("PRIVATE KEY");
    assertThat(thesis).hasContent("chapter 1");
    assertThat(stray).exists();
    assertThat(sql.execute("SELECT * FROM ext").get(0).rows()).containsExactly(List.of(2));
    assertThat(r.get(0).message()).doesNotContain("id_rsa");
  }

  @Test
  void aNonEmptyFolderOrAFolderInsideATableCannotBecomeATable() throws Exception {
    sql.execute("CREATE EXTERNAL LOCATION mine URL '" + home + "'");
    keepsake(home.resolve("photos/beach.jpg"), "jpeg");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE p (id INT) LOCATION '" + home.resolve("photos") + "'"))
        .hasMessageContaining("not empty");
    sql.execute("CREATE TABLE t (id INT) LOCATION '" + home.resolve("t") + "'");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE inner_t (id INT) LOCATION '" + home.resolve("t/inner") + "'"))
        .hasMessageContaining("inside the table");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE root_t (id INT) LOCATION '" + home + "'"))
        .hasMessageContaining("not inside an external location");
    assertThat(home.resolve("photos/beach.jpg")).hasContent("jpeg");
  }

  @Test
  void locationsAreListedRefusedWhenOverlappingAndDroppedOnlyWhenEmpty() throws Exception {
    sql.execute("CREATE EXTERNAL LOCATION mine URL '" + home + "' COMMENT 'my laptop folder'");
    assertThat(sql.execute("SHOW EXTERNAL LOCATIONS").get(0).rows()).hasSize(1)
        .allSatisfy(row -> assertThat(row.subList(0, 3)).containsExactly("mine", home.toString(), "my laptop folder"));
    assertThatThrownBy(() -> sql.execute("CREATE EXTERNAL LOCATION sub URL '" + home.resolve("a") + "'"))
        .hasMessageContaining("overlaps the external location mine");
    assertThatThrownBy(() -> sql.execute("CREATE EXTERNAL LOCATION mine URL '/tmp/x'")).hasMessageContaining("already exists");
    sql.execute("CREATE TABLE t (id INT) LOCATION '" + home.resolve("t") + "'");
    assertThatThrownBy(() -> sql.execute("DROP EXTERNAL LOCATION mine")).hasMessageContaining("default.t");
    sql.execute("DROP TABLE t; DROP EXTERNAL LOCATION mine");
    assertThat(sql.execute("SHOW EXTERNAL LOCATIONS").get(0).rows()).isEmpty();
    assertThat(home.resolve("t/_delta_log")).isDirectory();
    assertThatThrownBy(() -> sql.execute("SELECT * FROM delta.`" + home.resolve("t") + "`"))
        .hasMessageContaining("not inside an external location");
  }

  @Test
  void registeringAnExistingTableWithOtherColumnsIsRefused() throws Exception {
    sql.execute("CREATE EXTERNAL LOCATION mine URL '" + home + "'");
    sql.execute("CREATE TABLE a (id INT, name STRING) LOCATION '" + home.resolve("a") + "'; DROP TABLE a");
    assertThatThrownBy(() -> sql.execute("CREATE TABLE b (amount DOUBLE) LOCATION '" + home.resolve("a") + "'"))
        .hasMessageContaining("differ from the table");
    sql.execute("CREATE TABLE b LOCATION '" + home.resolve("a") + "'");
    assertThat(lake.describe(TableId.of("default", "b")).columns()).hasSize(2);
  }

  @Test
  void aDropThatFailsDeletesNothing() throws Exception {
    sql.execute("CREATE TABLE s.t (id INT); INSERT INTO s.t VALUES (1), (2)");
    // the drop's first step, moving the folder aside, cannot happen: a file stands where its folder goes
    Files.writeString(lake.root().resolve("_dropped"), "in the way");
    assertThatThrownBy(() -> sql.execute("DROP TABLE s.t")).hasMessageContaining("nothing was deleted")
        .satisfies(e -> assertThat(kind(e)).isEqualTo(WorkbenchException.Kind.FAILURE));
    assertThat(sql.execute("SELECT count(*) FROM s.t").get(0).rows()).containsExactly(List.of(2L));
    Files.delete(lake.root().resolve("_dropped"));
    sql.execute("DROP TABLE s.t");
    assertThat(lake.tables()).isEmpty();
    assertThat(lake.root().resolve("s/t")).doesNotExist();
  }
}
