package dev.lakehouse.workbench.pipeline.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GitHub Actions subset the local runner accepts, and the git repository it checks out from. */
class WorkflowTest {

  static final String CI = """
      name: dbt-ci
      on:
        pull_request:
          branches: [main]
        push:
      jobs:
        build:
          name: Build and test
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - name: Slim CI
              run: |
                # what changed, and its children
                workbench dbt build --select state:modified+ \\
                  --state ./main-artifacts --defer --target ci
      """;

  @Test
  void theSupportedSubsetParsesWithOnReadAsAKeyNotABoolean() {
    Workflow w = Workflow.parse("ci.yml", CI);
    assertThat(w.name()).isEqualTo("dbt-ci");
    assertThat(w.baseBranches()).containsExactly("main");
    assertThat(w.jobs()).singleElement().satisfies(j -> {
      assertThat(j.name()).isEqualTo("Build and test");
      assertThat(j.steps()).extracting(Workflow.Step::label).containsExactly("actions/checkout@v4", "Slim CI");
    });
    assertThat(CiRunner.commandLines(w.jobs().get(0).steps().get(1).run()))
        .containsExactly("workbench dbt build --select state:modified+ --state ./main-artifacts --defer --target ci");
    assertThat(CiRunner.words("workbench ci commit -m 'Add country' --repo \"my repo\""))
        .containsExactly("workbench", "ci", "commit", "-m", "Add country", "--repo", "my repo");
  }

  @Test
  void anUnknownKeyIsOneLineNamingItAndWhatIsSupported() {
    String withEnv = CI.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      X: 1\n");
    assertThatThrownBy(() -> Workflow.parse("ci.yml", withEnv))
        .isInstanceOf(WorkbenchException.class)
        .hasMessageContaining("'jobs.build.env', which the local runner does not support")
        .hasMessageContaining("name, runs-on, steps")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> Workflow.parse("ci.yml", CI.replace("pull_request:\n    branches: [main]\n  push:\n", "push:\n")))
        .hasMessageContaining("does not run on pull_request");
    assertThatThrownBy(() -> Workflow.parse("ci.yml", CI.replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n        run: ls\n")))
        .hasMessageContaining("with both run: and uses:");
  }

  @Test
  void aCheckoutHasTheCommitsFilesOnlyNotTheWorkingTreesChanges(@TempDir Path dir) throws Exception {
    Path repo = dir.resolve("p");
    Files.createDirectories(repo.resolve("models"));
    Files.writeString(repo.resolve("models/a.sql"), "select 1 as x\n");
    Files.writeString(repo.resolve(".gitignore"), "target/\n");
    Files.createDirectories(repo.resolve("target"));
    Files.writeString(repo.resolve("target/run_results.json"), "{}");
    try (GitRepo g = GitRepo.init(repo, "Start")) {
      String main = g.head(GitRepo.MAIN);
      g.createBranch("change");
      Files.writeString(repo.resolve("models/a.sql"), "select 2 as x\n");
      String change = g.commitAll("Two");
      Files.writeString(repo.resolve("models/a.sql"), "select 3 as x\n");
      assertThat(g.isClean()).isFalse();
      g.checkout(change, dir.resolve("out"));
      assertThat(Files.readString(dir.resolve("out/models/a.sql"))).isEqualTo("select 2 as x\n");
      assertThat(dir.resolve("out/target")).doesNotExist();
      assertThat(dir.resolve("out/.git")).doesNotExist();
      assertThat(g.head(GitRepo.MAIN)).isEqualTo(main).isNotEqualTo(change);
      assertThatThrownBy(() -> g.switchTo(GitRepo.MAIN)).hasMessageContaining("uncommitted changes");
      assertThatThrownBy(() -> g.head("nope")).hasMessageContaining("the repository has ").hasMessageContaining("change");
    }
  }
}
