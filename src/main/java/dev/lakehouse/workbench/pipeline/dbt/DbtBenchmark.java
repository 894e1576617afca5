package dev.lakehouse.workbench.pipeline.dbt;

import static dev.lakehouse.workbench.common.Timing.median;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementHook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dbt benchmark, two goals measured in one run. (1) {@code dbt build} of a 10-model, 20-test
 * project (parse, Jinja, run order, tests, artifacts) against the very statements that build ran,
 * recorded from the session and run again as one script, as {@code sql -f} runs a file: at most 1.5×.
 * (2) Compiling a 200-model project (read, parse, render every model, write target/), warm: at most 1 s.
 */
public final class DbtBenchmark {

  /** What was measured (medians) and whether both goals were met. */
  public record Result(double buildMs, double directMs, double ratio, int statements, double compileMs, int compiledModels,
      int failedNodes) {
    public boolean met() {
      return ratio <= 1.5 && compileMs <= 1000 && failedNodes == 0;
    }
  }

  private static final String[][] MODELS = {
      {"stg_orders", "view", "order_id", "select order_id, customer_id, {{ cents('amount') }} as amount_cents, order_date, status"
          + " from {{ source('shop', 'raw_orders') }}"},
      {"stg_customers", "view", "customer_id", "select customer_id, min(order_date) as first_order"
          + " from {{ source('shop', 'raw_orders') }} group by customer_id"},
      {"stg_payments", "view", "order_id", "select order_id, {{ cents('amount * 0.9') }} as paid_cents"
          + " from {{ source('shop', 'raw_orders') }} where status <> 'cancelled'"},
      {"orders", "table", "order_id", "select o.order_id, o.customer_id, o.order_date, o.status, o.amount_cents,"
          + " coalesce(p.paid_cents, 0) as paid_cents from {{ ref('stg_orders') }} o left join {{ ref('stg_payments') }} p"
          + " on o.order_id = p.order_id"},
      {"customers", "table", "customer_id", "select c.customer_id, c.first_order, count(o.order_id) as orders"
          + " from {{ ref('stg_customers') }} c left join {{ ref('orders') }} o on o.customer_id = c.customer_id"
          + " group by c.customer_id, c.first_order"},
      {"daily_revenue", "table", "order_date", "select order_date, sum(amount_cents) as revenue_cents, count(*) as orders"
          + " from {{ ref('orders') }} group by order_date"},
      {"customer_revenue", "table", "customer_id", "select customer_id, sum(paid_cents) as paid_cents"
          + " from {{ ref('orders') }} group by customer_id"},
      {"status_counts", "table", "status", "select status, count(*) as orders from {{ ref('orders') }} group by status"},
      {"big_orders", "table", "order_id", "select * from {{ ref('orders') }} where amount_cents > {{ var('big', 100000) }}"},
      {"top_customers", "table", "customer_id", "select r.customer_id, r.paid_cents, c.orders from {{ ref('customer_revenue') }} r"
          + " join {{ ref('customers') }} c on c.customer_id = r.customer_id order by r.paid_cents desc limit 100"},
  };

  private final Path work;
  private final PrintWriter out;
  private final int rows;
  private final int compileModels;

  public DbtBenchmark(Path work, PrintWriter out) {
    this(work, out, 60_000, 200);
  }

  DbtBenchmark(Path work, PrintWriter out, int rows, int compileModels) {
    this.work = work;
    this.out = out;
    this.rows = rows;
    this.compileModels = compileModels;
  }

  /** Runs both measurements and prints two lines. */
  public Result run() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("dbt-bench-data"));
    Path project = buildProject(work.resolve("dbt-bench-project"));
    Path big = compileProject(work.resolve("dbt-bench-200"), compileModels);
    try (Lake lake = Lake.open(dataDir)) {
      SqlSession session = new SqlSession(lake);
      session.execute("DROP TABLE IF EXISTS bench_dbt.raw_orders");
      session.execute("CREATE TABLE bench_dbt.raw_orders AS SELECT id AS order_id, CAST(1 + id % 2000 AS INT) AS customer_id,"
          + " CAST((id % 997) * 1.5 AS DECIMAL(10,2)) AS amount, date_add(DATE '2024-03-01', CAST(id % 30 AS INT)) AS order_date,"
          + " CASE id % 7 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'returned' ELSE 'delivered' END AS status FROM range(" + rows + ")");

      // warm-up: one build, whose statements are recorded, and one run of that script
      List<String> statements = new ArrayList<>();
      session.hook(new StatementHook() {
        @Override
        public void before(SqlSession s, String statement) {
          statements.add(statement.strip());
        }
      });
      int failed = build(session);
      session.hook(null);
      String script = String.join(";\n", statements) + ";\n";
      Files.writeString(work.resolve("dbt-bench-compiled.sql"), script);
      direct(session, script);

      List<Double> buildMs = new ArrayList<>();
      List<Double> directMs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        failed += build(session);
        buildMs.add(ms(t0));
        t0 = System.nanoTime();
        direct(session, script);
        directMs.add(ms(t0));
      }
      List<Double> compileMs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        long t0 = System.nanoTime();
        DbtRunner r = new DbtRunner(DbtProject.read(big), session, "bench_dbt_compile", null);
        failed += (int) r.run(DbtRunner.Command.compile, null, null).stream().filter(x -> !x.status().equals("success")).count();
        if (i > 0) { // the first pass warms the JIT and the file cache
          compileMs.add(ms(t0));
        }
      }
      double ratio = median(buildMs) / median(directMs);
      Result res = new Result(median(buildMs), median(directMs), ratio, statements.size(), median(compileMs), compileModels, failed);
      boolean ok = failed == 0;
      out.printf(Locale.ROOT, "%-62s %9.1f ms   %s %s%n", "dbt build of 10 models and 20 tests (median of 3)", res.buildMs(),
          "its " + statements.size() + " compiled statements as one sql -f script " + String.format(Locale.ROOT, "%.1f", res.directMs())
              + " ms; ratio " + String.format(Locale.ROOT, "%.2f", ratio) + "x (goal <= 1.5x)", ok && ratio <= 1.5 ? "[met]" : "[MISSED]");
      out.printf(Locale.ROOT, "%-62s %9.1f ms   %s %s%n", "dbt compile of " + compileModels + " models, warm (median of 3)",
          res.compileMs(), "goal <= 1000 ms", ok && res.compileMs() <= 1000 ? "[met]" : "[MISSED]");
      out.flush();
      return res;
    }
  }

  private int build(SqlSession session) {
    Path project = work.resolve("dbt-bench-project");
    DbtRunner r = new DbtRunner(DbtProject.read(project), session, "bench_dbt", null);
    return (int) r.run(DbtRunner.Command.build, null, null).stream()
        .filter(x -> !x.status().equals("success") && !x.status().equals("pass")).count();
  }

  /** The recorded statements, run the way {@code sql -f} runs a file. */
  private static void direct(SqlSession session, String script) {
    session.execute(script, r -> { });
  }

  static Path buildProject(Path dir) throws IOException {
    write(dir, "dbt_project.yml", "name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\n");
    write(dir, "macros/cents.sql", "{% macro cents(col) -%}\n  cast(round({{ col }} * 100) as bigint)\n{%- endmacro %}\n");
    StringBuilder yml = new StringBuilder("version: 2\nsources:\n  - name: shop\n    schema: bench_dbt\n    tables: [{name: raw_orders}]\n"
        + "models:\n");
    for (String[] m : MODELS) {
      write(dir, "models/" + m[0] + ".sql", "{{ config(materialized='" + m[1] + "') }}\n" + m[3] + "\n");
      yml.append("  - name: ").append(m[0]).append("\n    columns:\n      - name: ").append(m[2])
          .append("\n        data_tests: [not_null, unique]\n");
    }
    write(dir, "models/schema.yml", yml.toString());
    return dir;
  }

  static Path compileProject(Path dir, int models) throws IOException {
    write(dir, "dbt_project.yml", "name: bench_compile\nversion: '1.0'\nconfig-version: 2\nvars: {factor: 2}\n"
        + "models:\n  bench_compile:\n    +materialized: table\n");
    write(dir, "macros/cents.sql", "{% macro cents(col) -%}\n  cast(round({{ col }} * 100) as bigint)\n{%- endmacro %}\n");
    write(dir, "models/sources.yml", "version: 2\nsources:\n  - name: shop\n    schema: bench_dbt\n    tables: [{name: raw_orders}]\n");
    for (int i = 0; i < models; i++) {
      String from = i == 0 ? "{{ source('shop', 'raw_orders') }}" : "{{ ref('m" + (i - 1) / 2 + "') }}";
      write(dir, String.format(Locale.ROOT, "models/g%02d/m%d.sql", i / 20, i),
          "{{ config(tags=['g" + i / 20 + "']) }}\nselect order_id,\n{% for c in " + (i == 0 ? "['amount', 'amount * 0.9']" : "['c1', 'c2']") + " %}  {{ cents(c) }} * "
              + "{{ var('factor') }} as c{{ loop.index }},\n{% endfor %}  status\nfrom " + from + "\n"
              + "{% if target.name == 'dev' %}where order_id >= 0{% endif %}\n");
    }
    return dir;
  }

  private static void write(Path dir, String rel, String text) throws IOException {
    Path f = dir.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
