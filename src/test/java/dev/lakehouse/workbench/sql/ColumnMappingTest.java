package dev.lakehouse.workbench.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.lake.TableId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Column mapping in name mode: RENAME COLUMN and DROP COLUMN change only the schema, new files hold
 * physical names, every read (time travel, table_changes, UPDATE/DELETE/MERGE, OPTIMIZE) resolves them,
 * and Delta Kernel reads every version with the same rows and logical names.
 */
class ColumnMappingTest extends LakeSessionTest {

  private List<String> columns(String query) {
    List<StatementResult> r = sql.execute(query);
    return r.get(r.size() - 1).columns();
  }

  private Path path(String table) {
    return lake.root().resolve("default").resolve(table);
  }

  private List<JsonNode> actions(String table, long v, String kind) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lake.commitJson(TableId.parse(table), v).split("\n")) {
      if (!line.isBlank() && json.readTree(line).has(kind)) {
        out.add(json.readTree(line).get(kind));
      }
    }
    return out;
  }

  private JsonNode fields(String table, long v) throws Exception {
    return json.readTree(actions(table, v, "metaData").get(0).path("schemaString").asText()).path("fields");
  }

  /** Kernel reads every version with our rows and our column names. */
  private void assertKernelAgreesAtEveryVersion(String table) throws Exception {
    Path p = path(table);
    long latest = kernel.latestVersion(p);
    assertThat(latest).isEqualTo(lake.latestVersion(TableId.parse(table)));
    for (long v = 0; v <= latest; v++) {
      String q = "SELECT * FROM " + table + " VERSION AS OF " + v;
      assertThat(kernel.rows(p, v)).as("rows of version %d", v).isEqualTo(rows(q));
      assertThat(kernel.schema(p, v).stream().map(s -> s.substring(0, s.indexOf(' '))).toList())
          .as("columns of version %d", v).isEqualTo(columns(q));
    }
  }

  private static List<Object> row(Object... cells) {
    return java.util.Arrays.asList(cells);
  }

  @Test
  void renameAndDropNeedColumnMappingThenChangeOnlyTheSchemaAndEveryReaderFollows() throws Exception {
    sql.execute("CREATE TABLE people (id INT, name STRING, age INT, city STRING) PARTITIONED BY (city)"
        + " TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    sql.execute("INSERT INTO people VALUES (1, 'Ann', 30, 'Oslo'), (2, 'Bob', 40, 'Rome'), (3, 'Cid', 50, 'Oslo')");
    // without column mapping: one line saying what to turn on, as Databricks says it
    for (String stmt : List.of("ALTER TABLE people RENAME COLUMN name TO full_name", "ALTER TABLE people DROP COLUMN age")) {
      assertThatThrownBy(() -> sql.execute(stmt)).hasMessageContaining("'delta.columnMapping.mode' = 'name'")
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(() -> sql.execute("ALTER TABLE people SET TBLPROPERTIES ('delta.columnMapping.mode' = 'id')"))
        .hasMessageContaining("'delta.columnMapping.mode' of default.people cannot be 'id'").hasMessageNotContaining("\n");

    // v2: switching it on gives every column an id, its own name as physical name, and protocol (2,5)
    sql.execute("ALTER TABLE people SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    assertThat(kernel.protocol(path("people"), 2)).containsExactly(2, 5);
    assertThat(lake.describe(TableId.parse("people")).minReaderVersion()).isEqualTo(2);
    JsonNode f = fields("people", 2);
    for (int i = 0; i < 4; i++) {
      assertThat(f.get(i).path("metadata").path("delta.columnMapping.id").asLong()).isEqualTo(i + 1);
      assertThat(f.get(i).path("metadata").path("delta.columnMapping.physicalName").asText()).isEqualTo(f.get(i).path("name").asText());
    }
    assertThat(kernel.configuration(path("people"), 2)).containsEntry("delta.columnMapping.maxColumnId", "4");

    sql.execute("ALTER TABLE people RENAME COLUMN name TO full_name");   // v3
    sql.execute("ALTER TABLE people RENAME COLUMN city TO town");        // v4: a partition column too
    assertThat(actions("people", 4, "add")).isEmpty();
    assertThat(actions("people", 4, "metaData").get(0).path("partitionColumns").get(0).asText()).isEqualTo("town");
    sql.execute("ALTER TABLE people ADD COLUMNS (email STRING)");        // v5
    String emailPhysical = fields("people", 5).get(4).path("metadata").path("delta.columnMapping.physicalName").asText();
    assertThat(emailPhysical).startsWith("col-");
    sql.execute("INSERT INTO people VALUES (4, 'Dee', 20, 'Rome', 'dee@example.com')");   // v6
    JsonNode add = actions("people", 6, "add").get(0);
    // new files: statistics and partition values keyed by physical names
    assertThat(add.path("partitionValues").has("city")).isTrue();
    JsonNode stats = json.readTree(add.path("stats").asText());
    assertThat(stats.path("nullCount").has(emailPhysical)).isTrue();
    assertThat(stats.path("nullCount").has("name")).isTrue();
    assertThat(stats.path("nullCount").has("full_name")).isFalse();
    sql.execute("UPDATE people SET age = age + 1 WHERE full_name = 'Bob'");        // v7
    sql.execute("DELETE FROM people WHERE town = 'Oslo' AND age > 40");            // v8
    sql.execute("MERGE INTO people USING (SELECT 1 AS id, 'ann@example.com' AS email UNION ALL SELECT 5, 'eve@example.com') s"
        + " ON people.id = s.id WHEN MATCHED THEN UPDATE SET email = s.email"
        + " WHEN NOT MATCHED THEN INSERT (id, full_name, age, town, email) VALUES (s.id, 'Eve', 60, 'Oslo', s.email)");  // v9
    sql.execute("ALTER TABLE people DROP COLUMN age");                             // v10
    sql.execute("OPTIMIZE people");                                                // v11

    assertThat(columns("SELECT * FROM people")).containsExactly("id", "full_name", "town", "email");
    assertThat(rows("SELECT * FROM people")).containsExactly(
        row(1L, "Ann", "Oslo", "ann@example.com"), row(2L, "Bob", "Rome", null), row(4L, "Dee", "Rome", "dee@example.com"),
        row(5L, "Eve", "Oslo", "eve@example.com"));
    // time travel reads each version with the names it had
    assertThat(columns("SELECT * FROM people VERSION AS OF 1")).containsExactly("id", "name", "age", "city");
    assertThatThrownBy(() -> sql.execute("SELECT name FROM people VERSION AS OF 7")).hasMessageContaining("`name` cannot be resolved");
    assertThat(rows("SELECT full_name, age FROM people VERSION AS OF 7 WHERE id = 2")).containsExactly(row("Bob", 41L));
    // the change feed resolves physical names through the latest schema
    assertThat(rows("SELECT id, full_name, _change_type, _commit_version FROM table_changes('people', 7, 9)"
        + " WHERE _change_type <> 'update_preimage'")).containsExactlyInAnyOrder(
            row(2L, "Bob", "update_postimage", 7L), row(3L, "Cid", "delete", 8L),
            row(1L, "Ann", "update_postimage", 9L), row(5L, "Eve", "insert", 9L));
    assertThat(actions("people", 10, "add")).isEmpty();   // DROP COLUMN rewrites nothing
    JsonNode last = fields("people", 10);
    assertThat(last).hasSize(4);
    assertThat(kernel.configuration(path("people"), 11)).containsEntry("delta.columnMapping.maxColumnId", "5");

    // what Delta refuses
    assertThatThrownBy(() -> sql.execute("ALTER TABLE people DROP COLUMN town"))
        .hasMessageContaining("it is a partition column").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE people RENAME COLUMN id TO email"))
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE people SET TBLPROPERTIES ('delta.columnMapping.mode' = 'none')"))
        .hasMessageContaining("never turns column mapping off").hasMessageNotContaining("\n");
    sql.execute("ALTER TABLE people ADD CONSTRAINT known_id CHECK (id > 0)");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE people RENAME COLUMN id TO person_id"))
        .hasMessageContaining("column id is used by CHECK constraint known_id").hasMessageNotContaining("\n");
    sql.execute("ALTER TABLE people DROP COLUMN IF EXISTS nothing_here");
    assertThat(kernel.protocol(path("people"), lake.latestVersion(TableId.parse("people")))).containsExactly(2, 5);
    // RESTORE (and so 'lab reset') to a version from before column mapping: its schema and files as they were
    sql.execute("RESTORE TABLE people TO VERSION AS OF 1");
    assertThat(columns("SELECT * FROM people")).containsExactly("id", "name", "age", "city");
    assertThat(rows("SELECT * FROM people")).containsExactly(row(1L, "Ann", 30L, "Oslo"), row(2L, "Bob", 40L, "Rome"),
        row(3L, "Cid", 50L, "Oslo"));
    sql.execute("INSERT INTO people VALUES (9, 'Ivy', 33, 'Rome')");
    assertThat(actions("people", lake.latestVersion(TableId.parse("people")), "add").get(0).path("stats").asText()).contains("\"name\"");
    assertKernelAgreesAtEveryVersion("people");
  }

  @Test
  void createTableWithColumnMappingWritesPhysicalNamesFromTheStart() throws Exception {
    sql.execute("CREATE TABLE t (id INT, score DOUBLE) TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
        + " 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')");
    assertThat(kernel.protocol(path("t"), 0)).containsExactly(2, 5);
    assertThat(kernel.configuration(path("t"), 0)).doesNotContainKey("delta.minReaderVersion")
        .containsEntry("delta.columnMapping.maxColumnId", "2");
    assertThat(fields("t", 0).get(1).path("metadata").path("delta.columnMapping.physicalName").asText()).startsWith("col-");
    sql.execute("INSERT INTO t VALUES (1, 1.5), (2, 2.5)");
    sql.execute("ALTER TABLE t RENAME COLUMN score TO points");
    sql.execute("CREATE TABLE copy DEEP CLONE t");
    assertThat(rows("SELECT points FROM copy WHERE id = 2")).containsExactly(row(2.5));
    assertThat(kernel.protocol(path("copy"), 0)).containsExactly(2, 5);
    sql.execute("ALTER TABLE t DROP COLUMNS (points)");
    sql.execute("ALTER TABLE t ADD COLUMNS (points DOUBLE)");   // the same name again is a new, empty column
    assertThat(rows("SELECT * FROM t")).containsExactly(row(1L, null), row(2L, null));
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t RENAME TO u"))
        .hasMessageContaining("RENAME TO (renaming a table) is not supported").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> sql.execute("ALTER TABLE t SET TBLPROPERTIES ('delta.minWriterVersion' = '7')"))
        .hasMessageContaining("cannot be '7'").hasMessageNotContaining("\n");
    assertKernelAgreesAtEveryVersion("t");
    assertKernelAgreesAtEveryVersion("copy");
  }
}
