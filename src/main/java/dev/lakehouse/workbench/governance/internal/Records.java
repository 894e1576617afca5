package dev.lakehouse.workbench.governance.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends audit events and lineage rows to Delta tables in the lake's {@code access} schema, read
 * as {@code system.access.audit}, {@code system.access.table_lineage} and {@code system.access.column_lineage}
 * (decision 0030). Written
 * straight through the lake, never through a SQL session, so recording is not itself governed.
 */
public final class Records {

  public static final TableId AUDIT = TableId.of("access", "audit");
  public static final TableId TABLE_LINEAGE = TableId.of("access", "table_lineage");
  public static final TableId COLUMN_LINEAGE = TableId.of("access", "column_lineage");

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** One audit event, shaped after Databricks' system.access.audit (flattened: no structs or maps). */
  public record AuditEvent(Instant time, String eventId, String actionName, String principal, String securable,
      String requestParams, int statusCode, String errorMessage) {}

  /** One column lineage edge: a source table's column into a target table's column. */
  public record ColumnEdge(String sourceFullName, String sourceColumn, String targetFullName, String targetColumn) {}

  /** One lineage edge: a source read (with its version) into a target written (or none, for a read). */
  public record Edge(String sourceFullName, long sourceVersion, String targetFullName) {}

  private final Lake lake;

  public Records(Lake lake) {
    this.lake = lake;
  }

  public void audit(AuditEvent e) {
    audit(List.of(e));
  }

  /** Appends the events in one commit, in order. */
  public void audit(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    lake.createTable(AUDIT, new Lake.TableDefinition(List.of(
        new ColumnDef("event_time", "timestamp"), new ColumnDef("event_date", "date"),
        new ColumnDef("event_id", "string"), new ColumnDef("service_name", "string"),
        new ColumnDef("action_name", "string"), new ColumnDef("user_identity_email", "string"),
        new ColumnDef("securable_full_name", "string"), new ColumnDef("request_params", "string"),
        new ColumnDef("response_status_code", "int"), new ColumnDef("response_error_message", "string")),
        List.of(), "every statement, grant change and denial (system.access.audit)", Map.of(), null, null),
        Lake.CreateMode.IF_NOT_EXISTS);
    List<String> rows = new ArrayList<>();
    for (AuditEvent e : events) {
      rows.add("(" + ts(e.time()) + ", " + date(e.time()) + ", " + str(e.eventId()) + ", 'unityCatalog', "
          + str(e.actionName()) + ", " + str(e.principal()) + ", " + str(e.securable()) + ", " + str(e.requestParams())
          + ", CAST(" + e.statusCode() + " AS INTEGER), " + str(e.errorMessage()) + ")");
    }
    lake.write(AUDIT, new Lake.WriteRequest("SELECT * FROM (VALUES " + String.join(", ", rows) + ")", null, false, false));
  }

  public void lineage(Instant time, String eventId, String principal, String statement, List<Edge> edges) {
    if (edges.isEmpty()) {
      return;
    }
    lake.createTable(TABLE_LINEAGE, new Lake.TableDefinition(List.of(
        new ColumnDef("event_time", "timestamp"), new ColumnDef("event_date", "date"),
        new ColumnDef("entity_type", "string"), new ColumnDef("entity_id", "string"),
        new ColumnDef("entity_run_id", "string"),
        new ColumnDef("source_table_full_name", "string"), new ColumnDef("source_table_catalog", "string"),
        new ColumnDef("source_table_schema", "string"), new ColumnDef("source_table_name", "string"),
        new ColumnDef("source_version", "bigint"), new ColumnDef("source_type", "string"),
        new ColumnDef("target_table_full_name", "string"), new ColumnDef("target_table_catalog", "string"),
        new ColumnDef("target_table_schema", "string"), new ColumnDef("target_table_name", "string"),
        new ColumnDef("target_type", "string"), new ColumnDef("created_by", "string"),
        new ColumnDef("statement_text", "string")),
        List.of(), "table lineage of every statement (system.access.table_lineage)", Map.of(), null, null),
        Lake.CreateMode.IF_NOT_EXISTS);
    List<String> rows = new ArrayList<>();
    for (Edge e : edges) {
      String[] s = parts(e.sourceFullName());
      String[] t = parts(e.targetFullName());
      rows.add("(" + ts(time) + ", " + date(time) + ", 'SQL_STATEMENT', CAST(NULL AS VARCHAR), " + str(eventId) + ", "
          + str(e.sourceFullName()) + ", " + str(s[0]) + ", " + str(s[1]) + ", " + str(s[2]) + ", "
          + (e.sourceFullName() == null ? "CAST(NULL AS BIGINT)" : "CAST(" + e.sourceVersion() + " AS BIGINT)") + ", "
          + (e.sourceFullName() == null ? "CAST(NULL AS VARCHAR)" : "'TABLE'") + ", "
          + str(e.targetFullName()) + ", " + str(t[0]) + ", " + str(t[1]) + ", " + str(t[2]) + ", "
          + (e.targetFullName() == null ? "CAST(NULL AS VARCHAR)" : "'TABLE'") + ", " + str(principal) + ", "
          + str(statement) + ")");
    }
    lake.write(TABLE_LINEAGE, new Lake.WriteRequest("SELECT * FROM (VALUES " + String.join(", ", rows) + ")", null,
        false, false));
  }

  /** Appends one row per source column → target column, shaped after Databricks' system.access.column_lineage. */
  public void columnLineage(Instant time, String eventId, String principal, List<ColumnEdge> edges) {
    if (edges.isEmpty()) {
      return;
    }
    lake.createTable(COLUMN_LINEAGE, new Lake.TableDefinition(List.of(
        new ColumnDef("event_time", "timestamp"), new ColumnDef("event_date", "date"),
        new ColumnDef("entity_type", "string"), new ColumnDef("entity_run_id", "string"),
        new ColumnDef("source_table_full_name", "string"), new ColumnDef("source_table_catalog", "string"),
        new ColumnDef("source_table_schema", "string"), new ColumnDef("source_table_name", "string"),
        new ColumnDef("source_column_name", "string"), new ColumnDef("source_type", "string"),
        new ColumnDef("target_table_full_name", "string"), new ColumnDef("target_table_catalog", "string"),
        new ColumnDef("target_table_schema", "string"), new ColumnDef("target_table_name", "string"),
        new ColumnDef("target_column_name", "string"), new ColumnDef("target_type", "string"),
        new ColumnDef("created_by", "string")),
        List.of(), "column lineage of every write (system.access.column_lineage)", Map.of(), null, null),
        Lake.CreateMode.IF_NOT_EXISTS);
    List<String> rows = new ArrayList<>();
    for (ColumnEdge e : edges) {
      String[] s = parts(e.sourceFullName());
      String[] t = parts(e.targetFullName());
      rows.add("(" + ts(time) + ", " + date(time) + ", 'SQL_STATEMENT', " + str(eventId) + ", "
          + str(e.sourceFullName()) + ", " + str(s[0]) + ", " + str(s[1]) + ", " + str(s[2]) + ", "
          + str(e.sourceColumn()) + ", 'TABLE', "
          + str(e.targetFullName()) + ", " + str(t[0]) + ", " + str(t[1]) + ", " + str(t[2]) + ", "
          + str(e.targetColumn()) + ", 'TABLE', " + str(principal) + ")");
    }
    lake.write(COLUMN_LINEAGE, new Lake.WriteRequest("SELECT * FROM (VALUES " + String.join(", ", rows) + ")", null,
        false, false));
  }

  private static String[] parts(String full) {
    if (full == null) {
      return new String[3];
    }
    String[] p = full.split("\\.", 3);
    return p.length == 3 ? p : new String[] {null, null, full};
  }

  private static String ts(Instant t) {
    return "CAST(TIMESTAMP '" + TS.format(t) + "' AS TIMESTAMP)";
  }

  private static String date(Instant t) {
    return "CAST(DATE '" + t.atZone(ZoneOffset.UTC).toLocalDate() + "' AS DATE)";
  }

  private static String str(String s) {
    return s == null ? "CAST(NULL AS VARCHAR)" : "CAST('" + s.replace("'", "''") + "' AS VARCHAR)";
  }
}
