package dev.lakehouse.workbench.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit watch knows each table's version before its first watched commit, and nothing else. */
class CommitWatchTest {

  @TempDir Path dir;

  @Test
  void itRecordsTheVersionBeforeTheFirstCommitPerTableUntilClosed() {
    try (Lake lake = Lake.open(dir)) {
      SqlSession s = new SqlSession(lake);
      s.execute("CREATE TABLE w.kept (id INT); INSERT INTO w.kept VALUES (1); CREATE TABLE w.untouched (id INT)");
      CommitWatch watch = lake.watchCommits();
      s.execute("INSERT INTO w.kept VALUES (2); DELETE FROM w.kept WHERE id = 1; CREATE TABLE w.fresh AS SELECT 1 AS id");
      s.query("SELECT * FROM w.untouched");
      watch.close();
      s.execute("INSERT INTO w.untouched VALUES (3)");
      assertThat(watch.before()).containsExactly(entry(TableId.of("w", "kept"), 1L), entry(TableId.of("w", "fresh"), -1L));
      assertThat(lake.latestVersion(TableId.of("w", "kept"))).isEqualTo(3);
    }
  }
}
