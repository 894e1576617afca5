package dev.lakehouse.workbench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.quality.internal.OdcsSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contracts are held to the Open Data Contract Standard's published JSON Schema (v3.1.0): the
 * standard's own examples pass it, so do the contracts our labs ship, and a contract breaking it is
 * refused in one line naming the field.
 */
class OdcsSchemaTest {

  static final Path PROJECT = Path.of(System.getProperty("workbench.project.dir", "."));

  static List<Path> standardExamples() throws IOException {
    try (Stream<Path> s = Files.list(PROJECT.resolve("src/test/resources/odcs-examples"))) {
      return s.filter(p -> p.toString().endsWith(".odcs.yaml")).sorted().toList();
    }
  }

  /** The starter and solution texts of every {@code *.odcs.yaml} file the labs give the learner. */
  @SuppressWarnings("unchecked")
  static List<String> shippedContracts() throws IOException {
    List<String> out = new java.util.ArrayList<>();
    try (Stream<Path> s = Files.list(PROJECT.resolve("labs"))) {
      for (Path lab : s.map(d -> d.resolve("lab.yaml")).filter(Files::isRegularFile).sorted().toList()) {
        java.util.Map<String, Object> y = new org.yaml.snakeyaml.Yaml().load(Files.readString(lab, StandardCharsets.UTF_8));
        for (Object f : (List<Object>) y.getOrDefault("files", List.of())) {
          java.util.Map<String, Object> file = (java.util.Map<String, Object>) f;
          if (String.valueOf(file.get("path")).endsWith(".odcs.yaml")) {
            out.add(String.valueOf(file.get("starter")));
            out.add(String.valueOf(file.get("solution")));
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("standardExamples")
  void theStandardsOwnExamplesPassItsSchema(Path example) throws IOException {
    assertThat(OdcsSchema.firstViolation(Files.readString(example, StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void theContractsTheLabsShipPassTheSchemaAndParse() throws IOException {
    List<String> shipped = shippedContracts();
    assertThat(shipped).hasSizeGreaterThanOrEqualTo(2);
    for (String text : shipped) {
      assertThat(OdcsSchema.firstViolation(text)).as(text).isEmpty();
      DataContract.parse(text, "shipped.odcs.yaml");
    }
  }

  @Test
  void theContractsTheLessonsShowPassTheSchema() throws IOException {
    java.util.regex.Pattern block = java.util.regex.Pattern.compile("(?ms)^```yaml[^\\n]*\\n(.*?)^```");
    int seen = 0;
    try (Stream<Path> s = Files.list(PROJECT.resolve("curriculum"))) {
      for (Path lesson : s.filter(p -> p.getFileName().toString().matches("day-\\d\\d-.*\\.md")).sorted().toList()) {
        java.util.regex.Matcher m = block.matcher(Files.readString(lesson, StandardCharsets.UTF_8));
        while (m.find()) {
          if (m.group(1).contains("kind: DataContract")) {
            seen++;
            assertThat(OdcsSchema.firstViolation(m.group(1))).as(lesson.getFileName().toString()).isEmpty();
          }
        }
      }
    }
    assertThat(seen).isPositive();
  }

  @Test
  void aContractBreakingTheSchemaIsRefusedInOneLineNamingTheField() {
    String ok = """
        apiVersion: v3.1.0
        kind: DataContract
        id: orders
        version: 1.0.0
        status: active
        schema:
          - name: orders
            physicalName: shop.orders
            properties:
              - name: order_id
                logicalType: integer
        """;
    assertThat(OdcsSchema.firstViolation(ok)).isEmpty();
    DataContract.parse(ok, "ok.yaml");

    assertThatThrownBy(() -> DataContract.parse(ok.replace("version: 1.0.0\n", ""), "c.yaml"))
        .isInstanceOf(WorkbenchException.class)
        .hasMessageContaining("c.yaml, field version").hasMessageContaining("JSON Schema").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> DataContract.parse(ok.replace("status: active", "status: [active]"), "c.yaml"))
        .hasMessageContaining("field status").hasMessageContaining("string");
    assertThatThrownBy(() -> DataContract.parse(ok + "slaProperties:\n  - value: 2\n", "c.yaml"))
        .hasMessageContaining("field slaProperties[0].property");
  }
}
