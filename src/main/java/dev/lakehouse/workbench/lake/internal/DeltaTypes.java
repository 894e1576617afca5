package dev.lakehouse.workbench.lake.internal;

import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.LakeErrors;
import io.delta.standalone.types.BinaryType;
import io.delta.standalone.types.BooleanType;
import io.delta.standalone.types.ByteType;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.DateType;
import io.delta.standalone.types.DecimalType;
import io.delta.standalone.types.DoubleType;
import io.delta.standalone.types.FieldMetadata;
import io.delta.standalone.types.FloatType;
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.ShortType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Type names across Spark SQL, the Delta schema and DuckDB, and the store-assignment rules. */
final class DeltaTypes {

  private static final Pattern DECIMAL = Pattern.compile("(?:decimal|dec|numeric)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

  private DeltaTypes() {}

  /** Normalises a Spark SQL type name ({@code INTEGER} → {@code int}); fails on unknown types. */
  static String normalize(String sparkType) {
    String t = sparkType.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    switch (t) {
      case "string": case "varchar": case "char": case "text": return "string";
      case "int": case "integer": return "int";
      case "bigint": case "long": return "bigint";
      case "smallint": case "short": return "smallint";
      case "tinyint": case "byte": return "tinyint";
      case "double": case "doubleprecision": return "double";
      case "float": case "real": return "float";
      case "boolean": case "bool": return "boolean";
      case "date": return "date";
      case "timestamp": case "timestamp_ltz": case "timestamptz": return "timestamp";
      case "binary": case "blob": return "binary";
      default:
        if (t.startsWith("varchar(") || t.startsWith("char(")) {
          return "string";
        }
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
          int p = m.group(1) == null ? 10 : Integer.parseInt(m.group(1));
          int s = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
          if (p < 1 || p > 38 || s > p) {
            throw LakeErrors.unknownType(sparkType);
          }
          return "decimal(" + p + "," + s + ")";
        }
        throw LakeErrors.unknownType(sparkType);
    }
  }

  static DataType toDelta(String sparkType) {
    String t = normalize(sparkType);
    switch (t) {
      case "string": return new StringType();
      case "int": return new IntegerType();
      case "bigint": return new LongType();
      case "smallint": return new ShortType();
      case "tinyint": return new ByteType();
      case "double": return new DoubleType();
      case "float": return new FloatType();
      case "boolean": return new BooleanType();
      case "date": return new DateType();
      case "timestamp": return new TimestampType();
      case "binary": return new BinaryType();
      default:
        Matcher m = DECIMAL.matcher(t);
        m.matches();
        return new DecimalType(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
  }

  static String fromDelta(DataType type) {
    if (type instanceof DecimalType) {
      DecimalType d = (DecimalType) type;
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    if (type instanceof StructType || type.getTypeName().startsWith("array") || type.getTypeName().startsWith("map")) {
      return type.getSimpleString();
    }
    return normalizeOrKeep(type.getSimpleString());
  }

  private static String normalizeOrKeep(String t) {
    try {
      return normalize(t);
    } catch (RuntimeException e) {
      return t;
    }
  }

  /** The DuckDB type holding a Spark type (timestamps as UTC-adjusted TIMESTAMPTZ). */
  static String toDuck(String sparkType) {
    String t = normalizeOrKeep(sparkType);
    switch (t) {
      case "string": return "VARCHAR";
      case "int": return "INTEGER";
      case "bigint": return "BIGINT";
      case "smallint": return "SMALLINT";
      case "tinyint": return "TINYINT";
      case "double": return "DOUBLE";
      case "float": return "FLOAT";
      case "boolean": return "BOOLEAN";
      case "date": return "DATE";
      case "timestamp": return "TIMESTAMPTZ";
      case "binary": return "BLOB";
      default:
        if (t.startsWith("decimal")) {
          return t.toUpperCase(Locale.ROOT);
        }
        return t.toUpperCase(Locale.ROOT);
    }
  }

  /** The Spark type for a DuckDB result column type, or null when Delta has no such type here. */
  static String fromDuck(String duckType) {
    String t = duckType.trim().toUpperCase(Locale.ROOT);
    switch (t) {
      case "VARCHAR": return "string";
      case "INTEGER": case "UINTEGER": case "USMALLINT": return "int";
      case "BIGINT": case "UBIGINT": case "HUGEINT": case "UHUGEINT": return "bigint";
      case "SMALLINT": case "UTINYINT": return "smallint";
      case "TINYINT": return "tinyint";
      case "DOUBLE": return "double";
      case "FLOAT": return "float";
      case "BOOLEAN": return "boolean";
      case "DATE": return "date";
      case "TIMESTAMP WITH TIME ZONE": case "TIMESTAMP": case "TIMESTAMP_S": case "TIMESTAMP_MS": case "TIMESTAMP_NS": return "timestamp";
      case "BLOB": return "binary";
      case "\"NULL\"": case "NULL": return "void";
      default:
        if (t.startsWith("DECIMAL")) {
          return normalize(t);
        }
        return null;
    }
  }

  /**
   * Whether a value of {@code from} may be stored in a column of {@code to} (Spark's ANSI store
   * assignment): numbers into numbers, anything atomic into strings, strings and dates into dates
   * and timestamps, NULL anywhere.
   */
  static boolean canStore(String from, String to) {
    if (from == null) {
      return false;
    }
    if (from.equals("void") || from.equals(to)) {
      return true;
    }
    if (to.equals("string")) {
      return true;
    }
    if (isNumeric(to)) {
      return isNumeric(from);
    }
    if (to.equals("date") || to.equals("timestamp")) {
      return from.equals("date") || from.equals("timestamp") || from.equals("string");
    }
    return false;
  }

  static boolean isNumeric(String t) {
    return t.equals("int") || t.equals("bigint") || t.equals("smallint") || t.equals("tinyint")
        || t.equals("double") || t.equals("float") || t.startsWith("decimal");
  }

  /** The field metadata key Delta keeps a generated column's expression under. */
  static final String GENERATION_EXPRESSION = "delta.generationExpression";

  /** The field metadata keys of column mapping: the column's id and its name in the data files. */
  static final String MAPPING_ID = "delta.columnMapping.id";
  static final String MAPPING_PHYSICAL_NAME = "delta.columnMapping.physicalName";

  static StructType toStruct(List<ColumnDef> columns) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnDef c : columns) {
      FieldMetadata.Builder b = FieldMetadata.builder();
      if (c.comment() != null) {
        b.putString("comment", c.comment());
      }
      if (c.generatedAs() != null) {
        b.putString(GENERATION_EXPRESSION, c.generatedAs());
      }
      if (c.physicalName() != null) {
        b.putLong(MAPPING_ID, c.fieldId());
        b.putString(MAPPING_PHYSICAL_NAME, c.physicalName());
      }
      FieldMetadata md = b.build();
      fields.add(new StructField(c.name(), toDelta(c.type()), c.nullable(), md));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  static List<ColumnDef> fromStruct(StructType struct) {
    List<ColumnDef> out = new ArrayList<>();
    for (StructField f : struct.getFields()) {
      Object comment = f.getMetadata().get("comment");
      Object generated = f.getMetadata().get(GENERATION_EXPRESSION);
      Object id = f.getMetadata().get(MAPPING_ID);
      Object physical = f.getMetadata().get(MAPPING_PHYSICAL_NAME);
      out.add(new ColumnDef(f.getName(), fromDelta(f.getDataType()), f.isNullable(),
          comment == null ? null : comment.toString(), generated == null ? null : generated.toString(),
          physical == null ? null : physical.toString(), id == null ? null : ((Number) id).longValue()));
    }
    return out;
  }
}
