package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecapCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return WorkbenchCli.run(args, d -> {
      throw new AssertionError("no workbench in tests");
    }, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void monthAsHtmlShowsTheNoteMarkupAsTextAndExitsZero() throws Exception {
    Path data = dir.resolve("data");
    assertThat(run("--data-dir", data.toString(), "note", "set", "1", "<b>bold</b> <script>alert(1)</script>")).isZero();

    int code = run("recap", "--month", "--format", "html", "--out", dir.resolve("r.html").toString(), "--data-dir", data.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Recap of The month (days 1-30) written to").contains("r.html (html)");
    assertThat(err.toString()).isEmpty();
    assertThat(Files.readString(dir.resolve("r.html")))
        .contains("&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script");
  }

  @Test
  void theLearnersChangedLabFilesGoIntoTheRecapAndUntouchedTemplatesDoNot() throws Exception {
    Path data = dir.resolve("data");
    assertThat(run("--data-dir", data.toString(), "lab", "setup", "day-29-month-two-plan")).as(err.toString()).isZero();
    Path plan = data.resolve("work/day-29/plan.md");
    assertThat(plan).as("setup writes the starter").exists();

    assertThat(run("--data-dir", data.toString(), "recap", "--week", "5", "--out", dir.resolve("before.md").toString())).isZero();
    assertThat(Files.readString(dir.resolve("before.md"))).doesNotContain("## Documents")
        .as("seconds of work are not '0 min'").contains("- Time spent: < 1 min");

    String mine = Files.readString(plan) + "\n## My own line\n\nLearn Spark Structured Streaming by day 45.\n";
    dev.lakehouse.workbench.lab.Documents.save(plan, mine);
    assertThat(run("--data-dir", data.toString(), "recap", "--week", "5", "--out", dir.resolve("after.md").toString())).isZero();
    assertThat(run("--data-dir", data.toString(), "recap", "--week", "5", "--out", dir.resolve("after.html").toString())).isZero();

    assertThat(Files.readString(dir.resolve("after.md")))
        .contains("## Documents", "### Day 29: `work/day-29/plan.md`", "versions kept", "```markdown\n",
            "Learn Spark Structured Streaming by day 45.");
    assertThat(Files.readString(dir.resolve("after.html")))
        .contains("<h2>Documents</h2>", "<pre class=\"document\">", "Learn Spark Structured Streaming by day 45.");
  }

  @Test
  void theFormatFollowsTheFileExtensionWhenNotGiven() throws Exception {
    int code = run("--data-dir", dir.resolve("data").toString(), "recap", "--week", "1", "--out", dir.resolve("w.pdf").toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("w.pdf"))).startsWith("%PDF".getBytes());
  }

  @Test
  void weekSixIsBadInputWithOneLine() {
    int code = run("--data-dir", dir.resolve("data").toString(), "recap", "--week", "6", "--out", dir.resolve("w.md").toString());

    assertThat(code).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString().strip()).startsWith("error: there is no week 6").doesNotContain("\n");
  }

  @Test
  void weekZeroIsBadInputNotTheMonth() {
    int code = run("--data-dir", dir.resolve("data").toString(), "recap", "--week", "0", "--out", dir.resolve("w.md").toString());

    assertThat(code).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString().strip()).startsWith("error: there is no week 0");
    assertThat(dir.resolve("w.md")).doesNotExist();
  }

  @Test
  void aRecapNeverReplacesTheProgressDatabaseOrAnythingInTheDataFolder() throws Exception {
    Path data = dir.resolve("data");
    assertThat(run("--data-dir", data.toString(), "note", "set", "1", "keep me")).isZero();
    for (String target : new String[] {"progress.mv.db", "lake/recap.md", "recap.pdf"}) {
      err.getBuffer().setLength(0);
      int code = run("--data-dir", data.toString(), "recap", "--month", "--force", "--out", data.resolve(target).toString());
      assertThat(code).as(target).isEqualTo(WorkbenchCli.BAD_INPUT);
      assertThat(err.toString().strip()).contains("inside the data folder").doesNotContain("\n");
    }
    assertThat(data.resolve("lake/recap.md")).doesNotExist();
    out.getBuffer().setLength(0);
    assertThat(run("--data-dir", data.toString(), "note", "show", "1")).isZero();
    assertThat(out.toString()).isEqualTo("keep me\n");
  }

  @Test
  void anExistingFileIsReplacedOnlyWithForceAndNeverThroughALinkOrOntoADevice() throws Exception {
    Path data = dir.resolve("data");
    Path mine = Files.writeString(dir.resolve("mine.md"), "my own notes");
    assertThat(run("--data-dir", data.toString(), "recap", "--month", "--out", mine.toString())).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString()).contains("already exists").contains("--force");
    assertThat(mine).hasContent("my own notes");

    Path precious = Files.writeString(dir.resolve("precious.txt"), "thesis");
    Path link = Files.createSymbolicLink(dir.resolve("link.md"), precious);
    err.getBuffer().setLength(0);
    assertThat(run("--data-dir", data.toString(), "recap", "--month", "--force", "--out", link.toString())).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString()).contains("symbolic link");
    assertThat(precious).hasContent("thesis");

    // the old predictable temp name, planted as a link, is not followed
    Files.createSymbolicLink(dir.resolve(".fresh.md.part"), precious);
    assertThat(run("--data-dir", data.toString(), "recap", "--month", "--out", dir.resolve("fresh.md").toString())).isZero();
    assertThat(precious).hasContent("thesis");

    err.getBuffer().setLength(0);
    assertThat(run("--data-dir", data.toString(), "recap", "--month", "--force", "--out", "/dev/null")).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString()).contains("not a regular file");
    assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();

    assertThat(run("--data-dir", data.toString(), "recap", "--month", "--force", "--out", mine.toString())).isZero();
    assertThat(Files.readString(mine)).startsWith("# ");
  }

  @Test
  void weekAndMonthTogetherIsBadUsage() {
    int code = run("--data-dir", dir.resolve("data").toString(), "recap", "--week", "1", "--month", "--out", "x.md");

    assertThat(code).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void anUnknownFormatIsBadInputNamingTheChoices() {
    int code = run("--data-dir", dir.resolve("data").toString(), "recap", "--month", "--format", "docx", "--out", dir.resolve("r").toString());

    assertThat(code).isEqualTo(WorkbenchCli.BAD_INPUT);
    assertThat(err.toString()).contains("unknown recap format 'docx'").contains("md, html or pdf");
  }
}
