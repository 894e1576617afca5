package dev.lakehouse.workbench.lake;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table of the lake: {@code schema.name} (the folder {@code <lake>/schema/name}), or a Delta table
 * addressed directly by its absolute path ({@code delta.`/abs/path`}), in which case {@link #path()}
 * is set and schema is {@code delta}.
 */
public record TableId(String schema, String name, String path) {

  /** The schema a name without one goes to. */
  public static final String DEFAULT_SCHEMA = "default";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  public TableId {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /** A lake table; names are validated so that they can never address a folder outside the lake. */
  public static TableId of(String schema, String name) {
    String s = schema == null || schema.isBlank() ? DEFAULT_SCHEMA : schema;
    if (!IDENTIFIER.matcher(s).matches()) {
      throw LakeErrors.invalidIdentifier(s);
    }
    if (!IDENTIFIER.matcher(name).matches()) {
      throw LakeErrors.invalidIdentifier(name);
    }
    return new TableId(s.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT), null);
  }

  /** Parses {@code name} or {@code schema.name}. */
  public static TableId parse(String qualified) {
    String[] parts = qualified.split("\\.", -1);
    if (parts.length == 1) {
      return of(DEFAULT_SCHEMA, parts[0]);
    }
    if (parts.length == 2) {
      return of(parts[0], parts[1]);
    }
    throw LakeErrors.invalidIdentifier(qualified);
  }

  /** A Delta table addressed by its absolute path. */
  public static TableId atPath(String absolutePath) {
    return new TableId("delta", absolutePath, absolutePath);
  }

  public boolean isPath() {
    return path != null;
  }

  @Override
  public String toString() {
    return isPath() ? "delta.`" + path + "`" : schema + "." + name;
  }
}
