package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Delta's column mapping in name mode ({@code delta.columnMapping.mode = name}): each column keeps an
 * id ({@code delta.columnMapping.id}) and the name it has in the data files
 * ({@code delta.columnMapping.physicalName}) in its field metadata; the table keeps the largest id
 * given so far ({@code delta.columnMapping.maxColumnId}). RENAME COLUMN changes only the logical name
 * and DROP COLUMN only the schema, so no data file is rewritten. New data files are written with the
 * physical names; every read renames them back (decision 0047).
 */
final class ColumnMapping {

  static final String MODE = "delta.columnMapping.mode";
  static final String MAX_ID = "delta.columnMapping.maxColumnId";

  private ColumnMapping() {}

  /** The configured mode in lower case ("none" when unset). */
  static String mode(Map<String, String> configuration) {
    if (configuration != null) {
      for (Map.Entry<String, String> e : configuration.entrySet()) {
        if (e.getKey().equalsIgnoreCase(MODE) && e.getValue() != null) {
          return e.getValue().trim().toLowerCase(Locale.ROOT);
        }
      }
    }
    return "none";
  }

  /** Whether a table configuration maps columns by name. */
  static boolean enabled(Map<String, String> configuration) {
    return mode(configuration).equals("name");
  }

  /**
   * Gives every column without a mapping the next id and a physical name, and records the largest id
   * in {@code configuration} (changed in place). New columns get {@code col-<uuid>}; with
   * {@code keepNames} (a table switching column mapping on) they keep their own name as physical
   * name, so the files already written stay readable, as Delta does on that upgrade.
   */
  static List<ColumnDef> assign(List<ColumnDef> columns, Map<String, String> configuration, boolean keepNames) {
    long max = 0;
    for (Map.Entry<String, String> e : configuration.entrySet()) {
      if (e.getKey().equalsIgnoreCase(MAX_ID)) {
        try {
          max = Long.parseLong(e.getValue().trim());
        } catch (RuntimeException bad) {
          max = 0;
        }
      }
    }
    for (ColumnDef c : columns) {
      if (c.fieldId() != null) {
        max = Math.max(max, c.fieldId());
      }
    }
    List<ColumnDef> out = new ArrayList<>();
    for (ColumnDef c : columns) {
      if (c.physicalName() == null) {
        max++;
        c = c.mapped(keepNames ? c.name() : "col-" + UUID.randomUUID(), max);
      }
      out.add(c);
    }
    configuration.keySet().removeIf(k -> k.equalsIgnoreCase(MAX_ID));
    configuration.put(MAX_ID, String.valueOf(max));
    return out;
  }

  /**
   * Partition columns whose physical name differs from their name (logical to physical), for the
   * metadata a commit carries or else the transaction's; empty without column mapping.
   */
  static Map<String, String> partitionKeys(List<? extends Action> actions, Metadata current) {
    Metadata md = current;
    for (Action a : actions) {
      if (a instanceof Metadata m) {
        md = m;
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (md == null || !enabled(md.getConfiguration()) || md.getPartitionColumns().isEmpty()) {
      return out;
    }
    List<ColumnDef> columns = DeltaTypes.fromStruct(md.getSchema());
    for (String p : md.getPartitionColumns()) {
      for (ColumnDef c : columns) {
        if (c.name().equalsIgnoreCase(p) && !c.physical().equals(c.name())) {
          out.put(c.name(), c.physical());
        }
      }
    }
    return out;
  }

  /** The add action with its partition values keyed by logical names ({@code keys}: logical to physical). */
  static AddFile withLogicalKeys(AddFile a, Map<String, String> keys) {
    Map<String, String> pv = new LinkedHashMap<>();
    a.getPartitionValues().forEach((k, v) -> {
      String logical = k;
      for (Map.Entry<String, String> e : keys.entrySet()) {
        if (e.getValue().equals(k)) {
          logical = e.getKey();
        }
      }
      pv.put(logical, v);
    });
    return new AddFile(a.getPath(), pv, a.getSize(), a.getModificationTime(), a.isDataChange(), a.getStats(), a.getTags());
  }

  /** Whether any column's name in the files differs from its name in the schema. */
  static boolean renames(List<ColumnDef> columns) {
    return columns.stream().anyMatch(c -> !c.physical().equals(c.name()));
  }

  /** The columns as the data files name them (the physical names). */
  static List<ColumnDef> physicalColumns(List<ColumnDef> columns) {
    if (!renames(columns)) {
      return columns;
    }
    List<ColumnDef> out = new ArrayList<>();
    for (ColumnDef c : columns) {
      out.add(new ColumnDef(c.physical(), c.type(), c.nullable(), c.comment()));
    }
    return out;
  }

  /** The physical names of the partition columns (partition values are keyed by them). */
  static List<String> physicalPartitions(List<String> partitionColumns, List<ColumnDef> columns) {
    List<String> out = new ArrayList<>();
    for (String p : partitionColumns) {
      out.add(columns.stream().filter(c -> c.name().equalsIgnoreCase(p)).map(ColumnDef::physical).findFirst().orElse(p));
    }
    return out;
  }

  /**
   * {@code select} (the table's columns by their logical names, then {@code extra} columns such as
   * {@code _change_type}) with the table's columns renamed to their physical names, for writing files.
   */
  static String toPhysical(String select, List<ColumnDef> columns, String... extra) {
    if (!renames(columns)) {
      return select;
    }
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      sb.append(i == 0 ? "" : ", ").append(Duck.ident(c.name())).append(" AS ").append(Duck.ident(c.physical()));
    }
    for (String e : extra) {
      sb.append(", ").append(Duck.ident(e));
    }
    return sb.append(" FROM (").append(select).append(") AS __lh_phys").toString();
  }
}
