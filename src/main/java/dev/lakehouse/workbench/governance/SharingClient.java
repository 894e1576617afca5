package dev.lakehouse.workbench.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.TableId;
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

  /** The profile file's endpoint, bearer token and the token's expiry (null: none given). */
  public record Profile(String endpoint, String bearerToken, String expirationTime) {
    public static Profile load(Path file) {
      JsonNode p;
      try {
        p = JSON.readTree(Files.readString(file));
      } catch (IOException e) {
        throw GovernanceErrors.bad("Cannot read the profile " + file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
            "use the .share file the provider gave you (CREATE RECIPIENT writes one)");
      }
      if (p == null || !p.path("endpoint").isTextual() || !p.path("bearerToken").isTextual()) {
        throw GovernanceErrors.bad("The profile " + file + " is not a Delta Sharing profile",
            "it needs an endpoint and a bearerToken", "use the .share file the provider gave you (CREATE RECIPIENT writes one)");
      }
      String endpoint = p.get("endpoint").asText();
      return new Profile(endpoint.endsWith("/") ? endpoint : endpoint + "/", p.get("bearerToken").asText(),
          p.path("expirationTime").isTextual() ? p.get("expirationTime").asText() : null);
    }
  }

  /** How a table landed by {@link #land} is described (its comment), so a later read may replace it. */
  public static final String LANDED_COMMENT = "received through Delta Sharing from ";

  /** A read landed in the lake: the server's status (0: no answer, or no request made) and error, or the table written and its row count. */
  public record Landed(int status, String error, long rows) {}

  /**
   * Reads {@code share.schema.table} through the protocol with the profile's token and writes it as
   * the lake table {@code into} (replacing it), partitioned as the shared table is. The profile's own
   * expiry is checked first, so an expired token gets a plain answer without a request.
   */
  public static Landed land(Profile profile, String share, String schema, String table, Lake lake, TableId into, Path work) {
    if (profile.expirationTime() != null) {
      java.time.Instant at;
      try {
        at = java.time.Instant.parse(profile.expirationTime());
      } catch (java.time.format.DateTimeParseException e) {
        at = null;
      }
      if (at != null && !java.time.Instant.now().isBefore(at)) {
        return new Landed(0, "the profile's token expired at " + profile.expirationTime() + "; ask the provider for a new profile", 0);
      }
    }
    long[] rows = {0};
    Fetched f = fetch(profile.endpoint(), profile.bearerToken(), share, schema, table, work, (select, partitions) -> {
      lake.createTable(into, new Lake.TableDefinition(List.of(), partitions,
          LANDED_COMMENT + share + "." + schema + "." + table, java.util.Map.of(), null, select),
          Lake.CreateMode.OR_REPLACE);
      rows[0] = ((Number) lake.query("SELECT count(*) FROM (" + select + ")").rows().get(0).get(0)).longValue();
    });
    return new Landed(f.status(), f.error(), rows[0]);
  }

  /**
   * Reads {@code share.schema.table} from the server at {@code endpoint} (ending in {@code /}) with
   * the token; downloaded files go to {@code work} (a folder the lake's engine may read, which this
   * creates) and are deleted with it after the read.
   */
  public static Read read(String endpoint, String token, String share, String schema, String table, Lake lake, Path work) {
    QueryResult[] rows = {null};
    Fetched f = fetch(endpoint, token, share, schema, table, work, (select, partitions) -> rows[0] = lake.query(select));
    return new Read(f.status(), f.error(), rows[0]);
  }

  private record Fetched(int status, String error) {}

  /** What to do with the downloaded files while they exist: a DuckDB query of their rows, and the partition columns. */
  private interface Use {
    void accept(String select, List<String> partitionColumns);
  }

  /**
   * Queries the table, downloads the files it lists into {@code work} and hands {@code use} one DuckDB
   * query of all their rows, with the partition columns (which Delta keeps out of the files) added
   * from each file's {@code partitionValues} and typed by the table's schema; the files are deleted after.
   */
  private static Fetched fetch(String endpoint, String token, String share, String schema, String table, Path work, Use use) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String url = endpoint + "shares/" + enc(share) + "/schemas/" + enc(schema) + "/tables/" + enc(table) + "/query";
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        JsonNode e = JSON.readTree(r.body().isBlank() ? "{}" : r.body());
        return new Fetched(r.statusCode(), e.path("errorCode").asText("") + ": " + e.path("message").asText(""));
      }
      List<JsonNode> fileLines = new ArrayList<>();
      List<JsonNode> partitionValues = new ArrayList<>();
      JsonNode metaData = JSON.createObjectNode();
      for (String line : r.body().split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          if (n.has("metaData")) {
            metaData = n.get("metaData");
          }
          if (n.has("file")) {
            fileLines.add(n.get("file"));
            partitionValues.add(n.get("file").path("partitionValues"));
          }
        }
      }
      List<String> partitions = new ArrayList<>();
      metaData.path("partitionColumns").forEach(c -> partitions.add(c.asText()));
      Files.createDirectories(work);
      List<Path> files = new ArrayList<>();
      try {
        for (JsonNode file : fileLines) {
          Path f = work.resolve("part-" + files.size() + ".parquet");
          HttpResponse<Path> got = http.send(HttpRequest.newBuilder(URI.create(file.path("url").asText()))
              .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofFile(f));
          files.add(f);
          if (got.statusCode() != 200) {
            return new Fetched(got.statusCode(), "file " + files.size() + " could not be fetched: " + Files.readString(f));
          }
        }
        use.accept(select(metaData, files, partitionValues), partitions);
        return new Fetched(200, null);
      } finally {
        for (Path f : files) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(work);
      }
    } catch (IOException e) {
      String why = e instanceof java.net.ConnectException ? "nothing listens there"
          : e instanceof java.net.http.HttpTimeoutException ? "it took too long"
          : e.getMessage() == null ? "the connection failed" : e.getMessage();
      return new Fetched(0, "the sharing server at " + endpoint + " did not answer (" + why
          + "); is it running? The provider starts it with share serve or the app's Tools menu");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Fetched(0, "the read was interrupted");
    }
  }

  /** The Delta schema's columns and their types, in order. */
  private static java.util.Map<String, String> types(JsonNode metaData) throws IOException {
    java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
    for (JsonNode f : JSON.readTree(metaData.path("schemaString").asText("{}")).path("fields")) {
      types.put(f.path("name").asText(), f.path("type").isTextual() ? f.path("type").asText() : "string");
    }
    return types;
  }

  /**
   * The rows of the downloaded files, columns in the schema's order. A partitioned table's files hold no
   * partition columns (the protocol sends their values on each file line), so each file's values are
   * added as constants of the column's type. With no files, the schema's columns, typed, and no rows.
   */
  static String select(JsonNode metaData, List<Path> files, List<JsonNode> partitionValues) throws IOException {
    List<String> partitions = new ArrayList<>();
    metaData.path("partitionColumns").forEach(c -> partitions.add(c.asText()));
    java.util.Map<String, String> types = types(metaData);
    if (files.isEmpty()) {
      StringBuilder empty = new StringBuilder();
      types.forEach((c, t) -> empty.append(empty.length() == 0 ? "SELECT " : ", ").append(constant(null, t)).append(" AS ").append(ident(c)));
      return (empty.length() == 0 ? "SELECT 1" : empty.toString()) + " WHERE false";
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
