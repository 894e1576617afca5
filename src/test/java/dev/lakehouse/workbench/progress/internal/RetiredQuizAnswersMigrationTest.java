package dev.lakehouse.workbench.progress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.progress.QuizAnswer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-checks were rewritten and every question got a new id (V18): answers a learner stored
 * under the old ids q1..q5 leave the live answers, unchanged, for {@code quiz_answer_retired};
 * answers under current ids stay where they are.
 */
class RetiredQuizAnswersMigrationTest {

  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void answersToReplacedQuestionsAreRetiredAndAnswersToCurrentOnesStay() throws Exception {
    H2ProgressStore.open(dir, clock).close();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      // the database as a learner had it before V18: answers under the old ids
      s.execute("DELETE FROM schema_migration WHERE version = 18");
      s.execute("DROP TABLE quiz_answer_retired");
      s.execute("INSERT INTO quiz_answer VALUES (2, 'q1', 'Each writer locks the whole table folder', FALSE,"
          + " TIMESTAMP WITH TIME ZONE '2026-11-03 08:00:00+00:00')");
      s.execute("INSERT INTO quiz_answer VALUES (8, 'q5', 'Version 2', TRUE,"
          + " TIMESTAMP WITH TIME ZONE '2026-11-09 08:00:00+00:00')");
      s.execute("INSERT INTO quiz_answer VALUES (2, 'commit-race',"
          + " 'Whoever first creates the version-8 file, which exists only once', TRUE,"
          + " TIMESTAMP WITH TIME ZONE '2026-11-27 08:00:00+00:00')");
    }

    try (H2ProgressStore store = H2ProgressStore.open(dir, clock)) {
      assertThat(store.answers(2)).containsOnlyKeys("commit-race");
      assertThat(store.answers(8)).isEmpty();
      assertThat(store.allAnswers()).extracting(QuizAnswer::questionId).containsExactly("commit-race");
    }

    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT day_no, question_id, choice, correct FROM quiz_answer_retired"
            + " ORDER BY day_no, question_id")) {
      List<String> retired = new ArrayList<>();
      while (r.next()) {
        retired.add(r.getInt(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getBoolean(4));
      }
      assertThat(retired).containsExactly(
          "2 q1 Each writer locks the whole table folder false",
          "8 q5 Version 2 true");
    }
  }

  @Test
  void aFreshDatabaseHasAnEmptyRetiredTable() throws Exception {
    H2ProgressStore.open(dir, clock).close();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM quiz_answer_retired")) {
      r.next();
      assertThat(r.getInt(1)).isZero();
    }
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("progress").toAbsolutePath() + ";AUTO_SERVER=TRUE", "workbench", "");
  }
}
