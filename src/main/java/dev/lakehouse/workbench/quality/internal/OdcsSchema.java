package dev.lakehouse.workbench.quality.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The Open Data Contract Standard's own JSON Schema (v3.1.0, as the Bitol project publishes it,
 * vendored unchanged next to this class with its licence notice), applied with networknt's
 * json-schema-validator: a contract that the standard's tooling would refuse is refused here too.
 */
public final class OdcsSchema {

  static final String RESOURCE = "/dev/lakehouse/workbench/quality/odcs-json-schema-v3.1.0.json";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static volatile Schema schema;

  private OdcsSchema() {}

  /** A schema violation: the field (such as {@code schema[0].properties[1].name}, "" for the whole contract) and what. */
  public record Violation(String path, String message) {}

  /** The first violation of the contract's YAML {@code text}, if any; the text must already parse as YAML. */
  public static Optional<Violation> firstViolation(String text) {
    JsonNode node;
    try {
      node = YAML.readTree(text);
    } catch (IOException e) {
      return Optional.of(new Violation("$", "it is not valid YAML"));
    }
    List<Error> errors = schema().validate(node);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    Error e = errors.get(0);
    String at = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
    String message = e.getMessage();
    // the message repeats the location first ("$.status: ..."): keep what follows
    if (message != null && message.startsWith(at + ": ")) {
      message = message.substring(at.length() + 2);
    }
    // a missing field is named as the field, not as the object that lacks it
    String field = field(at);
    if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
      field = field.isEmpty() ? e.getProperty() : field + "." + e.getProperty();
    }
    return Optional.of(new Violation(field, message));
  }

  /** A location as the validator gives it ({@code /schema/0/name} or {@code $.schema[0].name}) as {@code schema[0].name}. */
  static String field(String location) {
    if (!location.startsWith("/")) {
      return location.replaceFirst("^\\$", "").replaceFirst("^\\.", "");
    }
    StringBuilder sb = new StringBuilder();
    for (String part : location.substring(1).split("/")) {
      String p = part.replace("~1", "/").replace("~0", "~");
      if (p.matches("\\d+")) {
        sb.append('[').append(p).append(']');
      } else if (!p.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : ".").append(p);
      }
    }
    return sb.toString();
  }

  private static Schema schema() {
    Schema s = schema;
    if (s == null) {
      synchronized (OdcsSchema.class) {
        if (schema == null) {
          try (InputStream in = OdcsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("the ODCS schema is missing from the build: " + RESOURCE);
            }
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(in, InputFormat.JSON);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        s = schema;
      }
    }
    return s;
  }
}
