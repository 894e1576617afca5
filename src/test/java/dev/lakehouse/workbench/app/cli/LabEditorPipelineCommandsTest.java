package dev.lakehouse.workbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.lab.LabCatalog;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.LabFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dbt lab done without a terminal: the learner's files, then {@code dbt build ...} typed in the
 * lab's editor (here `lab run`, the same service the app's editor uses) counts as their own work.
 */
class LabEditorPipelineCommandsTest {

  @TempDir Path dataDir;

  @Test
  void aDbtBuildRunFromTheLabEditorBuildsTheProjectAndTheDayIsTheLearnersOwn() throws Exception {
    assertThat(CliRun.in(dataDir, "lab", "setup", "day-03-dbt-project").code()).isZero();
    LabDefinition lab = LabCatalog.load(Path.of(CliRun.PROJECT, "labs")).require("day-03-dbt-project");
    for (LabFile f : lab.files()) { // the learner writes what the reference solution has
      Path p = dataDir.resolve(f.path());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.solution());
    }

    Path script = Files.writeString(dataDir.resolve("editor.sql"),
        "-- the project, built from the editor\ndbt build --project work/day-03/shop_dbt;\nSELECT count(*) AS days FROM lab03.fct_daily_revenue;\n");
    CliRun build = CliRun.in(dataDir, "lab", "run", "day-03-dbt-project", "-f", script.toString());

    assertThat(build.code()).as(build.out() + build.err()).isZero();
    assertThat(build.out()).contains("PASS=").contains("days");
    CliRun check = CliRun.in(dataDir, "lab", "check", "day-03-dbt-project");
    assertThat(check.code()).as(check.out()).isZero();
    assertThat(check.out()).doesNotContain("applied");
  }

  @Test
  void aVerbTheEditorDoesNotRunIsOneLineSayingWhichForms() {
    assertThat(CliRun.in(dataDir, "lab", "setup", "day-04-airflow-dag").code()).isZero();

    CliRun run = CliRun.in(dataDir, "lab", "run", "day-04-airflow-dag", "dag runs;");

    assertThat(run.code()).isNotZero();
    assertThat((run.out() + run.err()).strip()).contains("cannot run 'dag runs' in the lab editor")
        .contains("dag backfill FILE --from DATE --to DATE").doesNotContain("Exception");
  }
}
