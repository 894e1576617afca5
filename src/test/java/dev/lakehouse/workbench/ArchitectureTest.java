package dev.lakehouse.workbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** The allowed arrows between the parts (docs/ARCHITECTURE.md). */
@AnalyzeClasses(packages = "dev.lakehouse.workbench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule javafxOnlyInAppAndUi = noClasses()
      .that().resideOutsideOfPackages("..workbench.app..", "..workbench.ui..", "..ui..")
      .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "org.fxmisc..")
      .because("only app, ui and *.ui may touch the toolkit; everything else is plain Java");

  @ArchTest
  static final ArchRule jdbcOnlyInProgress = noClasses()
      .that().resideOutsideOfPackages("..workbench.progress..", "..workbench.lake..", "..workbench.sql..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.h2..")
      .because("app state lives behind ProgressStore; only the lake talks to DuckDB");

  @ArchTest
  static final ArchRule h2OnlyInProgress = noClasses()
      .that().resideOutsideOfPackage("..workbench.progress..")
      .should().dependOnClassesThat().resideInAnyPackage("org.h2..")
      .because("H2 is the progress store's implementation detail");

  @ArchTest
  static final ArchRule deltaOnlyInLake = noClasses()
      .that().resideOutsideOfPackage("..workbench.lake..")
      .should().dependOnClassesThat().resideInAnyPackage("io.delta..", "org.apache.hadoop..")
      .because("the Delta library can change in one place");

  @ArchTest
  static final ArchRule partsDoNotReachIntoTheApp = noClasses()
      .that().resideOutsideOfPackage("..workbench.app..")
      .should().dependOnClassesThat().resideInAPackage("..workbench.app..")
      .because("app wires the parts; the parts never call back into it");

  @ArchTest
  static final ArchRule progressDoesNotKnowTheCurriculum = noClasses()
      .that().resideInAPackage("..workbench.progress..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.curriculum..", "..workbench.lab..", "..workbench.recap..")
      .because("the store is the bottom layer");

  @ArchTest
  static final ArchRule sparkGrammarOnlyInSql = noClasses()
      .that().resideOutsideOfPackage("..workbench.sql..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.antlr..")
      .because("Spark's parser is the sql part's implementation detail (decision 0011)");

  @ArchTest
  static final ArchRule qualityKnowsOnlyTheLake = noClasses()
      .that().resideInAPackage("..workbench.quality..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.lab..", "..workbench.sql..",
          "..workbench.progress..", "..workbench.recap..", "..workbench.curriculum..")
      .because("quality is plain Java over the public Lake API");

  @ArchTest
  static final ArchRule labReachesQualityOnlyThroughItsAdapter = noClasses()
      .that().resideInAPackage("..workbench.lab..").and().resideOutsideOfPackage("..workbench.lab.internal..")
      .should().dependOnClassesThat().resideInAPackage("..workbench.quality..")
      .because("labs own the LabQuality port; lab.internal adapts it");

  @ArchTest
  static final ArchRule theLakeApiNamesNoImplementation = noClasses()
      .that().resideInAPackage("dev.lakehouse.workbench.lake")
      .should().dependOnClassesThat().resideInAPackage("..workbench.lake.internal..")
      .because("the implementation is found through LakeEngine (a ServiceLoader), so Lake and LocalLake form no cycle");

  @ArchTest
  static final ArchRule icebergOnlyInLake = noClasses()
      .that().resideOutsideOfPackage("..workbench.lake..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.iceberg..", "org.apache.parquet..", "org.apache.avro..")
      .because("the Iceberg metadata beside Delta tables is the lake's implementation detail (decision 0033)");

  @ArchTest
  static final ArchRule plantUmlOnlyInLab = noClasses()
      .that().resideOutsideOfPackage("..workbench.lab")
      .should().dependOnClassesThat().resideInAPackage("net.sourceforge.plantuml..")
      .because("one class draws diagrams (lab.DiagramPicture, decision 0035); views show its PNG");

  @ArchTest
  static final ArchRule sqlDoesNotKnowGovernance = noClasses()
      .that().resideInAnyPackage("..workbench.sql..", "..workbench.lake..")
      .should().dependOnClassesThat().resideInAPackage("..workbench.governance..")
      .because("governance sees statements through sql.StatementHook, which the app wires (decision 0029)");

  @ArchTest
  static final ArchRule governanceKnowsSqlLakeAndCommon = noClasses()
      .that().resideInAPackage("..workbench.governance..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.lab..", "..workbench.progress..",
          "..workbench.recap..", "..workbench.curriculum..", "..workbench.quality..")
      .because("governance is plain Java over sql's hook and the lake");

  @ArchTest
  static final ArchRule openLineageOnlyInGovernance = noClasses()
      .that().resideOutsideOfPackage("..workbench.governance..")
      .should().dependOnClassesThat().resideInAPackage("io.openlineage..")
      .because("run events are governance's implementation detail (decision 0039)");

  @ArchTest
  static final ArchRule pipelineDagKnowsOnlyTheLakeSqlAndQuality = noClasses()
      .that().resideInAPackage("..workbench.pipeline.dag..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.app..", "..workbench.ui..", "..workbench.progress..",
          "..workbench.lab..", "..workbench.recap..", "..workbench.curriculum..", "javafx..")
      .because("the DAG engine is plain Java over the lake, SqlSession and the quality part");

  @ArchTest
  static final ArchRule pipelineDbtKnowsOnlyTheLakeAndSql = noClasses()
      .that().resideInAPackage("..workbench.pipeline.dbt..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.app..", "..workbench.ui..", "..workbench.progress..",
          "..workbench.lab..", "..workbench.recap..", "..workbench.curriculum..", "javafx..")
      .because("dbt projects are plain Java over the lake and SqlSession");

  @ArchTest
  static final ArchRule pipelineUiShowsOnlyTheLakeSqlAndThePipeline = noClasses()
      .that().resideInAPackage("..workbench.pipeline.ui..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.progress..", "..workbench.lab..",
          "..workbench.recap..", "..workbench.curriculum..", "..workbench.quality..")
      .because("the dbt project pane shows a project's files and runs; the app wires it in");

  @ArchTest
  static final ArchRule pipelineCiKnowsOnlyCommon = noClasses()
      .that().resideInAPackage("..workbench.pipeline.ci..")
      .should().dependOnClassesThat().resideInAnyPackage("..workbench.app..", "..workbench.ui..", "..workbench.progress..",
          "..workbench.lab..", "..workbench.lake..", "..workbench.sql..", "..workbench.pipeline.dbt..", "javafx..")
      .because("CI runs steps through the app's command dispatcher (WorkbenchCommands), never the parts themselves");

  @ArchTest
  static final ArchRule jgitOnlyInPipelineCi = noClasses()
      .that().resideOutsideOfPackage("..workbench.pipeline.ci..")
      .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
      .because("one class speaks git (pipeline.ci.GitRepo, decision 0046)");

  @ArchTest
  static final ArchRule theLakeCommandsStayInsideTheLake = classes()
      .that().resideInAPackage("..workbench.lake.internal..")
      .and().doNotHaveSimpleName("LocalLake").and().doNotHaveSimpleName("LocalLakeEngine")
      .should().onlyHaveDependentClassesThat().resideInAPackage("..workbench.lake.internal..")
      .because("LocalLake is a facade over the commands, the scan planner, the writer and the committer (docs/ARCHITECTURE.md)");

  @ArchTest
  static final ArchRule thePartsFormNoCycle = slices().matching("dev.lakehouse.workbench.(*)..")
      .should().beFreeOfCycles()
      .because("the diagram in docs/ARCHITECTURE.md points one way: app, then the features, then common");

  @ArchTest
  static final ArchRule eachInternalPackageServesOnlyItsPartAndTheApp = classes()
      .should(new ArchCondition<JavaClass>(
          "not depend on another part's internal package (only the part itself and app may)") {
        @Override
        public void check(JavaClass origin, ConditionEvents events) {
          String from = part(origin.getPackageName());
          for (Dependency d : origin.getDirectDependenciesFromSelf()) {
            String target = d.getTargetClass().getPackageName();
            int at = target.indexOf(".internal");
            if (!target.startsWith("dev.lakehouse.workbench.") || at < 0 || from.equals("app")) {
              continue;
            }
            String owner = part(target.substring(0, at));
            if (!owner.equals(from)) {
              events.add(SimpleConditionEvent.violated(d, d.getDescription()));
            }
          }
        }
      })
      .because("a part's internal package is its own implementation; app alone wires implementations in");

  /** The top-level part a package belongs to: {@code dev.lakehouse.workbench.lab.ui} is {@code lab}. */
  static String part(String packageName) {
    String rest = packageName.startsWith("dev.lakehouse.workbench.") ? packageName.substring("dev.lakehouse.workbench.".length()) : "";
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @ArchTest
  static final ArchRule duckDbOnlyInTheLake = noClasses()
      .that().resideOutsideOfPackage("..workbench.lake..")
      .should().dependOnClassesThat().resideInAPackage("org.duckdb..")
      .because("DuckDB is the lake's engine; everything else runs SQL through SqlSession or the Lake API");
}
