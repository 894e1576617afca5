package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process DuckDB whose file access is limited to the lake and a few readable folders: lab SQL
 * cannot read {@code /etc/passwd} or {@code ~/.ssh}. All times are UTC.
 */
final class Duck implements AutoCloseable {

  /**
   * Connections not yet closed. DuckDB's worker threads must be stopped before the process exits:
   * a database still open when the C++ runtime tears down aborts the whole JVM, so the exit hook
   * closes whatever a caller forgot, after the work that still writes to the lake ({@code LakeExit}).
   */
  private static final Set<Connection> OPEN = ConcurrentHashMap.newKeySet();

  static {
    dev.lakehouse.workbench.lake.LakeExit.cleanUpLast(Duck::closeAll);
  }

  private static void closeAll() {
    for (Connection c : List.copyOf(OPEN)) {
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        // the process is ending: nothing left to save
      }
    }
    OPEN.clear();
  }

  /**
   * The connection, opened on a background thread: loading DuckDB's native library takes a few
   * hundred milliseconds, which then overlap with opening the transaction log.
   */
  private CompletableFuture<Connection> pending;

  private Connection connection;

  /** The statement DuckDB is running now, so another thread can interrupt it. */
  private volatile Statement running;

  /** Set by {@link #cancel()}: the next statements of the same work fail at once, until reset. */
  private volatile boolean cancelled;

  Duck(List<Path> allowedDirs) {
    open(allowedDirs);
  }

  private Connection connection() {
    if (connection == null) {
      try {
        connection = pending.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return connection;
  }

  /** Re-opens with a new set of allowed folders (the setting cannot be widened once locked). */
  void reopen(List<Path> allowedDirs) {
    close();
    open(allowedDirs);
  }

  private void open(List<Path> allowedDirs) {
    connection = null;
    pending = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        pending.complete(connect(allowedDirs));
      } catch (RuntimeException | Error e) {
        pending.completeExceptionally(e);
      }
    }, "duckdb-open");
    t.setDaemon(true);
    t.start();
  }

  private static Connection connect(List<Path> allowedDirs) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      OPEN.add(connection);
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        s.execute("SET autoinstall_known_extensions = false");
        s.execute("SET autoload_known_extensions = false");
        StringBuilder dirs = new StringBuilder();
        for (Path p : allowedDirs) {
          if (dirs.length() > 0) {
            dirs.append(", ");
          }
          dirs.append(literal(p.toAbsolutePath().normalize() + "/"));
        }
        s.execute("SET allowed_directories = [" + dirs + "]");
        s.execute("SET enable_external_access = false");
        s.execute("SET lock_configuration = true");
      }
      return connection;
    } catch (SQLException e) {
      throw LakeErrors.engineFailure("starting DuckDB", e);
    }
  }

  QueryResult query(String sql) throws SQLException {
    try (Statement s = start()) {
      try (ResultSet rs = s.executeQuery(sql)) {
        return read(rs);
      } finally {
        running = null;
      }
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = start()) {
      try {
        s.execute(sql);
      } finally {
        running = null;
      }
    }
  }

  private Statement start() throws SQLException {
    if (cancelled) {
      throw new SQLException("INTERRUPT Error: Interrupted!");
    }
    Statement s = connection().createStatement();
    running = s;
    return s;
  }

  /** Interrupts the running statement from any thread; it fails with DuckDB's INTERRUPT error. */
  void cancel() {
    cancelled = true;
    Statement s = running;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException e) {
        // the statement has just ended: nothing left to stop
      }
    }
  }

  /** Lets statements run again after {@link #cancel()}. */
  void resetCancel() {
    cancelled = false;
  }

  static QueryResult read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> cols = new ArrayList<>(n);
    List<String> types = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      cols.add(md.getColumnLabel(i));
      types.add(md.getColumnTypeName(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(plain(rs.getObject(i)));
      }
      rows.add(Collections.unmodifiableList(row));
    }
    return new QueryResult(List.copyOf(cols), List.copyOf(types), Collections.unmodifiableList(rows));
  }

  /** A JDBC value as a plain Java value: temporals as ISO-8601 strings, big integers narrowed. */
  static Object plain(Object v) throws SQLException {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long || v instanceof Double || v instanceof Float || v instanceof BigDecimal
        || v instanceof Short || v instanceof Byte) {
      return v;
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
    }
    if (v instanceof OffsetDateTime) {
      return ((OffsetDateTime) v).toInstant().toString();
    }
    if (v instanceof LocalDate) {
      return v.toString();
    }
    if (v instanceof LocalDateTime) {
      return ((LocalDateTime) v).toInstant(ZoneOffset.UTC).toString();
    }
    if (v instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) v).toInstant().toString();
    }
    if (v instanceof java.sql.Date) {
      return ((java.sql.Date) v).toLocalDate().toString();
    }
    if (v instanceof Blob) {
      Blob b = (Blob) v;
      return HexFormat.of().formatHex(b.getBytes(1, (int) b.length()));
    }
    if (v instanceof java.util.Map) {
      java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
      for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) v).entrySet()) {
        m.put(plain(e.getKey()), plain(e.getValue()));
      }
      return m;
    }
    if (v instanceof byte[]) {
      return HexFormat.of().formatHex((byte[]) v);
    }
    return v.toString();
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    try {
      Connection c = connection != null ? connection : pending == null ? null : pending.exceptionally(e -> null).join();
      if (c != null) {
        OPEN.remove(c);
        c.close();
      }
    } catch (SQLException e) {
      // closing an in-memory database: nothing to lose
    }
    connection = null;
  }
}
