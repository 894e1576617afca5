package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.DataContract.Property;
import dev.lakehouse.workbench.quality.DataContract.Rule;
import dev.lakehouse.workbench.quality.DataContract.SchemaObject;
import dev.lakehouse.workbench.quality.internal.ValidationSql;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces a data contract on the lake (each schema object's {@code physicalName} is a table):
 * property names and logical types against the table's schema, {@code required}, {@code unique} and
 * the primary key against the rows, and the quality rules; and compares two versions of a contract,
 * saying which changes break consumers.
 */
public final class ContractChecker {

  /** One clause of the contract, checked: where it is in the file, what it asks, what was found. */
  public record Finding(String field, String clause, boolean passed, String found) {
    public String line() {
      return (passed ? "PASS " : "FAIL ") + field + ": " + clause + " (found " + found + ")";
    }
  }

  /** A difference between two versions of a contract. */
  public record Change(boolean breaking, String field, String description) {
    public String line() {
      return (breaking ? "BREAKING     " : "non-breaking ") + field + ": " + description;
    }
  }

  private final Lake lake;

  public ContractChecker(Lake lake) {
    this.lake = lake;
  }

  public List<Finding> check(DataContract contract) {
    List<Finding> out = new ArrayList<>();
    for (SchemaObject o : contract.objects()) {
      TableId table = TableId.parse(o.physicalName());
      if (!lake.exists(table)) {
        out.add(new Finding(o.field() + ".physicalName", "table " + table + " exists", false, "no such table"));
        continue;
      }
      List<ColumnDef> cols = lake.snapshot(table, TimeTravel.LATEST).columns();
      String rel = "(" + lake.scan(table, TimeTravel.LATEST, List.of()).sql() + ")";
      for (Property p : o.properties()) {
        Optional<ColumnDef> c = cols.stream().filter(x -> x.name().equalsIgnoreCase(p.name())).findFirst();
        if (c.isEmpty()) {
          out.add(new Finding(p.field() + ".name", "column " + p.name() + " exists", false,
              "columns " + String.join(", ", cols.stream().map(ColumnDef::name).toList())));
          continue;
        }
        String type = c.get().type().toLowerCase(Locale.ROOT);
        if (p.logicalType() != null) {
          out.add(new Finding(p.field() + ".logicalType", p.name() + " is " + p.logicalType(), fits(p.logicalType(), type), type));
        }
        if (p.physicalType() != null) {
          out.add(new Finding(p.field() + ".physicalType", p.name() + " is " + p.physicalType(),
              p.physicalType().replace(" ", "").equalsIgnoreCase(type.replace(" ", "")), type));
        }
        String q = ValidationSql.quote(c.get().name());
        if (p.required() || p.primaryKey()) {
          long nulls = count("SELECT count(*) FROM " + rel + " AS t WHERE " + q + " IS NULL");
          out.add(new Finding(p.field() + (p.required() ? ".required" : ".primaryKey"), p.name() + " has no nulls", nulls == 0, nulls + " nulls"));
        }
        if (p.unique()) {
          long dup = duplicates(rel, List.of(q));
          out.add(new Finding(p.field() + ".unique", p.name() + " is unique", dup == 0, dup + " rows share a value"));
        }
        for (Rule r : p.quality()) {
          out.add(rule(r, rel, q, p.name()));
        }
      }
      List<Property> key = o.properties().stream().filter(Property::primaryKey)
          .sorted(Comparator.comparing(p -> p.primaryKeyPosition() == null ? 0 : p.primaryKeyPosition())).toList();
      if (!key.isEmpty() && key.stream().allMatch(p -> cols.stream().anyMatch(x -> x.name().equalsIgnoreCase(p.name())))) {
        long dup = duplicates(rel, key.stream().map(p -> ValidationSql.quote(p.name())).toList());
        out.add(new Finding(o.field() + ".primaryKey", "primary key (" + String.join(", ", key.stream().map(Property::name).toList())
            + ") is unique", dup == 0, dup + " rows share a key"));
      }
      for (Rule r : o.quality()) {
        out.add(rule(r, rel, null, o.name()));
      }
    }
    return out;
  }

  private long count(String sql) {
    return ((Number) lake.query(sql).rows().get(0).get(0)).longValue();
  }

  private long duplicates(String rel, List<String> cols) {
    String k = String.join(", ", cols);
    return count("SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + rel + " AS t GROUP BY " + k
        + " HAVING count(*) > 1)");
  }

  private Finding rule(Rule r, String rel, String column, String on) {
    double value;
    String what;
    if (r.query() != null) {
      what = "query " + r.query().strip();
      Object v = lake.query(r.query().replace("${object}", rel).replace("{object}", rel)).rows().get(0).get(0);
      value = v == null ? Double.NaN : ((Number) v).doubleValue();
    } else {
      what = r.metric() + (column == null ? "" : " of " + on);
      value = switch (r.metric()) {
        case "rowCount" -> count("SELECT count(*) FROM " + rel + " AS t");
        case "nullValues" -> column == null ? Double.NaN : count("SELECT count(*) FROM " + rel + " AS t WHERE " + column + " IS NULL");
        case "duplicateValues" -> column == null ? Double.NaN : duplicates(rel, List.of(column));
        default -> Double.NaN;
      };
    }
    boolean ok = holds(r.operator(), value, r.value());
    return new Finding(r.field(), what + " " + r.operator() + " " + r.value(), ok, format(value));
  }

  private static String format(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static boolean holds(String op, double v, Object want) {
    if (Double.isNaN(v)) {
      return false;
    }
    if (op.endsWith("Between")) {
      List<?> range = want instanceof List<?> l ? l : List.of();
      if (range.size() != 2) {
        return false;
      }
      boolean in = v >= num(range.get(0)) && v <= num(range.get(1));
      return op.equals("mustBeBetween") == in;
    }
    double w = num(want);
    return switch (op) {
      case "mustBe" -> v == w;
      case "mustNotBe" -> v != w;
      case "mustBeGreaterThan" -> v > w;
      case "mustBeGreaterOrEqualTo" -> v >= w;
      case "mustBeLessThan" -> v < w;
      case "mustBeLessOrEqualTo" -> v <= w;
      default -> false;
    };
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
  }

  /** Which changes from {@code before} to {@code after} break consumers (removed or retyped columns, new obligations on them). */
  public static List<Change> diff(DataContract before, DataContract after) {
    List<Change> out = new ArrayList<>();
    for (SchemaObject o : before.objects()) {
      Optional<SchemaObject> n = after.objects().stream().filter(x -> x.name().equalsIgnoreCase(o.name())).findFirst();
      if (n.isEmpty()) {
        out.add(new Change(true, o.field(), "object " + o.name() + " was removed"));
        continue;
      }
      if (!o.physicalName().equalsIgnoreCase(n.get().physicalName())) {
        out.add(new Change(true, n.get().field() + ".physicalName", "moved from " + o.physicalName() + " to " + n.get().physicalName()));
      }
      for (Property p : o.properties()) {
        Optional<Property> q = n.get().properties().stream().filter(x -> x.name().equalsIgnoreCase(p.name())).findFirst();
        if (q.isEmpty()) {
          out.add(new Change(true, p.field(), "column " + p.name() + " was removed"));
          continue;
        }
        Property np = q.get();
        if (!Objects.equals(p.logicalType(), np.logicalType())) {
          boolean widening = "integer".equals(p.logicalType()) && "number".equals(np.logicalType());
          out.add(new Change(!widening, np.field() + ".logicalType", p.name() + " changed from " + p.logicalType() + " to "
              + np.logicalType() + (widening ? " (a widening readers can absorb)" : "")));
        }
        if (!Objects.equals(p.physicalType(), np.physicalType()) && p.physicalType() != null) {
          out.add(new Change(true, np.field() + ".physicalType", p.name() + " changed from " + p.physicalType() + " to " + np.physicalType()));
        }
        if (p.required() && !np.required()) {
          out.add(new Change(true, np.field() + ".required", p.name() + " may now be null"));
        } else if (!p.required() && np.required()) {
          out.add(new Change(false, np.field() + ".required", p.name() + " is now guaranteed"));
        }
        if (p.unique() && !np.unique()) {
          out.add(new Change(true, np.field() + ".unique", p.name() + " is no longer unique"));
        }
        if (p.primaryKey() != np.primaryKey()) {
          out.add(new Change(true, np.field() + ".primaryKey", p.name() + (np.primaryKey() ? " joined" : " left") + " the primary key"));
        }
      }
      for (Property np : n.get().properties()) {
        if (o.properties().stream().noneMatch(x -> x.name().equalsIgnoreCase(np.name()))) {
          out.add(new Change(np.required(), np.field(), "column " + np.name() + " was added" + (np.required() ? " as required" : "")));
        }
      }
    }
    for (SchemaObject n : after.objects()) {
      if (before.objects().stream().noneMatch(x -> x.name().equalsIgnoreCase(n.name()))) {
        out.add(new Change(false, n.field(), "object " + n.name() + " was added"));
      }
    }
    return out;
  }

  static boolean fits(String logical, String sparkType) {
    String t = sparkType.toLowerCase(Locale.ROOT);
    return switch (logical) {
      case "integer" -> List.of("int", "integer", "bigint", "smallint", "tinyint", "long", "short", "byte").contains(t);
      case "number" -> t.startsWith("decimal") || List.of("double", "float", "int", "integer", "bigint", "smallint", "tinyint").contains(t);
      case "string" -> t.equals("string") || t.startsWith("varchar") || t.startsWith("char");
      case "date" -> t.equals("date");
      case "timestamp" -> t.startsWith("timestamp");
      case "boolean" -> t.equals("boolean");
      case "array" -> t.startsWith("array");
      case "object" -> t.startsWith("struct") || t.startsWith("map");
      default -> false;
    };
  }
}
