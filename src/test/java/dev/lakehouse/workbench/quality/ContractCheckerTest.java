package dev.lakehouse.workbench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ODCS v3 contract enforced on a real Delta table, and two versions of it compared. */
class ContractCheckerTest {

  @TempDir Path dir;

  static final String CONTRACT = """
      apiVersion: v3.1.0
      kind: DataContract
      id: orders-contract
      name: orders
      version: 1.0.0
      status: active
      schema:
        - name: orders
          physicalName: c.orders
          logicalType: object
          properties:
            - name: order_id
              logicalType: integer
              physicalType: bigint
              required: true
              primaryKey: true
              primaryKeyPosition: 1
            - name: amount
              logicalType: number
              required: true
              quality:
                - metric: nullValues
                  mustBe: 0
            - name: status
              logicalType: string
          quality:
            - metric: rowCount
              mustBeGreaterThan: 0
            - type: sql
              query: SELECT count(*) FROM ${object} WHERE amount < 0
              mustBe: 0
      """;

  @Test
  void aContractIsEnforcedOnTheTableAndNamesWhatBroke() {
    try (Lake lake = Lake.open(dir)) {
      SqlSession sql = new SqlSession(lake);
      sql.execute("CREATE TABLE c.orders (order_id BIGINT, amount DECIMAL(10,2), status STRING) USING DELTA");
      sql.execute("INSERT INTO c.orders VALUES (1, 10.00, 'paid'), (2, 5.50, 'placed')");
      ContractChecker checker = new ContractChecker(lake);
      DataContract contract = DataContract.parse(CONTRACT, "orders.odcs.yaml");
      List<ContractChecker.Finding> ok = checker.check(contract);
      assertThat(ok).allMatch(ContractChecker.Finding::passed);
      assertThat(ok).hasSizeGreaterThanOrEqualTo(9);

      sql.execute("INSERT INTO c.orders VALUES (2, NULL, 'paid'), (3, -1.00, 'paid')");
      List<ContractChecker.Finding> bad = checker.check(contract).stream().filter(f -> !f.passed()).toList();
      assertThat(bad).extracting(ContractChecker.Finding::field).contains(
          "schema[0].properties[1].required", "schema[0].properties[1].quality[0]", "schema[0].primaryKey",
          "schema[0].quality[1]");
      assertThat(bad.stream().filter(f -> f.field().equals("schema[0].quality[1]")).findFirst().orElseThrow().found()).isEqualTo("1");
    }
  }

  @Test
  void comparingTwoVersionsSaysWhichChangesBreak() {
    DataContract before = DataContract.parse(CONTRACT, "v1.yaml");
    DataContract after = DataContract.parse(CONTRACT.replace("name: status", "name: coupon_code")
        .replace("logicalType: number", "logicalType: string"), "v2.yaml");
    List<ContractChecker.Change> changes = ContractChecker.diff(before, after);
    assertThat(changes).filteredOn(ContractChecker.Change::breaking).extracting(ContractChecker.Change::description)
        .contains("column status was removed", "amount changed from number to string");
    assertThat(changes).filteredOn(c -> !c.breaking()).extracting(ContractChecker.Change::description)
        .contains("column coupon_code was added");
  }

  @Test
  void aContractThatBreaksTheStandardsShapeNamesTheField() {
    assertThatThrownBy(() -> DataContract.parse(CONTRACT.replace("kind: DataContract", "kind: Contract"), "c.yaml"))
        .isInstanceOf(WorkbenchException.class).hasMessageContaining("c.yaml, field kind");
    assertThatThrownBy(() -> DataContract.parse(CONTRACT.replace("logicalType: integer", "logicalType: int"), "c.yaml"))
        .hasMessageContaining("schema[0].properties[0].logicalType");
    assertThatThrownBy(() -> DataContract.parse(CONTRACT.replace("mustBeGreaterThan: 0", "mustBeGreaterThan: 0\n        mustNotBe: 1"), "c.yaml"))
        .hasMessageContaining("exactly one operator");
  }
}
