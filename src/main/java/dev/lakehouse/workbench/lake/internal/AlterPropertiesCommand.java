package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.actions.Metadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ALTER TABLE ... SET TBLPROPERTIES} and {@code ADD | DROP CONSTRAINT}: metadata-only commits
 * of the table configuration (a CHECK constraint is the property {@code delta.constraints.NAME}, checked
 * against the rows already there), raising the protocol as far as Delta requires, as Delta's
 * AlterTableSetPropertiesDeltaCommand and AlterTableAdd/DropConstraintDeltaCommand do. Runs inside the
 * lake's lock.
 */
final class AlterPropertiesCommand {

  private AlterPropertiesCommand() {}

  /** SET TBLPROPERTIES: the configuration merged, column mapping switched on when asked, the protocol raised. */
  static CommitResult setProperties(LocalLake lake, TableId id, Map<String, String> properties) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    Map<String, String> props = new LinkedHashMap<>(properties);
    int[] asked = Committer.askedProtocol(id, props);
    SchemaEnforcement.checkProperties(id, props, t.metadata().getConfiguration());
    Map<String, String> conf = new LinkedHashMap<>(t.metadata().getConfiguration());
    conf.putAll(props);
    SchemaEnforcement.checkFeedColumns(id, conf, t.columns());
    Metadata.Builder b = t.metadata().copyBuilder().configuration(conf);
    if (ColumnMapping.enabled(conf) && !ColumnMapping.enabled(t.metadata().getConfiguration())) {
      // switching column mapping on: every column gets an id, its physical name is its current name
      b.schema(DeltaTypes.toStruct(ColumnMapping.assign(t.columns(), conf, true))).configuration(conf);
    }
    Metadata md = b.build();
    String raise = Committer.raiseProtocol(conf, t.columns(), Committer.protocol(lake, t.location(), t.version()), asked);
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), "SET TBLPROPERTIES" + raise,
        Map.of("properties", lake.toJson(properties)), Committer.metrics(), List.of());
  }

  /** ADD CONSTRAINT name CHECK (expr): refused when a row already there fails it, as in Delta. */
  static CommitResult addConstraint(LocalLake lake, TableId id, String name, String sparkExpr) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw LakeErrors.invalidConstraintName(id, name);
    }
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    String key = SchemaEnforcement.CONSTRAINT_PREFIX + name.toLowerCase(Locale.ROOT);
    Map<String, String> conf = new LinkedHashMap<>(t.metadata().getConfiguration());
    if (conf.containsKey(key)) {
      throw LakeErrors.constraintExists(id, name, conf.get(key));
    }
    tx.txn().readWholeTable();
    long bad = SchemaEnforcement.violations(lake, id, ScanPlanner.scanSql(t, t.files(), t.columns(), false), sparkExpr);
    if (bad > 0) {
      throw LakeErrors.newCheckViolated(id, name, sparkExpr, bad);
    }
    conf.put(key, sparkExpr);
    Metadata md = t.metadata().copyBuilder().configuration(conf).build();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("name", name);
    params.put("expr", sparkExpr);
    String op = "ADD CONSTRAINT" + (Committer.writerVersion(lake, t.location(), t.version()) < 3 ? PutIfAbsentLogStore.PROTOCOL_MARKER : "");
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), op, params, Committer.metrics(), List.of());
  }

  /** DROP CONSTRAINT [IF EXISTS] name. */
  static CommitResult dropConstraint(LocalLake lake, TableId id, String name, boolean ifExists) {
    Committer.Tx tx = Committer.begin(lake, id);
    LocalLake.Loaded t = tx.table();
    String key = SchemaEnforcement.CONSTRAINT_PREFIX + name.toLowerCase(Locale.ROOT);
    Map<String, String> conf = new LinkedHashMap<>(t.metadata().getConfiguration());
    String old = conf.remove(key);
    if (old == null && !ifExists) {
      throw LakeErrors.constraintNotFound(id, name);
    }
    Metadata md = t.metadata().copyBuilder().configuration(conf).build();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("name", name);
    if (old != null) {
      params.put("expr", old);
    }
    params.put("existed", String.valueOf(old != null));
    return Committer.commit(lake, id, t.location(), tx.txn(), List.of(md), "DROP CONSTRAINT", params, Committer.metrics(), List.of());
  }
}
