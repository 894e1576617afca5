package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.exceptions.DeltaConcurrentModificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Commits: a transaction started on the table's latest snapshot, and its optimistic commit through
 * delta-standalone (conflicts checked there; a lost race becomes a one-line error and the new data
 * files are deleted), the operation and its metrics in commitInfo, and the protocol each table needs
 * (legacy reader/writer versions, raised by a marker {@link PutIfAbsentLogStore} writes), as Delta's
 * OptimisticTransaction does.
 */
final class Committer {

  static final String ENGINE_INFO = "Lakehouse-Workbench/0.1";

  private Committer() {}

  /** A transaction together with the snapshot it read. */
  record Tx(OptimisticTransaction txn, LocalLake.Loaded table) {}

  static Tx begin(LocalLake lake, TableId id) {
    Path loc = lake.requireTable(id);
    lake.requireWritable(id, loc);
    DeltaLog log = lake.guard(id, loc, () -> lake.log(loc));
    return lake.guard(id, loc, () -> {
      OptimisticTransaction txn = log.startTransaction();
      if (txn.readVersion() < 0) {
        // the folder was there a moment ago: another statement or process dropped the table meanwhile
        throw LakeErrors.droppedDuringWrite(id);
      }
      Snapshot s = log.snapshot();
      if (s.getVersion() != txn.readVersion()) {
        s = log.getSnapshotForVersionAsOf(txn.readVersion());
      }
      return new Tx(txn, SnapshotManagement.toLoaded(lake, id, loc, s));
    });
  }

  static CommitResult commit(LocalLake lake, TableId id, Path loc, OptimisticTransaction txn, List<? extends Action> actions,
      String marked, Map<String, String> params, Map<String, String> metrics, List<AddFile> newFiles) {
    // "RESTORE|schemaString=…" carries the schema a RESTORE commits (see PutIfAbsentLogStore)
    int cut = marked.indexOf('|');
    String operation = cut < 0 ? marked : marked.substring(0, cut);
    // under column mapping, add actions key partition values by physical names, which the Delta library
    // refuses: it is handed the logical names and the log store writes the physical ones back
    Map<String, String> keys = ColumnMapping.partitionKeys(actions, txn.metadata());
    if (!keys.isEmpty()) {
      List<Action> logical = new ArrayList<>();
      for (Action a : actions) {
        logical.add(a instanceof AddFile af ? ColumnMapping.withLogicalKeys(af, keys) : a);
      }
      actions = logical;
      int schemaAt = marked.indexOf(PutIfAbsentLogStore.SCHEMA_MARKER);
      String keyMarker = PutIfAbsentLogStore.PARTITION_KEYS_MARKER + lake.toJson(keys);
      marked = schemaAt < 0 ? marked + keyMarker : marked.substring(0, schemaAt) + keyMarker + marked.substring(schemaAt);
    }
    Map<String, String> encoded = new LinkedHashMap<>();
    params.forEach((k, v) -> encoded.put(k, v == null ? "null" : lake.toJson(v)));
    Operation op = operation(marked, encoded, metrics);
    try {
      long v = txn.commit(actions, op, ENGINE_INFO).getVersion();
      lake.watches.committed(id, txn.readVersion());
      dropDowngradedCheckpoint(lake, loc, v);
      keepIcebergInStep(lake, id, txn, actions);
      return new CommitResult(v, operation, Collections.unmodifiableMap(new LinkedHashMap<>(metrics)));
    } catch (DeltaConcurrentModificationException e) {
      DataFileWriter.deleteQuietly(newFiles.stream().map(a -> LocalLake.absolute(loc, a.getPath())).collect(Collectors.toList()));
      if (operation.startsWith("CREATE") && LocalLake.hasLog(loc)) {
        throw LakeErrors.lostCreateRace(id);
      }
      throw LakeErrors.conflict(id, operation, e);
    } catch (WorkbenchException e) {
      throw e;
    } catch (Exception e) {
      DataFileWriter.deleteQuietly(newFiles.stream().map(a -> LocalLake.absolute(loc, a.getPath())).collect(Collectors.toList()));
      if (!operation.startsWith("CREATE") && !LocalLake.hasLog(loc)) {
        throw LakeErrors.droppedDuringWrite(id);
      }
      throw new LogDiagnosis(lake.json).diagnose(id, loc, e);
    }
  }

  /** A table whose properties ask for Iceberg metadata gets a snapshot for the new version (decision 0033). */
  private static void keepIcebergInStep(LocalLake lake, TableId id, OptimisticTransaction txn, List<? extends Action> actions) {
    Map<String, String> conf = null;
    for (Action a : actions) {
      if (a instanceof Metadata m) {
        conf = m.getConfiguration();
      }
    }
    if (conf == null) {
      conf = txn.metadata().getConfiguration();
    }
    IcebergConverter.afterCommit(lake, id, conf);
  }

  /**
   * The Delta library writes checkpoints with the protocol it was shown, which for a table with CHECK
   * constraints is (1,2) instead of (1,3) (see PutIfAbsentLogStore): such a checkpoint is removed,
   * with the pointer to it, so every reader replays the commits, which carry the true protocol.
   */
  private static void dropDowngradedCheckpoint(LocalLake lake, Path loc, long version) {
    Path log = loc.resolve("_delta_log");
    Path cp = log.resolve(String.format("%020d.checkpoint.parquet", version));
    if (!Files.exists(cp) || writerVersion(lake, loc, version) < 3) {
      return;
    }
    try {
      Files.deleteIfExists(log.resolve("_last_checkpoint"));
      Files.deleteIfExists(cp);
      Path crc = log.resolve("." + cp.getFileName() + ".crc");
      Files.deleteIfExists(crc);
    } catch (IOException e) {
      throw LakeErrors.io("removing checkpoint " + cp.getFileName(), e);
    }
    lake.forgetLog(loc); // its snapshot may still point at the removed checkpoint
  }

  private static Operation operation(String name, Map<String, String> params, Map<String, String> metrics) {
    for (Operation.Name n : Operation.Name.values()) {
      if (n.toString().equals(name)) {
        return new Operation(n, params, metrics);
      }
    }
    return new Operation(Operation.Name.MANUAL_UPDATE, params, metrics,
        Optional.of(PutIfAbsentLogStore.OPERATION_MARKER + name));
  }

  static Map<String, String> metrics(Object... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], String.valueOf(kv[i + 1]));
    }
    return m;
  }

  /** The writer version of the protocol in force at a version: the newest protocol action at or before it. */
  static int writerVersion(LocalLake lake, Path loc, long version) {
    return protocol(lake, loc, version)[1];
  }

  /** The protocol (reader, writer) in force at a version: the newest protocol action at or before it. */
  static int[] protocol(LocalLake lake, Path loc, long version) {
    try {
      LogReplay.Listing listing = LogReplay.list(loc);
      for (Map.Entry<Long, Path> c : listing.commits().headMap(version, true).descendingMap().entrySet()) {
        for (String line : Files.readAllLines(c.getValue(), java.nio.charset.StandardCharsets.UTF_8)) {
          if (line.startsWith("{\"protocol\"")) {
            JsonNode p = lake.json.readTree(line).path("protocol");
            return new int[] {p.path("minReaderVersion").asInt(1), p.path("minWriterVersion").asInt(2)};
          }
        }
        if (listing.checkpoints().containsKey(c.getKey()) && !listing.commits().containsKey(c.getKey() - 1)) {
          QueryResult r = lake.duck.query("SELECT protocol.minReaderVersion, protocol.minWriterVersion FROM read_parquet("
              + Duck.literal(listing.checkpoints().get(c.getKey()).toString()) + ") WHERE protocol IS NOT NULL");
          return r.rows().isEmpty() ? new int[] {1, 2}
              : new int[] {((Number) r.rows().get(0).get(0)).intValue(), ((Number) r.rows().get(0).get(1)).intValue()};
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      // unreadable log: the protocol every table here starts with
    }
    return new int[] {1, 2};
  }

  /**
   * The writer version Delta requires for a table configuration: 4 for the Change Data Feed, 3 for
   * CHECK constraints, else 2 (legacy protocol versions, no table features).
   */
  static int requiredWriter(Map<String, String> configuration, List<ColumnDef> columns) {
    if (ColumnMapping.enabled(configuration)) {
      return 5;
    }
    if (ChangeDataFeed.enabled(configuration) || columns.stream().anyMatch(c -> c.generatedAs() != null)) {
      return 4;
    }
    return SchemaEnforcement.constraints(configuration).isEmpty() ? 2 : 3;
  }

  /** The commit marker raising the protocol for a configuration and schema above {@code current}, or "". */
  static String raiseWriter(Map<String, String> configuration, List<ColumnDef> columns, int current) {
    return raiseProtocol(configuration, columns, new int[] {1, current}, new int[] {1, 2});
  }

  /**
   * The commit marker raising the protocol to what the configuration and schema need (reader 2 for
   * column mapping, see {@link #requiredWriter}) or what was {@code asked} with delta.minReaderVersion /
   * delta.minWriterVersion, never lowering {@code current}; "" when nothing rises.
   */
  static String raiseProtocol(Map<String, String> configuration, List<ColumnDef> columns, int[] current, int[] asked) {
    int reader = Math.max(current[0], Math.max(asked[0], ColumnMapping.enabled(configuration) ? 2 : 1));
    int writer = Math.max(current[1], Math.max(asked[1], requiredWriter(configuration, columns)));
    return reader > current[0] || writer > current[1] ? PutIfAbsentLogStore.protocolMarker(reader, writer) : "";
  }

  /**
   * Takes delta.minReaderVersion and delta.minWriterVersion out of {@code props} (Delta keeps them in
   * the protocol, not in the configuration) and returns them as (reader, writer); refused above (2,5).
   */
  static int[] askedProtocol(TableId id, Map<String, String> props) {
    int[] asked = {1, 2};
    for (java.util.Iterator<Map.Entry<String, String>> it = props.entrySet().iterator(); it.hasNext();) {
      Map.Entry<String, String> e = it.next();
      String lk = e.getKey().toLowerCase(Locale.ROOT);
      int which = lk.equals("delta.minreaderversion") ? 0 : lk.equals("delta.minwriterversion") ? 1 : -1;
      if (which < 0) {
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(e.getValue() == null ? "" : e.getValue().trim());
      } catch (NumberFormatException bad) {
        throw LakeErrors.protocolPropertyValue(id, e.getKey(), e.getValue());
      }
      if (which == 0 ? v < 1 || v > 2 : v < 1 || v > 5) {
        throw LakeErrors.protocolPropertyValue(id, e.getKey(), e.getValue());
      }
      asked[which] = Math.max(asked[which], v);
      it.remove();
    }
    return asked;
  }
}
