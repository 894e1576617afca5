package dev.lakehouse.workbench.lake.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.lake.ColumnDef;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code stats} of an add action, from the per-column statistics DuckDB returns for a file it
 * wrote: numRecords, and per column minValues/maxValues (typed as Delta writes them; strings only when
 * at most 32 characters, no min/max for booleans and binaries) and nullCount.
 */
final class StatsJson {

  private static final int MAX_STRING_STAT = 32;

  static final DateTimeFormatter DUCK_TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .appendPattern("x")
      .toFormatter(Locale.ROOT);

  static final DateTimeFormatter DELTA_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatsJson() {}

  static String build(ObjectMapper json, long rows, List<ColumnDef> columns, Set<String> partitionColumns,
      Map<Object, Object> colStats) {
    ObjectNode root = json.createObjectNode();
    root.put("numRecords", rows);
    ObjectNode min = root.putObject("minValues");
    ObjectNode max = root.putObject("maxValues");
    ObjectNode nulls = root.putObject("nullCount");
    for (ColumnDef c : columns) {
      if (partitionColumns.contains(c.name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      Map<?, ?> s = stats(colStats, c.name());
      if (s == null) {
        continue;
      }
      Object nc = s.get("null_count");
      nulls.put(c.name(), nc == null ? 0 : Long.parseLong(nc.toString()));
      Object lo = s.get("min");
      Object hi = s.get("max");
      if (lo != null && hi != null) {
        try {
          put(min, c, lo.toString(), false);
          put(max, c, hi.toString(), true);
        } catch (RuntimeException e) {
          min.remove(c.name());
          max.remove(c.name());
        }
      }
    }
    try {
      return json.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(ObjectNode node, ColumnDef c, String v, boolean isMax) {
    String t = DeltaTypes.normalize(c.type());
    switch (t) {
      case "int": case "bigint": case "smallint": case "tinyint":
        node.put(c.name(), Long.parseLong(v.trim()));
        return;
      case "double": case "float": {
        double d = Double.parseDouble(v.trim());
        if (!Double.isNaN(d) && !Double.isInfinite(d)) {
          node.put(c.name(), d);
        }
        return;
      }
      case "string":
        if (v.length() <= MAX_STRING_STAT) {
          node.put(c.name(), v);
        }
        return;
      case "date":
        node.put(c.name(), v.trim());
        return;
      case "timestamp": {
        Instant i = OffsetDateTime.parse(v.trim(), DUCK_TIMESTAMP).toInstant();
        node.put(c.name(), DELTA_TIMESTAMP.format(i));
        return;
      }
      default:
        if (t.startsWith("decimal")) {
          node.put(c.name(), new BigDecimal(v.trim()));
        }
    }
  }

  static Map<?, ?> stats(Map<Object, Object> colStats, String column) {
    for (Map.Entry<Object, Object> e : colStats.entrySet()) {
      String k = e.getKey().toString();
      if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
        k = k.substring(1, k.length() - 1);
      }
      if (k.equalsIgnoreCase(column) && e.getValue() instanceof Map) {
        return (Map<?, ?>) e.getValue();
      }
    }
    return null;
  }

  static long nullCount(Map<Object, Object> colStats, String column) {
    Map<?, ?> s = stats(colStats, column);
    if (s == null || s.get("null_count") == null) {
      return 0;
    }
    return Long.parseLong(s.get("null_count").toString());
  }
}
