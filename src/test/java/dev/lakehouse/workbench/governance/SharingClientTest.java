package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.QueryResult;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workbench's sharing client reads a shared table whole: a partitioned table's files hold no
 * partition columns (the protocol sends their values on each file line), so the client puts them back.
 */
class SharingClientTest extends GovernedLakeTest {

  private static final ObjectMapper JSON = new ObjectMapper();


  @Test
  void aPartitionedTableIsReadWithItsPartitionColumnsInTheSchemasOrder() throws Exception {
    admin.execute("""
        CREATE TABLE gold.events (day DATE, eventTime TIMESTAMP, id INT, region STRING) PARTITIONED BY (day, region);
        INSERT INTO gold.events VALUES (DATE '2021-04-28', TIMESTAMP '2021-04-28 23:33:57', 1, 'EU'),
          (DATE '2021-04-29', TIMESTAMP '2021-04-29 08:00:00', 2, 'US'), (DATE '2021-04-29', TIMESTAMP '2021-04-29 09:00:00', 3, NULL);
        INSERT INTO gold.events VALUES (DATE '2021-04-28', TIMESTAMP '2021-04-28 10:00:00', 4, 'EU');
        CREATE SHARE s;
        ALTER SHARE s ADD TABLE gold.events AS app.events;
        CREATE RECIPIENT r;
        GRANT SELECT ON SHARE s TO RECIPIENT r""");
    String token = JSON.readTree(Files.readString(g.profiles().resolve("r.share"))).get("bearerToken").asText();
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      SharingClient.Read read = SharingClient.read(server.endpoint(), token, "s", "app", "events", lake, lake.root().resolve(".sharing-downloads").resolve("t"));
      assertThat(read.status()).as(read.error()).isEqualTo(200);
      QueryResult rows = read.rows();
      assertThat(rows.columns()).containsExactly("day", "eventTime", "id", "region");
      assertThat(rows.rows()).hasSize(4); // two files in one partition, read together
      List<List<Object>> got = rows.rows().stream().sorted(java.util.Comparator.comparing(r -> ((Number) r.get(2)).intValue()))
          .map(r -> r.stream().map(v -> v == null ? null : (Object) v.toString()).toList()).toList();
      List<List<Object>> expected = admin.execute("SELECT day, eventTime, id, region FROM gold.events ORDER BY id").get(0).rows()
          .stream().map(r -> r.stream().map(v -> v == null ? null : (Object) v.toString()).toList()).toList();
      assertThat(got).isEqualTo(expected);
      assertThat(Files.exists(lake.root().resolve(".sharing-downloads").resolve("t"))).isFalse();
    }
  }
}
