package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.internal.LocalLake.FileEntry;
import dev.lakehouse.workbench.lake.internal.LocalLake.Loaded;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Skips files that cannot hold rows matching {@code column op literal} filters: by partition value
 * (exact) and by the min/max/nullCount stats of the add action. A file is kept whenever in doubt.
 */
final class DataSkipping {

  private DataSkipping() {}

  static List<FileEntry> prune(Loaded t, List<ScanFilter> filters) {
    if (filters == null || filters.isEmpty()) {
      return t.files();
    }
    List<FileEntry> out = new ArrayList<>();
    for (FileEntry f : t.files()) {
      boolean keep = true;
      for (ScanFilter flt : filters) {
        ColumnDef c = t.columns().stream().filter(x -> x.name().equalsIgnoreCase(flt.column())).findFirst().orElse(null);
        if (c != null && !mayMatch(t, f, c, flt)) {
          keep = false;
          break;
        }
      }
      if (keep) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean mayMatch(Loaded t, FileEntry f, ColumnDef c, ScanFilter flt) {
    String type = DeltaTypes.normalize(c.type());
    if (t.partitionColumns().stream().anyMatch(p -> p.equalsIgnoreCase(c.name()))) {
      String v = null;
      for (Map.Entry<String, String> e : f.add().getPartitionValues().entrySet()) {
        if (e.getKey().equalsIgnoreCase(c.physical())) { // keyed by physical name under column mapping
          v = e.getValue();
        }
      }
      if (v == null) {
        return false; // NULL never satisfies a comparison
      }
      Integer cmp = compare(type, v, flt.literal());
      return cmp == null || holds(cmp, flt.op());
    }
    JsonNode s = f.stats();
    if (s == null) {
      return true;
    }
    long rows = s.path("numRecords").asLong(-1);
    JsonNode nc = field(s.get("nullCount"), c.physical());
    if (nc != null && rows >= 0 && nc.asLong() == rows) {
      return false; // only NULLs in this file
    }
    JsonNode lo = field(s.get("minValues"), c.physical());
    JsonNode hi = field(s.get("maxValues"), c.physical());
    if (lo == null || hi == null || type.equals("timestamp")) {
      return true;
    }
    Integer loCmp = compare(type, lo.asText(), flt.literal());
    Integer hiCmp = compare(type, hi.asText(), flt.literal());
    if (loCmp == null || hiCmp == null) {
      return true;
    }
    switch (flt.op()) {
      case "=": return loCmp <= 0 && hiCmp >= 0;
      case "<": return loCmp < 0;
      case "<=": return loCmp <= 0;
      case ">": return hiCmp > 0;
      case ">=": return hiCmp >= 0;
      case "<>": case "!=": return !(loCmp == 0 && hiCmp == 0);
      default: return true;
    }
  }

  private static JsonNode field(JsonNode node, String name) {
    if (node == null) {
      return null;
    }
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static boolean holds(int cmp, String op) {
    switch (op) {
      case "=": return cmp == 0;
      case "<": return cmp < 0;
      case "<=": return cmp <= 0;
      case ">": return cmp > 0;
      case ">=": return cmp >= 0;
      case "<>": case "!=": return cmp != 0;
      default: return true;
    }
  }

  /** value compared with literal, or null when they cannot be compared safely. */
  private static Integer compare(String type, String value, String literal) {
    try {
      if (DeltaTypes.isNumeric(type)) {
        return new BigDecimal(value.trim()).compareTo(new BigDecimal(literal.trim()));
      }
      if (type.equals("string")) {
        return Integer.signum(value.compareTo(literal));
      }
      if (type.equals("date") && literal.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
        return Integer.signum(value.trim().compareTo(literal.trim()));
      }
      if (type.equals("boolean")) {
        return Boolean.compare(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)), Boolean.parseBoolean(literal.toLowerCase(Locale.ROOT)));
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }
}
