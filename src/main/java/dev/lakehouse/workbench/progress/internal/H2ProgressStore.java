package dev.lakehouse.workbench.progress.internal;

import dev.lakehouse.workbench.progress.DayProgress;
import dev.lakehouse.workbench.progress.DayState;
import dev.lakehouse.workbench.progress.LabAttempt;
import dev.lakehouse.workbench.progress.DraftKind;
import dev.lakehouse.workbench.progress.PostDraft;
import dev.lakehouse.workbench.progress.ProgressEvent;
import dev.lakehouse.workbench.progress.ProgressException;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.QuizAnswer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The progress store on an H2 file database, {@code <dataDir>/progress.mv.db}.
 *
 * <p>Opened with {@code AUTO_SERVER=TRUE}: the first process to open the file serves it on a
 * loopback port and later processes (the command line while the workbench is open) connect through
 * it, so both can read and write at once. {@code WRITE_DELAY=0} makes every commit reach the file
 * before the method returns, so a killed process loses nothing it reported as saved. One connection,
 * guarded by this object's monitor; autocommit on, so every method is its own transaction.
 */
public final class H2ProgressStore implements ProgressStore {

  private static final int DATABASE_ALREADY_OPEN = 90020;
  private static final int MIN_DAY = 1;
  private static final int MAX_DAY = 30;

  /** Replaced only by {@link #reconnect()}, under this object's monitor like every use. */
  private Connection connection;
  private String url;
  private final Clock clock;
  private final Path dataDir;

  /** Serialises opening and closing within this JVM; a file lock does it across processes. */
  private static final Object OPEN_CLOSE = new Object();

  private H2ProgressStore(Connection connection, Clock clock, Path dataDir) {
    this.connection = connection;
    this.clock = clock;
    this.dataDir = dataDir;
  }

  /**
   * Runs an open or a close of the database while holding {@code <dataDir>/.progress.lock}: H2's own
   * lock file and the hand-over of its server are not safe when many processes open and close at
   * once ("Lock file recently modified"), so they take turns for that moment only. Reads and writes
   * run without it.
   */
  private static <T> T exclusively(Path dataDir, SqlWork<T> work) throws SQLException {
    synchronized (OPEN_CLOSE) {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dataDir.resolve(".progress.lock"),
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
          java.nio.channels.FileLock held = ch.lock()) {
        return work.run();
      } catch (IOException e) {
        // a folder without file locks (some network shares): H2's own locking still applies
        return work.run();
      }
    }
  }

  /** Opens (creating and migrating if needed) the store in {@code dataDir}. */
  public static H2ProgressStore open(Path dataDir, Clock clock) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw ProgressException.cannotOpen(dataDir, e);
    }
    // no AUTO_RECONNECT: when the process serving the file exits, this one reconnects itself, taking its
    // turn under the open/close lock (see reconnect); LOCK_TIMEOUT: a writer waits for another's row lock instead of failing;
    // TRACE_LEVEL_FILE=0: H2 writes no trace file and never prints its own trace on stderr
    String url = "jdbc:h2:file:" + dataDir.resolve("progress").toAbsolutePath()
        + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";
    long deadline = System.nanoTime() + OPEN_PATIENCE.toNanos();
    long pause = 20;
    java.util.Random jitter = new java.util.Random();
    for (int attempt = 1; ; attempt++) {
      try {
        return exclusively(dataDir, () -> openOnce(dataDir, url, clock));
      } catch (SQLException e) {
        // several processes opening at once race for H2's lock file and its server; they settle in
        // well under a second, so a busy database is retried with backoff before anyone is told
        if (!isContention(e)) {
          throw ProgressException.cannotOpen(dataDir, e);
        }
        if (System.nanoTime() > deadline) {
          throw ProgressException.busy(dataDir, OPEN_PATIENCE.toSeconds(), attempt, e);
        }
        try {
          Thread.sleep(pause + jitter.nextInt((int) pause + 1));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw ProgressException.busy(dataDir, OPEN_PATIENCE.toSeconds(), attempt, e);
        }
        pause = Math.min(pause * 2, 500);
      }
    }
  }

  /** How long opening waits out other processes holding the database before it gives up. */
  private static final java.time.Duration OPEN_PATIENCE = java.time.Duration.ofSeconds(30);

  private static Connection connect(String url) throws SQLException {
    // H2's driver directly: DriverManager would first load every JDBC driver on the class path
    java.util.Properties login = new java.util.Properties();
    login.setProperty("user", "workbench");
    login.setProperty("password", "");
    return new org.h2.Driver().connect(url, login);
  }

  /** A new connection in place of one whose serving process went away. */
  private void reconnect() throws SQLException {
    if (url == null) {
      return;
    }
    Connection fresh = exclusively(dataDir, () -> connect(url));
    closeQuietly(connection);
    connection = fresh;
  }

  private static H2ProgressStore openOnce(Path dataDir, String url, Clock clock) throws SQLException {
    // H2's driver directly: DriverManager would first load every JDBC driver on the class path
    java.util.Properties login = new java.util.Properties();
    login.setProperty("user", "workbench");
    login.setProperty("password", "");
    Connection c = connect(url);
    try {
      int found = Migrations.current(probe(c));
      if (found > Migrations.latest()) {
        throw ProgressException.newerSchema(dataDir, found, Migrations.latest());
      }
      Migrations.migrate(c);
      H2ProgressStore store = new H2ProgressStore(c, clock, dataDir);
      store.url = url;
      return store;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Errors that mean another process holds the file or its server for a moment: the lock file just
   * changed hands (8000), the file is open elsewhere (90020), the serving process went away (90067,
   * 90098), a lock or a concurrent migration collided (50200, 40001, 23505, 42101).
   */
  private static boolean isContention(SQLException e) {
    int code = e.getErrorCode();
    String m = String.valueOf(e.getMessage());
    return code == DATABASE_ALREADY_OPEN || code == 8000 || code == 90067 || code == 90098 || code == 90028
        || code == 90031 || code == 50200 || code == 40001 || code == 23505 || code == 42101 || code == 90135
        || m.contains("Lock file recently modified") || m.contains("Connection refused") || m.contains("Connection is broken");
  }

  private static Connection probe(Connection c) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_migration ("
          + "version INT PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    return c;
  }

  @Override
  public synchronized DayProgress day(int day) {
    checkDay(day);
    return query("read day " + day, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT day_no, state, started_at, done_at FROM day_progress WHERE day_no = ?")) {
        p.setInt(1, day);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? dayProgress(r) : DayProgress.notStarted(day);
        }
      }
    });
  }

  @Override
  public synchronized Map<Integer, DayProgress> days() {
    return query("read day states", () -> {
      Map<Integer, DayProgress> out = new LinkedHashMap<>();
      try (PreparedStatement p = connection.prepareStatement(
              "SELECT day_no, state, started_at, done_at FROM day_progress ORDER BY day_no");
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          DayProgress d = dayProgress(r);
          out.put(d.day(), d);
        }
      }
      return out;
    });
  }

  @Override
  public synchronized DayProgress markOpened(int day) {
    DayProgress current = day(day);
    if (current.state() != DayState.NOT_STARTED) {
      return current;
    }
    DayProgress next = new DayProgress(day, DayState.IN_PROGRESS, now(), null);
    write("mark day " + day + " in progress", next, ProgressEvent.DAY_OPENED);
    return next;
  }

  @Override
  public synchronized DayProgress markDone(int day) {
    DayProgress current = day(day);
    if (current.state() == DayState.DONE) {
      return current;
    }
    Instant now = now();
    DayProgress next = new DayProgress(day, DayState.DONE,
        current.startedAt() == null ? now : current.startedAt(), now);
    write("mark day " + day + " done", next, ProgressEvent.DAY_DONE);
    return next;
  }

  @Override
  public synchronized DayProgress markNotDone(int day) {
    DayProgress current = day(day);
    if (current.state() != DayState.DONE) {
      return current;
    }
    DayProgress next = new DayProgress(day, DayState.IN_PROGRESS, current.startedAt(), null);
    write("mark day " + day + " not done", next, ProgressEvent.DAY_REOPENED);
    return next;
  }

  private void write(String action, DayProgress d, String eventKind) {
    transaction(action, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "MERGE INTO day_progress (day_no, state, started_at, done_at) KEY (day_no) VALUES (?, ?, ?, ?)")) {
        p.setInt(1, d.day());
        p.setString(2, d.state().name());
        p.setObject(3, toDb(d.startedAt()));
        p.setObject(4, toDb(d.doneAt()));
        p.executeUpdate();
      }
      insertEvent(eventKind, d.day(), d.state().name());
      return null;
    });
  }

  @Override
  public synchronized String note(int day) {
    checkDay(day);
    return query("read the note of day " + day, () -> {
      try (PreparedStatement p = connection.prepareStatement("SELECT body FROM note WHERE day_no = ?")) {
        p.setInt(1, day);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? r.getString(1) : "";
        }
      }
    });
  }

  @Override
  public synchronized void saveNote(int day, String markdown) {
    checkDay(day);
    String body = markdown == null ? "" : markdown;
    transaction("save the note of day " + day, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "MERGE INTO note (day_no, body, updated_at) KEY (day_no) VALUES (?, ?, ?)")) {
        p.setInt(1, day);
        p.setString(2, body);
        p.setObject(3, toDb(now()));
        p.executeUpdate();
      }
      insertEvent(ProgressEvent.NOTE_SAVED, day, Integer.toString(body.length()));
      return null;
    });
  }

  @Override
  public synchronized Map<Integer, String> notes() {
    return query("read notes", () -> {
      Map<Integer, String> out = new LinkedHashMap<>();
      try (PreparedStatement p = connection.prepareStatement(
              "SELECT day_no, body FROM note WHERE LENGTH(body) > 0 ORDER BY day_no");
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.put(r.getInt(1), r.getString(2));
        }
      }
      return out;
    });
  }

  @Override
  public synchronized void recordAnswer(int day, String questionId, String choice, boolean correct) {
    checkDay(day);
    transaction("record an answer for day " + day, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "MERGE INTO quiz_answer (day_no, question_id, choice, correct, answered_at) KEY (day_no, question_id)"
              + " VALUES (?, ?, ?, ?, ?)")) {
        p.setInt(1, day);
        p.setString(2, questionId);
        p.setString(3, choice);
        p.setBoolean(4, correct);
        p.setObject(5, toDb(now()));
        p.executeUpdate();
      }
      insertEvent(ProgressEvent.QUIZ_ANSWERED, day, questionId + (correct ? " correct" : " wrong"));
      return null;
    });
  }

  @Override
  public synchronized Map<String, QuizAnswer> answers(int day) {
    checkDay(day);
    Map<String, QuizAnswer> out = new LinkedHashMap<>();
    for (QuizAnswer a : selectAnswers("WHERE day_no = " + day)) {
      out.put(a.questionId(), a);
    }
    return out;
  }

  @Override
  public synchronized List<QuizAnswer> allAnswers() {
    return selectAnswers("");
  }

  private List<QuizAnswer> selectAnswers(String where) {
    return query("read quiz answers", () -> {
      List<QuizAnswer> out = new ArrayList<>();
      try (PreparedStatement p = connection.prepareStatement(
              "SELECT day_no, question_id, choice, correct, answered_at FROM quiz_answer " + where
                  + " ORDER BY day_no, question_id");
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new QuizAnswer(r.getInt(1), r.getString(2), r.getString(3), r.getBoolean(4), instant(r, 5)));
        }
      }
      return out;
    });
  }

  @Override
  public synchronized Optional<PostDraft> draft(DraftKind kind, int period) {
    checkPeriod(kind, period);
    List<PostDraft> found = selectDrafts("WHERE kind = '" + kind.name() + "' AND period = " + period);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public synchronized void saveDraft(DraftKind kind, int period, String markdown) {
    checkPeriod(kind, period);
    String body = markdown == null ? "" : markdown;
    transaction("save the " + kind.label() + " draft " + period, () -> {
      if (body.isEmpty()) {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM post_draft WHERE kind = ? AND period = ?")) {
          p.setString(1, kind.name());
          p.setInt(2, period);
          p.executeUpdate();
        }
      } else {
        try (PreparedStatement p = connection.prepareStatement(
            "MERGE INTO post_draft (kind, period, body, updated_at) KEY (kind, period) VALUES (?, ?, ?, ?)")) {
          p.setString(1, kind.name());
          p.setInt(2, period);
          p.setString(3, body);
          p.setObject(4, toDb(now()));
          p.executeUpdate();
        }
      }
      insertEvent(ProgressEvent.DRAFT_SAVED, kind == DraftKind.LINKEDIN ? period : 0,
          kind.name() + " " + period + " " + body.length());
      return null;
    });
  }

  @Override
  public synchronized List<PostDraft> drafts() {
    return selectDrafts("");
  }

  private List<PostDraft> selectDrafts(String where) {
    return query("read post drafts", () -> {
      List<PostDraft> out = new ArrayList<>();
      try (PreparedStatement p = connection.prepareStatement(
              "SELECT kind, period, body, updated_at FROM post_draft " + where
                  + " ORDER BY CASE kind WHEN 'LINKEDIN' THEN 0 ELSE 1 END, period");
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new PostDraft(DraftKind.valueOf(r.getString(1)), r.getInt(2), r.getString(3), instant(r, 4)));
        }
      }
      return out;
    });
  }

  @Override
  public synchronized void logEvent(String kind, int day, String detail) {
    transaction("log an event", () -> {
      insertEvent(kind, day, detail == null ? "" : detail);
      return null;
    });
  }

  @Override
  public synchronized List<ProgressEvent> events(Instant since) {
    return query("read the event log", () -> {
      List<ProgressEvent> out = new ArrayList<>();
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT id, at, kind, day_no, detail FROM event_log WHERE at >= ? ORDER BY at, id")) {
        p.setObject(1, toDb(since == null ? Instant.EPOCH : since));
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.add(new ProgressEvent(r.getLong(1), instant(r, 2), r.getString(3), r.getInt(4), r.getString(5)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public synchronized LabAttempt recordLabAttempt(LabAttempt a) {
    Instant at = a.at() == null ? now() : a.at();
    return transaction("record a lab attempt", () -> {
      long id;
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT INTO lab_attempt (lab_id, day_no, at, kind, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
          new String[] {"ID"})) {
        p.setString(1, a.labId());
        p.setInt(2, a.day());
        p.setObject(3, toDb(at));
        p.setString(4, a.kind().name());
        p.setString(5, a.outcome().name());
        p.setString(6, a.detail());
        p.executeUpdate();
        try (ResultSet keys = p.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT INTO lab_check_result (attempt_id, position, check_id, passed, expected, measured)"
              + " VALUES (?, ?, ?, ?, ?, ?)")) {
        int position = 0;
        for (LabAttempt.CheckRecord c : a.checks()) {
          p.setLong(1, id);
          p.setInt(2, position++);
          p.setString(3, c.checkId());
          p.setBoolean(4, c.passed());
          p.setString(5, clip(c.expected()));
          p.setString(6, clip(c.measured()));
          p.addBatch();
        }
        p.executeBatch();
      }
      insertEvent("lab." + a.kind().name().toLowerCase(java.util.Locale.ROOT), a.day(),
          a.labId() + " " + a.outcome().name());
      return new LabAttempt(id, a.labId(), a.day(), at, a.kind(), a.outcome(), a.detail(), a.checks());
    });
  }

  @Override
  public synchronized List<LabAttempt> labAttempts(String labId) {
    return query("read the attempts of lab " + labId, () -> {
      Map<Long, List<LabAttempt.CheckRecord>> checks = new LinkedHashMap<>();
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT c.attempt_id, c.check_id, c.passed, c.expected, c.measured FROM lab_check_result c"
              + " JOIN lab_attempt a ON a.id = c.attempt_id WHERE a.lab_id = ? ORDER BY c.attempt_id, c.position")) {
        p.setString(1, labId);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            checks.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(
                new LabAttempt.CheckRecord(r.getString(2), r.getBoolean(3), r.getString(4), r.getString(5)));
          }
        }
      }
      List<LabAttempt> out = new ArrayList<>();
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT id, lab_id, day_no, at, kind, outcome, detail FROM lab_attempt WHERE lab_id = ? ORDER BY at, id")) {
        p.setString(1, labId);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            long id = r.getLong(1);
            out.add(new LabAttempt(id, r.getString(2), r.getInt(3), instant(r, 4),
                LabAttempt.Kind.valueOf(r.getString(5)), LabAttempt.Outcome.valueOf(r.getString(6)),
                r.getString(7), checks.getOrDefault(id, List.of())));
          }
        }
      }
      return out;
    });
  }

  @Override
  public synchronized String labEditorText(String labId) {
    return query("read the editor text of lab " + labId, () -> {
      try (PreparedStatement p = connection.prepareStatement("SELECT body FROM lab_editor WHERE lab_id = ?")) {
        p.setString(1, labId);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? r.getString(1) : "";
        }
      }
    });
  }

  @Override
  public synchronized void saveLabEditorText(String labId, String text) {
    transaction("save the editor text of lab " + labId, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "MERGE INTO lab_editor (lab_id, body, updated_at) KEY (lab_id) VALUES (?, ?, ?)")) {
        p.setString(1, labId);
        p.setString(2, text == null ? "" : text);
        p.setObject(3, toDb(now()));
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized void recordLabSeed(String labId, String table, long version) {
    transaction("record the seeded version of " + table, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "MERGE INTO lab_seed (lab_id, table_name, version, seeded_at) KEY (lab_id, table_name) VALUES (?, ?, ?, ?)")) {
        p.setString(1, labId);
        p.setString(2, table);
        p.setLong(3, version);
        p.setObject(4, toDb(now()));
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized Map<String, Long> labSeeds(String labId) {
    return query("read the seeded versions of lab " + labId, () -> {
      Map<String, Long> out = new LinkedHashMap<>();
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT table_name, version FROM lab_seed WHERE lab_id = ? ORDER BY table_name")) {
        p.setString(1, labId);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), r.getLong(2));
          }
        }
      }
      return out;
    });
  }

  private static String clip(String s) {
    String v = s == null ? "" : s;
    return v.length() > 4000 ? v.substring(0, 3997) + "..." : v;
  }

  @Override
  public synchronized Optional<String> setting(String key) {
    return query("read a setting", () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT setting_value FROM setting WHERE setting_key = ?")) {
        p.setString(1, key);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public synchronized void putSetting(String key, String value) {
    transaction("save a setting", () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "MERGE INTO setting (setting_key, setting_value) KEY (setting_key) VALUES (?, ?)")) {
        p.setString(1, key);
        p.setString(2, value);
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized void close() {
    try {
      exclusively(dataDir, () -> {
        closeQuietly(connection);
        return null;
      });
    } catch (SQLException e) {
      // closing: nothing left to save (every commit is already on disk)
    }
  }

  private void insertEvent(String kind, int day, String detail) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(
        "INSERT INTO event_log (at, kind, day_no, detail) VALUES (?, ?, ?, ?)")) {
      p.setObject(1, toDb(now()));
      p.setString(2, kind);
      p.setInt(3, day);
      p.setString(4, detail);
      p.executeUpdate();
    }
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T query(String action, SqlWork<T> work) {
    return retrying(action, work);
  }

  private <T> T transaction(String action, SqlWork<T> work) {
    return retrying(action, () -> {
      connection.setAutoCommit(false);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException ignored) {
          // the connection broke: the transaction is gone with it, nothing was committed
        }
        throw e;
      } finally {
        try {
          connection.setAutoCommit(true);
        } catch (SQLException ignored) {
          // reconnects on the next statement
        }
      }
    });
  }

  /**
   * Runs work, again after a short pause when the process serving the database went away in the
   * middle (it exited: 90121, 90067, 90098) or a lock was held (50200, 40001); the connection
   * is opened again under the open/close lock, and the statement that failed had not been applied.
   */
  private <T> T retrying(String action, SqlWork<T> work) {
    long pause = 20;
    long deadline = System.nanoTime() + OPEN_PATIENCE.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        int code = e.getErrorCode();
        String m = String.valueOf(e.getMessage());
        boolean settling = code == 90121 || code == 90067 || code == 90098 || code == 50200 || code == 40001
            || code == 8000 || code == DATABASE_ALREADY_OPEN || code == 90007
            || m.contains("Database is already closed") || m.contains("Lock file recently modified")
            || m.contains("Connection is broken");
        if (!settling || System.nanoTime() > deadline) {
          throw ProgressException.failed(action, e);
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw ProgressException.failed(action, e);
        }
        if (code != 50200 && code != 40001) {
          // the process that served the database has exited: connect again (this one may serve it now)
          try {
            reconnect();
          } catch (SQLException again) {
            // still settling: the next attempt tries once more
          }
        }
        pause = Math.min(pause * 2, 1000);
      }
    }
  }

  private Instant now() {
    return clock.instant();
  }

  private static void checkDay(int day) {
    if (day < MIN_DAY || day > MAX_DAY) {
      throw ProgressException.badDay(day);
    }
  }

  private static void checkPeriod(DraftKind kind, int period) {
    if (period < 1 || period > kind.periods()) {
      throw ProgressException.badPeriod(kind, period);
    }
  }

  private static DayProgress dayProgress(ResultSet r) throws SQLException {
    return new DayProgress(r.getInt(1), DayState.valueOf(r.getString(2)), instant(r, 3), instant(r, 4));
  }

  private static OffsetDateTime toDb(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing left to save
    }
  }

}
