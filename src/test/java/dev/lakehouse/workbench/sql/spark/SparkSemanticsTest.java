package dev.lakehouse.workbench.sql.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's names, types, null order and messages, through a real session on a temporary lake. */
class SparkSemanticsTest {

  @TempDir Path dir;
  private Lake lake;
  private SqlSession sql;

  @BeforeEach
  void open() {
    lake = Lake.open(dir);
    sql = new SqlSession(lake);
    sql.execute("CREATE TABLE shop.orders (id INT, s STRING, amount DECIMAL(10,2), d DATE);"
        + "INSERT INTO shop.orders VALUES (1, 'Spark', 12.50, DATE '2024-03-03'), (2, NULL, 7.25, DATE '2024-03-09'), (3, 'SQL', NULL, NULL)");
  }

  @AfterEach
  void close() {
    lake.close();
  }

  private StatementResult one(String q) {
    List<StatementResult> r = sql.execute(q);
    return r.get(r.size() - 1);
  }

  @Test
  void columnsAreNamedAsSparkNamesThem() {
    // names as in Spark's sql-expression-schema.md and SQL reference pages
    assertThat(one("SELECT count(*), sum(amount) FROM shop.orders").columns()).containsExactly("count(1)", "sum(amount)");
    assertThat(one("SELECT CAST(amount AS STRING), substring(s, 1, 2), cast('10' as int), upper(s), id + 1 FROM shop.orders").columns())
        .containsExactly("CAST(amount AS STRING)", "substring(s, 1, 2)", "CAST(10 AS INT)", "upper(s)", "(id + 1)");
    assertThat(one("SELECT date_format('2016-04-08', 'y')").columns()).containsExactly("date_format(2016-04-08, y)");
  }

  @Test
  void typeofAnswersWithSparkTypeNames() {
    assertThat(one("SELECT typeof(1), typeof(1L), typeof('a'), typeof(1.5), typeof(array(1, 2)), typeof(d) FROM shop.orders LIMIT 1").rows())
        .containsExactly(List.of("int", "bigint", "string", "decimal(2,1)", "array<int>", "date"));
  }

  @Test
  void nullsSortFirstAscendingAndLastDescendingAsInSpark() {
    assertThat(one("SELECT id FROM shop.orders ORDER BY s").rows()).containsExactly(List.of(2), List.of(3), List.of(1));
    assertThat(one("SELECT id FROM shop.orders ORDER BY amount DESC").rows()).containsExactly(List.of(1), List.of(2), List.of(3));
  }

  @Test
  void sparkSemanticsWhereTheEngineDiffers() {
    assertThat(one("SELECT dayofweek(DATE '2024-03-03'), regexp_replace('a-b-c', '-', '+'), concat('a', NULL), log(1)").rows())
        .containsExactly(java.util.Arrays.asList(1, "a+b+c", null, 0.0));
    assertThat(one("SELECT collect_list(s), size(collect_list(s)) FROM shop.orders").rows())
        .containsExactly(List.of("[\"Spark\",\"SQL\"]", 2));
  }

  @Test
  void timeTravelWithTheAtSyntaxAndGroupByAll() {
    assertThat(one("SELECT count(*) FROM shop.orders@v0").rows()).containsExactly(List.of(0L));
    assertThat(one("SELECT s IS NULL AS missing, count(*) FROM shop.orders GROUP BY ALL ORDER BY ALL").rows())
        .containsExactly(List.of(false, 2L), List.of(true, 1L));
  }

  @Test
  void anUnknownFunctionNamesTheNearestKnownOneInOneLine() {
    assertThatThrownBy(() -> sql.execute("SELECT date_fromat(d, 'yyyy') FROM shop.orders"))
        .hasMessageContaining("date_fromat() is not available").hasMessageContaining("date_format()")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void engineErrorsAreToldInSparkTerms() {
    for (String bad : List.of("SELECT s, count(*) FROM shop.orders", "SELECT nope FROM shop.orders", "SELECT CAST('abc' AS INT)",
        "SELEC 1", "SELECT * FROM shop.orders WHERE id =")) {
      assertThatThrownBy(() -> sql.execute(bad)).as(bad).isInstanceOf(dev.lakehouse.workbench.common.WorkbenchException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Binder Error").doesNotContain("Catalog Error")
              .doesNotContain("Conversion Error").doesNotContain("Parser Error").doesNotContain("DuckDB"));
    }
    assertThatThrownBy(() -> sql.execute("SELECT nope FROM shop.orders")).hasMessageContaining("column `nope` cannot be resolved");
    assertThatThrownBy(() -> sql.execute("SELECT CAST('abc' AS INT)")).hasMessageContaining("'abc' cannot be cast to INT");
  }

  @Test
  void everydayQueryShapesRun() {
    List<String> queries = List.of(
        "WITH t AS (SELECT id, amount FROM shop.orders WHERE amount IS NOT NULL) SELECT id FROM t WHERE amount > (SELECT avg(amount) FROM t)",
        "SELECT id, sum(amount) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM shop.orders",
        "SELECT id, row_number() OVER (PARTITION BY s IS NULL ORDER BY id DESC) AS rn FROM shop.orders",
        "SELECT CASE WHEN amount >= 10 THEN 'big' WHEN amount IS NULL THEN 'none' ELSE 'small' END AS size, count(*) FROM shop.orders GROUP BY 1 HAVING count(*) >= 1",
        "SELECT id FROM shop.orders WHERE EXISTS (SELECT 1 FROM shop.orders o2 WHERE o2.id = orders.id + 1)",
        "SELECT id FROM shop.orders WHERE id IN (SELECT id FROM shop.orders WHERE s LIKE 'S%') UNION ALL SELECT 99",
        "SELECT DISTINCT s || '!' AS bang FROM shop.orders WHERE id BETWEEN 1 AND 3",
        "SELECT d + INTERVAL 1 DAY AS next_day, date_add(d, 7), CAST(d AS STRING) FROM shop.orders WHERE d IS NOT NULL",
        "SELECT round(amount, 1), coalesce(s, 'n/a'), `id` FROM shop.orders VERSION AS OF 1 ORDER BY id LIMIT 2",
        "SELECT o.id, x.n FROM shop.orders o JOIN (SELECT id, count(*) AS n FROM shop.orders GROUP BY id) x USING (id) ORDER BY o.id",
        "SELECT explode(array(1, 2)) AS v",
        "SELECT id, c FROM shop.orders LATERAL VIEW posexplode(split(coalesce(s, ''), 'a')) t AS p, c WHERE p = 0 ORDER BY id",
        "SELECT to_json(named_struct('id', id)), get_json_object('{\"a\":{\"b\":2}}', '$.a.b') FROM shop.orders WHERE id = 1",
        "SELECT * FROM shop.orders TABLESAMPLE (100 PERCENT)",
        "SELECT * FROM shop.orders TABLESAMPLE (2 ROWS)");
    for (String q : queries) {
      assertThat(one(q).rows()).as(q).isNotNull();
    }
    assertThat(one("SELECT id FROM shop.orders WHERE id IN (SELECT id FROM shop.orders WHERE s LIKE 'S%') UNION ALL SELECT 99").rows())
        .containsExactlyInAnyOrder(List.of(1), List.of(3), List.of(99));
    assertThat(one("SELECT * FROM shop.orders TABLESAMPLE (2 ROWS)").rows()).hasSize(2);
    assertThat(one("SELECT explode(array(1, 2)) AS v").rows()).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void divisionByZeroFailsAsInSparkAnsiModeAndTryDivideGivesNull() {
    // Spark 4 (and Databricks SQL) run in ANSI mode: x / 0, x % 0 and x div 0 raise DIVIDE_BY_ZERO
    for (String q : List.of("SELECT 1 / 0", "SELECT id / (id - id) FROM shop.orders", "SELECT 5 % 0", "SELECT 7 div 0")) {
      assertThatThrownBy(() -> sql.execute(q)).as(q).hasMessageStartingWith("division by zero").hasMessageContaining("try_divide")
          .hasMessageNotContaining("Error:");
    }
    assertThat(one("SELECT try_divide(1, 0), 4 / 2, 5 % 3, 7 div 2").rows()).containsExactly(java.util.Arrays.asList(null, 2.0, 2, 3L));
  }

  @Test
  void mergeWithoutAliasesTakesColumnsQualifiedByTableNames() {
    sql.execute("CREATE TABLE shop.tgt (id INT, v STRING); INSERT INTO shop.tgt VALUES (1, 'a'), (2, 'b')");
    sql.execute("CREATE TABLE shop.src AS SELECT * FROM (VALUES (2, 'B'), (3, 'C')) s(id, v)");
    sql.execute("MERGE INTO shop.tgt USING shop.src ON shop.tgt.id = shop.src.id "
        + "WHEN MATCHED THEN UPDATE SET v = src.v WHEN NOT MATCHED THEN INSERT *");
    assertThat(one("SELECT id, v FROM shop.tgt ORDER BY id").rows()).containsExactly(List.of(1, "a"), List.of(2, "B"), List.of(3, "C"));
    assertThatThrownBy(() -> sql.execute("MERGE INTO shop.tgt USING shop.src s ON shop.tgt.id = shop.src.id WHEN MATCHED THEN DELETE"))
        .hasMessageStartingWith("`shop` cannot qualify a column here").hasMessageNotContaining("Candidate");
  }
}
