package dev.lakehouse.workbench.progress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsGapTest {

  @TempDir Path dir;

  /**
   * Labs (V2) and drafts (V3) were built side by side: a database that got V3 first must still get
   * V2 when it arrives.
   */
  @Test
  void aMigrationBelowTheHighestAppliedOneStillRuns() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", "")) {
      Migrations.migrate(c);
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 2, 3, 18);
      // pretend version 2 arrived late: forget it and drop its tables
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM schema_migration WHERE version = 2");
        s.execute("DROP TABLE lab_check_result");
        s.execute("DROP TABLE lab_attempt");
        s.execute("DROP TABLE lab_editor");
        s.execute("DROP TABLE lab_seed");
      }
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 3, 18);
      Migrations.migrate(c);
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 2, 3, 18);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT COUNT(*) FROM lab_attempt");
      }
    }
  }

  @Test
  void aFreshStoreRecordsEveryMigration() throws Exception {
    H2ProgressStore.open(dir, Clock.systemUTC()).close();
    try (Connection c = DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("progress").toAbsolutePath() + ";AUTO_SERVER=TRUE", "workbench", "")) {
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 2, 3, 18);
      assertThat(Migrations.latest()).isEqualTo(18);
    }
  }
}
