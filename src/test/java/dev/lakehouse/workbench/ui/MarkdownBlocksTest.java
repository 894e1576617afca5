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
}
