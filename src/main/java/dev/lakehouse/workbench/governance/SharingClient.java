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
      for (String line : r.body().split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          if (n.has("file")) {
            urls.add(n.get("file").get("url").asText());
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
        StringBuilder list = new StringBuilder();
        for (Path f : files) {
          list.append(list.length() == 0 ? "" : ", ").append('\'').append(f.toAbsolutePath().toString().replace("'", "''")).append('\'');
        }
        return new Read(200, null, lake.query("SELECT * FROM read_parquet([" + list + "])"));
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

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
