package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.governance.Governance;
import dev.lakehouse.workbench.governance.Sharing;
import dev.lakehouse.workbench.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code share read}, {@code share token-lifetime} and {@code share rotate-token} as a provider and a
 * recipient type them, against a real sharing server on loopback.
 */
class ShareCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path elsewhere;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  @Test
  void aRecipientLandsASharedTableAndAnExpiredOrRotatedTokenReadsNothing() throws Exception {
    CliRun made = run("sql", """
        CREATE TABLE gold.revenue (region STRING, total BIGINT) PARTITIONED BY (region);
        INSERT INTO gold.revenue VALUES ('EU', 10), ('US', 20), ('APAC', 5);
        CREATE SHARE partners;
        ALTER SHARE partners ADD TABLE gold.revenue PARTITION (region = 'EU'), (region = 'US') AS sales.revenue;
        CREATE RECIPIENT acme;
        GRANT SELECT ON SHARE partners TO RECIPIENT acme""");
    assertThat(made.code()).as(made.err()).isZero();

    String endpoint;
    try (Lake lake = Lake.open(dataDir)) {
      Governance g = Governance.open(dataDir, lake, null);
      try (Sharing server = Sharing.serve(g, lake, 0)) {
        endpoint = server.endpoint();
        // the recipient keeps the profile elsewhere, pointing at where the server listens in this test
        Path profile = elsewhere.resolve("acme.share");
        ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(dataDir.resolve("governance/recipients/acme.share")));
        p.put("endpoint", server.endpoint());
        Files.writeString(profile, p.toString());

        CliRun read = run("share", "read", profile + "#partners.sales.revenue");
        assertThat(read.code()).as(read.err()).isZero();
        assertThat(read.out()).contains("2 rows landed in partners_sales.revenue");
        CliRun rows = run("sql", "--format", "csv", "SELECT region, total FROM partners_sales.revenue ORDER BY region");
        assertThat(rows.out()).isEqualToIgnoringNewLines("region,total" + "EU,10" + "US,20");

        // a table of the learner's own is never replaced by a read, unless asked
        CliRun mine = run("share", "read", profile + "#partners.sales.revenue", "--into", "gold.revenue");
        assertThat(mine.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
        assertThat(mine.err()).contains("Table gold.revenue exists and was not made by share read").doesNotContain("Exception");
        assertThat(run("sql", "--format", "csv", "SELECT count(*) AS n FROM gold.revenue").out()).contains("3");

        CliRun bad = run("share", "read", profile.toString());
        assertThat(bad.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
        assertThat(bad.err()).contains("PROFILE#SHARE.SCHEMA.TABLE");

        // rotation: the old token stops at once, the new profile reads
        CliRun rotated = run("share", "rotate-token", "acme");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("the old token no longer works");
        CliRun old = run("share", "read", profile + "#partners.sales.revenue");
        assertThat(old.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
        assertThat(old.out()).contains("the server answered 401").contains("UNAUTHENTICATED");

        // a lifetime: the next token carries its expiry, and a profile past it is refused before any request
        assertThat(run("share", "token-lifetime", "86400").out()).contains("expire 86400 seconds after");
        assertThat(run("share", "token-lifetime", "soon").err()).contains("is not a number of seconds");
        run("share", "rotate-token", "acme");
        ObjectNode renewed = (ObjectNode) JSON.readTree(Files.readString(dataDir.resolve("governance/recipients/acme.share")));
        assertThat(renewed.get("expirationTime").asText()).endsWith("Z");
        renewed.put("endpoint", server.endpoint());
        Files.writeString(profile, renewed.toString());
        assertThat(run("share", "read", profile + "#partners.sales.revenue").code()).isZero();
        renewed.put("expirationTime", "2020-01-01T00:00:00Z");
        Files.writeString(profile, renewed.toString());
        CliRun expired = run("share", "read", profile + "#partners.sales.revenue");
        assertThat(expired.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
        assertThat(expired.out()).contains("not read: the profile's token expired at 2020-01-01T00:00:00Z")
            .doesNotContain("server answered");
      }
    }
    // the server has stopped: the learner is told what to start, not a bare exception
    ObjectNode valid = (ObjectNode) JSON.readTree(Files.readString(dataDir.resolve("governance/recipients/acme.share")));
    valid.put("endpoint", endpoint);
    Files.writeString(elsewhere.resolve("acme.share"), valid.toString());
    CliRun stopped = run("share", "read", elsewhere.resolve("acme.share") + "#partners.sales.revenue");
    assertThat(stopped.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(stopped.out()).contains("did not answer (nothing listens there); is it running?")
        .doesNotContain("null").doesNotContain("Exception");
    CliRun denied = CliRun.in(dataDir, "--as", "bob", "share", "rotate-token", "acme");
    assertThat(denied.code()).isNotZero();
    assertThat(denied.err()).contains("PERMISSION_DENIED");
  }
}
