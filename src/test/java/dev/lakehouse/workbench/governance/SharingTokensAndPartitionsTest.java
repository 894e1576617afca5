package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recipient tokens that expire and rotate, and shares limited to some partitions, over a real server on loopback. */
class SharingTokensAndPartitionsTest extends GovernedLakeTest {

  private static final ObjectMapper JSON = SharingHttp.JSON;
  private final SharingHttp http = new SharingHttp();


  private HttpResponse<String> get(String url, String token) throws Exception {
    return http.get(url, token);
  }

  private HttpResponse<String> query(String base, String token, String table) throws Exception {
    return http.query(base, token, "partners", "sales", table, "{}");
  }

  private static JsonNode profile(Governance g, String recipient) throws Exception {
    return SharingHttp.profile(g, recipient);
  }

  @Test
  void aTokenStopsAtItsExpiryAndARotationIssuesANewOne() throws Exception {
    admin.execute("""
        CREATE TABLE gold.revenue (region STRING, total BIGINT);
        INSERT INTO gold.revenue VALUES ('EU', 10);
        CREATE SHARE partners;
        ALTER SHARE partners ADD TABLE gold.revenue AS sales.revenue;
        CREATE RECIPIENT forever""");
    assertThat(profile(g, "forever").has("expirationTime")).as("no lifetime set: the token does not expire").isFalse();

    assertThat(g.setRecipientTokenLifetime(3L)).contains("3 seconds");
    admin.execute("CREATE RECIPIENT acme; GRANT SELECT ON SHARE partners TO RECIPIENT acme");
    JsonNode acme = profile(g, "acme");
    Instant expires = Instant.parse(acme.get("expirationTime").asText());
    assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    String token = acme.get("bearerToken").asText();

    try (Sharing server = Sharing.serve(g, lake, 0)) {
      String base = server.endpoint();
      assertThat(get(base + "shares", token).statusCode()).isEqualTo(200);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 100);
      HttpResponse<String> expired = get(base + "shares", token);
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(expired.body()).get("errorCode").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(JSON.readTree(expired.body()).get("message").asText()).contains("expired at " + expires);
      assertThat(query(base, token, "revenue").statusCode()).as("an expired token reads nothing").isEqualTo(401);

      // rotation: a new profile; the old token may keep working for a while, or stop at once
      g.setRecipientTokenLifetime(null);
      assertThat(g.rotateRecipientToken("acme", 600)).as("an expired token gets no grace time")
          .contains("old token no longer works");
      String second = profile(g, "acme").get("bearerToken").asText();
      assertThat(profile(g, "acme").has("expirationTime")).isFalse();
      assertThat(second).isNotEqualTo(token);
      assertThat(query(base, second, "revenue").statusCode()).isEqualTo(200);
      assertThat(get(base + "shares", token).statusCode()).as("the first token had expired before the rotation").isEqualTo(401);
      assertThat(g.rotateRecipientToken("acme", 600)).contains("old token works until");
      String third = profile(g, "acme").get("bearerToken").asText();
      assertThat(get(base + "shares", second).statusCode()).as("the previous token, still in its grace time").isEqualTo(200);
      assertThat(get(base + "shares", third).statusCode()).isEqualTo(200);
      assertThat(g.rotateRecipientToken("acme", 0)).contains("old token no longer works");
      assertThat(get(base + "shares", third).statusCode()).isEqualTo(401);
      assertThat(get(base + "shares", profile(g, "acme").get("bearerToken").asText()).statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(() -> g.rotateRecipientToken("nobody", 0)).isInstanceOf(WorkbenchException.class)
        .hasMessageContaining("Recipient nobody does not exist");
    admin.execute("CREATE GROUP analysts WITH USER analyst");
    Governance asAnalyst = Governance.open(dir, lake, "analyst");
    assertThatThrownBy(() -> asAnalyst.setRecipientTokenLifetime(60L)).isInstanceOf(GovernanceErrors.Denied.class);

    assertThat(admin.execute("""
        SELECT count(*) FROM system.access.audit
        WHERE user_identity_email = 'recipient:acme' AND response_status_code = 401""").get(0).rows())
        .as("the expired token's two requests are audited under the recipient it names (a replaced token names none)")
        .containsExactly(List.of(2L));
    assertThat(admin.execute("""
        SELECT action_name, user_identity_email, response_status_code FROM system.access.audit
        WHERE action_name IN ('updateMetastore', 'rotateRecipientToken') ORDER BY event_time""").get(0).rows())
        .containsExactly(List.of("updateMetastore", "learner", 200), List.of("updateMetastore", "learner", 200),
            List.of("rotateRecipientToken", "learner", 200), List.of("rotateRecipientToken", "learner", 200),
            List.of("rotateRecipientToken", "learner", 200), List.of("rotateRecipientToken", "learner", 400),
            List.of("updateMetastore", "analyst", 403));
  }

  @Test
  void aPartitionSubsetShareServesOnlyThoseFilesAndTheClientLandsThemWithTheirPartitionValues() throws Exception {
    admin.execute("""
        CREATE TABLE gold.sales (id BIGINT, amount BIGINT, region STRING, day DATE) PARTITIONED BY (region, day);
        INSERT INTO gold.sales VALUES (1, 10, 'EU', DATE'2024-01-01'), (2, 20, 'EU', DATE'2024-01-02'),
          (3, 30, 'US', DATE'2024-01-01'), (4, 40, 'APAC', DATE'2024-01-01'), (5, 50, NULL, DATE'2024-01-03');
        CREATE SHARE partners;
        ALTER SHARE partners ADD TABLE gold.sales AS sales.everything;
        CREATE RECIPIENT acme;
        GRANT SELECT ON SHARE partners TO RECIPIENT acme""");
    assertThatThrownBy(() -> admin.execute("ALTER SHARE partners ADD TABLE gold.sales PARTITION (amount = 10) AS sales.bad"))
        .hasMessageContaining("Column amount is not a partition column of gold.sales")
        .hasMessageContaining("region, day");
    assertThatThrownBy(() -> admin.execute("ALTER SHARE partners ADD TABLE gold.sales PARTITION (region LIKE 'E%') AS sales.bad"))
        .hasMessageContaining("shares partitions named by equality");
    String result = admin.execute("ALTER SHARE partners ADD TABLE gold.sales "
        + "PARTITION (region = 'EU', day = '2024-01-01'), (region = 'US'), (region IS NULL) AS sales.some").get(0).message();
    assertThat(result).contains("(region = 'EU', day = '2024-01-01'), (region = 'US'), (region IS NULL)");
    assertThat(admin.execute("SHOW SHARES").get(0).rows()).contains(List.of("partners", "sales.some", "gold.sales", "latest",
        "(region = 'EU', day = '2024-01-01'), (region = 'US'), (region IS NULL)"));
    String token = profile(g, "acme").get("bearerToken").asText();

    try (Sharing server = Sharing.serve(g, lake, 0)) {
      String base = server.endpoint();
      List<JsonNode> all = files(query(base, token, "everything"));
      List<JsonNode> some = files(query(base, token, "some"));
      assertThat(all).hasSize(5);
      assertThat(some).extracting(f -> f.get("partitionValues").path("region").asText("") + "/" + f.get("partitionValues").get("day").asText())
          .containsExactlyInAnyOrder("EU/2024-01-01", "US/2024-01-01", "/2024-01-03");

      // the URL of a file the subset leaves out opens nothing, even signed for the table's other name
      String apacUrl = all.stream().filter(f -> f.get("partitionValues").path("region").asText("").equals("APAC"))
          .findFirst().orElseThrow().get("url").asText();
      assertThat(get(apacUrl, null).statusCode()).isEqualTo(200);
      assertThat(get(apacUrl.replace("/everything/", "/some/"), null).statusCode()).as("the signature covers the name").isEqualTo(403);
      admin.execute("ALTER SHARE partners ADD TABLE gold.sales PARTITION (region = 'EU') AS sales.everything");
      assertThat(get(apacUrl, null).statusCode()).as("a narrowed share refuses the files it left").isEqualTo(404);

      // the client adds the partition columns back (Delta keeps them out of the files) and lands a Delta table
      SharingClient.Profile p = new SharingClient.Profile(base, token, null);
      SharingClient.Landed landed = SharingClient.land(p, "partners", "sales", "some", lake, TableId.parse("partners_sales.some"),
          lake.root().resolve(".sharing-downloads/t1"));
      assertThat(landed.status()).isEqualTo(200);
      assertThat(landed.rows()).isEqualTo(3);
      assertThat(admin.execute("SELECT id, amount, region, day FROM partners_sales.some ORDER BY id").get(0).rows())
          .isEqualTo(admin.execute("""
              SELECT id, amount, region, day FROM gold.sales
              WHERE region = 'EU' AND day = DATE'2024-01-01' OR region = 'US' OR region IS NULL ORDER BY id""").get(0).rows())
          .hasSize(3);
      assertThat(lake.describe(TableId.parse("partners_sales.some")).columns()).extracting(c -> c.name() + " " + c.type())
          .containsExactly("id bigint", "amount bigint", "region string", "day date");
      assertThat(lake.describe(TableId.parse("partners_sales.some")).partitionColumns()).containsExactly("region", "day");
      assertThat(Files.exists(lake.root().resolve(".sharing-downloads/t1"))).as("the downloads are cleaned up").isFalse();

      SharingClient.Landed late = SharingClient.land(new SharingClient.Profile(base, token, "2020-01-01T00:00:00Z"),
          "partners", "sales", "some", lake, TableId.parse("partners_sales.other"), lake.root().resolve(".sharing-downloads/t2"));
      assertThat(late.status()).as("refused before any request").isZero();
      assertThat(late.error()).contains("expired at 2020-01-01T00:00:00Z");
      assertThat(lake.exists(TableId.parse("partners_sales.other"))).isFalse();
    }
  }

  @Test
  void aTableBehindARowFilterOrAColumnMaskIsNeverHandedToARecipient() throws Exception {
    admin.execute("""
        CREATE TABLE silver.customers (id BIGINT, email STRING);
        INSERT INTO silver.customers VALUES (1, 'ada@example.com');
        CREATE FUNCTION silver.hide(e STRING) RETURNS STRING RETURN '***';
        CREATE SHARE partners;
        ALTER SHARE partners ADD TABLE silver.customers AS sales.customers;
        CREATE RECIPIENT acme;
        GRANT SELECT ON SHARE partners TO RECIPIENT acme""");
    String token = profile(g, "acme").get("bearerToken").asText();
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      assertThat(query(server.endpoint(), token, "customers").statusCode()).isEqualTo(200);
      admin.execute("ALTER TABLE silver.customers ALTER COLUMN email SET MASK silver.hide");
      HttpResponse<String> masked = query(server.endpoint(), token, "customers");
      assertThat(masked.statusCode()).as("a mask set after sharing closes the share's door").isEqualTo(400);
      assertThat(JSON.readTree(masked.body()).get("errorCode").asText()).isEqualTo("FEATURE_NOT_SUPPORTED");
      assertThat(JSON.readTree(masked.body()).get("message").asText()).contains("row filter or column mask");
    }
    assertThatThrownBy(() -> admin.execute("ALTER SHARE partners ADD TABLE silver.customers AS sales.again"))
        .hasMessageContaining("has a row filter or a column mask, so it cannot be shared")
        .hasMessageContaining("CREATE TABLE ... AS SELECT");
  }

  @Test
  void aSharedTableDroppedByItsProviderIsGoneWithoutNamingWhatWasBehindIt() throws Exception {
    admin.execute("""
        CREATE TABLE secret_schema.revenue_raw (region STRING, total BIGINT);
        CREATE SHARE partners;
        ALTER SHARE partners ADD TABLE secret_schema.revenue_raw AS sales.revenue;
        CREATE RECIPIENT acme;
        GRANT SELECT ON SHARE partners TO RECIPIENT acme;
        DROP TABLE secret_schema.revenue_raw""");
    String token = profile(g, "acme").get("bearerToken").asText();
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      HttpResponse<String> gone = query(server.endpoint(), token, "revenue");
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(gone.body()).get("message").asText()).contains("sales.revenue").contains("no longer exists");
      assertThat(gone.body()).doesNotContain("secret_schema").doesNotContain(dir.toString());
    }
  }

  private static List<JsonNode> files(HttpResponse<String> reply) throws Exception {
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return SharingHttp.files(reply);
  }
}
