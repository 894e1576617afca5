package dev.lakehouse.workbench.lake;

import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;

/** A separate process appending rows (worker, i) to one table: used by the concurrency tests. */
public final class AppendWorker {
  private AppendWorker() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    String table = args[1];
    int worker = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    try (Lake lake = Lake.open(dataDir)) {
      SqlSession sql = new SqlSession(lake);
      for (int i = 0; i < count; i++) {
        sql.execute("INSERT INTO " + table + " SELECT " + worker + ", " + i + " FROM range(50)");
      }
    }
  }
}
