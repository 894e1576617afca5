package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grants, masks, row filters, audit and lineage through a real SqlSession over real Delta tables. */
class GovernanceTest {

  @TempDir
  Path dir;
  Lake lake;
  SqlSession admin;

  @BeforeEach
  void setUp() {
    lake = Lake.open(dir);
    admin = session(null);
    admin.execute("""
        CREATE TABLE silver.customers (id BIGINT, email STRING, region STRING);
        INSERT INTO silver.customers VALUES (1, 'a@x.io', 'EU'), (2, 'b@x.io', 'US'), (3, 'c@x.io', 'EU');
        CREATE TABLE gold.revenue (region STRING, total BIGINT);
        INSERT INTO gold.revenue VALUES ('EU', 10), ('US', 20)""");
  }

  @AfterEach
  void tearDown() {
    lake.close();
  }

  private SqlSession session(String principal) {
    SqlSession s = new SqlSession(lake);
    s.hook(Governance.open(dir, lake, principal));
    return s;
  }

  private static List<List<Object>> rows(SqlSession s, String sql) {
    List<StatementResult> r = s.execute(sql);
    return r.get(r.size() - 1).rows();
  }

  @Test
  void withoutAPolicyNothingIsCheckedOrRecordedUntilActingAsSomeone() {
    assertThat(Files.exists(dir.resolve("governance/policy.json"))).isFalse();
    assertThat(rows(admin, "SELECT count(*) FROM gold.revenue")).containsExactly(List.of(2L));
    assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.of("access", "audit"))).isFalse();
    SqlSession ann = session("ann"); // --as turns governance on
    assertThat(Files.exists(dir.resolve("governance/policy.json"))).isTrue();
    assertThatThrownBy(() -> ann.execute("SELECT count(*) FROM gold.revenue")).hasMessageContaining("PERMISSION_DENIED");
    assertThat(rows(admin, "SELECT count(*) FROM gold.revenue")).containsExactly(List.of(2L));
  }

  @Test
  void readsNeedUseCatalogUseSchemaAndSelectInheritedFromTheSchema() {
    admin.execute("CREATE GROUP analysts WITH USER ann");
    SqlSession ann = session("ann");
    assertThatThrownBy(() -> ann.execute("SELECT * FROM gold.revenue"))
        .hasMessageStartingWith("PERMISSION_DENIED: User ann does not have USE CATALOG on CATALOG main")
        .hasMessageNotContaining("\n");
    admin.execute("GRANT USE CATALOG ON CATALOG main TO `analysts`");
    assertThatThrownBy(() -> ann.execute("SELECT * FROM gold.revenue"))
        .hasMessageStartingWith("PERMISSION_DENIED: User ann does not have USE SCHEMA on SCHEMA main.gold");
    admin.execute("GRANT USE SCHEMA, SELECT ON SCHEMA main.gold TO `analysts`");
    assertThat(rows(ann, "SELECT total FROM gold.revenue ORDER BY total")).containsExactly(List.of(10L), List.of(20L));
    // a table created later in the schema is covered too
    admin.execute("CREATE TABLE gold.later (x INT); INSERT INTO gold.later VALUES (7)");
    assertThat(rows(ann, "SELECT x FROM gold.later")).containsExactly(List.of(7));
    assertThatThrownBy(() -> ann.execute("INSERT INTO gold.revenue VALUES ('X', 1)"))
        .hasMessageStartingWith("PERMISSION_DENIED: User ann does not have MODIFY on TABLE main.gold.revenue");
    assertThatThrownBy(() -> ann.execute("SELECT * FROM silver.customers"))
        .hasMessageContaining("USE SCHEMA on SCHEMA main.silver");
    assertThat(lake.latestVersion(dev.lakehouse.workbench.lake.TableId.of("gold", "revenue"))).isEqualTo(1);
    admin.execute("REVOKE SELECT ON SCHEMA main.gold FROM `analysts`");
    assertThatThrownBy(() -> ann.execute("SELECT * FROM gold.revenue"))
        .hasMessageContaining("does not have SELECT on TABLE main.gold.revenue");
  }

  @Test
  void writesNeedModifyAndCreateTableAndTheCreatorOwnsTheTable() {
    admin.execute("""
        CREATE GROUP engineers WITH USER eve;
        GRANT USE CATALOG ON CATALOG main TO engineers;
        GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA main.silver TO engineers""");
    SqlSession eve = session("eve");
    eve.execute("INSERT INTO silver.customers VALUES (4, 'd@x.io', 'US')");
    eve.execute("CREATE TABLE silver.orders AS SELECT id FROM silver.customers");
    assertThat(rows(admin, "SHOW GRANTS ON TABLE main.silver.orders"))
        .contains(List.of("eve", "OWN", "TABLE", "main.silver.orders"));
    assertThatThrownBy(() -> eve.execute("CREATE TABLE silver.rev_clone SHALLOW CLONE gold.revenue"))
        .hasMessageStartingWith("PERMISSION_DENIED: User eve does not have USE SCHEMA on SCHEMA main.gold");
    assertThat(lake.exists(dev.lakehouse.workbench.lake.TableId.of("silver", "rev_clone"))).isFalse();
    assertThatThrownBy(() -> eve.execute("CREATE TABLE gold.x (a INT)"))
        .hasMessageStartingWith("PERMISSION_DENIED: User eve does not have USE SCHEMA on SCHEMA main.gold");
    assertThatThrownBy(() -> eve.execute("DROP TABLE silver.customers"))
        .hasMessageStartingWith("PERMISSION_DENIED: User eve is not the owner of TABLE main.silver.customers");
    assertThatThrownBy(() -> eve.execute("GRANT SELECT ON TABLE silver.customers TO eve"))
        .hasMessageContaining("is not the owner");
    admin.execute("ALTER TABLE silver.customers OWNER TO eve");
    eve.execute("GRANT SELECT ON TABLE silver.customers TO bob");
    assertThat(rows(admin, "SHOW GRANTS bob ON TABLE main.silver.customers"))
        .contains(List.of("bob", "SELECT", "TABLE", "main.silver.customers"));
  }

  @Test
  void columnMasksAndRowFiltersApplyToEveryReadPerPrincipal() {
    admin.execute("""
        CREATE GROUP analysts WITH USER ann;
        CREATE GROUP pii_readers WITH USER pat;
        GRANT USE CATALOG ON CATALOG main TO analysts;
        GRANT USE CATALOG ON CATALOG main TO pii_readers;
        GRANT USE SCHEMA, SELECT ON SCHEMA main.silver TO analysts;
        GRANT USE SCHEMA, SELECT ON SCHEMA main.silver TO pii_readers;
        CREATE FUNCTION mask_email(email STRING) RETURNS STRING
          RETURN CASE WHEN is_account_group_member('pii_readers') THEN email ELSE '***' END;
        CREATE FUNCTION eu_only(region STRING) RETURNS BOOLEAN
          RETURN is_account_group_member('admins') OR region = 'EU';
        ALTER TABLE silver.customers ALTER COLUMN email SET MASK mask_email;
        ALTER TABLE silver.customers SET ROW FILTER eu_only ON (region)""");
    assertThat(rows(session("ann"), "SELECT id, email FROM silver.customers ORDER BY id"))
        .containsExactly(List.of(1L, "***"), List.of(3L, "***"));
    assertThat(rows(session("pat"), "SELECT id, email FROM silver.customers ORDER BY id"))
        .containsExactly(List.of(1L, "a@x.io"), List.of(3L, "c@x.io"));
    assertThat(rows(admin, "SELECT count(*) FROM silver.customers")).containsExactly(List.of(3L));
    // a join and a CTAS read through the same guard
    admin.execute("GRANT CREATE TABLE, MODIFY ON SCHEMA main.silver TO analysts");
    session("ann").execute("CREATE TABLE silver.copy AS SELECT c.email FROM silver.customers c JOIN silver.customers d ON c.id = d.id");
    assertThat(rows(admin, "SELECT DISTINCT email FROM silver.copy")).containsExactly(List.of("***"));
    admin.execute("ALTER TABLE silver.customers DROP ROW FILTER; ALTER TABLE silver.customers ALTER COLUMN email DROP MASK");
    assertThat(rows(session("ann"), "SELECT count(*) FROM silver.customers WHERE email LIKE '%@%'")).containsExactly(List.of(3L));
  }

  @Test
  void everyStatementGrantChangeAndDenialIsAuditedAndLineageIsQueryable() {
    admin.execute("CREATE GROUP analysts WITH USER ann; GRANT USE CATALOG ON CATALOG main TO analysts");
    SqlSession ann = session("ann");
    assertThatThrownBy(() -> ann.execute("SELECT * FROM gold.revenue")).hasMessageContaining("PERMISSION_DENIED");
    admin.execute("CREATE OR REPLACE TABLE gold.revenue AS SELECT region, count(*) AS total FROM silver.customers GROUP BY region");
    List<List<Object>> audit = rows(admin, """
        SELECT user_identity_email, action_name, securable_full_name, response_status_code
        FROM system.access.audit ORDER BY event_time""");
    assertThat(audit).contains(
        List.of("learner", "updatePermissions", "CATALOG main", 200),
        List.of("ann", "select", "main.gold.revenue", 403),
        List.of("learner", "createTable", "main.gold.revenue", 200));
    List<List<Object>> denial = rows(admin, """
        SELECT response_error_message, get_json_object(request_params, '$.commandText') FROM system.access.audit
        WHERE response_status_code = 403""");
    assertThat(denial).hasSize(1);
    assertThat((String) denial.get(0).get(0)).startsWith("PERMISSION_DENIED: User ann does not have USE SCHEMA");
    assertThat(denial.get(0).get(1)).isEqualTo("SELECT * FROM gold.revenue");
    List<List<Object>> lineage = rows(admin, """
        SELECT source_table_full_name, source_version, created_by, statement_text FROM system.access.table_lineage
        WHERE target_table_full_name = 'main.gold.revenue' AND source_table_full_name IS NOT NULL""");
    assertThat(lineage).hasSize(1);
    assertThat(lineage.get(0).subList(0, 3)).containsExactly("main.silver.customers", 1L, "learner");
    assertThat((String) lineage.get(0).get(3)).startsWith("CREATE OR REPLACE TABLE gold.revenue AS SELECT");
    List<List<Object>> columns = rows(admin, """
        SELECT source_table_full_name, source_column_name, target_column_name, created_by FROM system.access.column_lineage
        WHERE target_table_full_name = 'main.gold.revenue' ORDER BY target_column_name""");
    assertThat(columns).containsExactly(List.of("main.silver.customers", "region", "region", "learner"));
    assertThat(lake.tables().stream().map(Object::toString).collect(Collectors.toList()))
        .contains("access.audit", "access.table_lineage", "access.column_lineage");
  }

  @Test
  void onlyAnAdminMaySetRoleAndNonAdminsCannotManageGroups() {
    admin.execute("CREATE GROUP analysts WITH USER ann");
    assertThat(admin.execute("SET ROLE ann").get(0).message()).isEqualTo("acting as ann");
    assertThatThrownBy(() -> admin.execute("SELECT * FROM gold.revenue")).hasMessageContaining("User ann");
    admin.execute("SET ROLE NONE");
    assertThat(rows(admin, "SELECT count(*) FROM gold.revenue")).containsExactly(List.of(2L));
    SqlSession ann = session("ann");
    assertThatThrownBy(() -> ann.execute("SET ROLE learner")).hasMessageContaining("PERMISSION_DENIED");
    assertThatThrownBy(() -> ann.execute("ALTER GROUP admins ADD USER ann")).hasMessageContaining("PERMISSION_DENIED");
    assertThatThrownBy(() -> ann.execute("GRANT SELEKT ON SCHEMA gold TO ann")).hasMessageContaining("Unknown privilege SELEKT");
  }
}
