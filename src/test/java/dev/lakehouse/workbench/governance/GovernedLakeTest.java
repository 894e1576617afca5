package dev.lakehouse.workbench.governance;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real lake in a temporary folder, its governance, and the folder admin's session under it; for the governance tests. */
abstract class GovernedLakeTest {

  @TempDir Path dir;
  Lake lake;
  Governance g;
  SqlSession admin;

  @BeforeEach
  void openGovernedLake() {
    lake = Lake.open(dir);
    g = Governance.open(dir, lake, null);
    admin = new SqlSession(lake);
    admin.hook(g);
  }

  @AfterEach
  void closeGovernedLake() {
    lake.close();
  }
}
