package dev.lakehouse.workbench.governance;

import dev.lakehouse.workbench.common.WorkbenchException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.workbench.governance.internal.Policy;
import dev.lakehouse.workbench.governance.internal.Records;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.DataFile;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableSnapshot;
import dev.lakehouse.workbench.lake.TimeTravel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Delta Sharing server (open protocol, REST + newline-delimited JSON) over the shares in the data
 * folder's policy, bound to 127.0.0.1 only (decision 0031). Bearer tokens are checked against each
 * recipient's token hash; file URLs point back at this server, signed with a per-process key and
 * valid for {@link #URL_LIFETIME_SECONDS}. Every request is appended to the audit table, after its reply
 * and gathered for up to {@link #AUDIT_LINGER_MILLIS} into one commit; {@link #close()} (and the JVM's
 * exit) waits until all are written.
 */
public final class Sharing implements AutoCloseable {

  public static final String PREFIX = "/delta-sharing";
  public static final long URL_LIFETIME_SECONDS = 3600;
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // the JDK's server writes a reply's headers and body apart: without TCP_NODELAY the body waits for
    // the client's delayed ACK (about 40 ms on loopback), which was most of a query's time
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Governance governance;
  private final Lake lake;
  private final Records records;
  private final HttpServer server;
  private final byte[] key = new byte[32];

  private Sharing(Governance governance, Lake lake, int port) throws IOException {
    this.governance = governance;
    this.lake = lake;
    this.records = new Records(lake);
    new SecureRandom().nextBytes(key);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext(PREFIX, this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "delta-sharing");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    // share serve stops with Ctrl-C: the audit is written first, before the lake's connections close
    dev.lakehouse.workbench.lake.LakeExit.runFirst(flushAtExit);
  }

  /** Starts the server on 127.0.0.1 (port 0: any free port). */
  public static Sharing serve(Governance governance, Lake lake, int port) {
    if (port < 0 || port > 65535) {
      throw GovernanceErrors.bad("Port " + port + " is not a TCP port", "ports run from 1 to 65535 (0 picks a free one)",
          "choose another port with --port");
    }
    try {
      return new Sharing(governance, lake, port);
    } catch (IOException e) {
      throw GovernanceErrors.bad("Cannot start the sharing server on 127.0.0.1:" + port, e.getMessage(),
          "stop what holds that port (another share serve?), or choose another port with share serve --port");
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The endpoint a profile names: http://127.0.0.1:PORT/delta-sharing/. */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + PREFIX + "/";
  }

  private final java.util.concurrent.LinkedBlockingQueue<Records.AuditEvent> pendingAudit =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final java.util.concurrent.ExecutorService auditWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "delta-sharing-audit");
    t.setDaemon(true);
    return t;
  });
  private final Runnable flushAtExit = this::flushAudit;

  /** How long the audit writer gathers requests into one commit (a client's burst of requests shares it). */
  static final long AUDIT_LINGER_MILLIS = 1000;

  private final java.util.concurrent.atomic.AtomicBoolean auditScheduled = new java.util.concurrent.atomic.AtomicBoolean();

  private void audit(Records.AuditEvent e) {
    pendingAudit.add(e);
    if (auditScheduled.compareAndSet(false, true)) {
      auditWriter.execute(() -> {
        if (!auditWriter.isShutdown()) {
          try {
            Thread.sleep(AUDIT_LINGER_MILLIS);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }
        auditScheduled.set(false); // an event added from here on schedules the next commit
        writeAudit();
      });
    }
  }

  /** Appends every event waiting, in one commit (several requests in a burst share it). */
  private synchronized void writeAudit() {
    if (pendingAudit.isEmpty()) {
      return;
    }
    List<Records.AuditEvent> batch = new java.util.ArrayList<>();
    pendingAudit.drainTo(batch);
    try {
      records.audit(batch);
    } catch (RuntimeException e) {
      System.err.println("warning: the audit could not record " + batch.size() + " sharing requests: " + e.getMessage());
    }
  }

  /** Waits until every request answered so far is in the audit table. */
  private void flushAudit() {
    auditWriter.shutdown();
    try {
      if (!auditWriter.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) {
        System.err.println("warning: the audit of the last sharing requests is still being written");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeAudit();
  }

  /** Stops answering, then waits until every answered request is in the audit table. */
  @Override
  public void close() {
    server.stop(0);
    flushAudit();
    dev.lakehouse.workbench.lake.LakeExit.forget(flushAtExit);
  }

  // ------------------------------------------------------------------ requests

  private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {}

  private static final class Fail extends RuntimeException {
    final int status;
    final String code;
    /** The recipient the request came from, when its token named one (an expired token does). */
    final String recipient;

    Fail(int status, String code, String message) {
      this(status, code, message, null);
    }

    Fail(int status, String code, String message, String recipient) {
      super(message);
      this.status = status;
      this.code = code;
      this.recipient = recipient;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath().substring(PREFIX.length());
    String action = "deltaSharingRequest";
    String who = null;
    int status;
    String error = null;
    Reply reply;
    try {
      if (path.startsWith("/files/")) {
        action = "deltaSharingGetFile";
        reply = file(path.substring("/files/".length()), ex.getRequestURI().getRawQuery());
      } else {
        Policy.Recipient r = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
        who = r.name();
        String[] seg = path.split("/", -1);
        for (String s : seg) {
          if (s.equals("..") || s.equals(".") || s.contains("\\") || s.contains("%2F") || s.contains("%2f")) {
            throw new Fail(400, "INVALID_PARAMETER_VALUE", "a name may not contain a path");
          }
        }
        Route route = route(seg);
        action = route.action;
        reply = route.run(r, ex);
      }
      status = reply.status();
    } catch (Fail f) {
      status = f.status;
      who = who != null ? who : f.recipient;
      error = f.getMessage();
      reply = new Reply(f.status, "application/json", error(f.code, f.getMessage()), Map.of());
    } catch (RuntimeException e) {
      status = 500;
      error = e.getMessage();
      // the cause names the provider's own tables and folders: it goes to the audit and the console only
      System.err.println("warning: a sharing request failed: " + e.getMessage());
      reply = new Reply(500, "application/json", error("INTERNAL_ERROR",
          "the server could not answer this request; the provider's audit records why"), Map.of());
    }
    // recorded by the audit writer, in order, after the reply: a recipient never waits for a Delta commit
    audit(new Records.AuditEvent(Instant.now(), UUID.randomUUID().toString(), action,
        who == null ? "anonymous" : "recipient:" + who, null,
        new String(json(Map.of("method", ex.getRequestMethod(), "path", path)), StandardCharsets.UTF_8), status, error));
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", reply.contentType());
    boolean head = ex.getRequestMethod().equals("HEAD");
    // -1: no body (Content-length: 0); 0 would make the JDK's server send an empty chunked one
    ex.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(reply.body());
      }
    }
    ex.close();
  }

  private Policy.Recipient authenticate(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      throw new Fail(401, "UNAUTHENTICATED", "a bearer token is required");
    }
    byte[] hash = sha256(header.substring("Bearer ".length()).trim()).getBytes(StandardCharsets.UTF_8);
    for (Policy.Recipient r : governance.policyForSharing().recipients.values()) {
      if (MessageDigest.isEqual(r.tokenSha256().getBytes(StandardCharsets.UTF_8), hash)) {
        return unexpired(r, r.tokenExpiresAt());
      }
      if (r.previousTokenSha256() != null
          && MessageDigest.isEqual(r.previousTokenSha256().getBytes(StandardCharsets.UTF_8), hash)) {
        return unexpired(r, r.previousTokenExpiresAt());
      }
    }
    throw new Fail(401, "UNAUTHENTICATED", "the bearer token is not valid");
  }

  /** The recipient, if the token it presented has not expired (null: it never does). */
  private static Policy.Recipient unexpired(Policy.Recipient r, String expiresAt) {
    if (expiresAt != null && !Instant.now().isBefore(Instant.parse(expiresAt))) {
      throw new Fail(401, "UNAUTHENTICATED", "the bearer token expired at " + expiresAt
          + "; ask the provider for a new profile (they rotate the recipient's token)", r.name());
    }
    return r;
  }

  private interface Handler {
    Reply run(Policy.Recipient r, HttpExchange ex) throws IOException;
  }

  private record Route(String action, Handler handler) {
    Reply run(Policy.Recipient r, HttpExchange ex) throws IOException {
      return handler.run(r, ex);
    }
  }

  private Route route(String[] seg) {
    // seg[0] is "" (the path starts with '/')
    int n = seg.length;
    if (n == 2 && seg[1].equals("shares")) {
      return new Route("deltaSharingListShares", (r, ex) -> {
        ArrayNode items = JSON.createArrayNode();
        for (String s : r.shares()) {
          if (governance.policyForSharing().shares.containsKey(s)) {
            items.addObject().put("name", s);
          }
        }
        return page(items, ex);
      });
    }
    if (n < 3 || !seg[1].equals("shares")) {
      throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "no such endpoint");
    }
    String shareName = shareNamed(seg[2]);
    if (n == 3) {
      return new Route("deltaSharingGetShare", (r, ex) -> {
        share(r, shareName);
        ObjectNode o = JSON.createObjectNode();
        o.putObject("share").put("name", shareName);
        return ok(o);
      });
    }
    if (n == 4 && seg[3].equals("schemas")) {
      return new Route("deltaSharingListSchemas", (r, ex) -> {
        ArrayNode items = JSON.createArrayNode();
        share(r, shareName).tables().stream().map(Policy.SharedTable::schema).distinct().sorted()
            .forEach(s -> items.addObject().put("name", s).put("share", shareName));
        return page(items, ex);
      });
    }
    if (n == 4 && seg[3].equals("all-tables")) {
      return new Route("deltaSharingListAllTables", (r, ex) -> page(tables(share(r, shareName), null), ex));
    }
    if (n == 6 && seg[3].equals("schemas") && seg[5].equals("tables")) {
      return new Route("deltaSharingListTables", (r, ex) -> page(tables(share(r, shareName), seg[4]), ex));
    }
    if (n == 7 && seg[3].equals("schemas") && seg[5].equals("tables")) {
      // the protocol's deprecated form of the table version, HEAD on the table's URL (older clients send it)
      return new Route("deltaSharingGetTableVersion", (r, ex) -> {
        if (!ex.getRequestMethod().equals("HEAD")) {
          throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "no such endpoint");
        }
        long v = version(table(share(r, shareName), seg[4], seg[6]));
        return new Reply(200, "application/json", new byte[0], Map.of("Delta-Table-Version", Long.toString(v)));
      });
    }
    if (n == 8 && seg[3].equals("schemas") && seg[5].equals("tables")) {
      String schema = seg[4];
      String table = seg[6];
      switch (seg[7]) {
        case "version":
          return new Route("deltaSharingGetTableVersion", (r, ex) -> {
            Policy.SharedTable t = table(share(r, shareName), schema, table);
            String since = queryParameter(ex, "startingTimestamp");
            long v = since == null ? version(t) : versionSince(t, since);
            return new Reply(200, "application/json", new byte[0], Map.of("Delta-Table-Version", Long.toString(v)));
          });
        case "metadata":
          return new Route("deltaSharingGetTableMetadata", (r, ex) -> {
            Policy.SharedTable t = table(share(r, shareName), schema, table);
            TableSnapshot s = lake.snapshot(lakeId(t), metadataVersion(t, queryParameter(ex, "version"),
                queryParameter(ex, "timestamp")));
            return ndjson(s, List.of(protocol(), metadata(t, s)));
          });
        case "query":
          return new Route("deltaSharingQueryTable", (r, ex) -> {
            Policy.SharedTable t = table(share(r, shareName), schema, table);
            byte[] sent = ex.getRequestBody().readAllBytes(); // read once: a second read is empty
            JsonNode body;
            try {
              body = JSON.readTree(sent.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : sent);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
              throw new Fail(400, "INVALID_PARAMETER_VALUE", "the request body is not JSON; send {} or the query's fields");
            }
            checkQueryBody(body);
            String idScheme = fileIdScheme(ex.getRequestHeaders().getFirst("fileidhash"));
            long v;
            if (body != null && body.has("version")) {
              long latest = version(t);
              long asked = body.get("version").asLong();
              if (t.version() != null && asked != t.version() || asked > latest || asked < 0) {
                throw new Fail(400, "INVALID_PARAMETER_VALUE", "version " + asked + " is not shared");
              }
              v = asked;
            } else if (body != null && body.has("timestamp")) {
              v = versionAt(t, body.get("timestamp").asText());
            } else {
              v = version(t); // the shared version, or the latest from one listing of the log
            }
            long limit = body != null && body.has("limitHint") ? body.get("limitHint").asLong() : Long.MAX_VALUE;
            // never gzipped, even for a client that accepts it (the protocol's Python client always does):
            // on loopback the bytes cost nothing to move, while inflating them cost the client more than
            // the rest of a cached answer (decision 0049)
            return new Reply(200, NDJSON, queryBody(shareName, t, v, limit, expiresAt(Instant.now())), idScheme == null
                ? Map.of("Delta-Table-Version", Long.toString(v))
                : Map.of("Delta-Table-Version", Long.toString(v), "fileidhash", idScheme));
          });
        default:
          break;
      }
    }
    throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "no such endpoint");
  }

  /** A time parameter of a request (ISO 8601 with an offset), or 400 naming the parameter. */
  private static Instant instant(String parameter, String value) {
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", parameter + " " + value + " is not an ISO 8601 time with an offset");
    }
  }

  /**
   * The protocol's {@code timestamp} query: the table as it was at that time (ISO 8601, e.g.
   * {@code 2024-03-01T00:00:00Z}), that is the newest version committed at or before it. A table
   * shared at a fixed version answers only for a time that reads that version.
   */
  private long versionAt(Policy.SharedTable t, String timestamp) {
    Instant at = instant("timestamp", timestamp);
    long asked;
    try {
      asked = lake.snapshot(lakeId(t), TimeTravel.timestamp(at)).version();
    } catch (WorkbenchException e) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "the table has no version at " + timestamp);
    }
    if (t.version() != null && asked != t.version()) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "the version at " + timestamp + " (" + asked + ") is not shared");
    }
    return asked;
  }

  /**
   * Refuses what a query body may ask but this server cannot answer rightly: a version or limit that is not
   * a whole number (read as 0 it would answer another question), and changes since a version (the
   * protocol's startingVersion, answered with add/remove lines this server does not write).
   */
  private static void checkQueryBody(JsonNode body) {
    for (String f : List.of("version", "limitHint")) {
      if (body != null && body.has(f) && !(body.get(f).isIntegralNumber() && body.get(f).asLong() >= 0)) {
        throw new Fail(400, "INVALID_PARAMETER_VALUE", f + " must be a whole number of at least 0, not " + body.get(f));
      }
    }
    if (body != null && (body.has("startingVersion") || body.has("endingVersion"))) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "this server shares snapshots only, not changes since a version:"
          + " send version or timestamp instead of startingVersion");
    }
  }

  /** The version the metadata endpoint's optional {@code version} or {@code timestamp} parameter names, else the shared one. */
  private long metadataVersion(Policy.SharedTable t, String version, String timestamp) {
    if (version != null && timestamp != null) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "version and timestamp cannot both be given; send one");
    }
    if (timestamp != null) {
      return versionAt(t, timestamp);
    }
    if (version == null) {
      return version(t);
    }
    long asked;
    try {
      asked = Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "version " + version + " is not a whole number");
    }
    if (t.version() != null && asked != t.version() || asked > version(t) || asked < 0) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "version " + asked + " is not shared");
    }
    return asked;
  }

  /**
   * The protocol's {@code fileidhash} request header, in lower case, to be echoed (a client treats a reply
   * without it as an error): file ids here are one stable hash of the file's path, whichever scheme is asked.
   */
  private static String fileIdScheme(String header) {
    if (header == null) {
      return null;
    }
    String scheme = header.trim().toLowerCase(Locale.ROOT);
    if (!scheme.equals("parquet") && !scheme.equals("delta")) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "fileidhash " + header + " is not a file id scheme; use parquet or delta");
    }
    return scheme;
  }

  /** A query parameter of the request, decoded, or null. */
  private static String queryParameter(HttpExchange ex, String name) {
    String query = ex.getRequestURI().getRawQuery();
    for (String kv : query == null ? new String[0] : query.split("&")) {
      if (kv.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * The protocol's {@code startingTimestamp} of the table version endpoint (a streaming client's start):
   * the earliest version committed at or after it, version 0 for a time before the table's first commit.
   */
  private long versionSince(Policy.SharedTable t, String timestamp) {
    Instant at = instant("startingTimestamp", timestamp);
    return lake.history(lakeId(t)).stream()
        .filter(h -> !h.timestamp().isBefore(at) && (t.version() == null || h.version() == t.version()))
        .mapToLong(dev.lakehouse.workbench.lake.VersionInfo::version).min()
        .orElseThrow(() -> new Fail(400, "INVALID_PARAMETER_VALUE", "no shared version of the table was committed at or after "
            + timestamp));
  }

  /** A share's name as it was created: the protocol's share, schema and table names are case-insensitive. */
  private String shareNamed(String name) {
    return governance.policyForSharing().shares.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
  }

  private Policy.Share share(Policy.Recipient r, String name) {
    Policy.Share s = governance.policyForSharing().shares.get(name);
    if (s == null) {
      throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "share " + name + " does not exist");
    }
    if (!r.shares().contains(name)) {
      throw new Fail(403, "PERMISSION_DENIED", "recipient " + r.name() + " has no access to share " + name);
    }
    return s;
  }

  private ArrayNode tables(Policy.Share share, String schema) {
    ArrayNode items = JSON.createArrayNode();
    if (schema != null && share.tables().stream().noneMatch(t -> t.schema().equalsIgnoreCase(schema))) {
      throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "schema " + schema + " is not in share " + share.name());
    }
    for (Policy.SharedTable t : share.tables()) {
      if (schema == null || t.schema().equalsIgnoreCase(schema)) {
        items.addObject().put("share", share.name()).put("schema", t.schema()).put("name", t.name()); // the protocol's order
      }
    }
    return items;
  }

  /**
   * One page of a listing, as the protocol pages them: at most {@code maxResults} items (all without it)
   * from where {@code pageToken} says, and a {@code nextPageToken} when more follow. The token is this
   * server's own (the offset, base64url); a token it did not make, or a negative maxResults, is refused.
   */
  private static Reply page(ArrayNode items, HttpExchange ex) {
    String max = queryParameter(ex, "maxResults");
    String token = queryParameter(ex, "pageToken");
    int from;
    int size;
    try {
      from = token == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
          .substring("offset:".length()));
      size = max == null ? Integer.MAX_VALUE : Integer.parseInt(max);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "maxResults must be a whole number and pageToken one this server sent");
    }
    if (size < 0 || from < 0) {
      throw new Fail(400, "INVALID_PARAMETER_VALUE", "maxResults must be a whole number and pageToken one this server sent");
    }
    ArrayNode slice = JSON.createArrayNode();
    for (int i = from; i < items.size() && i - from < size; i++) {
      slice.add(items.get(i));
    }
    ObjectNode o = JSON.createObjectNode();
    o.set("items", slice);
    if (from + slice.size() < items.size()) {
      o.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(("offset:" + (from + slice.size())).getBytes(StandardCharsets.UTF_8)));
    }
    return new Reply(200, "application/json; charset=utf-8", o.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private Policy.SharedTable table(Policy.Share share, String schema, String table) {
    Policy.SharedTable t = share.tables().stream().filter(x -> x.schema().equalsIgnoreCase(schema) && x.name().equalsIgnoreCase(table))
        .findFirst()
        .orElseThrow(() -> new Fail(404, "RESOURCE_DOES_NOT_EXIST", "table " + schema + "." + table
            + " is not in share " + share.name()));
    if (!lake.exists(lakeId(t))) {
      throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "table " + schema + "." + table + " of share " + share.name()
          + " no longer exists: its provider dropped it");
    }
    if (governance.policyForSharing().guarded(t.table())) {
      // a filter or mask set after the table was shared: its files would hand out what it hides
      throw new Fail(400, "FEATURE_NOT_SUPPORTED", "table " + schema + "." + table
          + " has a row filter or column mask, which a share cannot carry");
    }
    return t;
  }

  private static TableId lakeId(Policy.SharedTable t) {
    return TableId.parse(t.table());
  }

  private long version(Policy.SharedTable t) {
    return t.version() != null ? t.version() : lake.latestVersion(lakeId(t));
  }

  private static Map<String, Object> protocol() {
    return Map.of("protocol", Map.of("minReaderVersion", 1));
  }

  /**
   * Table ids by table, version and commit file (a table dropped and created again has a new id for the
   * same version): describing a table loads its snapshot again, once is enough.
   */
  private final Map<String, String> tableIds = new java.util.concurrent.ConcurrentHashMap<>();

  private Map<String, Object> metadata(Policy.SharedTable t, TableSnapshot s) {
    if (s.columns().stream().anyMatch(c -> !c.physical().equals(c.name()))) {
      // the Parquet response format names file columns by the schema: a renamed or added column of a
      // column-mapped table would read as empty, so it is refused rather than answered wrongly
      throw new Fail(400, "FEATURE_NOT_SUPPORTED", "table " + lakeId(t) + " uses column mapping (its files name columns by"
          + " physical names), which this server's Parquet response format cannot carry; share a copy made with"
          + " CREATE TABLE ... AS SELECT * FROM " + lakeId(t));
    }
    String id = tableIds.computeIfAbsent(lakeId(t) + "@" + s.version() + "@" + lake.commitIdentity(lakeId(t), s.version()),
        k -> lake.describe(lakeId(t)).id());
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("format", Map.of("provider", "parquet"));
    m.put("schemaString", schemaString(s.columns()));
    m.put("partitionColumns", s.partitionColumns());
    return Map.of("metaData", m);
  }

  /** The Delta schema string (Spark's JSON struct) of the columns. */
  static String schemaString(List<ColumnDef> columns) {
    ArrayNode fields = JSON.createArrayNode();
    for (ColumnDef c : columns) {
      String t = c.type().toLowerCase(Locale.ROOT).replace(" ", "");
      t = switch (t) {
        case "bigint" -> "long";
        case "int" -> "integer";
        case "smallint" -> "short";
        case "tinyint" -> "byte";
        case "varchar" -> "string";
        default -> t;
      };
      ObjectNode meta = fields.addObject().put("name", c.name()).put("type", t).put("nullable", c.nullable()).putObject("metadata");
      if (c.comment() != null) {
        meta.put("comment", c.comment()); // the protocol's Struct Field: "the comment key means its value is the column comment"
      }
    }
    ObjectNode o = JSON.createObjectNode().put("type", "struct");
    o.set("fields", fields);
    return o.toString();
  }

  private Reply file(String ref, String query) throws IOException {
    Map<String, String> q = new java.util.HashMap<>();
    if (query != null) {
      for (String kv : query.split("&")) {
        int i = kv.indexOf('=');
        if (i > 0) {
          q.put(kv.substring(0, i), kv.substring(i + 1));
        }
      }
    }
    long expires;
    try {
      expires = Long.parseLong(q.getOrDefault("expires", "0"));
    } catch (NumberFormatException e) {
      throw new Fail(403, "PERMISSION_DENIED", "the file URL is not valid");
    }
    if (!MessageDigest.isEqual(sign(ref + "|" + expires).getBytes(StandardCharsets.UTF_8),
        q.getOrDefault("sig", "").getBytes(StandardCharsets.UTF_8))) {
      throw new Fail(403, "PERMISSION_DENIED", "the file URL is not valid");
    }
    if (Instant.now().getEpochSecond() > expires) {
      throw new Fail(403, "PERMISSION_DENIED", "the file URL has expired; query the table again");
    }
    String[] p = ref.split("/");
    Policy.Share share = governance.policyForSharing().shares.get(p[0]);
    if (share == null) {
      throw new Fail(404, "RESOURCE_DOES_NOT_EXIST", "share " + p[0] + " does not exist");
    }
    Policy.SharedTable t = table(share, p[1], p[2]);
    TableSnapshot s = lake.snapshot(lakeId(t), Long.parseLong(p[3]));
    MessageDigest sha = sha256();
    DataFile f = s.files().stream()
        .filter(d -> HexFormat.of().formatHex(sha.digest(d.path().getBytes(StandardCharsets.UTF_8)), 0, 16).equals(p[4]))
        .filter(d -> t.shares(d.partitionValues()))
        .findFirst().orElseThrow(() -> new Fail(404, "RESOURCE_DOES_NOT_EXIST", "no such file in the shared version"));
    String loc = lake.describe(lakeId(t)).location();
    Path root = loc.startsWith("file:") ? Path.of(URI.create(loc)) : Path.of(loc);
    Path file = f.path().startsWith("file:") ? Path.of(URI.create(f.path())) : root.resolve(
        java.net.URLDecoder.decode(f.path(), StandardCharsets.UTF_8)).normalize();
    if (!file.startsWith(root.normalize())) {
      throw new Fail(403, "PERMISSION_DENIED", "the file is outside the table");
    }
    return new Reply(200, "application/octet-stream", Files.readAllBytes(file), Map.of());
  }

  /** The protocol's error body, its two fields in the documented order. */
  private static byte[] error(String code, String message) {
    return JSON.createObjectNode().put("errorCode", code).put("message", message).toString().getBytes(StandardCharsets.UTF_8);
  }

  private Reply ok(JsonNode body) {
    return new Reply(200, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static final String NDJSON = "application/x-ndjson; charset=utf-8";

  private Reply ndjson(TableSnapshot s, List<Object> lines) {
    return new Reply(200, NDJSON, lines(lines), Map.of("Delta-Table-Version", Long.toString(s.version())));
  }

  private static byte[] lines(List<Object> lines) {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(256 * lines.size());
    for (Object l : lines) {
      body.writeBytes(json(l));
      body.write('\n');
    }
    return body.toByteArray();
  }

  /**
   * When file URLs made now expire: at least {@link #URL_LIFETIME_SECONDS} from now, rounded up to
   * the next whole minute, so every query of a minute signs the same URLs and can share their lines.
   */
  static long expiresAt(Instant now) {
    long at = now.getEpochSecond() + URL_LIFETIME_SECONDS;
    return (at / 60 + 1) * 60;
  }

  /**
   * What makes a query's reply: the shared table, the version and which commit file it is (a table
   * dropped and created again has another for the same version), the limit and the expiry.
   */
  private record QueryKey(String share, String schema, String name, String table, List<Policy.PartitionSpec> partitions,
      long version, String commit, long limit, long expires) {}

  /** The replies of recent queries (a Delta version never changes): a recipient's repeated reads skip the signing. */
  private final Map<QueryKey, byte[]> queryBodies = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The {@code protocol} and {@code metaData} lines, then one {@code file} line per data file of the
   * version (up to the rows of the limit hint), each with a signed URL. A reply made earlier for the
   * same commit, limit and expiry is reused without loading the snapshot: the version and its commit
   * file's identity (one listing and one stat of the log) say it still holds.
   */
  private byte[] queryBody(String shareName, Policy.SharedTable t, long version, long limit, long expires) {
    String commit = lake.commitIdentity(lakeId(t), version);
    QueryKey key = new QueryKey(shareName, t.schema(), t.name(), t.table(), t.partitions(), version, commit, limit, expires);
    byte[] cached = commit == null ? null : queryBodies.get(key);
    if (cached != null) {
      return cached;
    }
    TableSnapshot s = lake.snapshot(lakeId(t), version);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(300 * s.files().size() + 1024);
    out.writeBytes(lines(List.of(protocol(), metadata(t, s))));
    String base = "http://127.0.0.1:" + port() + PREFIX + "/files/";
    String prefix = shareName + "/" + t.schema() + "/" + t.name() + "/" + s.version() + "/";
    MessageDigest sha = sha256();
    java.util.Set<String> timestamps = s.columns().stream().filter(c -> c.type().equalsIgnoreCase("timestamp"))
        .map(ColumnDef::name).collect(java.util.stream.Collectors.toSet());
    long rows = 0;
    try (com.fasterxml.jackson.core.JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (DataFile f : s.files()) {
        if (rows >= limit) {
          break;
        }
        if (!t.shares(f.partitionValues())) {
          continue; // a partition the share leaves out
        }
        rows += f.rows() == null ? 0 : f.rows();
        String id = HexFormat.of().formatHex(sha.digest(f.path().getBytes(StandardCharsets.UTF_8)), 0, 16);
        String ref = prefix + id;
        g.writeStartObject();
        g.writeObjectFieldStart("file");
        g.writeStringField("url", base + ref + "?expires=" + expires + "&sig=" + sign(ref + "|" + expires));
        g.writeStringField("id", id);
        g.writeObjectFieldStart("partitionValues");
        for (Map.Entry<String, String> pv : f.partitionValues().entrySet()) {
          g.writeStringField(pv.getKey(), timestamps.contains(pv.getKey()) ? protocolTimestamp(pv.getValue()) : pv.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("size", f.size());
        if (f.stats() != null) {
          g.writeStringField("stats", f.stats()); // the log's own, as the protocol's Per-file Statistics
        } else if (f.rows() != null) {
          g.writeStringField("stats", "{\"numRecords\":" + f.rows() + "}");
        }
        g.writeNumberField("expirationTimestamp", expires * 1000); // the protocol's optional URL expiry, epoch millis
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    byte[] body = out.toByteArray();
    if (commit != null) {
      if (queryBodies.size() >= 32) {
        queryBodies.clear(); // a minute's queries of a few tables; older expiries are never asked again
      }
      queryBodies.put(key, body);
    }
    return body;
  }

  private static final java.util.regex.Pattern ZONED_TIMESTAMP = java.util.regex.Pattern.compile(
      "(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?)([+-]\\d\\d)(?::?(\\d\\d))?");

  private static final java.time.format.DateTimeFormatter PROTOCOL_TIMESTAMP = new java.time.format.DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd HH:mm:ss").appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true)
      .toFormatter(Locale.ROOT);

  /**
   * A timestamp partition value as the protocol's "Partition Value Serialization" spells it, in UTC
   * without an offset ({@code 2021-04-28 23:33:57}, a fraction only when there is one): the lake keeps
   * the engine's text ({@code 2021-04-28 23:33:57+00}). Any other text is returned as it is.
   */
  static String protocolTimestamp(String value) {
    java.util.regex.Matcher m = value == null ? null : ZONED_TIMESTAMP.matcher(value);
    if (m == null || !m.matches()) {
      return value;
    }
    int hours = Integer.parseInt(m.group(3).substring(1));
    int offset = (m.group(3).startsWith("-") ? -1 : 1) * (hours * 3600 + (m.group(4) == null ? 0 : Integer.parseInt(m.group(4)) * 60));
    return PROTOCOL_TIMESTAMP.format(java.time.LocalDateTime.parse(m.group(1) + "T" + m.group(2)).minusSeconds(offset));
  }

  private static byte[] json(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  /** HMAC-SHA256 of the text, truncated to 128 bits (RFC 2104 allows it), base64url: 22 characters. */
  private String sign(String text) {
    byte[] mac = macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 16));
  }

  static String sha256(String s) {
    return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
