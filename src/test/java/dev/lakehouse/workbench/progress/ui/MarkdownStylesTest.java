package dev.lakehouse.workbench.progress.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

class MarkdownStylesTest {

  private static List<String> styled(String text) {
    StyleSpans<Collection<String>> spans = MarkdownStyles.compute(text);
    List<String> out = new ArrayList<>();
    int at = 0;
    for (StyleSpan<Collection<String>> s : spans) {
      if (!s.getStyle().isEmpty()) {
        out.add(s.getStyle().iterator().next() + ":" + text.substring(at, at + s.getLength()));
      }
      at += s.getLength();
    }
    assertThat(at).isEqualTo(text.length());
    return out;
  }

  @Test
  void headingsEmphasisCodeBulletsAndLinksAreStyled() {
    assertThat(styled("# Day 2\n- the **log** is `_delta_log`\nsee [docs](https://x)\n*why*"))
        .containsExactly("md-heading:# Day 2", "md-bullet:-", "md-strong:**log**", "md-code:`_delta_log`",
            "md-link:[docs](https://x)", "md-em:*why*");
  }

  @Test
  void aFencedBlockIsOneSpanAndPlainTextHasNone() {
    assertThat(styled("```sql\nSELECT 1\n```")).containsExactly("md-fence:```sql\nSELECT 1\n```");
    assertThat(styled("just words")).isEmpty();
    assertThat(styled("")).isEmpty();
  }
}
