package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL blocks of the governance lessons (days 5, 11 and 20) run on a local lake as written. */
class GovernanceLessonSqlTest {

  @TempDir
  Path dir;

  private static List<String> sqlBlocks(String lesson) throws IOException {
    String text = Files.readString(Path.of("curriculum", lesson));
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private SqlSession session(Lake lake, String principal) {
    SqlSession s = new SqlSession(lake);
    s.hook(Governance.open(dir, lake, principal));
    return s;
  }

  @Test
  void day05GrantsMaskLineageAndAuditQueriesRun() throws IOException {
    List<String> blocks = sqlBlocks("day-05-unity-catalog-governance.md");
    assertThat(blocks).hasSize(4);
    try (Lake lake = Lake.open(dir)) {
      SqlSession admin = session(lake, null);
      admin.execute("""
          CREATE GROUP analysts WITH USER ann;
          CREATE TABLE shop.customers (id INT, name STRING, email STRING);
          INSERT INTO shop.customers VALUES (1, 'Ada', 'a@x.io'), (2, 'Bo', 'b@x.io')""");
      List<StatementResult> grants = admin.execute(blocks.get(0));
      assertThat(grants.get(grants.size() - 1).rows()).contains(List.of("analysts", "SELECT", "SCHEMA", "main.shop"));
      admin.execute(blocks.get(1));
      assertThat(session(lake, "ann").execute("SELECT name FROM shop.customers ORDER BY id").get(0).rows())
          .containsExactly(List.of("A."), List.of("B."));
      assertThat(admin.execute("SELECT name FROM main.shop.customers ORDER BY id").get(0).rows())
          .containsExactly(List.of("Ada"), List.of("Bo"));
      assertThatThrownBy(() -> session(lake, "ann").execute("INSERT INTO shop.customers VALUES (3, 'Cy', 'c@x.io')"))
          .hasMessageStartingWith("PERMISSION_DENIED: User ann does not have MODIFY on TABLE main.shop.customers");
      session(lake, "etl-pipeline").execute("INSERT INTO main.shop.customers VALUES (3, 'Cy', 'c@x.io')");
      admin.execute("CREATE TABLE lab05.customers AS SELECT * FROM main.shop.customers");
      List<List<Object>> lineage = admin.execute(blocks.get(2)).get(0).rows();
      assertThat(lineage).hasSize(1);
      assertThat(lineage.get(0).subList(0, 3)).containsExactly("main.shop.customers", "main.lab05.customers", "SQL_STATEMENT");
      List<List<Object>> audit = admin.execute(blocks.get(3)).get(0).rows();
      assertThat(audit).extracting(r -> r.get(1) + " " + r.get(2) + " " + r.get(4)).contains("ann insert 403");
    }
  }

  @Test
  void day11LineageAuditAndRegisterQueriesRun() throws IOException {
    List<String> blocks = sqlBlocks("day-11-lineage-audit-compliance.md");
    assertThat(blocks).hasSize(4);
    try (Lake lake = Lake.open(dir)) {
      SqlSession admin = session(lake, null);
      admin.execute("GRANT USE CATALOG ON CATALOG main TO `data-science`");
      admin.execute("""
          CREATE TABLE shop.customers (id INT, email STRING);
          INSERT INTO shop.customers VALUES (1, 'a@x.io');
          CREATE TABLE ml.customer_features AS SELECT id, length(email) AS avg_order_amount FROM main.shop.customers""");
      List<List<Object>> sources = admin.execute(blocks.get(0)).get(0).rows();
      assertThat(sources).hasSize(1);
      assertThat(sources.get(0)).containsExactly("main.shop.customers", "SQL_STATEMENT", null);
      assertThatThrownBy(() -> session(lake, "dan").execute("SELECT * FROM shop.customers")).hasMessageContaining("PERMISSION_DENIED");
      List<List<Object>> audit = admin.execute(blocks.get(1)).get(0).rows();
      assertThat(audit).extracting(r -> r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + r.get(4))
          .containsExactly("dan select 403 SELECT * FROM shop.customers",
              "learner insert 200 INSERT INTO shop.customers VALUES (1, 'a@x.io')",
              "learner createTable 200 CREATE TABLE shop.customers (id INT, email STRING)");
      admin.execute(blocks.get(2));
      assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.of("audit", "pipeline_runs"))).isTrue();
      assertThat(admin.execute(blocks.get(3)).get(0).columns()).containsExactly("source_table_full_name",
          "target_table_full_name", "created_by", "event_time");
    }
  }

  @Test
  void day20ShareStatementsRunAndTheRecipientReadsThroughTheProtocol() throws Exception {
    List<String> blocks = sqlBlocks("day-20-delta-sharing-open-formats.md");
    try (Lake lake = Lake.open(dir)) {
      Governance g = Governance.open(dir, lake, null);
      SqlSession admin = new SqlSession(lake);
      admin.hook(g);
      admin.execute("CREATE TABLE shop.orders (order_date DATE, revenue DOUBLE);"
          + " INSERT INTO shop.orders VALUES (DATE '2025-03-01', 12.5)");
      admin.execute(blocks.get(0));
      String token = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(Files.readString(g.profiles().resolve("partner_a.share"))).get("bearerToken").asText();
      try (Sharing server = Sharing.serve(g, lake, 0)) {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.endpoint() + "shares/shop_share/all-tables"))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("{\"items\":[{\"share\":\"shop_share\",\"schema\":\"sales\",\"name\":\"orders_daily\"}]}");
      }
      admin.execute(blocks.get(1));
      admin.execute(blocks.get(2)); // the lab's look at what is shared (no share legacy here: no grants)
    }
  }
}
