package dev.lakehouse.workbench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlHighlightingTest {

  private static List<String> comments(String text) {
    return SqlHighlighting.spans(text).stream().filter(s -> s.kind() == SqlHighlighting.Kind.COMMENT)
        .map(s -> text.substring(s.start(), s.start() + s.length())).toList();
  }

  @Test
  void aCommentIsGreyButAPipelineCommandsOptionsAreNot() {
    String text = "-- build first\ndbt build --project work/day-03/shop_dbt --select orders+;\nSELECT 1 -- one\n";

    assertThat(comments(text)).containsExactly("-- build first", "-- one");
  }
}
