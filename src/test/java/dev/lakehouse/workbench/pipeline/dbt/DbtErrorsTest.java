package dev.lakehouse.workbench.pipeline.dbt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is one line naming the file, the line and the fix. */
class DbtErrorsTest {

  @TempDir Path data;

  private void compile(Path proj) {
    try (Lake lake = Lake.open(data)) {
      new DbtRunner(DbtProject.read(proj), new SqlSession(lake), null, null);
    }
  }

  @Test
  void jinjaSyntaxError() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/marts/bad.sql", "select 1 as a\n{% if true %}\nfrom x\n");
    assertThatThrownBy(() -> compile(p)).isInstanceOf(WorkbenchException.class)
        .hasMessageStartingWith("models/marts/bad.sql line ").hasMessageContaining("Jinja syntax error")
        .hasMessageNotContaining("\n");
  }

  @Test
  void unknownMacro() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/marts/bad.sql", "select\n {{ to_cent('amount') }} as x from {{ ref('stg_orders') }}\n");
    assertThatThrownBy(() -> compile(p)).hasMessageStartingWith("models/marts/bad.sql line 2: unknown macro 'to_cent'")
        .hasMessageContaining("to_cents").hasMessageNotContaining("\n");
  }

  @Test
  void cycleInRefs() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/a.sql", "select * from {{ ref('b') }}");
    DbtFixture.write(p, "models/b.sql", "select * from {{ ref('a') }}");
    assertThatThrownBy(() -> compile(p)).hasMessageMatching("models/[ab]\\.sql: the refs form a cycle: (a -> b -> a|b -> a -> b)\\. Remove one ref.*");
  }

  @Test
  void refToAMissingModel() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/a.sql", "select * from {{ ref('stg_order') }}");
    assertThatThrownBy(() -> compile(p)).hasMessage(
        "models/a.sql: ref('stg_order') names no model, seed or snapshot. Create models/stg_order.sql or fix the name (did you mean 'stg_orders'?).");
  }

  @Test
  void yamlError() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/schema.yml", "models:\n  - name: stg_orders\n    columns:\n      - name: a\n     bad: [\n");
    assertThatThrownBy(() -> compile(p)).hasMessageStartingWith("models/schema.yml line ").hasMessageContaining("YAML error")
        .hasMessageNotContaining("\n");
  }

  @Test
  void undefinedNameIsAnError() throws Exception {
    Path p = DbtFixture.shop(data.resolve("dbt"));
    DbtFixture.write(p, "models/a.sql", "select {{ nope }} as x");
    assertThatThrownBy(() -> compile(p)).hasMessageStartingWith("models/a.sql line 1: unknown name 'nope'");
  }
}
