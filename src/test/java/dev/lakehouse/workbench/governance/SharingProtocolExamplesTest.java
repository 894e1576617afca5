package dev.lakehouse.workbench.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.lake.DataFile;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sharing server against the request and response examples of the Delta Sharing protocol document
 * (PROTOCOL.md of the delta-sharing project, Apache-2.0, commit 5c1b00200dadc651c849e65485f2eea88c58205e).
 * Each request is written as raw bytes on a plain socket, so no client library normalises it, and each
 * reply is compared byte for byte wherever the protocol fixes the bytes: the status code, the
 * {@code Content-Type} value, {@code Delta-Table-Version}, the error body's shape, one compact JSON object
 * per NDJSON line, and each JSON body or line against the document's example re-serialised compactly,
 * with only the values that cannot be equal (ids, URLs, sizes, versions) filled from what this
 * server must say. Header names are compared without case (HTTP says they have none; the document prints
 * them in lower case from an HTTP/2 reply, the JDK's server writes {@code Content-type}).
 */
class SharingProtocolExamplesTest extends GovernedLakeTest {

  private static final ObjectMapper JSON = new ObjectMapper();


  // ------------------------------------------------------------------ shares, schemas, tables

  @Test
  void theListingEndpointsAnswerAsTheDocumentsExamples() throws Exception {
    admin.execute("""
        CREATE TABLE raw.ingredients (ingredient STRING, grams DOUBLE);
        CREATE TABLE raw.patients (patient_id BIGINT, dose INT);
        CREATE TABLE raw.revenue (region STRING, total BIGINT);
        CREATE SHARE vaccine_share;
        CREATE SHARE sales_share;
        ALTER SHARE vaccine_share ADD TABLE raw.ingredients AS acme_vaccine_data.vaccine_ingredients;
        ALTER SHARE vaccine_share ADD TABLE raw.patients AS acme_vaccine_data.vaccine_patients;
        ALTER SHARE sales_share ADD TABLE raw.revenue AS sales.revenue;
        CREATE RECIPIENT acme;
        GRANT SELECT ON SHARE vaccine_share TO RECIPIENT acme;
        GRANT SELECT ON SHARE sales_share TO RECIPIENT acme""");
    String token = token(g, "acme");
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      Raw http = new Raw(server.port());

      // "List Shares", its example: GET {prefix}/shares?maxResults=10&pageToken=... (the "..." stands for
      // a token from an earlier page, so the first page is asked without one). We send none of the
      // optional share fields id, displayName, comment and properties, and no nextPageToken when the
      // page holds the rest (the document lets it be missing).
      Reply shares = http.send(http.get("/delta-sharing/shares?maxResults=10", token));
      assertJson(shares, without(compact("""
          {
             "items": [
                {
                   "name": "vaccine_share",
                   "id": "edacc4a7-6600-4fbb-85f3-a62a5ce6761f",
                   "displayName": "Vaccine Share",
                   "comment": "A sample share containing vaccine-related datasets",
                   "properties": {
                     "owner": "vaccine-team",
                     "region": "us-west-2",
                     "created_date": "2024-01-15"
                   }
                },
                {
                   "name": "sales_share",
                   "id": "3e979c79-6399-4dac-bcf8-54e268f48515",
                   "displayName": "Sales Share",
                   "comment": "A sample share containing sales and revenue data",
                   "properties": {
                     "owner": "sales-team",
                     "region": "us-east-1",
                     "created_date": "2024-02-20"
                   }
                }
             ],
             "nextPageToken": "..."
          }"""), "id", "displayName", "comment", "properties", "nextPageToken"));

      // the protocol's first Python client sent its list parameters as a JSON body on the GET
      assertThat(http.send(http.request("GET", "/delta-sharing/shares", token, "{\"maxResults\": 10}")).text())
          .isEqualTo(shares.text());

      // pages: maxResults items at most, then a nextPageToken for the rest; 0 items is a valid page
      Reply first = http.send(http.get("/delta-sharing/shares?maxResults=1", token));
      JsonNode firstPage = JSON.readTree(first.body());
      assertThat(firstPage.get("items").toString()).isEqualTo("[{\"name\":\"vaccine_share\"}]");
      String next = firstPage.get("nextPageToken").asText();
      assertThat(first.text()).isEqualTo("{\"items\":[{\"name\":\"vaccine_share\"}],\"nextPageToken\":\"" + next + "\"}");
      assertJson(http.send(http.get("/delta-sharing/shares?maxResults=1&pageToken=" + next, token)),
          "{\"items\":[{\"name\":\"sales_share\"}]}");
      assertThat(JSON.readTree(http.send(http.get("/delta-sharing/shares?maxResults=0", token)).body()).get("items")).isEmpty();
      assertError(http.send(http.get("/delta-sharing/shares?maxResults=10&pageToken=...", token)), 400, "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.get("/delta-sharing/shares?maxResults=-1", token)), 400, "INVALID_PARAMETER_VALUE");
      assertThat(http.send(http.get("/delta-sharing/shares/vaccine_share/all-tables?maxResults=1", token)).text())
          .startsWith("{\"items\":[{\"share\":\"vaccine_share\",\"schema\":\"acme_vaccine_data\",\"name\":\"vaccine_ingredients\"}],"
              + "\"nextPageToken\":\"");

      // "Get Share", its example: GET {prefix}/shares/vaccine_share (the same optional fields left out)
      Reply share = http.send(http.get("/delta-sharing/shares/vaccine_share", token));
      assertJson(share, without(compact("""
          {
            "share": {
              "name": "vaccine_share",
              "id": "edacc4a7-6600-4fbb-85f3-a62a5ce6761f",
              "displayName": "Vaccine Share",
              "comment": "A sample share containing vaccine-related datasets",
              "properties": {
                "owner": "vaccine-team",
                "region": "us-west-2",
                "created_date": "2024-01-15"
              }
            }
          }"""), "id", "displayName", "comment", "properties"));

      // the document: "It's case-insensitive" for the share, schema and table names of a URL
      assertThat(http.send(http.get("/delta-sharing/shares/VACCINE_SHARE", token)).text()).isEqualTo(share.text());

      // "List Schemas in a Share", its example (nextPageToken left out, as above)
      Reply schemas = http.send(http.get("/delta-sharing/shares/vaccine_share/schemas?maxResults=10", token));
      assertJson(schemas, without(compact("""
          {
            "items": [
              {
                "name": "acme_vaccine_data",
                "share": "vaccine_share"
              }
            ],
            "nextPageToken": "..."
          }"""), "nextPageToken"));

      // "List Tables in a Schema", its example: the optional shareId and id (and nextPageToken) left out
      Reply tables = http.send(http.get(
          "/delta-sharing/shares/vaccine_share/schemas/acme_vaccine_data/tables?maxResults=10", token));
      assertJson(tables, without(compact("""
          {
            "items" : [
              {
                "share" : "vaccine_share",
                "schema" : "acme_vaccine_data",
                "name" : "vaccine_ingredients",
                "shareId": "edacc4a7-6600-4fbb-85f3-a62a5ce6761f",
                "id": "dcb1e680-7da4-4041-9be8-88aff508d001"
              },
              {
                "share" : "vaccine_share",
                "schema" : "acme_vaccine_data",
                "name" : "vaccine_patients",
                "shareId": "edacc4a7-6600-4fbb-85f3-a62a5ce6761f",
                "id": "c48f3e19-2c29-4ea3-b6f7-3899e53338fa"
              }
            ],
            "nextPageToken" : "..."
          }"""), "shareId", "id", "nextPageToken"));

      assertThat(http.send(http.get("/delta-sharing/shares/Vaccine_Share/schemas/ACME_vaccine_data/tables", token)).text())
          .isEqualTo(tables.text());

      // "List all Tables in a Share", its example has the two tables in two schemas of their own
      admin.execute("""
          ALTER SHARE vaccine_share REMOVE TABLE raw.ingredients;
          ALTER SHARE vaccine_share REMOVE TABLE raw.patients;
          ALTER SHARE vaccine_share ADD TABLE raw.ingredients AS acme_vaccine_ingredient_data.vaccine_ingredients;
          ALTER SHARE vaccine_share ADD TABLE raw.patients AS acme_vaccine_patient_data.vaccine_patients""");
      // left out: shareId, id, and location and accessModes (this server offers URL access only, which a
      // client assumes when accessModes is missing), and nextPageToken
      Reply all = http.send(http.get("/delta-sharing/shares/vaccine_share/all-tables", token));
      assertJson(all, without(compact("""
          {
            "items" : [
              {
                "share" : "vaccine_share",
                "schema" : "acme_vaccine_ingredient_data",
                "name" : "vaccine_ingredients",
                "shareId": "edacc4a7-6600-4fbb-85f3-a62a5ce6761f",
                "id": "2f9729e9-6fcf-4d34-96df-bf72b26dfbe9",
                "location": "s3://deltasharing/vaccine_share/acme_vaccine_ingredient_data/vaccine_ingredients",
                "accessModes": ["url","dir"]
              },
              {
                "share": "vaccine_share",
                "schema": "acme_vaccine_patient_data",
                "name": "vaccine_patients",
                "shareId": "edacc4a7-6600-4fbb-85f3-a62a5ce6761f",
                "id": "74be6365-0fc8-4a2f-8720-0de125bb5832",
                "location": "s3://deltasharing/vaccine_share/acme_vaccine_patient_data/vaccine_patients",
                "accessModes": ["dir"]
              }
            ],
            "nextPageToken": "..."
          }"""), "shareId", "id", "location", "accessModes", "nextPageToken"));
    }
  }

  // ------------------------------------------------------------------ one table: version, metadata, query

  /** The table of the document's metadata and query examples: eventTime timestamp, date date, partitioned by date. */
  private static final String EVENTS = """
      CREATE TABLE gold.events (eventTime TIMESTAMP, date DATE) PARTITIONED BY (date);
      CREATE SHARE share_name;
      ALTER SHARE share_name ADD TABLE gold.events AS schema_name.table_name;
      CREATE RECIPIENT recipient;
      GRANT SELECT ON SHARE share_name TO RECIPIENT recipient""";

  private static final String TABLE = "/delta-sharing/shares/share_name/schemas/schema_name/tables/table_name";

  /** "Query Table Metadata" and "Example for snapshot query": the schema string, quoted as the document spells it. */
  private static final String METADATA_EXAMPLE = """
      {
        "metaData": {
          "id": "f8d5c169-3d01-4ca3-ad9e-7dc3355aedb2",
          "format": {
            "provider": "parquet"
          },
          "schemaString": "{\\"type\\":\\"struct\\",\\"fields\\":[{\\"name\\":\\"eventTime\\",\\"type\\":\\"timestamp\\",\\"nullable\\":true,\\"metadata\\":{}},{\\"name\\":\\"date\\",\\"type\\":\\"date\\",\\"nullable\\":true,\\"metadata\\":{}}]}",
          "partitionColumns": [
            "date"
          ]
        }
      }""";

  /**
   * "Example for snapshot query", its two file lines: one row each, whose stats (this lake writes them
   * alike) are compared as printed.
   */
  private static final List<String> FILE_EXAMPLES = List.of("""
      {
        "file": {
          "url": "https://<s3-bucket-name>.s3.us-west-2.amazonaws.com/delta-exchange-test/table2/date%3D2021-04-28/part-00000-8b0086f2-7b27-4935-ac5a-8ed6215a6640.c000.snappy.parquet?...",
          "id": "8b0086f2-7b27-4935-ac5a-8ed6215a6640",
          "partitionValues": {
            "date": "2021-04-28"
          },
          "size":573,
          "stats": "{\\"numRecords\\":1,\\"minValues\\":{\\"eventTime\\":\\"2021-04-28T23:33:57.955Z\\"},\\"maxValues\\":{\\"eventTime\\":\\"2021-04-28T23:33:57.955Z\\"},\\"nullCount\\":{\\"eventTime\\":0}}"
        }
      }""", """
      {
        "file": {
          "url": "https://<s3-bucket-name>.s3.us-west-2.amazonaws.com/delta-exchange-test/table2/date%3D2021-04-28/part-00000-591723a8-6a27-4240-a90e-57426f4736d2.c000.snappy.parquet?...",
          "id": "591723a8-6a27-4240-a90e-57426f4736d2",
          "partitionValues": {
            "date": "2021-04-28"
          },
          "size": 573,
          "stats": "{\\"numRecords\\":1,\\"minValues\\":{\\"eventTime\\":\\"2021-04-28T23:33:48.719Z\\"},\\"maxValues\\":{\\"eventTime\\":\\"2021-04-28T23:33:48.719Z\\"},\\"nullCount\\":{\\"eventTime\\":0}}"
        }
      }""");

  /** "Example for snapshot query", its request body exactly as printed (version 123 is replaced where the table has no such version). */
  private static final String SNAPSHOT_QUERY = """
      {
        "predicateHints": [
          "date >= '2021-01-01'",
          "date <= '2021-01-31'"
        ],
        "limitHint": 1000,
        "version": 123
      }""";

  @Test
  void versionMetadataAndQueriesAnswerAsTheDocumentsExamples() throws Exception {
    admin.execute(EVENTS);
    // the two rows of the snapshot example's two files, one commit each (versions 1 and 2)
    admin.execute("INSERT INTO gold.events VALUES (TIMESTAMP '2021-04-28 23:33:57.955', DATE '2021-04-28')");
    TableId events = TableId.of("gold", "events");
    Instant first = lake.history(events).stream().filter(v -> v.version() == 1).findFirst().orElseThrow().timestamp();
    // the protocol's timestamps are whole seconds (2022-01-01T00:00:00Z): keep version 2 in a later second
    Instant atFirst = first.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    while (Instant.now().isBefore(atFirst.plusMillis(50))) {
      Thread.sleep(20);
    }
    admin.execute("INSERT INTO gold.events VALUES (TIMESTAMP '2021-04-28 23:33:48.719', DATE '2021-04-28')");
    assertThat(lake.latestVersion(events)).isEqualTo(2);
    String token = token(g, "recipient");
    String tableId = lake.describe(events).id();

    try (Sharing server = Sharing.serve(g, lake, 0)) {
      Raw http = new Raw(server.port());

      // "Query Table Version", its example: HTTP/2 200, delta-table-version: 123, an empty body
      Reply version = http.send(http.get(TABLE + "/version", token));
      assertThat(version.status()).isEqualTo(200);
      assertThat(version.header("Delta-Table-Version")).isEqualTo("2");
      assertThat(version.body()).isEmpty();
      assertThat(version.header("Transfer-Encoding")).as("an empty body, not an empty chunked one").isNull();
      assertThat(version.header("Content-Length")).isEqualTo("0");
      // startingTimestamp (the protocol's Python client sends it URL-encoded): the earliest version
      // committed at or after it; a time before the table reads version 0, one after its last commit fails
      Reply since = http.send(http.get(TABLE + "/version?startingTimestamp="
          + java.net.URLEncoder.encode(atFirst.toString(), StandardCharsets.UTF_8), token));
      assertThat(since.status()).as(since.text()).isEqualTo(200);
      assertThat(since.header("Delta-Table-Version")).isEqualTo("2");
      assertThat(http.send(http.get(TABLE + "/version?startingTimestamp=2001-01-01T00:00:00Z", token))
          .header("Delta-Table-Version")).isEqualTo("0");
      assertError(http.send(http.get(TABLE + "/version?startingTimestamp=2999-01-01T00:00:00Z", token)), 400,
          "INVALID_PARAMETER_VALUE");

      // the deprecated form the document still lists: HEAD on the table's own URL
      Reply head = http.send(http.request("HEAD", TABLE, token, null));
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Delta-Table-Version")).isEqualTo("2");
      assertThat(head.body()).isEmpty();

      // "Query Table Metadata", its example: the protocol line, then metaData; location,
      // auxiliaryLocations and accessModes are optional and not sent (URL access only)
      Reply metadata = http.send(http.get(TABLE + "/metadata", token));
      assertThat(metadata.status()).isEqualTo(200);
      assertThat(metadata.header("Content-Type")).isEqualTo("application/x-ndjson; charset=utf-8");
      assertThat(metadata.header("Delta-Table-Version")).isEqualTo("2");
      assertThat(ndjson(metadata)).containsExactly(protocolLine(), metadataLine(tableId));

      // its optional version and timestamp parameters: the metadata as of that version
      for (String asOf : List.of("version=1", "timestamp=" + java.net.URLEncoder.encode(atFirst.toString(), StandardCharsets.UTF_8))) {
        Reply then = http.send(http.get(TABLE + "/metadata?" + asOf, token));
        assertThat(then.status()).as(then.text()).isEqualTo(200);
        assertThat(then.header("Delta-Table-Version")).isEqualTo("1");
        assertThat(ndjson(then)).containsExactly(protocolLine(), metadataLine(tableId));
      }
      assertError(http.send(http.get(TABLE + "/metadata?version=3", token)), 400, "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.get(TABLE + "/metadata?version=1&timestamp=2021-01-01T00:00:00Z", token)), 400,
          "INVALID_PARAMETER_VALUE");

      // "Example for snapshot query": the document's body, its version 123 replaced by the table's
      // latest. The predicate hints select January, the files are of April: hints are best effort and
      // this server ignores them, so, as in the example's own reply, both files come back.
      Reply snapshot = http.send(http.post(TABLE + "/query", token, SNAPSHOT_QUERY.replace("\"version\": 123", "\"version\": 2")));
      assertThat(snapshot.status()).isEqualTo(200);
      assertThat(snapshot.header("Content-Type")).isEqualTo("application/x-ndjson; charset=utf-8");
      assertThat(snapshot.header("Delta-Table-Version")).isEqualTo("2");
      assertQueryLines(snapshot, lake.snapshot(events, 2), tableId, 2);

      // the same without a version: the latest snapshot, the same lines
      Reply latest = http.send(http.post(TABLE + "/query", token, "{}"));
      assertThat(latest.header("Delta-Table-Version")).isEqualTo("2");
      assertQueryLines(latest, lake.snapshot(events, 2), tableId, 2);

      // "version": the table as of version 1 (one file); the header names the version read. The
      // optional file fields version and timestamp, and metaData's version, are not sent.
      Reply v1 = http.send(http.post(TABLE + "/query", token, "{\n  \"version\": 1\n}"));
      assertThat(v1.status()).isEqualTo(200);
      assertThat(v1.header("Delta-Table-Version")).isEqualTo("1");
      assertQueryLines(v1, lake.snapshot(events, 1), tableId, 1);

      // "timestamp" in the document's Timestamp Format (ISO 8601, UTC, whole seconds): version 1 again
      String ts = atFirst.toString();
      assertThat(ts).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      Reply atTime = http.send(http.post(TABLE + "/query", token, "{\n  \"timestamp\": \"" + ts + "\"\n}"));
      assertThat(atTime.status()).as(atTime.text()).isEqualTo(200);
      assertThat(atTime.header("Delta-Table-Version")).isEqualTo("1");
      assertQueryLines(atTime, lake.snapshot(events, 1), tableId, 1);

      // names in another case read the same table; a file URL, fetched without the token, is the file
      Reply upper = http.send(http.post(TABLE.toUpperCase(Locale.ROOT).replace("/DELTA-SHARING/SHARES/", "/delta-sharing/shares/")
          .replace("/SCHEMAS/", "/schemas/").replace("/TABLES/", "/tables/") + "/query", token, "{}"));
      assertThat(upper.status()).as(upper.text()).isEqualTo(200);
      // (the same lines but for the URLs' expiry, which moves on at each whole minute)
      assertThat(withoutExpiry(ndjson(upper))).isEqualTo(withoutExpiry(ndjson(latest)));
      JsonNode file = JSON.readTree(ndjson(upper).get(2)).get("file");
      String url = file.get("url").asText();
      assertThat(url).startsWith("http://127.0.0.1:" + server.port() + "/");
      Reply bytes = http.send(http.get(url.substring(url.indexOf('/', "http://".length())), null));
      assertThat(bytes.status()).isEqualTo(200);
      assertThat((long) bytes.body().length).isEqualTo(file.get("size").asLong());
      assertThat(new String(bytes.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");

      // "File ID Hash Header": a valid scheme is echoed in lower case, another is 400; the ids stay the same
      Reply hashed = http.send(http.request("POST", TABLE + "/query", token, "{}", "fileidhash: PARQUET\r\n"));
      assertThat(hashed.header("fileidhash")).isEqualTo("parquet");
      assertThat(withoutExpiry(ndjson(hashed))).isEqualTo(withoutExpiry(ndjson(latest)));
      assertError(http.send(http.request("POST", TABLE + "/query", token, "{}", "fileidhash: md5\r\n")), 400,
          "INVALID_PARAMETER_VALUE");
      assertThat(latest.header("fileidhash")).isNull();

      // "limitHint" with "predicateHints": one row asked, the first file (one row) is enough
      Reply limited = http.send(http.post(TABLE + "/query", token, """
          {
            "predicateHints": [
              "date = '2021-04-28'"
            ],
            "limitHint": 1
          }"""));
      assertThat(limited.status()).isEqualTo(200);
      List<String> lines = ndjson(limited);
      assertThat(lines).hasSize(3);
      assertThat(lines.subList(0, 2)).containsExactly(protocolLine(), metadataLine(tableId));
      assertThat(expectedFileLines(lake.snapshot(events, 2), lines, fileBase(limited, 2))).contains(lines.get(2));
    }
  }

  /**
   * "Schema Object": the first field of its example (a non-null integer with a comment), then one column
   * of each other type this lake has, spelt with the document's "Primitive Types" names (Spark's JSON
   * names: {@code long}, not {@code bigint}; {@code decimal(p,s)} as Spark writes it). "Partition Value
   * Serialization": a date as {@code 2021-04-28}, a timestamp as {@code 2021-04-28 23:33:57}, numbers
   * and booleans as their text.
   */
  @Test
  void theSchemaStringAndPartitionValuesUseTheDocumentsSpelling() throws Exception {
    admin.execute("""
        CREATE TABLE gold.types (a INT NOT NULL COMMENT 'this is a comment', l BIGINT, s SMALLINT, b TINYINT,
          f FLOAT, d DOUBLE, ok BOOLEAN, bin BINARY, day DATE, at TIMESTAMP, amount DECIMAL(10,2), name STRING)
          PARTITIONED BY (day, at, s, ok);
        INSERT INTO gold.types VALUES (1, 2, 3, 4, 1.5, 2.5, true, X'00', DATE '2021-04-28',
          TIMESTAMP '2021-04-28 23:33:57', 12.34, 'x');
        CREATE SHARE share_name;
        ALTER SHARE share_name ADD TABLE gold.types AS schema_name.types;
        CREATE RECIPIENT recipient;
        GRANT SELECT ON SHARE share_name TO RECIPIENT recipient""");
    String token = token(g, "recipient");
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      Raw http = new Raw(server.port());
      Reply reply = http.send(http.post("/delta-sharing/shares/share_name/schemas/schema_name/tables/types/query", token, "{}"));
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      List<String> lines = ndjson(reply);
      JsonNode metaData = JSON.readTree(lines.get(1)).get("metaData");
      String firstField = compact("""
          {
            "name": "a",
            "type": "integer",
            "nullable": false,
            "metadata": {
              "comment": "this is a comment"
            }
          }""");
      assertThat(metaData.get("schemaString").asText()).isEqualTo("{\"type\":\"struct\",\"fields\":[" + firstField
          + ",{\"name\":\"l\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"s\",\"type\":\"short\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"b\",\"type\":\"byte\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"f\",\"type\":\"float\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"d\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"ok\",\"type\":\"boolean\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"bin\",\"type\":\"binary\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"at\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"amount\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}}"
          + ",{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}");
      assertThat(JSON.writeValueAsString(metaData.get("partitionColumns"))).isEqualTo("[\"day\",\"at\",\"s\",\"ok\"]");
      assertThat(lines).hasSize(3);
      assertThat(JSON.writeValueAsString(JSON.readTree(lines.get(2)).get("file").get("partitionValues")))
          .isEqualTo("{\"day\":\"2021-04-28\",\"at\":\"2021-04-28 23:33:57\",\"s\":\"3\",\"ok\":\"true\"}");
    }
  }

  @Test
  void aTimestampPartitionValueIsSentInUtcWithoutAnOffset() {
    assertThat(Sharing.protocolTimestamp("1970-01-01 00:00:00+00")).isEqualTo("1970-01-01 00:00:00");
    assertThat(Sharing.protocolTimestamp("2021-04-28 23:33:57.955+02")).isEqualTo("2021-04-28 21:33:57.955");
    assertThat(Sharing.protocolTimestamp("2021-04-28 23:10:00-05:30")).isEqualTo("2021-04-29 04:40:00");
    assertThat(Sharing.protocolTimestamp("2021-04-28 23:33:57")).isEqualTo("2021-04-28 23:33:57");
    assertThat(Sharing.protocolTimestamp(null)).isNull();
  }

  // ------------------------------------------------------------------ errors

  @Test
  void errorsHaveTheDocumentsStatusContentTypeAndShape() throws Exception {
    admin.execute(EVENTS + """
        ;
        INSERT INTO gold.events VALUES (TIMESTAMP '2021-04-28 23:33:57.955', DATE '2021-04-28');
        CREATE SHARE other_share""");
    String token = token(g, "recipient");
    try (Sharing server = Sharing.serve(g, lake, 0)) {
      Raw http = new Raw(server.port());

      // 400: the snapshot example's body exactly as printed asks for version 123, which the table lacks
      assertError(http.send(http.post(TABLE + "/query", token, SNAPSHOT_QUERY)), 400, "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.post(TABLE + "/query", token, "{\"timestamp\": \"yesterday\"}")), 400,
          "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.post(TABLE + "/query", token, "{\"limitHint\": ")), 400, "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.post(TABLE + "/query", token, "{\"limitHint\": \"all\"}")), 400, "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.post(TABLE + "/query", token, "{\"version\": \"1\"}")), 400, "INVALID_PARAMETER_VALUE");
      // "Example for query with startingVersion": changes are not served, and saying so beats a snapshot
      // a streaming client would take for them
      assertError(http.send(http.post(TABLE + "/query", token, """
          {
            "startingVersion": 1
          }""")), 400, "INVALID_PARAMETER_VALUE");
      assertError(http.send(http.get("/delta-sharing/shares/share_name/schemas/..%2F..%2Fgold/tables", token)), 400,
          "INVALID_PARAMETER_VALUE");

      // 401: the bearer token missing or wrong
      assertError(http.send(http.get("/delta-sharing/shares", null)), 401, "UNAUTHENTICATED");
      assertError(http.send(http.get("/delta-sharing/shares", "not-" + token)), 401, "UNAUTHENTICATED");

      // 403: a share not granted to this recipient
      assertError(http.send(http.get("/delta-sharing/shares/other_share", token)), 403, "PERMISSION_DENIED");

      // 404: a share, a schema or a table that does not exist
      assertError(http.send(http.get("/delta-sharing/shares/no_share", token)), 404, "RESOURCE_DOES_NOT_EXIST");
      assertError(http.send(http.get("/delta-sharing/shares/share_name/schemas/no_schema/tables", token)), 404,
          "RESOURCE_DOES_NOT_EXIST");
      assertError(http.send(http.get(TABLE.replace("table_name", "no_table") + "/metadata", token)), 404,
          "RESOURCE_DOES_NOT_EXIST");

      // and once revoked, the recipient's own share is forbidden too
      admin.execute("REVOKE SELECT ON SHARE share_name FROM RECIPIENT recipient");
      assertError(http.send(http.post(TABLE + "/query", token, "{}")), 403, "PERMISSION_DENIED");
    }
  }

  // ------------------------------------------------------------------ expected lines

  private static String protocolLine() throws IOException {
    // "API Response Actions in Parquet Format", Protocol, its example
    return compact("""
        {
          "protocol": {
            "minReaderVersion": 1
          }
        }""");
  }

  /** The documented metaData line with the table's id from DESCRIBE DETAIL. */
  private static String metadataLine(String tableId) throws IOException {
    return compact(METADATA_EXAMPLE).replace("f8d5c169-3d01-4ca3-ad9e-7dc3355aedb2", tableId);
  }

  /**
   * The documented file line for each data file of the snapshot: the id is this server's (the first 128
   * bits of SHA-256 of the file's path, hex; decision 0045), the size and partition values the log's, the
   * stats the document's own (the example whose stats the file's log entry has, byte for byte), the URL this server's file URL with the expiry and signature of the reply,
   * and the optional {@code expirationTimestamp} (epoch millis) the File action's example shows last.
   */
  private static List<String> expectedFileLines(TableSnapshot s, List<String> reply, String base) throws Exception {
    String text = String.join("\n", reply);
    Matcher m = Pattern.compile("\\?expires=(\\d+)&sig=").matcher(text);
    assertThat(m.find()).as("a signed file URL in %s", text).isTrue();
    long expires = Long.parseLong(m.group(1));
    assertThat(expires - Instant.now().getEpochSecond()).isBetween(Sharing.URL_LIFETIME_SECONDS - 60,
        Sharing.URL_LIFETIME_SECONDS + 60);
    List<String> lines = new ArrayList<>();
    for (DataFile f : s.files()) {
      String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(f.path().getBytes(StandardCharsets.UTF_8)), 0, 16);
      // the signature is the server's secret: taken from the reply, 128 bits in base64url
      Matcher sig = Pattern.compile("/" + id + "\\?expires=" + expires + "&sig=([A-Za-z0-9_-]{22})\"").matcher(text);
      String url = base + id + "?expires=" + expires + "&sig=" + (sig.find() ? sig.group(1) : "(none for this file)");
      ObjectNode line = null;
      for (String example : FILE_EXAMPLES) {
        JsonNode n = JSON.readTree(example);
        if (n.get("file").get("stats").asText().equals(f.stats())) {
          line = (ObjectNode) n;
        }
      }
      assertThat(line).as("a file of the example whose stats are %s", f.stats()).isNotNull();
      ObjectNode file = (ObjectNode) line.get("file");
      file.put("url", url);
      file.put("id", id);
      ObjectNode pv = file.putObject("partitionValues");
      f.partitionValues().forEach(pv::put);
      file.put("size", f.size());
      file.put("expirationTimestamp", expires * 1000);
      lines.add(JSON.writeValueAsString(line));
    }
    return lines;
  }

  private static String fileBase(Reply reply, long version) {
    return "http://127.0.0.1:" + reply.port() + "/delta-sharing/files/share_name/schema_name/table_name/" + version + "/";
  }

  private void assertQueryLines(Reply reply, TableSnapshot s, String tableId, long version) throws Exception {
    List<String> lines = ndjson(reply);
    assertThat(lines).hasSize(2 + s.files().size());
    assertThat(lines.subList(0, 2)).containsExactly(protocolLine(), metadataLine(tableId));
    // the order of file lines does not matter (the document says so)
    assertThat(lines.subList(2, lines.size())).containsExactlyInAnyOrderElementsOf(
        expectedFileLines(s, lines, fileBase(reply, version)));
    for (String l : lines.subList(2, lines.size())) {
      assertThat(JSON.readTree(l).get("file").get("partitionValues").get("date").asText()).isEqualTo("2021-04-28");
    }
  }

  // ------------------------------------------------------------------ comparing

  /** The document's pretty-printed example as one compact line (Jackson keeps the document's key order). */
  private static String compact(String example) throws IOException {
    return JSON.writeValueAsString(JSON.readTree(example));
  }

  private static List<String> withoutExpiry(List<String> lines) throws IOException {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(without(l.replaceAll("expires=\\d+&sig=[A-Za-z0-9_-]+", ""), "expirationTimestamp"));
    }
    return out;
  }

  /** The compact JSON without the named optional fields, wherever they occur. */
  private static String without(String compactJson, String... optional) throws IOException {
    JsonNode n = JSON.readTree(compactJson);
    strip(n, List.of(optional));
    return JSON.writeValueAsString(n);
  }

  private static void strip(JsonNode n, List<String> names) {
    if (n instanceof ObjectNode o) {
      o.remove(names);
    }
    n.forEach(c -> strip(c, names));
  }

  /** A JSON reply: 200, the document's Content-Type, and the body exactly the expected bytes. */
  private static void assertJson(Reply reply, String expected) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(reply.text()).isEqualTo(expected);
    assertThat(reply.body()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The document's error reply: the status, {@code Content-Type: application/json}, and a body of exactly
   * the two fields errorCode then message, compact, with a message that says something.
   */
  private static void assertError(Reply reply, int status, String code) throws IOException {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = JSON.readTree(reply.body());
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("errorCode", "message");
    assertThat(body.get("errorCode").asText()).isEqualTo(code);
    assertThat(body.get("message").isTextual()).isTrue();
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(reply.text()).isEqualTo(JSON.writeValueAsString(body));
  }

  /** An NDJSON body: every line ends in \n, is compact and parses alone. */
  private static List<String> ndjson(Reply reply) throws IOException {
    String text = reply.text();
    assertThat(text).endsWith("\n").doesNotContain("\r");
    List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
    for (String l : lines) {
      assertThat(JSON.writeValueAsString(JSON.readTree(l))).as("one compact JSON object a line").isEqualTo(l);
      assertThat(JSON.readTree(l).size()).as("a wrapper holds one action").isEqualTo(1);
    }
    return lines;
  }

  private static String token(Governance g, String recipient) throws IOException {
    return JSON.readTree(Files.readString(g.profiles().resolve(recipient + ".share"))).get("bearerToken").asText();
  }

  // ------------------------------------------------------------------ raw HTTP

  /** A reply as read off the socket: status line, headers (names in lower case) and body bytes. */
  private record Reply(int port, String statusLine, Map<String, List<String>> headers, byte[] body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** The one value of a header, or null; a header sent twice fails. */
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      if (v == null) {
        return null;
      }
      assertThat(v).as("header %s once", name).hasSize(1);
      return v.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Requests written byte by byte: HTTP/1.1, the document's headers, and Connection: close to read to the end. */
  private record Raw(int port) {
    String get(String target, String token) {
      return request("GET", target, token, null);
    }

    String post(String target, String token, String body) {
      return request("POST", target, token, body);
    }

    String request(String method, String target, String token, String body) {
      return request(method, target, token, body, "");
    }

    /** A request with more header lines ({@code "Name: value\r\n"} each). */
    String request(String method, String target, String token, String body, String headers) {
      StringBuilder r = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      r.append("Host: 127.0.0.1:").append(port).append("\r\n");
      if (token != null) {
        r.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      if (body != null) {
        // the optional header the document names for the query's body
        r.append("Content-Type: application/json; charset=utf-8\r\n");
        r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      }
      r.append(headers).append("Connection: close\r\n\r\n");
      if (body != null) {
        r.append(body);
      }
      return r.toString();
    }

    Reply send(String request) throws IOException {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(end).as("a complete reply to %s", request.lines().findFirst().orElse("")).isPositive();
        String[] head = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
          int colon = head[i].indexOf(':');
          headers.computeIfAbsent(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(head[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        Reply reply = new Reply(port, head[0], headers, body);
        if (!request.startsWith("HEAD ")) {
          assertThat(reply.header("Transfer-Encoding")).as("a fixed-length reply").isNull();
          assertThat(reply.header("Content-Length")).isEqualTo(Integer.toString(body.length));
        }
        assertThat(head[0]).startsWith("HTTP/1.1 " + reply.status() + " ");
        return reply;
      }
    }

    private static int indexOf(byte[] a, byte[] b) {
      outer:
      for (int i = 0; i + b.length <= a.length; i++) {
        for (int j = 0; j < b.length; j++) {
          if (a[i + j] != b[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
