package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governance labs (days 5, 11 and 20) as a learner works them from the command line: the checks
 * read real grants, masks, audit, lineage and a sharing server, and a wrong attempt gets the hint
 * that names what the learner did.
 */
class GovernanceLabsCliTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  JsonNode check(String lab) throws Exception {
    return JSON.readTree(run("lab", "check", lab, "--json").out());
  }

  static boolean passed(JsonNode report, String id) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("id").asText().equals(id)) {
        return c.get("passed").asBoolean();
      }
    }
    throw new AssertionError("no check " + id + " in " + report);
  }

  @Test
  void analystsReadFilteredAndMaskedAndAWriteTheyTryIsDeniedAndAudited() throws Exception {
    String lab = "day-05-access-control";
    assertThat(run("lab", "setup", lab).code()).isZero();
    // too wide a grant: ann's write goes through, and the hint says so
    run("lab", "run", lab, "GRANT ALL PRIVILEGES ON CATALOG main TO analysts");
    run("lab", "run", lab, "SET ROLE ann; INSERT INTO lab05.orders SELECT * FROM lab05.orders LIMIT 1");
    CliRun wide = run("lab", "check", lab);
    assertThat(wide.code()).isEqualTo(1);
    JsonNode r = check(lab);
    assertThat(passed(r, "analysts-read")).isTrue();
    assertThat(passed(r, "row-filter")).isFalse();
    assertThat(passed(r, "write-denied")).isFalse();
    assertThat(wide.out()).contains("ann still sees every customer");

    // the narrow plan, done by the learner: reads filtered and masked, the write denied and audited
    run("lab", "run", lab, "REVOKE ALL PRIVILEGES ON CATALOG main FROM analysts");
    CliRun plan = run("lab", "run", lab, """
        GRANT USE CATALOG ON CATALOG main TO analysts;
        GRANT USE SCHEMA, SELECT ON SCHEMA lab05 TO analysts;
        CREATE FUNCTION lab05.de(c STRING) RETURNS BOOLEAN RETURN is_account_group_member('admins') OR c = 'DE';
        ALTER TABLE lab05.customers SET ROW FILTER lab05.de ON (country);
        CREATE FUNCTION lab05.hide(e STRING) RETURNS STRING RETURN CASE WHEN is_account_group_member('admins') THEN e ELSE '***' END;
        ALTER TABLE lab05.customers ALTER COLUMN email SET MASK lab05.hide
        """);
    assertThat(plan.code()).as(plan.err()).isZero();
    CliRun denied = run("lab", "run", lab, "SET ROLE ann; UPDATE lab05.orders SET quantity = 0");
    assertThat(denied.code()).isNotZero();
    assertThat(denied.err() + denied.out()).contains("PERMISSION_DENIED").contains("MODIFY");
    CliRun done = run("lab", "check", lab);
    assertThat(done.code()).as(done.out()).isZero();
    assertThat(done.out()).contains("day marked done");

    // reset takes the grants, filter and mask back: ann reads nothing again
    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    JsonNode again = check(lab);
    assertThat(passed(again, "analysts-read")).isFalse();
    assertThat(passed(again, "write-denied")).isFalse();
    assertThat(run("lab", "check", lab).out()).contains("ann cannot read lab05 yet").contains("USE CATALOG");
  }

  @Test
  void theChainIsInTheLineageAndTheIncidentQueryNamesTheCulprit() throws Exception {
    String lab = "day-11-lineage-audit";
    assertThat(run("lab", "setup", lab).code()).isZero();
    run("lab", "run", lab, "CREATE TABLE lab11.orders_clean AS SELECT * FROM lab11.orders WHERE status <> 'cancelled'");
    // built from the wrong table: the lineage shows it
    run("lab", "run", lab, "CREATE TABLE lab11.customer_value AS SELECT customer_id, sum(amount) AS revenue FROM lab11.orders GROUP BY customer_id");
    Path incident = dataDir.resolve("work/day-11/incident.sql");
    // a first try that also returns the table's own build
    Files.writeString(incident, "SELECT DISTINCT created_by, source_table_name FROM system.access.table_lineage\n"
        + "WHERE target_table_name = 'revenue' AND source_table_name IS NOT NULL;\n");
    CliRun first = run("lab", "check", lab);
    assertThat(first.code()).isEqualTo(1);
    assertThat(first.out()).contains("lab11.customer_value is not built from lab11.orders_clean yet");
    JsonNode r = check(lab);
    assertThat(passed(r, "incident")).isFalse();
    assertThat(passed(r, "no-cancelled")).isTrue();

    run("lab", "run", lab, "CREATE OR REPLACE TABLE lab11.customer_value AS SELECT customer_id, sum(amount) AS revenue "
        + "FROM lab11.orders_clean GROUP BY customer_id");
    assertThat(run("lab", "check", lab).out()).contains("Your incident query returns (learner, orders) (raj, orders_backfill)");
    Files.writeString(incident, "SELECT DISTINCT created_by, source_table_name FROM system.access.table_lineage\n"
        + "WHERE target_table_name = 'revenue' AND source_table_name IS NOT NULL AND created_by <> 'learner';\n");
    CliRun done = run("lab", "check", lab);
    assertThat(done.code()).as(done.out()).isZero();

    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    JsonNode again = check(lab);
    assertThat(passed(again, "chain")).as("lineage from before the reset does not count").isFalse();
    assertThat(passed(again, "incident")).as("reset put the starter query back").isFalse();
  }

  @Test
  void thePartnerReadsTheSharedRowsThroughTheProtocolAndTheRevokedVendorIsRefused() throws Exception {
    String lab = "day-20-delta-sharing";
    assertThat(run("lab", "setup", lab).code()).isZero();
    JsonNode start = check(lab);
    assertThat(passed(start, "partner-reads")).isFalse();
    assertThat(passed(start, "old-vendor-revoked")).as("the old vendor still reads before the revoke").isFalse();

    // shared, recipient made, but no grant yet: the server's answer is the hint
    run("lab", "run", lab, "CREATE SHARE partner_share; ALTER SHARE partner_share ADD TABLE lab20.daily_revenue; CREATE RECIPIENT partner");
    assertThat(dataDir.resolve("governance/recipients/partner.share")).exists();
    assertThat(run("lab", "check", lab).out()).contains("PERMISSION_DENIED: recipient partner has no access to share partner_share");

    run("lab", "run", lab, "GRANT SELECT ON SHARE partner_share TO RECIPIENT partner; REVOKE SELECT ON SHARE legacy FROM RECIPIENT old_vendor");
    CliRun done = run("lab", "check", lab);
    assertThat(done.code()).as(done.out()).isZero();
    assertThat(done.out()).contains("10 rows, the same");
    // every protocol request the check made is in the audit, as the recipient
    CliRun audit = run("sql", "SELECT count(*) FROM system.access.audit WHERE user_identity_email = 'recipient:partner' "
        + "AND action_name = 'deltaSharingQueryTable' AND response_status_code = 200");
    assertThat(audit.out()).containsPattern("\\| [1-9]\\d* +\\|");

    assertThat(run("lab", "reset", lab, "--yes").code()).isZero();
    assertThat(dataDir.resolve("governance/recipients/partner.share")).doesNotExist();
    JsonNode again = check(lab);
    assertThat(passed(again, "partner-reads")).isFalse();
    assertThat(passed(again, "old-vendor-revoked")).isFalse();
  }
}
