package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.TableId;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A query's reply is kept and served again without loading the snapshot (decision 0049): it must never
 * outlive the commit it was made from, and every request is still audited.
 */
class SharingReplyCacheTest extends GovernedLakeTest {

  private static final ObjectMapper JSON = SharingHttp.JSON;
  private final SharingHttp http = new SharingHttp();


  private HttpResponse<String> query(String base, String token, String body) throws Exception {
    return http.query(base, token, "s", "gold", "orders", body);
  }

  private static List<String> fileIds(HttpResponse<String> reply) throws Exception {
    return SharingHttp.files(reply).stream().map(f -> f.get("id").asText()).toList();
  }

  private static String tableId(HttpResponse<String> reply) throws Exception {
    return JSON.readTree(reply.body().lines().toList().get(1)).get("metaData").get("id").asText();
  }

  @Test
  void aKeptReplyNeverOutlivesItsCommit() throws Exception {
    admin.execute("""
        CREATE TABLE gold.orders (id BIGINT, amount DOUBLE);
        INSERT INTO gold.orders VALUES (1, 10.0), (2, 20.0);
        CREATE SHARE s;
        ALTER SHARE s ADD TABLE gold.orders;
        CREATE RECIPIENT r;
        GRANT SELECT ON SHARE s TO RECIPIENT r""");
    String token = SharingClient.Profile.load(g.profiles().resolve("r.share")).bearerToken();
    TableId orders = TableId.of("gold", "orders");
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      String base = server.endpoint();
      HttpResponse<String> first = query(base, token, "{}");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Encoding")).as("sent as is on loopback").isEmpty();
      assertThat(first.headers().firstValue("Delta-Table-Version")).contains("1");
      assertThat(fileIds(first)).hasSize(1);
      String again = query(base, token, "{}").body();
      assertThat(List.of(first.body(), query(base, token, "{}").body())).as("kept within the URLs' minute")
          .contains(again);

      // a new version: the next query answers it, not the kept reply
      admin.execute("INSERT INTO gold.orders VALUES (3, 30.0)");
      HttpResponse<String> second = query(base, token, "{}");
      assertThat(second.headers().firstValue("Delta-Table-Version")).contains("2");
      assertThat(fileIds(second)).hasSize(2).containsAll(fileIds(first));
      assertThat(fileIds(query(base, token, "{\"version\": 1}"))).isEqualTo(fileIds(first));

      // dropped and created again up to the same version: same version numbers, other commits, other files
      admin.execute("""
          DROP TABLE gold.orders;
          CREATE TABLE gold.orders (id BIGINT, amount DOUBLE);
          INSERT INTO gold.orders VALUES (7, 70.0);
          INSERT INTO gold.orders VALUES (8, 80.0)""");
      assertThat(lake.latestVersion(orders)).isEqualTo(2);
      HttpResponse<String> recreated = query(base, token, "{}");
      assertThat(recreated.statusCode()).isEqualTo(200);
      assertThat(recreated.headers().firstValue("Delta-Table-Version")).contains("2");
      assertThat(tableId(recreated)).isEqualTo(lake.describe(orders).id()).isNotEqualTo(tableId(second));
      assertThat(fileIds(recreated)).hasSize(2).doesNotContainAnyElementsOf(fileIds(second));
      HttpResponse<String> oldVersion = query(base, token, "{\"version\": 1}");
      assertThat(fileIds(oldVersion)).hasSize(1).doesNotContainAnyElementsOf(fileIds(first));

      // a revoke stops the next query, kept reply or not
      admin.execute("REVOKE SELECT ON SHARE s FROM RECIPIENT r");
      assertThat(query(base, token, "{}").statusCode()).isEqualTo(403);
    }
    assertThat(admin.execute("""
        SELECT response_status_code, count(*) FROM system.access.audit
        WHERE user_identity_email = 'recipient:r' AND action_name = 'deltaSharingQueryTable'
        GROUP BY response_status_code ORDER BY 1""").get(0).rows())
        .as("every query is audited, the ones answered from a kept reply too")
        .containsExactly(List.of(200, 7L), List.of(403, 1L));
  }
}
