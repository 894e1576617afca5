package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading diagrams (PlantUML text) and documents (Markdown with front matter) for the checks. */
class DiagramAndDocumentTest {

  @TempDir Path dir;

  @Test
  void plantUmlElementsAliasesAndArrowsAreRead() {
    Diagram d = Diagram.parse("""
        @startuml
        ' a comment
        database "Object storage" as storage
        component delta as "Delta Lake"
        [dbt models] as dbt
        actor BI
        storage --> delta : files
        delta -down-> dbt
        dbt ..> BI
        BI <-- [Airflow]
        @enduml
        """);
    assertThat(d.elements()).containsExactly("Object storage", "Delta Lake", "dbt models", "BI", "Airflow");
    assertThat(d.flows()).extracting(Diagram.Flow::from).containsExactly("Object storage", "Delta Lake", "dbt models", "Airflow");
    assertThat(d.flows().get(0).label()).isEqualTo("files");
    assertThat(d.reaches(Set.of("Object storage"), Set.of("BI"))).isTrue();
    assertThat(d.reaches(Set.of("BI"), Set.of("Object storage"))).isFalse();
    assertThat(d.find(java.util.List.of("airflow", "orchestrat"))).isEqualTo("Airflow");
  }

  @Test
  void documentsHaveFieldsSectionsCitationsClaimsLinksAndQuotes() {
    Documents.Doc doc = Documents.parse("""
        ---
        title: "My checklist"
        author:
        ---
        # Heading about reproducible things

        ## Reproducible
        <!-- a prompt that does not count -->
        The input is reproducible [evidence: table s.t@v3].

        ## Monitored
        Everything is monitored.
        See [the docs](https://docs.delta.io/latest/) and https://example.com/x. and [bad](www.nope).

        > a sentence from my notes
        """);
    assertThat(doc.frontMatter()).containsEntry("title", "My checklist").containsEntry("author", "");
    assertThat(doc.section("reproducible")).isEqualTo("The input is reproducible [evidence: table s.t@v3].");
    assertThat(doc.citations()).extracting(Documents.Citation::kind, Documents.Citation::argument)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("table", "s.t@v3"));
    assertThat(doc.claimsWithoutEvidence()).hasSize(1).allMatch(c -> c.contains("monitored"));
    assertThat(doc.links()).containsExactly("https://docs.delta.io/latest/", "www.nope", "https://example.com/x");
    assertThat(doc.links()).filteredOn(Documents::wellFormed).hasSize(2);
    assertThat(doc.quotes()).containsExactly("a sentence from my notes");
  }

  @Test
  void everyChangedSaveIsKeptAsAVersion() throws Exception {
    Path f = dir.resolve("work/day-14/checklist.md");
    assertThat(Documents.save(f, "one")).isEqualTo(1);
    assertThat(Documents.keep(f)).isEqualTo(1);
    assertThat(Documents.save(f, "two")).isEqualTo(2);
    assertThat(Documents.versions(f)).extracting(p -> p.getFileName().toString()).containsExactly("checklist.1.md", "checklist.2.md");
    assertThat(Files.readString(Documents.versions(f).get(0))).isEqualTo("one");
  }
}
