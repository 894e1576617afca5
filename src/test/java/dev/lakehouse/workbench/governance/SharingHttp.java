package dev.lakehouse.workbench.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A recipient's side of the sharing tests: its profile, and requests to the server over real HTTP on loopback. */
final class SharingHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A GET, with the bearer token when there is one. */
  HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST of a JSON body with the bearer token. */
  HttpResponse<String> post(String url, String token, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The query endpoint of {@code share.schema.table} at the server's endpoint {@code base}. */
  HttpResponse<String> query(String base, String token, String share, String schema, String table, String body)
      throws IOException, InterruptedException {
    return post(base + "shares/" + share + "/schemas/" + schema + "/tables/" + table + "/query", token, body);
  }

  /** The {@code file} objects of a query's reply, in order. */
  static List<JsonNode> files(HttpResponse<String> reply) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : reply.body().lines().toList()) {
      JsonNode n = JSON.readTree(line);
      if (n.has("file")) {
        out.add(n.get("file"));
      }
    }
    return out;
  }

  /** The profile file CREATE RECIPIENT wrote for the recipient. */
  static JsonNode profile(Governance g, String recipient) throws IOException {
    return JSON.readTree(Files.readString(g.profiles().resolve(recipient + ".share")));
  }

  static String token(Governance g, String recipient) throws IOException {
    return profile(g, recipient).get("bearerToken").asText();
  }
}
