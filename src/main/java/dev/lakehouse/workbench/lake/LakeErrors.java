package dev.lakehouse.workbench.lake;

import static dev.lakehouse.workbench.common.WorkbenchException.Kind.BAD_INPUT;
import static dev.lakehouse.workbench.common.WorkbenchException.Kind.FAILURE;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.common.WorkbenchException.Kind;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every message the lake and the SQL layer show a learner, in one place. Each says what went wrong,
 * why, and how to fix it, in one line. BAD_INPUT errors are the learner's to fix (exit 2); FAILURE
 * errors are damaged tables or the machine (exit 3).
 */
public final class LakeErrors {

  private LakeErrors() {}

  private static LakeException bad(String what, String why, String fix) {
    return new LakeException(BAD_INPUT, WorkbenchException.compose(what, why, fix), null);
  }

  private static LakeException failure(String what, String why, String fix, Throwable cause) {
    return new LakeException(FAILURE, WorkbenchException.compose(what, why, fix), cause);
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "unknown cause";
    }
    String text = s.strip();
    int real = text.indexOf("\nError: ");
    if (real >= 0) {
      text = text.substring(real + "\nError: ".length());
    }
    String line = text.split("\\R", 2)[0];
    return line.replaceFirst("^java\\.sql\\.SQLException: ", "");
  }

  private static String columns(List<ColumnDef> cols) {
    return cols.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
  }

  // ---- names and paths

  public static LakeException invalidIdentifier(String name) {
    return bad("invalid name '" + name + "'", "table and schema names are letters, digits and _ (not starting with a digit), at most 128",
        "rename it, e.g. sales_2024 or bronze.orders");
  }

  public static LakeException invalidColumnName(TableId t, String name) {
    return bad("invalid column name '" + name + "' for " + t, "column names are letters, digits and _",
        "rename the column, e.g. order_id");
  }

  public static LakeException pathNotAbsolute(String path) {
    return bad("path '" + path + "' is not absolute", "a Delta table addressed by path needs its full path",
        "write it from the root, e.g. delta.`/home/me/lakes/orders`");
  }

  public static LakeException pathOutsideLake(String path, Path root) {
    return bad("path '" + path + "' is outside the lake", "only tables under " + root + " or under an external location can be used",
        "declare the folder above it first with CREATE EXTERNAL LOCATION name URL '<folder>', or use a table name");
  }

  public static LakeException pathOutsideLocations(String path, List<String> locations) {
    return bad("path '" + path + "' is not inside an external location",
        locations.isEmpty() ? "outside the lake, tables may only live under a declared external location, and none is declared"
            : "outside the lake, tables may only live under a declared external location (" + String.join(", ", locations) + ")",
        "declare the folder that holds it first: CREATE EXTERNAL LOCATION my_files URL '<folder>' (SHOW EXTERNAL LOCATIONS lists them)");
  }

  public static LakeException notATableFolder(String path, String why, String fix) {
    return bad("'" + path + "' cannot hold a table", why, fix);
  }

  public static LakeException readOnlyFolder(TableId t, Path folder) {
    return bad("table " + t + " is read-only", "it lives in the workbench's own content folder " + folder,
        "copy it into the lake first: CREATE TABLE my_schema.my_table AS SELECT * FROM " + t);
  }

  public static LakeException locationExists(String name, Path path) {
    return bad("external location " + name + " already exists", "it points to " + path,
        "choose another name, or DROP EXTERNAL LOCATION " + name + " first");
  }

  public static LakeException locationNotFound(String name, List<String> known) {
    return bad("external location " + name + " not found",
        known.isEmpty() ? "no external location is declared" : "the declared ones are " + String.join(", ", known),
        "check the name with SHOW EXTERNAL LOCATIONS");
  }

  public static LakeException locationInUse(String name, List<String> tables) {
    return bad("external location " + name + " still holds tables", String.join(", ", tables) + " live there",
        "drop those tables first (DROP TABLE only unregisters them; their files stay)");
  }

  public static LakeException locationInsideDataFolder(String path, Path dataDir) {
    return bad("'" + path + "' cannot be an external location", "it is inside the data folder " + dataDir + ", which holds your progress and lake",
        "keep tables inside the lake by name, or choose a folder outside " + dataDir);
  }

  public static LakeException locationAboveDataFolder(String path, Path dataDir) {
    return bad("'" + path + "' cannot be an external location", "it contains the data folder " + dataDir
        + ", so VACUUM or DROP there could reach your progress and lake", "choose a folder that does not contain " + dataDir);
  }

  public static LakeException locationOverlapsContent(String path, Path content) {
    return bad("'" + path + "' cannot be an external location", "it overlaps the workbench's own content folder " + content,
        "choose another folder");
  }

  public static LakeException locationsOverlap(String path, String other, Path otherPath) {
    return bad("'" + path + "' cannot be an external location", "it overlaps the external location " + other + " (" + otherPath + ")",
        "use " + other + ", or choose a folder outside it");
  }

  public static LakeException locationNotAFolder(String path) {
    return bad("'" + path + "' cannot be an external location", "it is a file, not a folder", "give a folder");
  }

  public static LakeException schemaDiffersFromExisting(TableId t, String path, List<ColumnDef> declared, List<ColumnDef> existing) {
    return bad("the columns declared for " + t + " differ from the table at " + path,
        "declared (" + columns(declared) + "), the table has (" + columns(existing) + ")",
        "leave the column list out to register the table as it is, or declare its columns");
  }

  public static LakeException droppedDuringWrite(TableId t) {
    return failure("table " + t + " was dropped while this statement wrote to it", "another statement or process dropped it",
        "nothing was committed; create the table again if you need it", null);
  }

  public static LakeException lostCreateRace(TableId t) {
    return bad("table " + t + " was created by another process at the same moment", "two CREATE TABLE statements raced and the other one won",
        "the table exists now: use it, or DROP TABLE " + t + " and create it again");
  }

  public static LakeException statementTimedOut(long seconds) {
    return bad("the statement was stopped after " + seconds + " s", "it ran longer than the statement timeout",
        "narrow the query (WHERE, LIMIT), or allow more time with --timeout SECONDS");
  }

  public static LakeException cancelled() {
    return bad("the statement was cancelled", "you stopped it before it finished, and nothing of it was committed",
        "run it again when you are ready");
  }

  public static LakeException tableNotFound(TableId t, List<String> similar) {
    String fix = similar.isEmpty() ? "check the name with SHOW TABLES, or create it with CREATE TABLE"
        : "did you mean " + String.join(" or ", similar) + "? SHOW TABLES lists the tables";
    return bad("table " + t + " not found", "there is no Delta table with that name in the lake", fix);
  }

  public static LakeException tableExists(TableId t) {
    return bad("table " + t + " already exists", "CREATE TABLE does not replace a table",
        "use CREATE TABLE IF NOT EXISTS, CREATE OR REPLACE TABLE, or another name");
  }

  public static LakeException unknownColumn(TableId t, String column, List<ColumnDef> cols) {
    return bad("column '" + column + "' not found in " + t, "the table has " + columns(cols),
        "check the spelling, or add it with ALTER TABLE " + t + " ADD COLUMNS (" + column + " <type>)");
  }

  public static LakeException unknownType(String type) {
    return bad("unknown type '" + type + "'", "Delta tables here support string, int, bigint, smallint, tinyint, double, float, decimal(p,s), boolean, date, timestamp, binary",
        "use one of those types");
  }

  public static LakeException noColumns(TableId t) {
    return bad("table " + t + " has no columns", "a Delta table needs at least one column", "list the columns, e.g. CREATE TABLE " + t + " (id INT)");
  }

  public static LakeException duplicateColumn(TableId t, String c) {
    return bad("column '" + c + "' appears twice in " + t, "column names are case-insensitive and must be unique", "rename one of them");
  }

  public static LakeException untypedColumn(TableId t, String c, String type) {
    return bad("column '" + c + "' of " + t + " has no usable type (" + type + ")", "a Delta column needs a type; NULL alone has none",
        "cast the value, e.g. CAST(NULL AS STRING) AS " + c);
  }

  public static LakeException unsupportedProperty(TableId t, String key) {
    return bad("table property '" + key + "' is not supported on " + t, "this lake writes Delta protocol (1,2) tables, which have no such feature",
        "leave the property out");
  }

  // ---- column mapping (RENAME COLUMN, DROP COLUMN)

  public static LakeException columnMappingRequired(TableId t, String statement) {
    return bad(statement + " is not possible on " + t, "a Delta table renames and drops columns only with column mapping,"
        + " which keeps each column's name in the data files apart from its name in the schema",
        "turn it on first: ALTER TABLE " + t + " SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
  }

  public static LakeException columnMappingModeUnsupported(TableId t, String value, String current) {
    return bad("'delta.columnMapping.mode' of " + t + " cannot be '" + value + "'", current.equals("name")
        ? "Delta never turns column mapping off or changes its mode once it is 'name'"
        : "this lake maps columns by name only ('id' mode is not supported)",
        current.equals("name") ? "leave the property as it is" : "write 'delta.columnMapping.mode' = 'name'");
  }

  public static LakeException protocolPropertyValue(TableId t, String key, String value) {
    return bad("table property '" + key + "' of " + t + " cannot be '" + value + "'",
        "this lake writes the legacy Delta protocols up to reader version 2 and writer version 5 (column mapping), no table features",
        "give 'delta.minReaderVersion' 1 or 2 and 'delta.minWriterVersion' 2 to 5, or leave them out (the protocol is raised as needed)");
  }

  public static LakeException dropPartitionColumn(TableId t, String column) {
    return bad("cannot drop column " + column + " of " + t, "it is a partition column, and Delta never drops those",
        "create a new table without it, e.g. CREATE OR REPLACE TABLE ... AS SELECT the other columns");
  }

  public static LakeException dropAllColumns(TableId t) {
    return bad("cannot drop every column of " + t, "a Delta table needs at least one column", "keep one column, or DROP TABLE " + t);
  }

  public static LakeException columnInUse(TableId t, String statement, String column, String usedBy) {
    return bad(statement + " of " + t + " is not possible", "column " + column + " is used by " + usedBy,
        "drop or change that first (ALTER TABLE " + t + " DROP CONSTRAINT ..., or recreate the generated column)");
  }

  public static LakeException badPropertyValue(TableId t, String key, String value) {
    return bad("table property '" + key + "' of " + t + " cannot be '" + value + "'", "it takes true or false",
        "write '" + key + "' = true");
  }

  public static LakeException generatedMismatch(TableId t, String column, String expr, long rows) {
    return bad("generated column " + column + " of " + t + " must be " + expr + ", but " + rows
        + (rows == 1 ? " new row holds" : " new rows hold") + " another value",
        "Delta computes a column GENERATED ALWAYS AS (" + expr + ") itself",
        "leave " + column + " out of the INSERT's column list (INSERT INTO " + t + " (col, ...) VALUES ...) or of UPDATE SET,"
            + " or give exactly " + expr + "; nothing was committed");
  }

  public static LakeException badGenerationExpression(TableId t, String column, String expr) {
    return bad("the expression (" + expr + ") cannot generate column " + column + " of " + t,
        "it must use only the table's other columns and built-in functions, and give a value of the column's type",
        "fix the expression after GENERATED ALWAYS AS");
  }

  public static LakeException changeDataFeedReservedColumn(TableId t, String column) {
    return bad("the Change Data Feed cannot be enabled on " + t, "its column " + column
        + " has a name the feed reserves for its own columns (_change_type, _commit_version, _commit_timestamp)",
        "rename the column first, e.g. CREATE OR REPLACE TABLE with another name");
  }

  public static LakeException changeDataFeedOff(TableId t, long version) {
    return bad("no change data for version " + version + " of " + t,
        "the Change Data Feed was not enabled on " + t + " at that version",
        "run ALTER TABLE " + t + " SET TBLPROPERTIES (delta.enableChangeDataFeed = true) and ask for versions after it");
  }

  public static LakeException changesRange(TableId t, long from, long to, long latest) {
    String what = from > latest || to > latest ? "version " + Math.max(from, to) + " of " + t + " does not exist"
        : "table_changes of " + t + " cannot start at version " + from + " and end at " + to;
    return bad(what, "the table has versions 0 to " + latest + " and the start may not be after the end",
        "ask for table_changes('" + t + "', " + Math.min(Math.max(from, 0), latest) + ") to read up to the latest version");
  }

  // ---- schema enforcement

  public static LakeException schemaMismatch(TableId t, String column, String columnType, String source, String sourceType) {
    return bad("schema mismatch writing to " + t, "column '" + column + "' is " + columnType + " but the value given (" + (source.startsWith("'") ? source : "'" + source + "'") + ") is " + sourceType,
        "cast the value, e.g. CAST(" + source + " AS " + columnType.toUpperCase(Locale.ROOT) + "), or fix the data");
  }

  public static LakeException columnCountMismatch(TableId t, List<ColumnDef> table, List<ColumnDef> source) {
    return bad("schema mismatch writing to " + t, "the table has " + table.size() + " columns (" + columns(table) + ") but the query gives "
        + source.size() + " (" + columns(source) + ")",
        source.size() > table.size()
            ? "select fewer columns, or add the new ones with ALTER TABLE ADD COLUMNS or INSERT WITH SCHEMA EVOLUTION"
            : "give a value for every column, or name the columns: INSERT INTO " + t + " (col, ...) ...");
  }

  public static LakeException columnListMismatch(TableId t, List<String> names, List<ColumnDef> source) {
    return bad("schema mismatch writing to " + t, names.size() + " columns are named (" + String.join(", ", names) + ") but the query gives " + source.size(),
        "give one value per named column");
  }

  public static LakeException notNullViolated(TableId t, String column) {
    return bad("NOT NULL constraint violated writing to " + t, "column '" + column + "' is NOT NULL but the new rows have NULL in it",
        "give every row a value for " + column + " (e.g. COALESCE(" + column + ", ...)); nothing was committed");
  }

  public static LakeException checkViolated(TableId t, String name, String expr, long rows) {
    return bad("CHECK constraint " + name + " (" + expr + ") violated writing to " + t,
        rows + (rows == 1 ? " new row does" : " new rows do") + " not satisfy it",
        "fix or filter those rows, or drop the constraint with ALTER TABLE " + t + " DROP CONSTRAINT " + name
            + "; nothing was committed");
  }

  public static LakeException newCheckViolated(TableId t, String name, String expr, long rows) {
    return bad("cannot add CHECK constraint " + name + " (" + expr + ") to " + t,
        rows + (rows == 1 ? " row" : " rows") + " already in the table violate it",
        "fix or delete those rows first (e.g. DELETE FROM " + t + " WHERE NOT (" + expr + ")); nothing was committed");
  }

  public static LakeException constraintExists(TableId t, String name, String oldExpr) {
    return bad("constraint " + name + " already exists on " + t, "its expression is (" + oldExpr + ")",
        "drop it first with ALTER TABLE " + t + " DROP CONSTRAINT " + name + ", or choose another name");
  }

  public static LakeException constraintNotFound(TableId t, String name) {
    return bad("cannot drop constraint " + name + " from " + t, "the table has no constraint of that name",
        "check the name with SHOW TBLPROPERTIES " + t + ", or write DROP CONSTRAINT IF EXISTS " + name);
  }

  public static LakeException invalidConstraintName(TableId t, String name) {
    return bad("invalid constraint name '" + name + "' on " + t, "a constraint name is letters, digits and underscores",
        "use a name like amount_positive");
  }

  public static LakeException badCheckExpression(TableId t, String expr, SQLException e) {
    return bad("the CHECK expression (" + expr + ") cannot be evaluated on " + t,
        "it must be a boolean expression over the table's own columns",
        "use columns of " + t + " with operators and built-in functions (no subqueries)");
  }

  public static LakeException notNullOnExistingNulls(TableId t, String column, long rows) {
    return bad("cannot set column '" + column + "' of " + t + " NOT NULL",
        rows + (rows == 1 ? " row has" : " rows have") + " NULL in it",
        "give those rows a value first (UPDATE " + t + " SET " + column + " = ... WHERE " + column + " IS NULL); nothing was committed");
  }

  public static LakeException constraintProperty(TableId t, String key) {
    return bad("table property '" + key + "' cannot be set on " + t, "CHECK constraints are not table properties one sets by hand",
        "use ALTER TABLE " + t + " ADD CONSTRAINT <name> CHECK (<condition>)");
  }

  public static LakeException notNullColumnAdded(TableId t, String column) {
    return bad("cannot add NOT NULL column '" + column + "' to " + t, "the rows already in the table would have NULL in it",
        "add it without NOT NULL");
  }

  // ---- versions and time travel

  public static LakeException versionOutOfRange(TableId t, long v, long earliest, long latest) {
    return bad("version " + v + " of " + t + " does not exist", "the table has versions " + earliest + " to " + latest,
        "pick a version in that range (DESCRIBE HISTORY " + t + " lists them)");
  }

  public static LakeException timestampBeforeFirstCommit(TableId t, Instant ts, Instant first) {
    return bad("no version of " + t + " at " + ts, "the table was created at " + first,
        "use a timestamp at or after " + first);
  }

  public static LakeException timestampAfterLatestCommit(TableId t, Instant ts, long latest, Instant at) {
    return bad("no version of " + t + " at " + ts, "the latest version " + latest + " was committed at " + at + ", before that time",
        "use a timestamp at or before " + at + ", or read the latest version without TIMESTAMP AS OF");
  }

  public static LakeException badTimestamp(String text) {
    return bad("'" + text + "' is not a timestamp", "TIMESTAMP AS OF takes a date or date-time in UTC",
        "write it like '2024-05-01' or '2024-05-01 13:45:00'");
  }

  public static LakeException changesVacuumed(TableId t, long v, String file) {
    return bad("cannot read the changes of " + t + " at version " + v, "its file " + file + " was removed by VACUUM",
        "ask table_changes for later versions only (DESCRIBE HISTORY shows the VACUUM), or keep change files longer with "
            + "delta.deletedFileRetentionDuration");
  }

    public static LakeException restoreFilesMissing(TableId t, long v, String file) {
    return bad("cannot restore " + t + " to version " + v, "its data file " + file + " was removed by VACUUM",
        "restore a more recent version (DESCRIBE HISTORY lists them)");
  }

  // ---- writes

  public static LakeException conflict(TableId t, String operation, RuntimeException e) {
    String kind = e.getClass().getSimpleName().replace("Exception", "");
    return failure("conflicting write on " + t + ": " + operation + " failed (" + kind + ")",
        "another writer committed changes to the same data after this one read the table",
        "run the statement again; it will read the new version", e);
  }

  public static LakeException mergeMultipleMatches(TableId t) {
    return bad("MERGE into " + t + " failed", "several source rows matched the same target row, so Delta cannot tell which one to apply",
        "make the ON condition match at most one source row per target row (deduplicate the source)");
  }

  public static LakeException writeFailed(TableId t, SQLException e) {
    String msg = oneLine(e.getMessage());
    if (msg.startsWith("INTERRUPT")) {
      return cancelled();
    }
    if (msg.contains("Conversion Error") || msg.contains("Out of Range") || msg.contains("Could not convert")) {
      return bad("a value does not fit the column type of " + t, EngineMessages.plain(msg), "cast or fix the value; nothing was committed");
    }
    return queryFailed(e);
  }

  public static LakeException retentionTooShort(TableId t, double hours, double defaultHours) {
    return bad("VACUUM " + t + " RETAIN " + fmt(hours) + " HOURS refused", "files removed less than " + fmt(defaultHours)
        + " hours ago may still be read by time travel or by running queries",
        "retain at least " + fmt(defaultHours) + " hours, or SET spark.databricks.delta.retentionDurationCheck.enabled = false if you are sure");
  }

  public static LakeException negativeRetention(TableId t, double hours) {
    return bad("VACUUM " + t + " RETAIN " + fmt(hours) + " HOURS refused", "the retention cannot be negative", "use 0 or more hours");
  }

  private static String fmt(double h) {
    return h == Math.rint(h) ? String.valueOf((long) h) : String.valueOf(h);
  }

  public static LakeException optimizeWhereNotPartition(TableId t, String column, List<String> partitions) {
    return bad("OPTIMIZE " + t + " WHERE uses column '" + column + "'", "OPTIMIZE WHERE may only use partition columns ("
        + (partitions.isEmpty() ? "the table has none" : String.join(", ", partitions)) + ")", "filter on a partition column or drop the WHERE");
  }

  public static LakeException zorderOnPartitionColumn(TableId t, String column) {
    return bad("ZORDER BY " + column + " on " + t, "it is a partition column, whose rows are already grouped", "z-order by other columns");
  }

  // ---- damaged tables

  public static LakeException damagedCommit(TableId t, long version, Path file, String reason) {
    return failure("table " + t + " is damaged at version " + version, reason + " in " + file,
        "restore the file from a backup, or RESTORE/recreate the table; versions before " + version + " are intact", null);
  }

  public static LakeException damagedDataFile(TableId t, long version, String file, String reason, Throwable cause) {
    return failure("table " + t + " is damaged: data file " + file + " of version " + version, reason,
        "restore the file from a backup, or RESTORE the table to a version that does not use it (DESCRIBE HISTORY " + t + ")", cause);
  }

  public static LakeException logMissing(TableId t, Path location) {
    return failure("table " + t + " has lost its transaction log", location + " holds data files but no _delta_log folder",
        "restore _delta_log from a backup (data files alone are not a table), or DROP TABLE " + t + " and create it again", null);
  }

  public static LakeException damagedFile(TableId t, Path file, String reason, Throwable cause) {
    return failure("table " + t + " is damaged", reason + " (" + file + ")", "delete or repair " + file, cause);
  }

  public static LakeException missingCheckpoint(TableId t, long version, Path file, Throwable cause) {
    return failure("table " + t + " is damaged: the checkpoint of version " + version + " is missing",
        "_last_checkpoint points to " + file + " which does not exist",
        "restore the checkpoint file, or delete _delta_log/_last_checkpoint so readers replay the JSON commits", cause);
  }

  public static LakeException missingCommit(TableId t, long version, Path file, Throwable cause) {
    return failure("table " + t + " is damaged: commit " + version + " is missing", file + " does not exist",
        "restore the commit file from a backup", cause);
  }

  public static LakeException missingDataFile(TableId t, long version, String file) {
    return failure("table " + t + " is damaged at version " + version, "its data file " + file + " is missing",
        "restore the file, or RESTORE the table to a version that does not use it", null);
  }

  public static LakeException unsupportedProtocol(TableId t, int reader, int writer, List<String> features) {
    return bad("table " + t + " uses Delta protocol (" + reader + "," + writer + ")",
        "it needs " + (features.isEmpty() ? "reader/writer features" : "the feature(s) " + String.join(", ", features))
            + ", and this lake supports the legacy protocols up to (2,5) (CHECK constraints, Change Data Feed, generated columns, column mapping) only",
        "read it with a newer Delta engine, or recreate it without those features");
  }

  public static LakeException unreadableTable(TableId t, Path location, Throwable cause) {
    String why = cause instanceof java.nio.file.AccessDeniedException a ? "permission denied on " + a.getFile()
        : cause instanceof java.nio.file.NoSuchFileException n ? "nothing is at " + n.getFile()
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : oneLine(cause.getMessage());
    return failure("table " + t + " cannot be read", why + " (" + location + ")",
        "check the folder's _delta_log; run with --verbose for details", cause);
  }

  public static LakeException io(String what, java.io.IOException e) {
    return failure("failed " + what, oneLine(e.getMessage()), "check the disk and the folder's permissions", e);
  }

  public static LakeException engineFailure(String what, SQLException e) {
    return failure("failed " + what, oneLine(e.getMessage()), "run with --verbose for details", e);
  }

  // ---- SQL

  public static LakeException queryFailed(SQLException e) {
    String msg = oneLine(e.getMessage());
    if (msg.startsWith("INTERRUPT")) {
      return cancelled();
    }
    if (msg.contains("Permission Error") || msg.contains("disabled by configuration") || msg.contains("external access")) {
      return bad("file access refused", "SQL here reads and writes the lake's tables, never files directly",
          "query the lake's tables by name instead; files outside the lake are not readable from SQL");
    }
    Kind kind = msg.startsWith("IO Error") || msg.startsWith("INTERNAL") || msg.startsWith("FATAL") ? FAILURE : BAD_INPUT;
    if (msg.startsWith("Catalog Error: Table with name") && msg.contains("/")) {
      return bad("file access refused", "SQL here reads and writes the lake's tables, never files directly",
          "query the lake's tables by name instead; files outside the lake are not readable from SQL");
    }
    String clean = EngineMessages.plain(e.getMessage() == null ? msg : e.getMessage()).replaceAll("__lh_[a-z0-9_]*", "(internal)");
    return new LakeException(kind, WorkbenchException.compose("the query failed", clean,
        kind == BAD_INPUT ? "fix the SQL and run it again" : "run with --verbose for details"), e);
  }

  public static LakeException syntaxError(String detail, int line, int column, String near) {
    return bad("syntax error at line " + line + ", column " + column + (near == null ? "" : " near '" + near + "'"), detail,
        "check the statement against the Spark SQL syntax");
  }

  public static LakeException badVersion(String text) {
    return bad("syntax error: '" + text + "' is not a table version", "a version is a whole number from 0",
        "write it like VERSION AS OF 3 or orders@v3; DESCRIBE HISTORY lists the versions");
  }

  public static LakeException unsupported(String what, String fix) {
    return bad(what + " is not supported", "this workbench runs the Delta subset of Spark SQL", fix);
  }

  public static LakeException statementFailed(int index, WorkbenchException e) {
    return new LakeException(e.kind(), "statement " + index + ": " + e.getMessage()
        + (index == 2 ? " (statement 1 was applied)" : index > 2 ? " (statements 1-" + (index - 1) + " were applied)" : ""), e);
  }

  public static LakeException badConfValue(String key, String value) {
    return bad("'" + value + "' is not valid for " + key, "this setting takes true or false", "SET " + key + " = true");
  }

  public static LakeException notAQuery(String start) {
    return bad("'" + start + " …' is not a query", "only one read-only query (SELECT, WITH, VALUES) may run here: a check never changes the lake",
        "write it as a SELECT");
  }

  public static LakeException emptyInput() {
    return bad("no SQL statement given", "the input is empty", "give a statement, e.g. SHOW TABLES");
  }

  // ---- Iceberg metadata beside a Delta table (decision 0033)

  public static LakeException icebergNotEnabled(TableId t) {
    return bad(t + " has no Iceberg metadata", "its property delta.universalFormat.enabledFormats does not name iceberg",
        "run ALTER TABLE " + t + " SET TBLPROPERTIES ('delta.universalFormat.enabledFormats' = 'iceberg')");
  }

  public static LakeException icebergVersionMissing(TableId t, long version) {
    return bad("no Iceberg snapshot of " + t + " for Delta version " + version,
        "only versions made or converted after Iceberg was enabled have one", "read a converted version");
  }

  public static LakeException icebergFailure(TableId t, Exception e) {
    return failure("failed writing the Iceberg metadata of " + t, oneLine(String.valueOf(e.getMessage())),
        "the Delta table is unchanged; run any statement on it again to retry the conversion", e);
  }
}
