package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.curriculum.internal.FlexmarkLessonRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LessonRendererTest {

  static final Path GOLDEN = Path.of(System.getProperty("workbench.project.dir", "."), "src/test/resources/lessons/day-02-sample.golden.html");

  private final LessonRenderer renderer = new FlexmarkLessonRenderer();

  private Lesson sample() throws IOException {
    return new LessonParser().parse(LessonParserTest.SAMPLE, LessonParserTest.sample()).lesson();
  }

  @Test
  void rawHtmlAndScriptsInALessonAreShownAsText() throws IOException {
    String html = renderer.renderPage(sample(), false);
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>bold tag</b>");
    assertThat(html).contains("&lt;script&gt;alert").contains("&lt;b&gt;bold tag&lt;/b&gt;");
    assertThat(html).contains("script-src 'none'");
  }

  @Test
  void onlyWebMailAndRelativeLinksKeepTheirTargetWhateverTheCase() {
    String html = renderer.renderMarkdown(String.join("\n",
        "[a](JaVaScRiPt:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](java\tscript:x) [d](file:///etc/passwd)",
        "[ok1](https://spark.apache.org) [ok2](HTTP://x.org) [ok3](mailto:me@x.org) [ok4](day-03-dbt.md) [ok5](#top)", ""));
    assertThat(html.toLowerCase()).doesNotContain("javascript").doesNotContain("data:text").doesNotContain("file:");
    assertThat(html).contains("href=\"https://spark.apache.org\"").contains("href=\"HTTP://x.org\"")
        .contains("href=\"mailto:me@x.org\"").contains("href=\"day-03-dbt.md\"").contains("href=\"#top\"");
  }

  @Test
  void onlyImagesUnderTheContentFoldersAreEmbedded(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
    Path curriculum = Files.createDirectories(root.resolve("content/curriculum"));
    Files.createDirectories(root.resolve("content/assets"));
    Files.write(root.resolve("content/assets/ok.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.write(root.resolve("secret.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 's'});
    String html = FlexmarkLessonRenderer.inlineImagesForTest(renderer.renderMarkdown(
        "![ok](../assets/ok.png) ![no](../../secret.png) ![web](https://x.org/t.png) ![js](javascript:x)\n"), curriculum);
    assertThat(html).contains("data:image/png;base64,iVBORw==").doesNotContain("iVBORnM=")
        .doesNotContain("https://x.org").doesNotContain("javascript");
    assertThat(html).contains("src=\"../../secret.png\"");
  }

  @Test
  void taskItemsBecomeGlyphsNotCheckboxes() throws IOException {
    String html = renderer.renderPage(sample(), false);
    assertThat(html).doesNotContain("type=\"checkbox\"");
    assertThat(html).contains("<span class=\"task\">\u2610</span>").contains("<span class=\"task done\">\u2611</span>");
  }

  @Test
  void sqlIsHighlightedAndOtherCodeIsEscaped() {
    String html = renderer.renderMarkdown("```sql\nSELECT 'a<b' -- c\n```\n```text\n<i>x</i>\n```\n");
    assertThat(html).contains("<span class=\"sql-keyword\">SELECT</span>")
        .contains("<span class=\"sql-string\">&#39;a&lt;b&#39;</span>")
        .contains("<span class=\"sql-comment\">-- c</span>")
        .contains("&lt;i&gt;x&lt;/i&gt;");
  }

  @Test
  void eachSqlBlockHasASendToLabLinkCarryingItsSqlAndOtherCodeHasNone() {
    String sql = "SELECT a + 1, 'x & y' FROM t\nWHERE b = \"q\";";
    String html = renderer.renderMarkdown("```sql\n" + sql + "\n```\n```text\nnot sql\n```\n");
    java.util.regex.Matcher href = java.util.regex.Pattern.compile("<a href=\"([^\"]*)\">Send to lab").matcher(html);
    assertThat(href.find()).isTrue();
    String link = href.group(1);
    assertThat(link).startsWith("send-to-lab?sql=").doesNotContain(" ", "\"", "+", "&");
    assertThat(href.find()).as("one link only, under the SQL block").isFalse();
    // as the page resolves the relative link against the curriculum folder
    String location = "file:///home/me/curriculum/" + link;
    assertThat(LessonRenderer.sentToLab(location)).contains(sql);
    assertThat(LessonRenderer.sentToLab("file:///home/me/curriculum/day-03-x.md")).isEmpty();
    assertThat(LessonRenderer.sentToLab("https://example.com/send-to-lab-not")).isEmpty();
  }

  @Test
  void codeBlocksKeepEveryLinesIndentation() {
    String yaml = "sources:\n  - name: shop\n    tables:\n      - name: orders\n";
    String sql = "WITH daily AS (\n    SELECT 1\n)\nSELECT *\n  FROM daily;\n";
    String html = renderer.renderMarkdown("Text:\n\n```yaml\n" + yaml + "```\n\n```sql\n" + sql + "```\n");
    assertThat(html).contains("<code>sources:\n  - name: shop\n    tables:\n      - name: orders\n</code>");
    assertThat(html.replaceAll("<[^>]+>", "")).contains("WITH daily AS (\n    SELECT 1\n)\nSELECT *\n  FROM daily;");
  }

  @Test
  void thePageMatchesItsGoldenFile() throws IOException {
    String html = renderer.renderPage(sample(), true);
    if (Boolean.getBoolean("golden.update") || !Files.exists(GOLDEN)) {
      Files.writeString(GOLDEN, html);
    }
    assertThat(html).isEqualTo(Files.readString(GOLDEN));
  }

  @Test
  void aBrokenDayExplainsItsProblem() {
    CurriculumDay day = new CurriculumDay(3, null, new LessonProblem(Path.of("day-03-x.md"), 4, "week", "belongs to week 1, not 2"));
    assertThat(renderer.renderProblem(day, false)).contains("day-03-x.md line 4, field week: belongs to week 1, not 2");
  }
}
