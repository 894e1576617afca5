package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a drift check compares: the newest batch of {@code table} (the rows whose {@code batchColumn}
 * is the newest value) against a reference, either a whole table version (time travel) or the rows of
 * a date range; which columns (empty: every numeric and text column but the batch column); and the
 * thresholds that turn statistics into a verdict. Written as YAML:
 *
 * <pre>
 * table: shop.orders
 * batchColumn: order_date
 * reference: {version: 0}            # or {from: 2024-03-01, to: 2024-03-05}
 * columns: [amount, quantity, status]
 * thresholds: {psi: 0.2, ksPValue: 0.01, nullRate: 0.05, distinctChange: 0.5}
 * </pre>
 */
public record DriftSpec(TableId table, String batchColumn, Long referenceVersion, LocalDate referenceFrom,
    LocalDate referenceTo, List<String> columns, Thresholds thresholds, String source) {

  /**
   * A column drifts when its PSI reaches {@code psi}, a test's p-value falls below {@code ksPValue}
   * (KS for numbers, chi-square for categories), its null rate moves by {@code nullRate} or more, or
   * (for categories) its distinct count changes by the fraction {@code distinctChange} or more.
   */
  public record Thresholds(double psi, double ksPValue, double nullRate, double distinctChange) {
    public static final Thresholds DEFAULT = new Thresholds(0.2, 0.01, 0.05, 0.5);
  }

  private static final Set<String> TOP = Set.of("table", "batchColumn", "reference", "columns", "thresholds");

  public static DriftSpec read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw bad(file.toString(), "", "the file does not exist", "write the drift settings there (table, batchColumn, reference, thresholds)");
    } catch (IOException e) {
      throw bad(file.toString(), "", "it cannot be read (" + e.getMessage() + ")", "check the file's permissions");
    }
  }

  public static DriftSpec parse(String text, String source) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw bad(source, "", "it is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")",
          "fix the YAML syntax: key: value, lists in [a, b]");
    }
    if (!(loaded instanceof Map<?, ?> m)) {
      throw bad(source, "", "the top level is not a mapping", "write table:, batchColumn:, reference:, thresholds:");
    }
    for (Object k : m.keySet()) {
      if (!TOP.contains(String.valueOf(k))) {
        throw bad(source, String.valueOf(k), "it is not a drift setting", "use " + String.join(", ", TOP.stream().sorted().toList()));
      }
    }
    String table = text(source, m, "table");
    TableId id;
    try {
      id = TableId.parse(table);
    } catch (RuntimeException e) {
      throw bad(source, "table", "'" + table + "' is not a table name", "write schema.name, e.g. shop.orders");
    }
    String batch = text(source, m, "batchColumn");
    if (!(m.get("reference") instanceof Map<?, ?> ref)) {
      throw bad(source, "reference", "there is no reference", "write reference: {version: 0} or reference: {from: 2024-03-01, to: 2024-03-05}");
    }
    Long version = null;
    LocalDate from = null;
    LocalDate to = null;
    if (ref.containsKey("version")) {
      if (!(ref.get("version") instanceof Integer v) || v < 0) {
        throw bad(source, "reference.version", "'" + ref.get("version") + "' is not a version number", "give a version from DESCRIBE HISTORY, e.g. 0");
      }
      version = (long) v;
    } else {
      from = date(source, ref, "from");
      to = date(source, ref, "to");
      if (to.isBefore(from)) {
        throw bad(source, "reference.to", "the range ends before it starts", "give a to date on or after " + from);
      }
    }
    List<String> columns = List.of();
    if (m.containsKey("columns")) {
      if (!(m.get("columns") instanceof List<?> l)) {
        throw bad(source, "columns", "columns is not a list", "write columns: [amount, quantity]");
      }
      columns = l.stream().map(String::valueOf).toList();
    }
    Thresholds t = Thresholds.DEFAULT;
    if (m.containsKey("thresholds")) {
      if (!(m.get("thresholds") instanceof Map<?, ?> th)) {
        throw bad(source, "thresholds", "thresholds is not a mapping", "write thresholds: {psi: 0.2, ksPValue: 0.01}");
      }
      for (Object k : th.keySet()) {
        if (!Set.of("psi", "ksPValue", "nullRate", "distinctChange").contains(String.valueOf(k))) {
          throw bad(source, "thresholds." + k, "it is not a threshold", "use psi, ksPValue, nullRate, distinctChange");
        }
      }
      t = new Thresholds(number(source, th, "psi", t.psi()), number(source, th, "ksPValue", t.ksPValue()),
          number(source, th, "nullRate", t.nullRate()), number(source, th, "distinctChange", t.distinctChange()));
      if (t.ksPValue() > 1) {
        throw bad(source, "thresholds.ksPValue", "a p-value is at most 1", "give e.g. 0.01");
      }
    }
    return new DriftSpec(id, batch, version, from, to, columns, t, source);
  }

  private static String text(String source, Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw bad(source, key, "it is missing", "add " + key + ": ...");
    }
    return String.valueOf(v);
  }

  private static LocalDate date(String source, Map<?, ?> m, String key) {
    Object v = m.get(key);
    try {
      return v instanceof java.util.Date d ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate()
          : LocalDate.parse(String.valueOf(v));
    } catch (RuntimeException e) {
      throw bad(source, "reference." + key, "'" + v + "' is not a date", "write a date like 2024-03-01 (or use version:)");
    }
  }

  private static double number(String source, Map<?, ?> m, String key, double fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() < 0) {
      throw bad(source, "thresholds." + key, "'" + v + "' is not a non-negative number", "give a number, e.g. " + fallback);
    }
    return n.doubleValue();
  }

  static WorkbenchException bad(String source, String field, String why, String fix) {
    String where = field.isEmpty() ? source : source + ", field " + field;
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the drift settings " + where + " cannot be used", why, fix);
  }

  /** How the reference reads in a report. */
  public String referenceText() {
    return referenceVersion != null ? "version " + referenceVersion : batchColumn + " " + referenceFrom + " to " + referenceTo;
  }
}
