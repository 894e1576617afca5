package dev.lakehouse.workbench.sql;

import static dev.lakehouse.workbench.common.Timing.median;

import dev.lakehouse.workbench.lake.Lake;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lake's benchmark, each measurement beside its baseline in the same run on the same machine:
 * a 1,000,000-row INSERT ... SELECT against DuckDB alone COPYing the same SELECT to one Parquet file;
 * a small append commit (warm); {@code count(*) ... VERSION AS OF 0} on a table with 200 commits
 * (warm); and a whole {@code sql} process running one query (cold).
 */
public final class SqlBenchmark {

  /** The million rows in the engine's own dialect, for the baseline. */
  static final String MILLION = "SELECT i AS id, 'customer_' || (i % 1000) AS name, i * 0.25 AS amount, "
      + "TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i) AS ts FROM range(1000000) r(i)";

  /** The same rows in Spark SQL, as a learner would write them. */
  static final String SPARK_MILLION = "SELECT id, 'customer_' || (id % 1000) AS name, id * 0.25 AS amount, "
      + "timestamp_seconds(1704067200 + id) AS ts FROM range(1000000)";

  /** A typical lab query: a join, a filter, Spark functions, grouping and ordering. */
  static final String TYPICAL = "SELECT date_format(s.ts, 'yyyy-MM') AS month, nvl(s.name, 'unknown') AS name, count(*) AS n, "
      + "sum(s.amount) AS total FROM bench.small_sales s LEFT ANTI JOIN bench.small_sales x ON s.id = x.id + 1000000 "
      + "WHERE s.amount > 10 AND s.name IN ('customer_1', 'customer_2') GROUP BY 1, 2 ORDER BY n DESC LIMIT 10";

  private final Path work;
  private final PrintWriter out;

  public SqlBenchmark(Path work, PrintWriter out) {
    this.work = work;
    this.out = out;
  }

  /** Runs everything and prints one line per measurement; returns false if a goal was missed. */
  public boolean run(List<String> javaCommand) throws Exception {
    boolean ok = true;
    // 0. the first parse in this JVM (Spark's grammar is loaded on first use)
    long p0 = System.nanoTime();
    dev.lakehouse.workbench.sql.spark.SparkParser.query(TYPICAL);
    double firstParse = ms(p0);
    Path dataDir = Files.createDirectories(work.resolve("bench-data"));
    try (Lake lake = Lake.open(dataDir)) {
      SqlSession sql = new SqlSession(lake);
      // 1. bulk insert vs DuckDB alone
      sql.execute("CREATE TABLE bench.big (id BIGINT, name STRING, amount DECIMAL(18,2), ts TIMESTAMP)");
      sql.execute("INSERT INTO bench.big " + SPARK_MILLION); // warm-up
      duckCopy(work.resolve("warm.parquet"));
      List<Double> lakeMs = new ArrayList<>();
      List<Double> duckMs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        sql.execute("INSERT INTO bench.big " + SPARK_MILLION);
        lakeMs.add(ms(t0));
        t0 = System.nanoTime();
        duckCopy(work.resolve("duck-" + i + ".parquet"));
        duckMs.add(ms(t0));
      }
      double ratio = median(lakeMs) / median(duckMs);
      ok &= report("1M-row INSERT ... SELECT (median of 5, interleaved)", median(lakeMs), "DuckDB COPY alone " + fmt(median(duckMs))
          + " ms; ratio " + String.format("%.2f", ratio) + "x (goal <= 1.3x)", ratio <= 1.3);

      // 2. small append commit, warm
      sql.execute("CREATE TABLE bench.small (id INT, note STRING)");
      for (int i = 0; i < 10; i++) {
        sql.execute("INSERT INTO bench.small VALUES (" + i + ", 'warm')");
      }
      List<Double> appendMs = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        long t0 = System.nanoTime();
        sql.execute("INSERT INTO bench.small VALUES (" + i + ", 'x')");
        appendMs.add(ms(t0));
      }
      ok &= report("small append commit, warm (median of 30)", median(appendMs), "goal <= 60 ms", median(appendMs) <= 60);

      // 3. time travel to version 0 of a table with 200 commits (past 20 checkpoints)
      sql.execute("CREATE TABLE bench.history (id INT)");
      for (int i = 0; i < 200; i++) {
        sql.execute("INSERT INTO bench.history VALUES (" + i + ")");
      }
      for (int i = 0; i < 5; i++) {
        sql.execute("SELECT count(*) FROM bench.history VERSION AS OF 0");
      }
      List<Double> ttMs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        sql.execute("SELECT count(*) FROM bench.history VERSION AS OF 0");
        ttMs.add(ms(t0));
      }
      ok &= report("count(*) VERSION AS OF 0, 200 commits, warm (median of 20)", median(ttMs), "goal <= 50 ms",
          median(ttMs) <= 50);

      // 4. parsing + translating a typical query, against running the whole statement
      sql.execute("CREATE TABLE bench.small_sales AS SELECT id, name, amount, ts FROM bench.big LIMIT 10000");
      dev.lakehouse.workbench.sql.spark.SparkTranslator.Tables stub = new dev.lakehouse.workbench.sql.spark.SparkTranslator.Tables() {
        @Override
        public String scan(List<String> parts, List<Boolean> quoted, dev.lakehouse.workbench.lake.TimeTravel at,
            List<dev.lakehouse.workbench.lake.ScanFilter> filters) {
          return "SELECT * FROM read_parquet('x.parquet')";
        }

        @Override
        public dev.lakehouse.workbench.lake.TimeTravel timestamp(String text) {
          return dev.lakehouse.workbench.lake.TimeTravel.LATEST;
        }
      };
      for (int i = 0; i < 200; i++) {
        dev.lakehouse.workbench.sql.spark.SparkTranslator.query(TYPICAL, stub);
        if (i % 20 == 0) {
          sql.execute(TYPICAL);
        }
      }
      List<Double> translateMs = new ArrayList<>();
      List<Double> statementMs = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        long t0 = System.nanoTime();
        dev.lakehouse.workbench.sql.spark.SparkTranslator.query(TYPICAL, stub);
        translateMs.add(ms(t0));
        t0 = System.nanoTime();
        sql.execute(TYPICAL);
        statementMs.add(ms(t0));
      }
      double tr = median(translateMs);
      ok &= report("Spark parse + translate of a typical query, warm (median of 30)", tr, "whole statement " + fmt(median(statementMs))
          + " ms; share " + String.format("%.0f%%", 100 * tr / median(statementMs)) + "; first parse in the JVM " + fmt(firstParse)
          + " ms (goal <= 5 ms added)", tr <= 5);
    }
    // 5. a whole sql process, cold
    if (javaCommand != null) {
      List<Double> coldMs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        List<String> cmd = new ArrayList<>(javaCommand);
        cmd.addAll(List.of("--data-dir", dataDir.toString(), "sql", "SELECT count(*) FROM bench.big"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        coldMs.add(ms(t0));
        if (p.exitValue() != 0) {
          throw new IllegalStateException("sql process failed: " + output);
        }
      }
      ok &= report("whole sql process, one query, cold (median of 3)", median(coldMs), "goal <= 1500 ms",
          median(coldMs) <= 1500);
    }
    return ok;
  }

  private static void duckCopy(Path file) throws SQLException, IOException {
    Files.deleteIfExists(file);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("COPY (SELECT CAST(id AS BIGINT) AS id, CAST(name AS VARCHAR) AS name, CAST(amount AS DECIMAL(18,2)) AS amount, "
          + "CAST(ts AS TIMESTAMPTZ) AS ts FROM (" + MILLION + ")) TO '" + file + "' (FORMAT parquet, COMPRESSION snappy)");
    }
  }

  private boolean report(String what, double ms, String baseline, boolean met) {
    out.printf("%-62s %9s ms   %s %s%n", what, fmt(ms), baseline, met ? "[met]" : "[MISSED]");
    out.flush();
    return met;
  }

  private static String fmt(double ms) {
    return String.format("%.1f", ms);
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  /** {@code java ... SqlBenchmark WORKDIR}: the java command for the cold run is this JVM's class path. */
  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/bench"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        "dev.lakehouse.workbench.app.Launcher");
    PrintWriter out = new PrintWriter(System.out, true);
    out.println("Lakehouse Workbench lake benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.version") + ")");
    boolean ok = new SqlBenchmark(work, out).run(cmd);
    System.exit(ok ? 0 : 1);
  }
}
