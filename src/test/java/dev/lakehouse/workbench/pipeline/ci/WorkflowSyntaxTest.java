package dev.lakehouse.workbench.pipeline.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every workflow the workbench gives a learner would be accepted by GitHub Actions as written: it is
 * checked against the keys and value forms of GitHub's documented workflow syntax
 * ({@code github-actions/workflow-syntax.schema.json}, written from that documentation), and so is
 * a workflow using every key the local runner supports. The schema is shown to refuse the mistakes
 * the documentation rules out, so a pass means something.
 */
class WorkflowSyntaxTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", "."));
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = WorkflowSyntaxTest.class.getResourceAsStream("/github-actions/workflow-syntax.schema.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
    }
  }

  static List<String> violations(String workflowYaml) throws IOException {
    JsonNode doc = YAML.readTree(workflowYaml);
    return schema.validate(doc).stream().map(Error::toString).toList();
  }

  /** The starter and solution of every {@code .github/workflows/*.yml} file a lab writes. */
  @SuppressWarnings("unchecked")
  static List<String> shippedWorkflows() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(PROJECT.resolve("labs"))) {
      for (Path lab : s.map(d -> d.resolve("lab.yaml")).filter(Files::isRegularFile).sorted().toList()) {
        Map<String, Object> y = new org.yaml.snakeyaml.Yaml().load(Files.readString(lab, StandardCharsets.UTF_8));
        for (Object f : (List<Object>) y.getOrDefault("files", List.of())) {
          Map<String, Object> file = (Map<String, Object>) f;
          if (String.valueOf(file.get("path")).matches(".*\\.github/workflows/[^/]+\\.ya?ml")) {
            out.add(String.valueOf(file.get("starter")));
            out.add(String.valueOf(file.get("solution")));
          }
        }
      }
    }
    return out;
  }

  @Test
  void theWorkflowsTheLabsShipFollowGitHubsSyntaxAndRunLocally() throws IOException {
    List<String> shipped = shippedWorkflows();
    assertThat(shipped).hasSizeGreaterThanOrEqualTo(2);
    for (String text : shipped) {
      assertThat(violations(text)).as(text).isEmpty();
      assertThat(Workflow.parse("ci.yml", text).jobs()).isNotEmpty();
    }
    assertThat(violations(WorkflowTest.CI)).isEmpty();
  }

  @Test
  void theWorkflowsTheLessonsShowFollowGitHubsSyntax() throws IOException {
    Pattern block = Pattern.compile("(?ms)^```ya?ml[^\\n]*\\n(.*?)^```");
    int seen = 0;
    try (Stream<Path> s = Files.list(PROJECT.resolve("curriculum"))) {
      for (Path lesson : s.filter(p -> p.getFileName().toString().matches("day-\\d\\d-.*\\.md")).sorted().toList()) {
        Matcher m = block.matcher(Files.readString(lesson, StandardCharsets.UTF_8));
        while (m.find()) {
          if (m.group(1).contains("runs-on:") && m.group(1).contains("jobs:")) {
            seen++;
            assertThat(violations(m.group(1))).as(lesson.getFileName() + ":\n" + m.group(1)).isEmpty();
          }
        }
      }
    }
    assertThat(seen).as("workflow blocks in the lessons").isPositive();
  }

  @Test
  void everyKeyTheLocalRunnerSupportsIsGitHubSyntax() throws IOException {
    String everything = """
        name: all-supported-keys
        on:
          pull_request:
            branches: [main, 'release/**']
          push:
          workflow_dispatch:
        jobs:
          build_and_test-1:
            name: Build and test
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  fetch-depth: 0
              - name: Build what changed
                run: |
                  workbench dbt build --select state:modified+ --state ./main-artifacts
          _second:
            runs-on: ubuntu-latest
            steps:
              - run: workbench dbt test
        """;
    assertThat(Workflow.parse("ci.yml", everything).jobs()).hasSize(2);
    assertThat(violations(everything)).isEmpty();
    assertThat(violations("on: [push, pull_request]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n")).isEmpty();
  }

  @Test
  void theMistakesTheDocumentationRulesOutAreRefused() throws IOException {
    String ok = WorkflowTest.CI;
    // a job id must start with a letter or _ and hold only letters, digits, - and _
    assertThat(violations(ok.replace("  build:\n", "  1 build:\n"))).isNotEmpty();
    // a job that calls no reusable workflow needs runs-on
    assertThat(violations(ok.replace("    runs-on: ubuntu-latest\n", ""))).isNotEmpty();
    // a step either runs a command or uses an action, never both
    assertThat(violations(ok.replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n        run: ls\n"))).isNotEmpty();
    // an action is owner/repo@ref (or ./path, or docker://image)
    assertThat(violations(ok.replace("actions/checkout@v4", "actions/checkout"))).isNotEmpty();
    // 'with' passes inputs to an action, not to a command
    assertThat(violations(ok.replace("        run: |\n", "        with: {a: b}\n        run: |\n"))).isNotEmpty();
    // events are GitHub's own names; branches and branches-ignore exclude each other
    assertThat(violations(ok.replace("  pull_request:\n", "  pull-request:\n"))).isNotEmpty();
    String both = ok.replace("    branches: [main]\n", "    branches: [main]\n    branches-ignore: [wip]\n");
    assertThat(violations(both)).as(both).isNotEmpty();
    // a workflow needs on: and jobs:, and has no other top-level keys than the documented ones
    assertThat(violations("jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: y\n")).isNotEmpty();
    assertThat(violations(ok + "job:\n  x: 1\n")).isNotEmpty();
  }
}
