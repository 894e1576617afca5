package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnSemicolonsOutsideQuotesAndComments() {
    String script = "-- a comment; not a split\nSELECT 'a;b' AS x;\n\nINSERT INTO s.t VALUES (1); -- trailing\n";
    assertThat(SqlScript.split(script)).extracting(SqlScript.Statement::text)
        .containsExactly("-- a comment; not a split\nSELECT 'a;b' AS x", "INSERT INTO s.t VALUES (1)");
  }

  @Test
  void findsTheStatementUnderTheCaret() {
    String script = "SELECT 1;\nSELECT 2;\nSELECT 3";
    assertThat(SqlScript.at(script, script.indexOf("2")).orElseThrow().text()).isEqualTo("SELECT 2");
    assertThat(SqlScript.at(script, script.length()).orElseThrow().text()).isEqualTo("SELECT 3");
    assertThat(SqlScript.at("-- only a comment", 3)).isEmpty();
  }
}
