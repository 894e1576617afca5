package dev.lakehouse.workbench.sql.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every query of {@code spark-sql/conformance.spec} (Spark's documented examples with the rows
 * Spark returns) through a real session on a temporary lake. At least 95% must return Spark's rows;
 * the rest must fail with one clear line; none may return other rows.
 */
class SparkConformanceTest {

  record Case(String title, String sql, List<String> expected) {}

  @TempDir Path dir;

  @Test
  void returnsSparksRowsForAtLeast95PercentAndFailsClearlyOtherwise() throws IOException {
    List<Case> cases = read();
    List<String> passed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    try (Lake lake = Lake.open(dir)) {
      SqlSession session = new SqlSession(lake);
      for (Case c : cases) {
        for (var t : lake.tables()) {
          lake.drop(t, true);
        }
        try {
          List<StatementResult> rs = session.execute(c.sql());
          List<String> got = rs.get(rs.size() - 1).rows().stream().map(SparkConformanceTest::row).collect(Collectors.toList());
          List<String> want = c.expected().stream().map(SparkConformanceTest::norm).collect(Collectors.toList());
          if (want.isEmpty() && !c.sql().toUpperCase(Locale.ROOT).contains(" FROM ")) {
            want = List.of(""); // a SELECT without FROM returns one row: Spark's shell prints an empty string as an empty line
          }
          String upper = c.sql().toUpperCase(Locale.ROOT);
          boolean ordered = upper.lastIndexOf("ORDER BY") > upper.lastIndexOf(')') && !c.title().contains("[unordered]");
          if (ordered ? got.equals(want) : sorted(got).equals(sorted(want))) {
            passed.add(c.title());
          } else {
            differ.add(c.title() + ": " + c.sql() + " -> " + got + " but Spark gives " + want);
          }
        } catch (WorkbenchException e) {
          String m = e.getMessage();
          if (m.contains("\n") || m.matches("(?s).*(Binder Error|Catalog Error|Parser Error|Conversion Error|DuckDB|Invalid Input Error).*")) {
            differ.add(c.title() + ": " + c.sql() + " -> unclear error: " + m);
          } else {
            refused.add(c.title() + ": " + c.sql() + " -> " + m);
          }
        } catch (RuntimeException e) {
          differ.add(c.title() + ": " + c.sql() + " -> crashed: " + e);
        }
      }
    }
    double share = 100.0 * passed.size() / cases.size();
    System.out.printf(Locale.ROOT, "Spark conformance: %d of %d queries return Spark's rows (%.1f%%); %d refused clearly; %d differ%n",
        passed.size(), cases.size(), share, refused.size(), differ.size());
    refused.forEach(r -> System.out.println("  refused: " + r));
    differ.forEach(r -> System.out.println("  DIFFERS: " + r));
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    assertThat(differ).as("queries that return other rows than Spark or fail unclearly").isEmpty();
    assertThat(share).isGreaterThanOrEqualTo(95.0);
  }

  private static List<String> sorted(List<String> l) {
    List<String> s = new ArrayList<>(l);
    s.sort(null);
    return s;
  }

  /** A row as Spark's SQL shell prints it: tab-separated, NULL for null, timestamps with a space. */
  static String row(List<Object> r) {
    return norm(r.stream().map(SparkConformanceTest::value).collect(Collectors.joining("\t")));
  }

  private static String value(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString();
    }
    String s = String.valueOf(v);
    if (s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z")) {
      s = s.replace('T', ' ').replace("Z", "");
      if (s.length() == 16) {
        s += ":00";
      }
    }
    return s;
  }

  private static String norm(String s) {
    return s.trim().replaceAll("\\s+", " ");
  }

  static List<Case> read() throws IOException {
    String text;
    try (InputStream in = SparkConformanceTest.class.getResourceAsStream("/spark-sql/conformance.spec")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> out = new ArrayList<>();
    for (String block : text.split("(?m)^### ")) {
      if (block.isBlank() || block.startsWith("#")) {
        continue;
      }
      int nl = block.indexOf('\n');
      String title = block.substring(0, nl).trim();
      String body = block.substring(nl + 1);
      int sep = body.indexOf("\n----\n");
      String sql = body.substring(0, sep).trim();
      List<String> rows = new ArrayList<>();
      for (String l : body.substring(sep + 6).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          rows.add(l);
        }
      }
      out.add(new Case(title, sql, rows));
    }
    return out;
  }
}
