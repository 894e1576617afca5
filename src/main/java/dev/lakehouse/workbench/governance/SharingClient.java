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

  /** A read landed in the lake: the server's status and error, or the table written and its row count. */
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
        return new Landed(401, "the profile's token expired at " + profile.expirationTime() + "; ask the provider for a new profile", 0);
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
      JsonNode meta = null;
      for (String line : r.body().split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          if (n.has("file")) {
            fileLines.add(n.get("file"));
          } else if (n.has("metaData")) {
            meta = n.get("metaData");
          }
        }
      }
      java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
      List<String> partitions = new ArrayList<>();
      if (meta != null) {
        for (JsonNode field : JSON.readTree(meta.path("schemaString").asText("{}")).path("fields")) {
          types.put(field.path("name").asText(), duckType(field.path("type").asText("string")));
        }
        meta.path("partitionColumns").forEach(c -> partitions.add(c.asText()));
      }
      Files.createDirectories(work);
      List<Path> files = new ArrayList<>();
      try {
        List<String> selects = new ArrayList<>();
        for (JsonNode file : fileLines) {
          Path f = work.resolve("part-" + files.size() + ".parquet");
          HttpResponse<Path> got = http.send(HttpRequest.newBuilder(URI.create(file.path("url").asText()))
              .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofFile(f));
          files.add(f);
          if (got.statusCode() != 200) {
            return new Fetched(got.statusCode(), "file " + files.size() + " could not be fetched: " + Files.readString(f));
          }
          StringBuilder sel = new StringBuilder("SELECT *");
          for (String c : partitions) {
            JsonNode v = file.path("partitionValues").get(c);
            sel.append(", CAST(").append(v == null || v.isNull() || v.asText().isEmpty() ? "NULL" : quote(v.asText()))
                .append(" AS ").append(types.getOrDefault(c, "VARCHAR")).append(") AS ").append(ident(c));
          }
          selects.add(sel.append(" FROM read_parquet(").append(quote(f.toAbsolutePath().toString())).append(')').toString());
        }
        String columns = types.isEmpty() ? "*" : String.join(", ", types.keySet().stream().map(SharingClient::ident).toList());
        String select;
        if (selects.isEmpty()) { // nothing shared yet: the columns, typed, and no rows
          StringBuilder empty = new StringBuilder("SELECT ");
          types.forEach((c, t) -> empty.append(empty.length() > 7 ? ", " : "").append("CAST(NULL AS ").append(t).append(") AS ").append(ident(c)));
          select = types.isEmpty() ? "SELECT 1 WHERE false" : empty + " WHERE false";
        } else {
          select = "SELECT " + columns + " FROM (" + String.join(" UNION ALL BY NAME ", selects) + ")";
        }
        use.accept(select, partitions);
        return new Fetched(200, null);
      } finally {
        for (Path f : files) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(work);
      }
    } catch (IOException e) {
      return new Fetched(0, "the sharing server did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Fetched(0, "the read was interrupted");
    }
  }

  /** The DuckDB type of a Delta schema type name. */
  static String duckType(String delta) {
    String t = delta.toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("decimal")) {
      return t.toUpperCase(java.util.Locale.ROOT);
    }
    return switch (t) {
      case "long" -> "BIGINT";
      case "integer" -> "INTEGER";
      case "short" -> "SMALLINT";
      case "byte" -> "TINYINT";
      case "double" -> "DOUBLE";
      case "float" -> "FLOAT";
      case "boolean" -> "BOOLEAN";
      case "date" -> "DATE";
      case "timestamp", "timestamp_ntz" -> "TIMESTAMP";
      case "binary" -> "BLOB";
      default -> "VARCHAR";
    };
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
