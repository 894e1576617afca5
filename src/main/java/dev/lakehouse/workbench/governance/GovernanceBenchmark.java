package dev.lakehouse.workbench.governance;

import static dev.lakehouse.workbench.common.Timing.median;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.sql.SqlSession;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The two speed goals for governance, measured on a scratch lake: the privilege check a
 * statement pays (parse, USE CATALOG, USE SCHEMA, SELECT, row filter and mask lookup) is at most 2 ms,
 * and the Delta Sharing query endpoint answers for a 1,000-file table within 1.5x of the time to list
 * that table's snapshot locally.
 */
public final class GovernanceBenchmark {

  private final Path work;
  private final PrintWriter out;

  public GovernanceBenchmark(Path work, PrintWriter out) {
    this.work = work;
    this.out = out;
  }

  /** Runs both measurements and prints a line each; returns false if a goal was missed. */
  public boolean run() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("governance-bench-data"));
    try (Lake lake = Lake.open(dataDir)) {
      SqlSession plain = new SqlSession(lake);
      plain.execute("""
          CREATE OR REPLACE TABLE bench.t (id BIGINT, v DOUBLE);
          INSERT INTO bench.t SELECT id, id * 1.5 FROM range(100000);
          CREATE OR REPLACE TABLE bench.parts (id BIGINT, p INT) PARTITIONED BY (p);
          INSERT INTO bench.parts SELECT id, CAST(id % 1000 AS INT) FROM range(20000)""");
      Governance admin = Governance.open(dataDir, lake, null);
      SqlSession adminSql = new SqlSession(lake);
      adminSql.hook(admin);
      adminSql.execute("""
          CREATE GROUP analysts WITH USER ann;
          GRANT USE CATALOG ON CATALOG main TO analysts;
          GRANT USE SCHEMA, SELECT ON SCHEMA bench TO analysts""");
      return checkCost(lake, dataDir, plain) & sharingQuery(lake, admin, adminSql);
    }
  }

  private boolean checkCost(Lake lake, Path dataDir, SqlSession plain) {
    String statement = "SELECT count(*), avg(v) FROM bench.t WHERE id > 10";
    TableId table = TableId.of("bench", "t");
    Governance ann = Governance.open(dataDir, lake, "ann");
    String relation = lake.scan(table, TimeTravel.LATEST, List.of()).sql();
    for (int i = 0; i < 300; i++) {
      check(ann, plain, statement, table, relation);
    }
    List<Double> checks = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      long t0 = System.nanoTime();
      check(ann, plain, statement, table, relation);
      checks.add(ms(t0));
    }
    plain.execute(statement);
    List<Double> statements = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      long t0 = System.nanoTime();
      plain.execute(statement);
      statements.add(ms(t0));
    }
    SqlSession annSql = new SqlSession(lake);
    annSql.hook(ann);
    annSql.execute(statement);
    List<Double> governed = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      long t0 = System.nanoTime();
      annSql.execute(statement);
      governed.add(ms(t0));
    }
    double check = median(checks);
    boolean met = check <= 2.0;
    out.printf(Locale.ROOT, "%-62s %9.3f ms   %s %s%n", "privilege check of a SELECT as a granted user (median of 2000)",
        check, "the statement alone " + f(median(statements)) + " ms; p95 check " + f3(p95(checks))
            + " ms; with its audit and lineage commits " + f(median(governed)) + " ms (goal check <= 2 ms)",
        met ? "[met]" : "[MISSED]");
    out.flush();
    return met;
  }

  /** What the hook does for a read before the engine runs it: own (not a governance statement), before, read. */
  private static void check(Governance g, SqlSession session, String statement, TableId table, String relation) {
    g.own(session, statement);
    g.before(session, statement);
    g.read(table, relation);
  }

  /** Pairs measured (local listing and query, in turns) and pairs run before to warm both sides. */
  static final int PAIRS = 101;
  static final int WARM_UP_PAIRS = 500;

  private boolean sharingQuery(Lake lake, Governance admin, SqlSession adminSql) throws Exception {
    TableId parts = TableId.of("bench", "parts");
    long version = lake.latestVersion(parts);
    int files = lake.snapshot(parts, version).files().size();
    adminSql.execute("""
        CREATE SHARE bench_share;
        ALTER SHARE bench_share ADD TABLE bench.parts;
        CREATE RECIPIENT bench_reader;
        GRANT SELECT ON SHARE bench_share TO RECIPIENT bench_reader""");
    String token = SharingClient.Profile.load(admin.profiles().resolve("bench_reader.share")).bearerToken();
    try (Sharing server = Sharing.serve(admin, lake, 0)) {
      // a blocking client on the calling thread that accepts gzip (as the protocol's Python client; the server
      // answers plain on loopback), so the time is the server's answer and the transfer, not an asynchronous
      // client's hand-offs between threads
      URI query = URI.create(server.endpoint() + "shares/bench_share/schemas/bench/tables/parts/query");
      // the same snapshot on both sides: the latest version, read locally as any local reader does (one call)
      // and through the server; both warmed alike first (until the JIT has compiled both paths), then
      // measured in turns, each side first every other pair, so both meet the same load on a shared machine
      int lines = 0;
      for (int i = 0; i < WARM_UP_PAIRS; i++) {
        lines = (int) post(query, token, "{}").lines().count();
        lake.snapshot(parts, TimeTravel.LATEST).files().size();
      }
      Thread.sleep(2 * Sharing.AUDIT_LINGER_MILLIS); // the warm-up's audit is written before the measurement
      List<Double> local = new ArrayList<>();
      List<Double> served = new ArrayList<>();
      List<Double> ratios = new ArrayList<>(); // each pair's query over its listing: the two met the same load
      for (int i = 0; i < PAIRS; i++) {
        for (int side = 0; side < 2; side++) {
          long t0 = System.nanoTime();
          if ((side + i) % 2 == 0) {
            lake.snapshot(parts, TimeTravel.LATEST).files().size();
            local.add(ms(t0));
          } else {
            post(query, token, "{}");
            served.add(ms(t0));
          }
        }
        ratios.add(served.get(i) / local.get(i));
      }
      // the first query of a version (or of a minute, when its URLs' expiry moves on) finds no reply made
      // for it: the server loads the snapshot, signs every URL and writes every line; a limit hint above
      // the table's rows, different each time, changes nothing in the reply but finds nothing made for it
      List<Double> fresh = new ArrayList<>();
      List<Double> freshLocal = new ArrayList<>();
      List<Double> freshRatios = new ArrayList<>();
      for (int i = -21; i < 21; i++) { // the first 21 warm this path as the pairs above warmed theirs
        long t0 = System.nanoTime();
        post(query, token, "{\"limitHint\": " + (1_000_000_000L + i) + "}");
        double q = ms(t0);
        t0 = System.nanoTime();
        lake.snapshot(parts, TimeTravel.LATEST).files().size();
        if (i >= 0) {
          fresh.add(q);
          freshLocal.add(ms(t0));
          freshRatios.add(q / freshLocal.get(i));
        }
      }
      // the goal's ratio is the median of the pairs' ratios: on a machine shared with other work the load
      // moves during a run, and a pair's two timings meet the same load; the ratio of the medians is shown too
      double ratio = median(ratios);
      boolean met = ratio <= 1.5 && files == 1000 && lines == files + 2;
      out.printf(Locale.ROOT, "%-62s %9.1f ms   %s %s%n", "sharing query of a " + files + "-file table (median of " + PAIRS + ")",
          median(served), "listing its snapshot locally " + f(median(local)) + " ms; ratio " + f(ratio)
              + "x (median of the pairs; of the medians " + f(median(served) / median(local)) + "x; goal <= 1.5x); "
              + lines + " lines", met ? "[met]" : "[MISSED]");
      out.printf(Locale.ROOT, "%-62s %9.1f ms   %s%n", "  its first query of a version or minute (median of 21)",
          median(fresh), "listing locally " + f(median(freshLocal)) + " ms; ratio " + f(median(freshRatios))
              + "x (median of the pairs; every URL signed again; not the goal's measure)");
      out.flush();
      return met;
    }
  }

  /** POSTs the JSON body with the bearer token and returns the reply's body; anything but 200 is an error. */
  private static String post(URI uri, String token, String json) throws java.io.IOException {
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) uri.toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty("Accept-Encoding", "gzip"); // as the protocol's Python client (requests) asks
    try (java.io.OutputStream o = c.getOutputStream()) {
      o.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    if (status != 200) {
      throw new IllegalStateException("the sharing query answered " + status);
    }
    try (java.io.InputStream in = "gzip".equals(c.getContentEncoding())
        ? new java.util.zip.GZIPInputStream(c.getInputStream()) : c.getInputStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static String f(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  private static String f3(double x) {
    return String.format(Locale.ROOT, "%.3f", x);
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double p95(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get((int) Math.floor(s.size() * 0.95));
  }
}
