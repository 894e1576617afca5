package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labs whose result is an artifact (day 19's formats, the checked documents), end to end from the
 * command line as a learner or a script drives them.
 */
class ArtifactLabsCliTest {

  static final String PROJECT = CliRun.PROJECT;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  CliRun run(String... args) {
    return CliRun.in(dataDir, args);
  }

  JsonNode check(String id, int expectedCode) throws Exception {
    CliRun r = run("lab", "check", id, "--json");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(expectedCode);
    return JSON.readTree(r.out());
  }

  @Test
  void day19ConvertsAppendsAndBothFormatsAgreeAtEveryVersion() throws Exception {
    String id = "day-19-iceberg-beside-delta";
    assertThat(run("lab", "setup", id).code()).isZero();
    JsonNode starter = check(id, 1);
    assertThat(starter.get("hint").asText()).contains("no Iceberg metadata yet");

    CliRun enable = run("lab", "run", id,
        "ALTER TABLE lab19.orders SET TBLPROPERTIES ('delta.universalFormat.enabledFormats' = 'iceberg')");
    assertThat(enable.code()).as(enable.err()).isZero();
    assertThat(check(id, 1).get("hint").asText()).contains("now append");
    assertThat(run("lab", "run", id, "INSERT INTO lab19.orders SELECT * FROM shop.orders_day_6").code()).isZero();

    CliRun formats = run("lab", "formats", "lab19.orders");
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
    assertThat(wrong.toString()).contains("partition evolution / delta: you wrote 'yes', which is not what delta does");
    Files.writeString(file, Files.readString(file).replace("| partition evolution | yes |", "| partition evolution | no |"));
    JsonNode ok = check(id, 0);
    assertThat(ok.toString()).contains("rows agree at each");
    assertThat(dataDir.resolve("work/day-19/versions")).isDirectoryContaining(p -> p.getFileName().toString().equals("comparison.3.md"));

    assertThat(run("lab", "reset", id, "--yes").code()).isZero();
    check(id, 1);
    CliRun applied = run("lab", "solution", id, "--apply");
    assertThat(applied.code()).as(applied.err()).isZero();
    check(id, 0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "day-14-reproducible-snapshot | work/day-14/checklist.md   | 13",
      "day-18-cloud-portability     | work/day-18/clouds.md      | 17",
      "day-21-production-readiness  | work/day-21/checklist.md   | 20",
      "day-25-contribution-card     | work/day-25/card.md        | 24",
      "day-26-research-brief        | work/day-26/brief.md       | 25",
      "day-27-brand-kit             | work/day-27/brand.md       | 26",
      "day-28-month-recap           | work/day-28/recap.md       | 27",
      "day-29-month-two-plan        | work/day-29/plan.md        | 28",
      "day-30-reflection            | work/day-30/reflection.md  | 29"})
  void documentLabsFailOnTheirTemplateAndPassWithTheAppliedSolutionWithoutCountingIt(String id, String file, int index)
      throws Exception {
    assertThat(run("note", "set", "2", "Today I learned that a failed write commits nothing at all.").code()).isZero();
    CliRun setup = run("lab", "setup", id);
    assertThat(setup.code()).as(setup.err()).isZero();
    Path doc = dataDir.resolve(file);
    assertThat(Files.readString(doc)).startsWith("---\n");
    JsonNode template = check(id, 1);
    assertThat(template.get("hint").asText()).isNotBlank();
    assertThat(template.toString()).containsAnyOf("is empty", "words (at least");

    CliRun applied = run("lab", "solution", id, "--apply");
    assertThat(applied.code()).as(applied.err()).isZero();
    JsonNode ok = check(id, 0);
    assertThat(ok.toString()).contains("versions kept");
    assertThat(JSON.readTree(run("progress", "--json").out()).get(index).get("state").asText()).isNotEqualTo("done");

    assertThat(run("lab", "reset", id, "--yes").code()).isZero();
    check(id, 1);
    assertThat(dataDir.resolve(file).resolveSibling("versions")).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".2.md"));
  }

  @Test
  void citationsAreVerifiedAgainstTheLakeAndLimitsAndGoalsAreEnforced() throws Exception {
    String id = "day-29-month-two-plan";
    assertThat(run("lab", "setup", id).code()).isZero();
    Path plan = dataDir.resolve("work/day-29/plan.md");
    Files.writeString(plan, """
        ---
        theme: streaming
        start: 2026-12-01
        ---
        ## Gap audit
        Streaming 0, quality 3: my suites are tested [evidence: table lab29.orders@v7] and it shows.

        ## Goals
        - Stream a topic. artifact: a streaming table. proof: a version each minute. date: 2026-12-20
        - Write more. artifact: posts
        - See https//broken and [docs](https://docs.delta.io/latest/index.html). artifact: a page. proof: a link. date: 2026-13-01

        ## Content calendar
        Week one CDC, week two streaming, week three cost and a recap after that.
        """);
    JsonNode r = check(id, 1);
    String found = r.get("checks").get(0).get("measured").asText();
    assertThat(found).contains("lab29.orders has no version 7").contains("'- Write more. artifact: posts' lacks a proof:")
        .contains("a date: YYYY-MM-DD");
    Files.writeString(plan, Files.readString(plan).replace("@v7", "@v0")
        .replace("- Write more. artifact: posts", "- Write more. artifact: posts. proof: links. date: 2026-12-31")
        .replace("2026-13-01", "2026-12-15").replace("See https//broken and ", ""));
    JsonNode ok = check(id, 0);
    assertThat(ok.get("checks").get(0).get("measured").asText()).contains("1 citations verified");

    // a post longer than LinkedIn's 3,000 characters, and a claim without evidence
    String brief = "day-26-research-brief";
    assertThat(run("lab", "setup", brief).code()).isZero();
    assertThat(run("lab", "solution", brief, "--apply").code()).isZero();
    Path b = dataDir.resolve("work/day-26/brief.md");
    Files.writeString(b, Files.readString(b).replace("## My perspective\n",
        "## My perspective\nThis pipeline is monitored around the clock.\n\n") + "x".repeat(3001) + "\n");
    String measured = check(brief, 1).get("checks").get(0).get("measured").asText();
    assertThat(measured).contains("section 'Post' has").contains("(at most 3000)").contains("a claim without evidence");
  }

  @Test
  void theRecapTemplateListsOnlyLabsPassedWithTheLearnersOwnWork() throws Exception {
    // day 14 passed with the learner's own work; day 18 only by its applied solution
    assertThat(run("lab", "setup", "day-14-reproducible-snapshot").code()).isZero();
    assertThat(run("lab", "run", "day-14-reproducible-snapshot",
        "CREATE TABLE lab14.training_input AS SELECT * FROM lab14.orders VERSION AS OF 0").code()).isZero();
    Files.writeString(dataDir.resolve("work/day-14/checklist.md"), """
        ---
        title: mine
        author: me
        ---
        ## Reproducible
        My input is reproducible: a frozen copy of version zero [evidence: table lab14.training_input@v0].

        ## Automated
        Every batch lands as one append and one version, on a schedule that needs nobody.

        ## Compliant
        History and retention answer which data trained the model and when it was read.

        ## Evidence
        The source at version zero and one [evidence: table lab14.orders@v1] both still exist here.
        """);
    check("day-14-reproducible-snapshot", 0);
    assertThat(run("lab", "setup", "day-18-cloud-portability").code()).isZero();
    assertThat(run("lab", "solution", "day-18-cloud-portability", "--apply").code()).isZero();
    check("day-18-cloud-portability", 0);

    assertThat(run("lab", "setup", "day-28-month-recap").code()).isZero();
    String recap = Files.readString(dataDir.resolve("work/day-28/recap.md"));
    assertThat(recap).contains("- Day 14: A reproducible training input").contains("[evidence: lab day-14-reproducible-snapshot]")
        .doesNotContain("day-18-cloud-portability");
  }

  @ParameterizedTest
  @CsvSource({"day-01-stack-diagram, 0", "day-07-pipeline-map, 6"})
  void diagramLabsFailOnTheStarterAndPassWithTheAppliedSolution(String id, int index) throws Exception {
    assertThat(run("lab", "setup", id).code()).isZero();
    JsonNode starter = check(id, 1);
    assertThat(starter.get("hint").asText()).isNotBlank();
    CliRun applied = run("lab", "solution", id, "--apply");
    assertThat(applied.code()).as(applied.err()).isZero();
    JsonNode ok = check(id, 0);
    assertThat(ok.toString()).contains("elements", "arrows");
    assertThat(JSON.readTree(run("progress", "--json").out()).get(index).get("state").asText()).isNotEqualTo("done");
    assertThat(run("lab", "reset", id, "--yes").code()).isZero();
    check(id, 1);
  }

  @Test
  void day7DiagramMustNameTablesThatExistInTheLake() throws Exception {
    String id = "day-07-pipeline-map";
    assertThat(run("lab", "setup", id).code()).isZero();
    assertThat(run("lab", "solution", id, "--apply").code()).isZero();
    Path d = dataDir.resolve("work/day-07/pipeline.puml");
    Files.writeString(d, Files.readString(d).replace("lab07.gold_daily", "lab07.gold_orders"));
    String measured = check(id, 1).get("checks").get(1).get("measured").asText();
    assertThat(measured).contains("lab07.gold_orders is in the diagram but not in your lake");
    Files.writeString(d, Files.readString(d).replace("lab07.gold_orders", "lab07.gold_daily").replace("gold --> consumers : pinned version\n", ""));
    assertThat(check(id, 1).get("checks").get(1).get("measured").asText()).contains("no arrow path from lab07.gold_daily (gold)");
  }
}
