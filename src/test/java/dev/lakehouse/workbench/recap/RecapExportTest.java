package dev.lakehouse.workbench.recap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports of a fixed history compared with reviewed golden files in {@code src/test/resources/recap}.
 * Charts are compared by being real PNGs, not byte for byte (font rendering differs per machine).
 * Run with {@code -Dgolden.update=true} to rewrite the golden files, then review the diff.
 */
class RecapExportTest {

  private static final Pattern DATA_URI = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

  @TempDir Path dir;

  @Test
  void markdownOfWeekOneMatchesTheGoldenFileAndWritesItsChartsBesideIt() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      Path out = new RecapExporter(f.service).export(RecapScope.week(1), RecapFormat.MD, dir.resolve("week1.md"), ExportListener.silent());

      assertGolden("week1.md", Files.readString(out));
      for (String chart : List.of("progress", "heatmap", "checks")) {
        assertThat(ImageIO.read(dir.resolve("week1-charts").resolve(chart + ".png").toFile())).as(chart).isNotNull();
      }
    }
  }

  @Test
  void htmlOfWeekOneMatchesTheGoldenFileWithChartsInlinedAsPngs() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      Path out = new RecapExporter(f.service).export(RecapScope.week(1), RecapFormat.HTML, dir.resolve("week1.html"), ExportListener.silent());
      String html = Files.readString(out);

      Matcher m = DATA_URI.matcher(html);
      int images = 0;
      while (m.find()) {
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(720);
        images++;
      }
      assertThat(images).isEqualTo(3);
      assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link");
      assertGolden("week1.html", DATA_URI.matcher(html).replaceAll("data:image/png;base64,PNG"));
    }
  }

  @Test
  void theLearnersMarkupShowsAsTextInHtml() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      String html = Files.readString(new RecapExporter(f.service)
          .export(RecapScope.MONTH, RecapFormat.HTML, dir.resolve("m.html"), ExportListener.silent()));

      assertThat(html).contains("&lt;b&gt;bold claim&lt;/b&gt;", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more",
          "&lt;i&gt;not html&lt;/i&gt;");
      assertThat(html).doesNotContain("<b>", "<script", "<i>");
    }
  }

  @Test
  void pdfOfTheMonthShowsTheDaysDoneTheirEvidenceAndTheNoteAsText() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      Path out = new RecapExporter(f.service).export(RecapScope.MONTH, RecapFormat.PDF, dir.resolve("r.pdf"), ExportListener.silent());

      try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        // compared without white space: where a PDF line wraps depends on the embedded font
        String text = stripper.getText(pdf).replaceAll("\\s+", "");
        assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(2);
        for (String expected : java.util.List.of("Lakehouse Workbench recap: The month (days 1-30)",
            "Days done: 3 of 30 (verified: 3)",
            "1 Why the Lakehouse? done, verified by", "lab checks",
            "2 Delta Lake under the hood done, verified by",
            "Lab day-01-first-lake : 3 of 3 checks passed, 2025-03-03 08:50",
            "Lab day-02-acid-writes : 4 of 4 checks passed, 2025-03-04 19:30",
            "table demo.orders at version 3: WRITE, DELETE, MERGE",
            "<b>bold claim</b>", "<script>alert('x')</script>")) {
          assertThat(text).contains(expected.replaceAll("\\s+", ""));
        }
      }
    }
  }

  @Test
  void pdfKeepsHeadingsWithTheirTextTimesOnOneLineAndSaysWhenNoTimeWasMeasured() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      // many notes push headings to every position on the page; day 9 has a note but no measurable time
      for (int day = 5; day <= 28; day++) {
        f.store.saveNote(day, ("Day " + day + " note. ").repeat(12 + day % 7));
      }
      Path out = new RecapExporter(f.service).export(RecapScope.MONTH, RecapFormat.PDF, dir.resolve("r.pdf"), ExportListener.silent());
      try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
        assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(4);
        PDFTextStripper stripper = new PDFTextStripper();
        for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
          stripper.setStartPage(page);
          stripper.setEndPage(page);
          java.util.List<String> lines = stripper.getText(pdf).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
          String last = lines.get(lines.size() - 1);
          assertThat(last).as("last line of page %d", page)
              .doesNotMatch("Day \\d+: .*|Notes|Drafts|Lab evidence|Charts|Days|Summary|LinkedIn post, day \\d+|Blog post, week \\d+");
        }
        String text = new PDFTextStripper().getText(pdf);
        // a time never wraps inside its cell ("40" above "min")
        assertThat(text).contains("40 min").doesNotContainPattern("(?m)^\\s*min\\s*$");
        assertThat(text.replaceAll("\\s+", " ")).contains("no study time measured");
      }
    }
  }

  @Test
  void aNonCharacterInANoteDoesNotStopThePdfAndEmojiPrintAsTheirNames() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      f.store.saveNote(1, "odd \uFFFE char \uFDD0 and \u0007 bell, shipped \uD83D\uDE80 today \u2764\uFE0F \uD83C\uDDEB\uD83C\uDDF7");
      Path out = new RecapExporter(f.service).export(RecapScope.MONTH, RecapFormat.PDF, dir.resolve("r.pdf"), ExportListener.silent());

      try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
        String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", "");
        assertThat(text).contains("oddcharandbell,shipped[rocket]today").contains("[flagFR]");
      }
    }
  }

  @Test
  void progressIsReportedStepByStepUpToTheTotal() {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      List<int[]> seen = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      new RecapExporter(f.service).export(RecapScope.week(1), RecapFormat.PDF, dir.resolve("r.pdf"), (done, total, message) -> {
        seen.add(new int[] {done, total});
        messages.add(message);
      });
      assertThat(seen).extracting(s -> s[0]).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(seen).extracting(s -> s[1]).containsOnly(7);
      assertThat(messages.get(messages.size() - 1)).startsWith("Recap written to");
    }
  }

  @Test
  void aCancelledExportStopsAndWritesNothing() throws IOException {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      Path out = dir.resolve("out");
      Files.createDirectories(out);
      List<Integer> steps = new ArrayList<>();
      ExportListener cancelAfterTwo = new ExportListener() {
        @Override
        public void progress(int done, int total, String message) {
          steps.add(done);
        }

        @Override
        public boolean cancelled() {
          return steps.size() >= 2;
        }
      };
      assertThatThrownBy(() -> new RecapExporter(f.service).export(RecapScope.MONTH, RecapFormat.PDF, out.resolve("r.pdf"), cancelAfterTwo))
          .isInstanceOfSatisfying(RecapException.class, e -> assertThat(e.wasCancelled()).isTrue());
      assertThat(steps).containsExactly(0, 1);
      try (var files = Files.list(out)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void aMissingFolderIsOneLineSayingWhatWhyAndFix() {
    try (RecapFixture f = new RecapFixture(dir.resolve("data"))) {
      assertThatThrownBy(() -> new RecapExporter(f.service).export(RecapScope.MONTH, RecapFormat.HTML,
          dir.resolve("nope").resolve("r.html"), ExportListener.silent()))
          .isInstanceOf(RecapException.class)
          .hasMessageContaining("cannot write the recap to")
          .hasMessageContaining("does not exist")
          .hasMessageContaining("choose another --out")
          .satisfies(e -> assertThat(((RecapException) e).kind()).isEqualTo(RecapException.Kind.BAD_INPUT))
          .hasMessageNotContaining("\n");
    }
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path golden = RecapFixture.projectDir().resolve("src/test/resources/recap").resolve(name);
    if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
