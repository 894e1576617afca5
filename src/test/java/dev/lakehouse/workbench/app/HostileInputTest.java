package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.app.cli.WorkbenchCli;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.ProgressStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile case of {@code hostile/cases.tsv} through the command line: the expected exit code,
 * exactly one line on stderr, no stack trace, no other engine's words, and the lake and the progress
 * database as they were. One test over the data, reporting every case that fails.
 */
class HostileInputTest {

  static final Path CASES = Path.of(System.getProperty("workbench.project.dir", "."), "src/test/resources/hostile/cases.tsv");

  /** Words of DuckDB, H2, Hadoop, Delta or the JVM that must never reach the learner. */
  static final Pattern ENGINE = Pattern.compile("(?i)binder error|catalog error|parser error|invalid input error|conversion error"
      + "|permission error|io error|internal error|duckdb|\\bh2\\b|jdbc|hadoop|io\\.delta|java\\.|\\.java:|exception|\\tat |"
      + "input length =|nullpointer");

  @TempDir static Path root;
  static Path data;
  static Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    System.setProperty(Content.PROPERTY, System.getProperty("workbench.project.dir", "."));
    int code = WorkbenchCli.run(args, d -> {
      throw new AssertionError("no window in this test");
    }, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void seed() throws IOException {
    data = root.resolve("data");
    tmp = Files.createDirectories(root.resolve("tmp"));
    assertThat(run("--data-dir", data.toString(), "lab", "setup", "day-01-first-lake").code()).isZero();
    assertThat(run("--data-dir", data.toString(), "note", "set", "1", "my first note").code()).isZero();
    Files.writeString(tmp.resolve("ok.sql"), "SELECT 1");
    Files.writeString(tmp.resolve("empty.sql"), "");
    Files.write(tmp.resolve("latin1.sql"), "SELECT 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(tmp.resolve("bom-bad.sql"), ("\uFEFFSELEC 1").getBytes(StandardCharsets.UTF_8));
    Files.writeString(tmp.resolve("exists.md"), "mine");
    Files.writeString(tmp.resolve("precious.txt"), "thesis");
    Files.createSymbolicLink(tmp.resolve("link.md"), tmp.resolve("precious.txt"));
  }

  /**
   * Every file under the data folder but the database and its lock, with its content's digest. The
   * OpenLineage log is appended to by design when a write fails (a START and a FAIL event, as
   * OpenLineage reports a failed run), so it is compared apart: it may only grow by FAIL runs.
   */
  static Map<String, String> files() throws Exception {
    Map<String, String> out = new TreeMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> s = Files.walk(data)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = data.relativize(p).toString();
        if (rel.startsWith("progress.") || rel.equals(".progress.lock") || rel.startsWith("content")
            || rel.equals("lineage/openlineage.jsonl")) {
          continue;
        }
        out.put(rel, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
      }
    }
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put("tmp/" + tmp.relativize(p), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  /** The learner's record as the store gives it back. */
  static String record() {
    try (ProgressStore s = ProgressStores.open(data, Clock.systemUTC())) {
      return s.days() + "|" + s.notes() + "|" + s.allAnswers() + "|" + s.drafts() + "|" + s.events(Instant.EPOCH).size()
          + "|" + s.labAttempts("day-01-first-lake").size() + "|" + s.labSeeds("day-01-first-lake");
    }
  }

  static List<String[]> cases() throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(CASES, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  @Test
  void everyHostileCaseFailsCleanlyAndChangesNothing() throws Exception {
    List<String[]> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    Map<String, String> filesBefore = files();
    String recordBefore = record();
    Path events = data.resolve("lineage/openlineage.jsonl");
    long eventsBefore = Files.exists(events) ? Files.readAllLines(events).size() : 0;
    SoftAssertions soft = new SoftAssertions();
    for (String[] c : cases) {
      String[] args = new String[c.length - 1 + 2];
      args[0] = "--data-dir";
      args[1] = data.toString();
      for (int i = 1; i < c.length; i++) {
        args[i + 1] = c[i].replace("{data}", data.toString()).replace("{lake}", data.resolve("lake").toString())
            .replace("{tmp}", tmp.toString());
      }
      if (c[1].equals("--data-dir")) { // the case sets its own data folder
        args = java.util.Arrays.copyOfRange(args, 2, args.length);
      }
      String name = String.join(" ", java.util.Arrays.copyOfRange(c, 1, c.length));
      Run r = run(args);
      String err = r.err().strip();
      soft.assertThat(r.code()).as("exit of [%s] (stderr: %s)", name, err).isEqualTo(Integer.parseInt(c[0]));
      soft.assertThat(err.lines().count()).as("stderr lines of [%s]: %s", name, err).isEqualTo(1);
      soft.assertThat(err).as("stderr of [%s]", name).startsWith("error: ");
      soft.assertThat(ENGINE.matcher(err).find()).as("engine words in stderr of [%s]: %s", name, err).isFalse();
      soft.assertThat(files()).as("files after [%s]", name).isEqualTo(filesBefore);
      List<String> newEvents = Files.exists(events) ? Files.readAllLines(events).stream().skip(eventsBefore).toList() : List.of();
      soft.assertThat(newEvents).as("lineage events after [%s]", name)
          .allMatch(e -> e.contains("\"eventType\":\"START\"") || e.contains("\"eventType\":\"FAIL\""));
      eventsBefore += newEvents.size();
      if (!c[1].equals("sql")) {
        soft.assertThat(record()).as("progress after [%s]", name).isEqualTo(recordBefore);
      }
    }
    soft.assertThat(record()).as("progress at the end").isEqualTo(recordBefore);
    soft.assertAll();
  }
}
