package dev.lakehouse.workbench.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.KernelReader;
import dev.lakehouse.workbench.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real lake in a temporary folder with a session on it, and Delta Kernel beside it to read back. */
abstract class LakeSessionTest {

  @TempDir Path dir;
  Lake lake;
  SqlSession sql;
  final KernelReader kernel = new KernelReader();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void open() {
    lake = Lake.open(dir);
    sql = new SqlSession(lake);
  }

  @AfterEach
  void close() {
    lake.close();
  }

  /** The last statement's rows, in Delta Kernel's canonical form. */
  List<List<Object>> rows(String query) {
    List<StatementResult> r = sql.execute(query);
    return KernelReader.canonRows(r.get(r.size() - 1).rows());
  }
}
