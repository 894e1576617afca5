package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sql} verb: formats, exit codes, and which statement failed. */
class SqlCommandTest {

  @TempDir Path dataDir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = WorkbenchCli.run(all, p -> { }, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jsonPrintsOneObjectPerStatementWithMetrics() throws Exception {
    Run r = run("sql", "--format", "json",
        "CREATE TABLE t (id INT, p STRING) PARTITIONED BY (p); INSERT INTO t VALUES (1, 'a'), (2, 'b'); SELECT id FROM t WHERE p = 'a'");
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    JsonNode insert = new ObjectMapper().readTree(lines[1]);
    assertThat(insert.get("metrics").get("version").asLong()).isEqualTo(1);
    assertThat(insert.get("metrics").get("operation").asText()).isEqualTo("WRITE");
    JsonNode select = new ObjectMapper().readTree(lines[2]);
    assertThat(select.get("columns").get(0).asText()).isEqualTo("id");
    assertThat(select.get("rows").toString()).isEqualTo("[[1]]");
    assertThat(select.get("metrics").get("filesScanned").asLong()).isEqualTo(1);
    assertThat(select.get("metrics").get("filesTotal").asLong()).isEqualTo(2);
  }

  /** A query DuckDB spends long in executing (not planning), so an interrupt can stop it. */
  static final String SLOW = "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.id * b.id % 7 = 3";

  @Test
  void aStatementPastItsTimeoutIsStoppedWithOneLineAndCommitsNothing() {
    run("sql", "CREATE TABLE t (n BIGINT)");
    long start = System.nanoTime();
    Run r = run("sql", "--timeout", "1", "INSERT INTO t " + SLOW.replace("count(*)", "a.id"));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(r.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("error: the statement was stopped after 1 s: it ran longer than the statement timeout."
        + " Narrow the query (WHERE, LIMIT), or allow more time with --timeout SECONDS.");
    assertThat(seconds).isLessThan(30);
    Run history = run("sql", "--format", "csv", "SELECT count(*) FROM t");
    assertThat(history.out()).contains("\n0\n");
    assertThat(run("sql", "--timeout", "5", "SELECT 42").out()).contains("42");
  }

  @Test
  void aFileWithAByteOrderMarkRunsAndAFileNotInUtf8IsNamedWithItsFirstBadByte() throws Exception {
    Path bom = dataDir.resolveSibling(dataDir.getFileName() + "-bom.sql");
    Files.write(bom, "\uFEFFSELECT 7 AS seven".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Run ok = run("sql", "-f", bom.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("seven").contains("7");
    Path latin = dataDir.resolveSibling(dataDir.getFileName() + "-latin.sql");
    Files.write(latin, "SELECT 'caf\u00e9'".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Run bad = run("sql", "-f", latin.toString());
    assertThat(bad.code()).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(bad.err().strip()).startsWith("error: " + latin + " is not UTF-8 text: byte 12 ").doesNotContain("Input length");
  }

  @Test
  void tableAndCsvFormatsAndStatementsFromAFile() throws Exception {
    Path f = dataDir.resolve("q.sql");
    Files.writeString(f, "CREATE TABLE t (id INT, name STRING);\nINSERT INTO t VALUES (1, 'a,b');\n");
    assertThat(run("sql", "-f", f.toString()).code()).isZero();
    Run table = run("sql", "SELECT * FROM t");
    assertThat(table.out()).contains("| id | name |").contains("| 1  | a,b  |").contains("1 row");
    Run csv = run("sql", "--format", "csv", "SELECT * FROM t");
    assertThat(csv.out()).isEqualTo("id,name\n1,\"a,b\"\n");
  }

  @Test
  void aStatementStartingWithACommentIsSqlNotAnOption() {
    Run r = run("sql", "--format", "csv", "-- how many?\nSELECT count(*) AS n FROM VALUES (1), (2) AS t(x)");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("n\n2\n");
    Run typo = run("sql", "--formt", "SELECT 1");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown option '--formt'");
  }

  @Test
  void aFailingStatementIsNamedAndEarlierOnesStayCommitted() {
    Run r = run("sql", "CREATE TABLE t (id INT); INSERT INTO t VALUES ('x')");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("error: statement 2: schema mismatch writing to default.t").doesNotContain("\n");
    assertThat(run("sql", "SELECT count(*) FROM t").code()).isZero();
    Run missing = run("sql", "SELECT * FROM nope");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("table default.nope not found");
  }

  @Test
  void aDamagedCommitExitsThreeNamingTheVersionAndFile() throws Exception {
    assertThat(run("sql", "CREATE TABLE t (id INT); INSERT INTO t VALUES (1)").code()).isZero();
    Path commit = dataDir.resolve("lake/default/t/_delta_log/00000000000000000001.json");
    String json = Files.readString(commit);
    Files.writeString(commit, json.substring(0, json.length() / 2));
    Run r = run("sql", "SELECT * FROM t");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("damaged at version 1").contains("00000000000000000001.json").doesNotContain("\tat ");
  }

  @Test
  void aMissingDataFileIsNamed() throws Exception {
    assertThat(run("sql", "CREATE TABLE t (id INT); INSERT INTO t VALUES (1)").code()).isZero();
    try (var s = Files.list(dataDir.resolve("lake/default/t"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.delete(p);
      }
    }
    Run r = run("sql", "SELECT * FROM t");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("data file part-").contains("is missing");
  }

  @Test
  void anUnsupportedProtocolNamesTheFeature() throws Exception {
    Path log = dataDir.resolve("lake/default/dv/_delta_log");
    Files.createDirectories(log);
    Files.writeString(log.resolve("00000000000000000000.json"),
        "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\"],\"writerFeatures\":[\"deletionVectors\"]}}\n"
        + "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"integer\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[],\"configuration\":{}}}\n");
    Run r = run("sql", "SELECT * FROM dv");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("protocol (3,7)").contains("deletionVectors");
  }
}
