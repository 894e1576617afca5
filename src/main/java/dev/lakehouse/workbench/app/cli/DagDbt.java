package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.pipeline.dag.DbtRunner;
import dev.lakehouse.workbench.pipeline.dbt.DbtProject;
import dev.lakehouse.workbench.pipeline.dbt.Selector;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DAG's dbt task builds its selection with the workbench's own dbt (the {@code pipeline.dbt}
 * half): the same project, selection syntax and Delta commits as {@code dbt build --select ...}.
 */
final class DagDbt implements DbtRunner {

  private final SqlSession sql;

  DagDbt(SqlSession sql) {
    this.sql = sql;
  }

  @Override
  public Outcome build(Path projectDir, String select, Map<String, Object> vars) {
    DbtProject project = DbtProject.read(projectDir);
    // the profile's default target schema, as `dbt build` without --target reads it (none: dbt's default)
    var runner = new dev.lakehouse.workbench.pipeline.dbt.DbtRunner(project, sql, project.targetSchema(null),
        vars == null ? Map.of() : vars);
    List<String> selectors = select == null || select.isBlank() ? List.of() : List.of(select.trim().split("\\s+"));
    Set<String> selected = Selector.select(runner, selectors, List.of());
    List<String> lines = new ArrayList<>();
    boolean ok = true;
    for (var r : runner.run(dev.lakehouse.workbench.pipeline.dbt.DbtRunner.Command.build, selected, null)) {
      String name = r.uniqueId().substring(r.uniqueId().indexOf('.') + 1);
      lines.add(r.status().toUpperCase(java.util.Locale.ROOT) + " " + name + (r.message() == null ? "" : "  " + r.message()));
      ok &= r.status().equals("success") || r.status().equals("pass") || r.status().equals("warn");
    }
    if (selected.isEmpty()) {
      lines.add("the selection '" + select + "' picked no node of " + projectDir.getFileName());
      ok = false;
    }
    return new Outcome(ok, lines);
  }
}
