package dev.lakehouse.workbench.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.ui.MarkdownBlocks.Block;
import dev.lakehouse.workbench.ui.MarkdownBlocks.BlockKind;
import dev.lakehouse.workbench.ui.MarkdownBlocks.Span;
import dev.lakehouse.workbench.ui.MarkdownBlocks.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {

  @Test
  void headingsParagraphsListsAndCodeBecomeBlocksWithInlineSpans() {
    List<Block> blocks = MarkdownBlocks.parse("""
        ## Goal
        `lab02.orders` holds five days
        of orders.

        1. **Append** day 6 with `INSERT INTO`.
           Check the history.
        2. Overwrite *scratch*.
        - see [the docs](https://delta.io)

        ```sql
        SELECT *
        FROM t;
        ```
        """);
    assertThat(blocks).extracting(Block::kind).containsExactly(BlockKind.HEADING, BlockKind.PARAGRAPH,
        BlockKind.NUMBERED, BlockKind.NUMBERED, BlockKind.BULLET, BlockKind.CODE);
    assertThat(blocks.get(0).level()).isEqualTo(2);
    assertThat(blocks.get(0).text()).isEqualTo("Goal");
    assertThat(blocks.get(1).spans()).containsExactly(new Span(SpanKind.CODE, "lab02.orders"),
        new Span(SpanKind.TEXT, " holds five days of orders."));
    assertThat(blocks.get(2).marker()).isEqualTo("1.");
    assertThat(blocks.get(2).spans()).containsExactly(new Span(SpanKind.STRONG, "Append"),
        new Span(SpanKind.TEXT, " day 6 with "), new Span(SpanKind.CODE, "INSERT INTO"),
        new Span(SpanKind.TEXT, ". Check the history."));
    assertThat(blocks.get(3).spans()).contains(new Span(SpanKind.EMPHASIS, "scratch"));
    assertThat(blocks.get(4).marker()).isEqualTo("•");
    assertThat(blocks.get(4).text()).isEqualTo("see the docs");
    assertThat(blocks.get(5).text()).isEqualTo("SELECT *\nFROM t;");
  }

  @Test
  void plainTextWithoutMarkupIsOneParagraphKeptAsIs() {
    assertThat(MarkdownBlocks.parse("a * b and 2 * 3")).singleElement()
        .satisfies(b -> assertThat(b.spans()).containsExactly(new Span(SpanKind.TEXT, "a * b and 2 * 3")));
  }

  @Test
  void lessonBlocksTablesCalloutsTasksImagesAndNestedItems() {
    List<Block> blocks = MarkdownBlocks.parse("""
        | version | operation |
        | --- | --- |
        | 0 | `CREATE TABLE` |
        | 1 | WRITE |

        !!! warning "History is not a backup"
            VACUUM removes old files.

            Time travel stops there.

        - [x] read the log
        - [ ] run the lab
          - nested detail

        ![The commit log](../assets/diagrams/log.svg)

        ---
        > quoted *words*
        """);
    assertThat(blocks).extracting(Block::kind).containsExactly(BlockKind.TABLE, BlockKind.CALLOUT,
        BlockKind.BULLET, BlockKind.BULLET, BlockKind.BULLET, BlockKind.IMAGE, BlockKind.RULE, BlockKind.QUOTE);
    Block table = blocks.get(0);
    assertThat(table.rows()).hasSize(3);
    assertThat(table.rows().get(1).get(1)).containsExactly(new Span(SpanKind.CODE, "CREATE TABLE"));
    Block callout = blocks.get(1);
    assertThat(callout.marker()).isEqualTo("warning");
    assertThat(callout.text()).isEqualTo("History is not a backup");
    assertThat(callout.children()).extracting(Block::text)
        .containsExactly("VACUUM removes old files.", "Time travel stops there.");
    assertThat(blocks.get(2).marker()).isEqualTo("\u2611");
    assertThat(blocks.get(3).marker()).isEqualTo("\u2610");
    assertThat(blocks.get(4).level()).isEqualTo(1);
    assertThat(blocks.get(5).text()).isEqualTo("The commit log");
    assertThat(blocks.get(5).marker()).isEqualTo("../assets/diagrams/log.svg");
    assertThat(blocks.get(7).children()).singleElement()
        .satisfies(b -> assertThat(b.spans()).contains(new Span(SpanKind.EMPHASIS, "words")));
  }

  @Test
  void everyLessonParsesIntoBlocksWithoutLosingAHeading() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("workbench.project.dir", "."), "curriculum");
    try (var files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path f : files.filter(p -> p.getFileName().toString().startsWith("day-")).toList()) {
        String text = java.nio.file.Files.readString(f);
        String body = text.substring(text.indexOf("\n---", 4) + 4);
        long headings = 0;
        boolean fenced = false;
        for (String line : body.split("\n")) {
          fenced ^= line.strip().startsWith("```");
          headings += !fenced && line.matches("^#{1,6} .*") ? 1 : 0;
        }
        List<Block> blocks = MarkdownBlocks.parse(body);
        assertThat(blocks.stream().filter(b -> b.kind() == BlockKind.HEADING).count()).as(f.toString()).isEqualTo(headings);
      }
    }
  }
}
