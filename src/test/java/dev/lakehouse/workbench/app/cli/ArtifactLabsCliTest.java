package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.workbench.app.Content;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labs whose result is an artifact (day 19's formats, the checked documents), end to end from the
 * command line as a learner or a script drives them.
 */
class ArtifactLabsCliTest {

  static final String PROJECT = System.getProperty("workbench.project.dir", ".");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    System.setProperty(Content.PROPERTY, PROJECT);
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = WorkbenchCli.run(all, p -> { }, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  JsonNode check(String id, int expectedCode) throws Exception {
    Run r = run("lab", "check", id, "--json");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(expectedCode);
    return JSON.readTree(r.out());
  }

  @Test
  void day19ConvertsAppendsAndBothFormatsAgreeAtEveryVersion() throws Exception {
    String id = "day-19-iceberg-beside-delta";
    assertThat(run("lab", "setup", id).code()).isZero();
    JsonNode starter = check(id, 1);
    assertThat(starter.get("hint").asText()).contains("no Iceberg metadata yet");

    Run enable = run("lab", "run", id,
        "ALTER TABLE lab19.orders SET TBLPROPERTIES ('delta.universalFormat.enabledFormats' = 'iceberg')");
    assertThat(enable.code()).as(enable.err()).isZero();
    assertThat(check(id, 1).get("hint").asText()).contains("now append");
    assertThat(run("lab", "run", id, "INSERT INTO lab19.orders SELECT * FROM shop.orders_day_6").code()).isZero();

    Run formats = run("lab", "formats", "lab19.orders");
    assertThat(formats.out()).contains("_delta_log/00000000000000000000.json", "metadata/v", "version-hint.text", "snap-");
    assertThat(formats.out().lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\w+\\s+\\d+"))).hasSizeGreaterThanOrEqualTo(3);

    // the starter's empty table: the lab names what it observed on disk
    JsonNode half = check(id, 1);
    assertThat(half.get("hint").asText()).contains("_delta_log").contains("metadata");
    Path file = dataDir.resolve("work/day-19/comparison.md");
    Files.writeString(file, """
        | feature | Delta | Iceberg |
        |---|---|---|
        | ACID transactions | yes | yes |
        | time travel | yes | yes |
        | schema evolution | yes | yes |
        | partition evolution | yes | yes |
        | where the metadata lives | _delta_log | metadata/ |
        """);
    JsonNode wrong = check(id, 1);
    assertThat(wrong.toString()).contains("partition evolution / delta: you wrote 'yes', the lab found 'no'");
    Files.writeString(file, Files.readString(file).replace("| partition evolution | yes |", "| partition evolution | no |"));
    JsonNode ok = check(id, 0);
    assertThat(ok.toString()).contains("rows agree at each");
    assertThat(dataDir.resolve("work/day-19/versions")).isDirectoryContaining(p -> p.getFileName().toString().equals("comparison.3.md"));

    assertThat(run("lab", "reset", id, "--yes").code()).isZero();
    check(id, 1);
    Run applied = run("lab", "solution", id, "--apply");
    assertThat(applied.code()).as(applied.err()).isZero();
    check(id, 0);
  }
}
