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
}
