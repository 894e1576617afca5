package dev.lakehouse.workbench.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.QueryResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Delta Sharing client: queries a shared table with a recipient's bearer token, downloads the
 * files the server lists (pre-signed URLs) and reads their rows with the lake's engine. The lab's
 * {@code shared} check reads as a recipient through it.
 */
public final class SharingClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the recipient got: status 200 and the rows, or the status and the server's error. */
  public record Read(int status, String error, QueryResult rows) {}

  private SharingClient() {}

  /** The profile file's endpoint and bearer token. */
  public record Profile(String endpoint, String bearerToken) {
    public static Profile load(Path file) {
      try {
        JsonNode p = JSON.readTree(Files.readString(file));
        return new Profile(p.path("endpoint").asText(), p.path("bearerToken").asText());
      } catch (IOException e) {
        throw GovernanceErrors.bad("Cannot read the profile " + file, String.valueOf(e.getMessage()),
            "create the recipient with CREATE RECIPIENT, which writes it");
      }
    }
  }

  /**
   * Reads {@code share.schema.table} from the server at {@code endpoint} (ending in {@code /}) with
   * the token; downloaded files go to {@code work} (a folder the lake's engine may read, which this
   * creates) and are deleted with it after the read.
   */
  public static Read read(String endpoint, String token, String share, String schema, String table, Lake lake, Path work) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String url = endpoint + "shares/" + enc(share) + "/schemas/" + enc(schema) + "/tables/" + enc(table) + "/query";
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        JsonNode e = JSON.readTree(r.body().isBlank() ? "{}" : r.body());
        return new Read(r.statusCode(), e.path("errorCode").asText("") + ": " + e.path("message").asText(""), null);
      }
      List<String> urls = new ArrayList<>();
      List<JsonNode> partitionValues = new ArrayList<>();
      JsonNode metaData = null;
      for (String line : r.body().split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          if (n.has("metaData")) {
            metaData = n.get("metaData");
          }
          if (n.has("file")) {
            urls.add(n.get("file").get("url").asText());
            partitionValues.add(n.get("file").path("partitionValues"));
          }
        }
      }
      Files.createDirectories(work);
      List<Path> files = new ArrayList<>();
      try {
        for (String u : urls) {
          Path f = work.resolve("part-" + files.size() + ".parquet");
          HttpResponse<Path> got = http.send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(f));
          files.add(f);
          if (got.statusCode() != 200) {
            return new Read(got.statusCode(), "file " + files.size() + " could not be fetched: " + Files.readString(f), null);
          }
        }
        if (files.isEmpty()) {
          return new Read(200, null, new QueryResult(List.of(), List.of(), List.of()));
        }
        return new Read(200, null, lake.query(select(metaData == null ? JSON.createObjectNode() : metaData, files, partitionValues)));
      } finally {
        for (Path f : files) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(work);
      }
    } catch (IOException e) {
      return new Read(0, "the sharing server did not answer: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Read(0, "the read was interrupted", null);
    }
  }

  /**
   * The rows of the downloaded files, columns in the schema's order. A partitioned table's files hold no
   * partition columns (the protocol sends their values on each file line), so each file's values are
   * added as constants of the column's type.
   */
  static String select(JsonNode metaData, List<Path> files, List<JsonNode> partitionValues) throws IOException {
    List<String> partitions = new ArrayList<>();
    metaData.path("partitionColumns").forEach(c -> partitions.add(c.asText()));
    java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
    for (JsonNode f : JSON.readTree(metaData.path("schemaString").asText("{}")).path("fields")) {
      types.put(f.path("name").asText(), f.path("type").isTextual() ? f.path("type").asText() : "string");
    }
    // the files of one partition are read together: one SELECT per partition, not per file
    java.util.Map<String, List<Path>> byPartition = new java.util.LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      StringBuilder c = new StringBuilder();
      for (String p : partitions) {
        JsonNode v = partitionValues.get(i).path(p);
        c.append(", ").append(constant(v.isTextual() ? v.asText() : null, types.getOrDefault(p, "string")))
            .append(" AS ").append(ident(p));
      }
      byPartition.computeIfAbsent(c.toString(), k -> new ArrayList<>()).add(files.get(i));
    }
    StringBuilder union = new StringBuilder();
    for (java.util.Map.Entry<String, List<Path>> e : byPartition.entrySet()) {
      union.append(union.length() == 0 ? "" : " UNION ALL BY NAME ").append("SELECT *").append(e.getKey())
          .append(" FROM read_parquet([").append(String.join(", ", e.getValue().stream()
              .map(f -> text(f.toAbsolutePath().toString())).toList())).append("])");
    }
    if (types.isEmpty()) {
      return union.toString();
    }
    return "SELECT " + String.join(", ", types.keySet().stream().map(SharingClient::ident).toList()) + " FROM (" + union + ")";
  }

  /** A partition value (the protocol's "Partition Value Serialization") as a constant of its column's type. */
  private static String constant(String value, String type) {
    String t = switch (type) {
      case "long" -> "BIGINT";
      case "integer" -> "INTEGER";
      case "short" -> "SMALLINT";
      case "byte" -> "TINYINT";
      case "float" -> "FLOAT";
      case "double" -> "DOUBLE";
      case "boolean" -> "BOOLEAN";
      case "binary" -> "BLOB";
      case "date" -> "DATE";
      case "timestamp" -> "TIMESTAMPTZ";
      case "timestamp_ntz" -> "TIMESTAMP";
      default -> type.startsWith("decimal") ? type.toUpperCase(java.util.Locale.ROOT) : "VARCHAR";
    };
    if (value == null || value.isEmpty()) { // "an empty string for any type translates to a null partition value"
      return "CAST(NULL AS " + t + ")";
    }
    // a timestamp without an offset is in UTC, as this workbench's server sends it
    String v = t.equals("TIMESTAMPTZ") && value.matches("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?") ? value + "+00" : value;
    return "CAST(" + text(v) + " AS " + t + ")";
  }

  private static String text(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String ident(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
