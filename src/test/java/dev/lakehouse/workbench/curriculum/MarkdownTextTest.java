package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTextTest {

  @Test
  void aNotesMarkdownBecomesTheTextAReaderSees() {
    String note = """
        # Day 1 takeaways

        **Two-tier** architectures copy data *twice*; see [the paper](https://example.com/p.pdf).

        - one `copy` of the data
        - open formats

        ![Small files, OPTIMIZE and Z-order](../assets/x.svg)
        """;
    assertThat(MarkdownText.plain(note)).isEqualTo("""
        Day 1 takeaways

        Two-tier architectures copy data twice; see the paper.

        - one copy of the data
        - open formats

        Small files, OPTIMIZE and Z-order""");
  }

  @Test
  void plainTextStaysAsItIs() {
    assertThat(MarkdownText.plain("The log is the table.")).isEqualTo("The log is the table.");
    assertThat(MarkdownText.plain("  ")).isEmpty();
  }
}
