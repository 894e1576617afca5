package dev.lakehouse.workbench.progress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned schema migrations: each is a SQL script {@code db/migration/V<n>__<name>.sql} applied
 * once, in order, in its own transaction, and recorded in {@code schema_migration}. A new table or
 * column is a new script appended to {@link #ALL}; applied scripts are never edited.
 *
 * <p>Versions may have gaps and may arrive out of order (branches built in parallel take their own
 * numbers: the labs take 2, the drafts 3, the retired quiz answers 18). A migration runs when its
 * version is not yet recorded, not when it is above the highest recorded one, so a database that
 * already has 3 still gets 2.
 */
final class Migrations {

  record Migration(int version, String name) {
    String resource() {
      return "/db/migration/V" + version + "__" + name + ".sql";
    }
  }

  static final List<Migration> ALL = List.of(
      new Migration(1, "progress"), new Migration(2, "labs"), new Migration(3, "drafts"),
      new Migration(18, "retire_rewritten_quiz_answers"));

  private Migrations() {}

  static int latest() {
    return ALL.stream().mapToInt(Migration::version).max().orElse(0);
  }

  /** Applies every migration newer than the database; returns the schema version found before. */
  static int migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_migration ("
          + "version INT PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    int current = current(c);
    Set<Integer> applied = applied(c);
    List<Migration> ordered = ALL.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
    for (Migration m : ordered) {
      if (applied.contains(m.version())) {
        continue;
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements(read(m.resource()))) {
          s.execute(sql);
        }
        try (PreparedStatement p = c.prepareStatement(
            "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
          p.setInt(1, m.version());
          p.setString(2, m.name());
          p.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
    return current;
  }

  static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migration")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** The versions recorded in {@code schema_migration}. */
  static Set<Integer> applied(Connection c) throws SQLException {
    Set<Integer> out = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version FROM schema_migration")) {
      while (r.next()) {
        out.add(r.getInt(1));
      }
    }
    return out;
  }

  /** Splits a script on semicolons that end a line; comments start with {@code --}. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration script " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
