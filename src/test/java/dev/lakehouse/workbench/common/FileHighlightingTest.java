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

  @Test
  void aDbtModelColoursEachJinjaTagWholeAndTheSqlAroundIt() {
    String model = "{{ config(materialized='table') }}\n{# staged #}\nselect order_id, 'x' as s from {{ ref('stg_orders') }}\n"
        + "{% if is_incremental() %} where id > 10 {% endif %}";
    assertThat(show("models/fct.sql", model)).containsExactly("JINJA:{{ config(materialized='table') }}", "COMMENT:{# staged #}",
        "KEYWORD:select", "STRING:'x'", "KEYWORD:as", "KEYWORD:from", "JINJA:{{ ref('stg_orders') }}",
        "JINJA:{% if is_incremental() %}", "KEYWORD:where", "NUMBER:10", "JINJA:{% endif %}");
    assertThat(show("models/open.sql", "select 1 from {{ ref('a')")).containsExactly("KEYWORD:select", "NUMBER:1", "KEYWORD:from", "STRING:'a'");
  }
}
