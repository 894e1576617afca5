package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Delta Sharing server over real tables, spoken to with a real HTTP client on loopback. */
class SharingServerTest extends GovernedLakeTest {

  private static final ObjectMapper JSON = SharingHttp.JSON;
  private final SharingHttp recipient = new SharingHttp();
  private final HttpClient http = HttpClient.newHttpClient();


  private HttpResponse<String> get(String url, String token) throws Exception {
    return recipient.get(url, token);
  }

  private HttpResponse<String> post(String url, String token, String body) throws Exception {
    return recipient.post(url, token, body);
  }

  @Test
  void aRecipientReadsExactlyTheSharedVersionAndRevokingStopsIt() throws Exception {
    admin.execute("""
        CREATE TABLE gold.revenue (region STRING, total BIGINT);
        INSERT INTO gold.revenue VALUES ('EU', 10), ('US', 20);
        INSERT INTO gold.revenue VALUES ('APAC', 5);
        CREATE TABLE silver.secret (x INT);
        CREATE SHARE partners;
        ALTER SHARE partners ADD TABLE gold.revenue AS sales.revenue VERSION AS OF 1;
        CREATE RECIPIENT acme;
        GRANT SELECT ON SHARE partners TO RECIPIENT acme""");
    Path profile = g.profiles().resolve("acme.share");
    JsonNode prof = JSON.readTree(Files.readString(profile));
    assertThat(prof.get("shareCredentialsVersion").asInt()).isEqualTo(1);
    assertThat(prof.get("endpoint").asText()).isEqualTo("http://127.0.0.1:8770/delta-sharing/");
    String token = prof.get("bearerToken").asText();
    assertThat(Files.readString(dir.resolve("governance/policy.json"))).doesNotContain(token);

    try (Sharing server = Sharing.serve(g, lake, 0)) {
      String base = server.endpoint();
      assertThat(base).startsWith("http://127.0.0.1:");
      HttpResponse<String> shares = get(base + "shares", token);
      assertThat(shares.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(shares.body())).isEqualTo(JSON.readTree("{\"items\":[{\"name\":\"partners\"}]}"));
      assertThat(JSON.readTree(get(base + "shares/partners/schemas", token).body()))
          .isEqualTo(JSON.readTree("{\"items\":[{\"name\":\"sales\",\"share\":\"partners\"}]}"));
      assertThat(JSON.readTree(get(base + "shares/partners/schemas/sales/tables", token).body()))
          .isEqualTo(JSON.readTree("{\"items\":[{\"name\":\"revenue\",\"schema\":\"sales\",\"share\":\"partners\"}]}"));
      HttpResponse<String> version = get(base + "shares/partners/schemas/sales/tables/revenue/version", token);
      assertThat(version.headers().firstValue("Delta-Table-Version")).contains("1");

      HttpResponse<String> meta = get(base + "shares/partners/schemas/sales/tables/revenue/metadata", token);
      List<String> lines = meta.body().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(JSON.readTree(lines.get(0))).isEqualTo(JSON.readTree("{\"protocol\":{\"minReaderVersion\":1}}"));
      JsonNode md = JSON.readTree(lines.get(1)).get("metaData");
      assertThat(md.get("format").get("provider").asText()).isEqualTo("parquet");
      assertThat(JSON.readTree(md.get("schemaString").asText()).get("fields").get(1).get("type").asText()).isEqualTo("long");

      HttpResponse<String> query = post(base + "shares/partners/schemas/sales/tables/revenue/query", token, "{}");
      assertThat(query.statusCode()).isEqualTo(200);
      assertThat(query.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
      List<String> q = query.body().lines().toList();
      assertThat(q).hasSize(3); // protocol, metaData, one file: version 1 has the first insert only
      JsonNode file = JSON.readTree(q.get(2)).get("file");
      assertThat(file.get("stats").asText()).isEqualTo("{\"numRecords\":2,\"minValues\":{\"region\":\"EU\",\"total\":10},"
          + "\"maxValues\":{\"region\":\"US\",\"total\":20},\"nullCount\":{\"region\":0,\"total\":0}}"); // the log's own
      String url = file.get("url").asText();
      long expires = Long.parseLong(url.replaceAll(".*[?&]expires=(\\d+).*", "$1"));
      assertThat(expires - java.time.Instant.now().getEpochSecond()).isBetween(Sharing.URL_LIFETIME_SECONDS - 5,
          Sharing.URL_LIFETIME_SECONDS + 60); // at least the lifetime, rounded up to a minute
      assertThat(post(base + "shares/partners/schemas/sales/tables/revenue/query", token, "{}").body())
          .as("a query of the same version in the same minute signs the same URLs").isIn(query.body(),
              post(base + "shares/partners/schemas/sales/tables/revenue/query", token, "{}").body());
      assertThat(post(base + "shares/partners/schemas/sales/tables/revenue/query", token, "{\"version\": 2}").statusCode())
          .as("the body is read: version 2 is not the shared one").isEqualTo(400);
      HttpResponse<byte[]> bytes = http.send(HttpRequest.newBuilder(URI.create(file.get("url").asText())).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(bytes.statusCode()).isEqualTo(200);
      assertThat((long) bytes.body().length).isEqualTo(file.get("size").asLong());
      assertThat(new String(bytes.body(), 0, 4)).isEqualTo("PAR1");

      // a renamed column under column mapping cannot travel in the Parquet response format: refused, not emptied
      admin.execute("""
          ALTER TABLE silver.secret SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name');
          ALTER TABLE silver.secret RENAME COLUMN x TO y;
          ALTER SHARE partners ADD TABLE silver.secret AS sales.secret""");
      HttpResponse<String> mapped = get(base + "shares/partners/schemas/sales/tables/secret/metadata", token);
      assertThat(mapped.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(mapped.body()).get("errorCode").asText()).isEqualTo("FEATURE_NOT_SUPPORTED");
      assertThat(JSON.readTree(mapped.body()).get("message").asText()).contains("column mapping");

      // a tampered file URL, no token, a wrong token, an unshared table, a path in a name
      assertThat(get(file.get("url").asText().replace("sig=", "sig=0"), null).statusCode()).isEqualTo(403);
      HttpResponse<String> none = get(base + "shares", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(none.body()).get("errorCode").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(get(base + "shares", "wrong").statusCode()).isEqualTo(401);
      assertThat(get(base + "shares/partners/schemas/silver/tables/secret/metadata", token).statusCode()).isEqualTo(404);
      assertThat(get(base + "shares/partners/schemas/..%2F..%2Fsilver/tables", token).statusCode()).isEqualTo(400);

      admin.execute("REVOKE SELECT ON SHARE partners FROM RECIPIENT acme");
      HttpResponse<String> revoked = get(base + "shares/partners/schemas", token);
      assertThat(revoked.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(revoked.body()).get("errorCode").asText()).isEqualTo("PERMISSION_DENIED");
      assertThat(JSON.readTree(get(base + "shares", token).body()).get("items")).isEmpty();
    }
    List<List<Object>> audit = admin.execute("""
        SELECT action_name, response_status_code FROM system.access.audit
        WHERE user_identity_email = 'recipient:acme' AND action_name = 'deltaSharingQueryTable'""").get(0).rows();
    assertThat(audit).as("every query is audited, the ones answered from the cache too").containsExactlyInAnyOrder(
        List.of("deltaSharingQueryTable", 200), List.of("deltaSharingQueryTable", 200),
        List.of("deltaSharingQueryTable", 200), List.of("deltaSharingQueryTable", 400));
    assertThat(admin.execute("""
        SELECT count(*) FROM system.access.audit WHERE user_identity_email = 'anonymous' AND response_status_code = 401""")
        .get(0).rows()).containsExactly(List.of(2L)); // no token, a wrong token
  }

  @Test
  void aTimestampQueryReadsTheTableAsItWasAtThatTime() throws Exception {
    admin.execute("""
        CREATE TABLE gold.events (id INT);
        INSERT INTO gold.events VALUES (1);
        CREATE SHARE feed;
        ALTER SHARE feed ADD TABLE gold.events AS app.events;
        CREATE RECIPIENT bob;
        GRANT SELECT ON SHARE feed TO RECIPIENT bob""");
    Thread.sleep(20); // commit times are milliseconds: keep version 2 apart from version 1
    admin.execute("INSERT INTO gold.events VALUES (2)");
    java.time.Instant atOne = lake.history(dev.lakehouse.workbench.lake.TableId.of("gold", "events")).stream()
        .filter(v -> v.version() == 1).findFirst().orElseThrow().timestamp();
    String token = JSON.readTree(Files.readString(g.profiles().resolve("bob.share"))).get("bearerToken").asText();
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      String query = server.endpoint() + "shares/feed/schemas/app/tables/events/query";
      HttpResponse<String> then = post(query, token, "{\"timestamp\": \"" + atOne.plusMillis(5) + "\"}");
      assertThat(then.statusCode()).as(then.body()).isEqualTo(200);
      assertThat(then.headers().firstValue("Delta-Table-Version")).contains("1");
      assertThat(then.body().lines().filter(l -> l.startsWith("{\"file\"")).count()).isEqualTo(1);
      HttpResponse<String> now = post(query, token, "{}");
      assertThat(now.headers().firstValue("Delta-Table-Version")).contains("2");
      assertThat(now.body().lines().filter(l -> l.startsWith("{\"file\"")).count()).isEqualTo(2);
      HttpResponse<String> before = post(query, token, "{\"timestamp\": \"2001-01-01T00:00:00Z\"}");
      assertThat(before.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(before.body()).get("errorCode").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(post(query, token, "{\"timestamp\": \"yesterday\"}").statusCode()).isEqualTo(400);
    }
  }
}
