package dev.lakehouse.workbench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileHighlightingTest {

  private static List<String> show(String name, String text) {
    return FileHighlighting.spans(name, text).stream()
        .map(s -> s.kind() + ":" + text.substring(s.start(), s.start() + s.length())).toList();
  }

  @Test
  void jsonIsColouredFromJacksonsTokensAndStopsAtASyntaxError() {
    String suite = "{\"name\": \"orders\", \"mostly\": 0.95, \"ok\": true, \"note\": \"a \\\"quoted\\\" word\"}";
    assertThat(show("suite.json", suite)).containsExactly("KEY:\"name\"", "STRING:\"orders\"", "KEY:\"mostly\"",
        "NUMBER:0.95", "KEY:\"ok\"", "LITERAL:true", "KEY:\"note\"", "STRING:\"a \\\"quoted\\\" word\"");
    assertThat(show("suite.json", "{\"name\": \"orders\", ] \"later\": 1}")).containsExactly("KEY:\"name\"", "STRING:\"orders\"");
  }

  @Test
  void yamlIsColouredFromSnakeYamlsScannerWithCommentsKeysAndScalars() {
    String yaml = "# monitors\ntables:\n  - table: lab22.orders\n    hours: 2\n    label: 'late'\n    on: true\n";
    assertThat(show("monitors.yaml", yaml)).containsExactly("COMMENT:# monitors", "KEY:tables", "KEY:table",
        "STRING:lab22.orders", "KEY:hours", "NUMBER:2", "KEY:label", "STRING:'late'", "KEY:on", "LITERAL:true");
    assertThat(show("plan.md", "# title")).isEmpty();
  }
}
