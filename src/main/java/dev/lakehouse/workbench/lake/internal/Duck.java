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

/**
 * An in-process DuckDB whose file access is limited to the lake and a few readable folders: lab SQL
 * cannot read {@code /etc/passwd} or {@code ~/.ssh}. All times are UTC.
 */
final class Duck implements AutoCloseable {

  private Connection connection;

  Duck(List<Path> allowedDirs) {
    open(allowedDirs);
  }

  /** Re-opens with a new set of allowed folders (the setting cannot be widened once locked). */
  void reopen(List<Path> allowedDirs) {
    close();
    open(allowedDirs);
  }

  private void open(List<Path> allowedDirs) {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
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
    } catch (SQLException e) {
      throw LakeErrors.engineFailure("starting DuckDB", e);
    }
  }

  QueryResult query(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return read(rs);
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
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
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // closing an in-memory database: nothing to lose
    }
    connection = null;
  }
}
