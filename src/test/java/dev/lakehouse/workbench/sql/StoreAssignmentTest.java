package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.KernelReader;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's ANSI store assignment for UPDATE SET, INSERT VALUES and MERGE, read back through Delta Kernel. */
class StoreAssignmentTest {

  @TempDir Path dir;
  private Lake lake;
  private SqlSession sql;
  private final KernelReader kernel = new KernelReader();

  @BeforeEach
  void open() {
    lake = Lake.open(dir);
    sql = new SqlSession(lake);
    sql.execute("CREATE TABLE s.t (id INT, amount DECIMAL(10,2), score DOUBLE); INSERT INTO s.t VALUES (1, 2.50, 1.5), (2, 3.25, 2.5)");
  }

  @AfterEach
  void close() {
    lake.close();
  }

  private Path table() {
    return lake.root().resolve("s").resolve("t");
  }

  private List<List<Object>> kernelRows() throws Exception {
    return kernel.rows(table(), lake.latestVersion(TableId.parse("s.t")));
  }

  @Test
  void integerLiteralIsStoredInDecimalAndDoubleColumnsByUpdate() throws Exception {
    sql.execute("UPDATE s.t SET amount = 0, score = 0");
    assertThat(kernelRows()).containsExactly(List.of(1L, "0", 0.0), List.of(2L, "0", 0.0));
    assertThat(kernel.schema(table(), 2)).containsExactly("id integer", "amount decimal(10, 2)", "score double");
  }

  @Test
  void integerValuesAreStoredInDecimalAndDoubleColumnsByInsertValues() throws Exception {
    sql.execute("INSERT INTO s.t VALUES (3, 7, 8)");
    sql.execute("INSERT INTO s.t (id, amount) VALUES (4, 1)");
    assertThat(kernelRows()).contains(List.of(3L, "7", 8.0), java.util.Arrays.asList(4L, "1", null));
  }

  @Test
  void integerValuesAreStoredInDecimalColumnsByMergeUpdateAndInsert() throws Exception {
    sql.execute("MERGE INTO s.t USING (SELECT 1 AS id UNION ALL SELECT 9) s ON t.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET amount = 0, score = 1 WHEN NOT MATCHED THEN INSERT (id, amount, score) VALUES (s.id, 5, 6)");
    assertThat(kernelRows()).containsExactly(List.of(1L, "0", 1.0), List.of(2L, "3.25", 2.5), List.of(9L, "5", 6.0));
  }

  @Test
  void stringIntoIntIsRefusedWithSchemaMismatchInEveryStatement() {
    for (String bad : List.of("UPDATE s.t SET id = 'abc'", "INSERT INTO s.t VALUES ('abc', 1, 1)",
        "MERGE INTO s.t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET id = 'abc'",
        "MERGE INTO s.t USING (SELECT 5 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, amount, score) VALUES ('abc', 1, 1)")) {
      assertThatThrownBy(() -> sql.execute(bad)).as(bad)
          .hasMessageContaining("schema mismatch writing to s.t").hasMessageContaining("'id' is int")
          .hasMessageNotContaining("''")
          .satisfies(e -> assertThat(((WorkbenchException) e).kind()).isEqualTo(WorkbenchException.Kind.BAD_INPUT));
    }
    assertThat(lake.latestVersion(TableId.parse("s.t"))).isEqualTo(1);
  }
}
