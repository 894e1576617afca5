package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dbt labs (days 3, 9, 13) from the command line as a learner works them: the starter project
 * built and diagnosed, the learner's edits built and passing, reset starting over, and the reference
 * solution applied passing.
 */
class DbtLabsCliTest {

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  void edit(String file, String from, String to) throws Exception {
    Path f = dataDir.resolve(file);
    String text = Files.readString(f);
    assertThat(text).contains(from);
    Files.writeString(f, text.replace(from, to));
  }

  @Test
  void day03TheStarterBuildsButIsDiagnosedTheLearnersMartAndTestsPass() throws Exception {
    String lab = "day-03-dbt-project";
    assertThat(run("lab", "setup", lab).code()).isZero();
    CliRun unbuilt = run("lab", "check", lab);
    assertThat(unbuilt.code()).isEqualTo(1);
    assertThat(unbuilt.out()).contains("hint: The project has not been built yet");

    CliRun starter = run("dbt", "build", "--project", "work/day-03/shop_dbt");
    assertThat(starter.code()).as(starter.out() + starter.err()).isZero();
    assertThat(starter.out()).contains("SUCCESS  shop_dbt.stg_orders", "view lab03.stg_orders built");
    CliRun check = run("lab", "check", lab);
    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out()).contains("hint: dbt build", "stg_orders has no passing generic test in the run");

    // the learner adds tests on every model and finishes the mart
    String p = "work/day-03/shop_dbt/";
    edit(p + "models/schema.yml", "      - name: order_id\n", "      - name: order_id\n        data_tests: [unique, not_null]\n");
    edit(p + "models/schema.yml", "      - name: customer_id\n", "      - name: customer_id\n        data_tests: [unique]\n");
    edit(p + "models/schema.yml", "      - name: order_date\n", "      - name: order_date\n        data_tests: [unique]\n");
    CliRun notGrouped = run("dbt", "build", "--project", "work/day-03/shop_dbt");
    assertThat(notGrouped.code()).isEqualTo(1);
    assertThat(notGrouped.out()).contains("FAIL     shop_dbt.unique_fct_daily_revenue_order_date");
    assertThat(run("lab", "check", lab).out()).contains("hint: Something in your last build did not succeed",
        "unique_fct_daily_revenue_order_date fail");

    edit(p + "models/marts/fct_daily_revenue.sql", "    order_date\nfrom {{ ref('stg_orders') }}\n",
        "    order_date, count(*) as orders, sum(amount) as revenue\nfrom {{ ref('stg_orders') }}\ngroup by order_date\n");
    assertThat(run("dbt", "build", "--project", "work/day-03/shop_dbt").code()).isZero();
    CliRun cancelled = run("lab", "check", lab);
    assertThat(cancelled.code()).isEqualTo(1);
    assertThat(cancelled.out()).contains("hint: Your daily counts include cancelled orders");

    edit(p + "models/marts/fct_daily_revenue.sql", "group by order_date", "where status <> 'cancelled'\ngroup by order_date");
    assertThat(run("dbt", "build", "--project", "work/day-03/shop_dbt").code()).isZero();
    CliRun pass = run("lab", "check", lab);
    assertThat(pass.code()).as(pass.out()).isZero();
    assertThat(pass.out()).contains("3 of 3 checks pass");

    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    assertThat(run("lab", "check", lab).code()).isEqualTo(1);
    CliRun applied = run("lab", "solution", lab, "--apply");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.out()).contains("dbt build --project work/day-03/shop_dbt: Done. PASS=");
    assertThat(run("lab", "check", lab).code()).isZero();
  }

  @Test
  void day09TheLearnersTestCatchesThePlantedOrderAndPassesAfterTheFix() throws Exception {
    String lab = "day-09-dbt-macros-tests";
    assertThat(run("lab", "setup", lab).code()).isZero();
    String p = "work/day-09/shop_dbt/";
    assertThat(run("dbt", "build", "--project", p).code()).isZero();
    CliRun starter = run("lab", "check", lab);
    assertThat(starter.code()).isEqualTo(1);
    assertThat(starter.out()).contains("hint: dbt build", "no {% macro net_revenue(...) %} in macros/");

    Files.writeString(dataDir.resolve(p + "macros/net_revenue.sql"),
        "{% macro net_revenue(amount, status) %}sum(case when {{ status }} <> 'cancelled' then {{ amount }} else 0 end){% endmacro %}\n");
    edit(p + "models/marts/fct_daily_revenue.sql", "sum(case when status <> 'cancelled' then amount else 0 end)", "{{ net_revenue('amount', 'status') }}");
    assertThat(run("dbt", "build", "--project", p).code()).isZero();
    assertThat(run("lab", "check", lab).out()).contains("hint: dbt build", "only fct_daily_revenue calls {{ net_revenue(...) }}");
    edit(p + "models/marts/fct_product_revenue.sql", "sum(case when o.status <> 'cancelled' then o.amount else 0 end)",
        "{{ net_revenue('o.amount', 'o.status') }}");

    Files.writeString(dataDir.resolve(p + "macros/positive.sql"),
        "{% test positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n");
    edit(p + "models/schema.yml", "      - name: quantity\n", "      - name: quantity\n        data_tests:\n          - positive:\n              config: {store_failures: true}\n");
    CliRun caught = run("dbt", "build", "--project", p);
    assertThat(caught.code()).isEqualTo(1);
    assertThat(caught.out()).contains("FAIL     shop_dbt.positive_stg_orders_quantity", "Got 1 result", "SKIP");
    assertThat(run("sql", "SELECT order_id, quantity FROM lab09_dbt_test__audit.positive_stg_orders_quantity").out()).contains("990001");
    assertThat(run("lab", "check", lab).out()).contains("hint: Your test caught the bad order");

    assertThat(run("lab", "run", lab, "DELETE FROM lab09.raw_orders WHERE quantity <= 0").code()).isZero();
    edit(p + "tests/assert_amount_is_price_times_quantity.sql", "where 1 = 0",
        "join {{ source('shop', 'raw_products') }} p on o.product_id = p.product_id\nwhere o.amount <> p.price * o.quantity");
    CliRun fixed = run("dbt", "build", "--project", p);
    assertThat(fixed.code()).as(fixed.out()).isZero();
    assertThat(run("lab", "check", lab).out()).contains("hint: No OPTIMIZE commit on lab09.fct_product_revenue yet");
    Files.writeString(dataDir.resolve(p + "models/marts/fct_product_revenue.sql"), "{{ config(post_hook=\"OPTIMIZE {{ this }} ZORDER BY (product_id)\") }}\n"
        + Files.readString(dataDir.resolve(p + "models/marts/fct_product_revenue.sql")));
    assertThat(run("dbt", "build", "--project", p).out()).contains("(1 post-hook)");
    CliRun pass = run("lab", "check", lab);
    assertThat(pass.code()).as(pass.out()).isZero();

    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    assertThat(run("lab", "check", lab).code()).isEqualTo(1);
    CliRun applied = run("lab", "solution", lab, "--apply");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.out()).contains("FAIL=1", "FAIL=0");
    CliRun after = run("lab", "check", lab);
    assertThat(after.code()).as(after.out()).isZero();
  }

  @Test
  void day13CiOnABranchFailsOnABadChangeThenPassesBuildingOnlyWhatItTouches() throws Exception {
    String lab = "day-13-dbt-ci";
    String repo = "work/day-13/shop_dbt";
    assertThat(run("lab", "setup", lab).code()).isZero();
    assertThat(dataDir.resolve(repo + "/.git")).isDirectory();
    assertThat(run("lab", "check", lab).out()).contains("hint: CI has not run on a branch yet");
    CliRun onMain = run("ci", "run", "--repo", repo);
    assertThat(onMain.code()).isEqualTo(2);
    assertThat(onMain.err()).contains("CI runs a branch as a pull request into main").hasLineCount(1);

    // the learner's first try: country added, but orders counted per customer and day
    // the lab editor runs ci lines as the terminal does
    CliRun branch = run("lab", "run", lab, "ci branch add-country --repo " + repo + ";");
    assertThat(branch.code()).as(branch.out() + branch.err()).isZero();
    assertThat(branch.out()).contains("switched to a new branch add-country");
    edit(repo + "/models/staging/stg_customers.sql", "name as customer_name", "name as customer_name, country");
    edit(repo + "/models/marts/dim_customers.sql", "c.customer_name,", "c.customer_name, c.country,");
    edit(repo + "/models/marts/dim_customers.sql", "select customer_id, count(*) as orders from {{ ref('stg_orders') }} group by customer_id",
        "select customer_id, order_date, count(*) as orders from {{ ref('stg_orders') }} group by customer_id, order_date");
    CliRun uncommitted = run("lab", "run", lab, "ci run --repo " + repo + ";");
    assertThat(uncommitted.out()).contains("note: uncommitted changes are not part of the run");
    assertThat(run("ci", "commit", "--repo", repo, "-m", "Add country").code()).isZero();
    CliRun bad = run("ci", "run", "--repo", repo);
    assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(1);
    assertThat(bad.out()).contains("main's manifest.json is in ./main-artifacts", "$ workbench dbt build --target ci",
        "FAIL     shop_dbt.unique_dim_customers_customer_id", "FAILED in", "at step 'Build and test every model'");
    CliRun full = run("lab", "check", lab);
    assertThat(full.code()).isEqualTo(1);
    assertThat(full.out()).contains("failing test unique_dim_customers_customer_id", "hint: CI run 2 of add-country",
        "That builds everything");

    // the fix, and the workflow made slim CI
    edit(repo + "/models/marts/dim_customers.sql", "select customer_id, order_date, count(*) as orders from {{ ref('stg_orders') }} group by customer_id, order_date",
        "select customer_id, count(*) as orders from {{ ref('stg_orders') }} group by customer_id");
    edit(repo + "/.github/workflows/ci.yml", "run: workbench dbt build --target ci",
        "run: workbench dbt build --select state:modified+ --state ./main-artifacts --defer --target ci");
    assertThat(run("ci", "commit", "--repo", repo, "-m", "Count orders per customer").code()).isZero();
    CliRun good = run("ci", "run", "--repo", repo);
    assertThat(good.code()).as(good.out() + good.err()).isZero();
    assertThat(good.out()).contains("SUCCESS  shop_dbt.dim_customers", "PASSED in").doesNotContain("shop_dbt.stg_orders ");
    CliRun pass = run("lab", "check", lab);
    assertThat(pass.code()).as(pass.out()).isZero();
    CliRun runs = run("ci", "runs");
    assertThat(runs.out()).contains("   3  passed ", "   2  failed ", "add-country");
    assertThat(run("ci", "log", "2").out()).contains("FAILED in");

    // a step that is not a workbench command fails in one line, and the kept runs stay after a reset
    edit(repo + "/.github/workflows/ci.yml", "      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n      - run: pip install dbt-databricks\n");
    assertThat(run("ci", "commit", "--repo", repo, "-m", "Install dbt").code()).isZero();
    CliRun pip = run("ci", "run", "--repo", repo);
    assertThat(pip.code()).isEqualTo(1);
    assertThat(pip.out()).contains("'pip install dbt-databricks' is not a workbench command: only workbench commands run locally");
    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    CliRun reset = run("lab", "check", lab);
    assertThat(reset.code()).isEqualTo(1);
    assertThat(reset.out()).contains("hint: CI has not run on a branch yet");
    assertThat(run("ci", "runs").out()).contains("   4  failed ");

    CliRun applied = run("lab", "solution", lab, "--apply");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    CliRun after = run("lab", "check", lab);
    assertThat(after.code()).as(after.out()).isZero();
  }
}
