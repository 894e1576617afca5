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

  @Test
  void aMigrationBelowTheHighestAppliedOneStillRuns() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", "")) {
      Migrations.migrate(c);
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 3);
      // pretend version 1 arrived late: forget it and drop one of its tables
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM schema_migration WHERE version = 1");
        s.execute("DROP TABLE setting");
        s.execute("DROP TABLE day_progress");
        s.execute("DROP TABLE note");
        s.execute("DROP TABLE quiz_answer");
        s.execute("DROP TABLE event_log");
      }
      Migrations.migrate(c);
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 3);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO setting VALUES ('k', 'v')");
      }
    }
  }

  @Test
  void aFreshStoreRecordsTheDraftsMigrationAsVersionThreeAndLeavesTwoFree() throws Exception {
    H2ProgressStore.open(dir, Clock.systemUTC()).close();
    try (Connection c = DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("progress").toAbsolutePath() + ";AUTO_SERVER=TRUE", "workbench", "")) {
      assertThat(Migrations.applied(c)).containsExactlyInAnyOrder(1, 3);
      assertThat(Migrations.latest()).isEqualTo(3);
    }
  }
}
