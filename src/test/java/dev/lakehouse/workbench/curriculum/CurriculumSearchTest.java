package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurriculumSearchTest {

  private final Curriculum curriculum = Curriculum.load(CurriculumFilesTest.CURRICULUM);
  private final CurriculumSearch search = new CurriculumSearch(curriculum);

  @Test
  void aTermInATitleRanksThatDayFirst() {
    List<CurriculumSearch.Hit> hits = search.search("vacuum", Map.of(), Map.of(), 10);
    assertThat(hits).isNotEmpty();
    assertThat(hits).extracting(CurriculumSearch.Hit::source).contains(CurriculumSearch.Source.LESSON);
  }

  @Test
  void notesAreSearchedToo() {
    List<CurriculumSearch.Hit> hits = search.search("zebrafish pipeline", Map.of(12, "my zebrafish pipeline idea"), Map.of(12, "Drift"), 10);
    assertThat(hits).singleElement().satisfies(h -> {
      assertThat(h.day()).isEqualTo(12);
      assertThat(h.source()).isEqualTo(CurriculumSearch.Source.NOTE);
      assertThat(h.snippet()).contains("zebrafish");
    });
  }

  @Test
  void everyTermMustOccur() {
    assertThat(search.search("delta qwxzyv", Map.of(), Map.of(), 10)).isEmpty();
    assertThat(search.search("   ", Map.of(), Map.of(), 10)).isEmpty();
  }

  @Test
  void snippetsArePlainTextAndShowTheMatch() {
    for (String term : List.of("optimize", "small files", "merge")) {
      List<CurriculumSearch.Hit> hits = search.search(term, Map.of(5, "# My **bold** note on OPTIMIZE"), Map.of(5, "Gov"), 30);
      assertThat(hits).as(term).isNotEmpty();
      for (CurriculumSearch.Hit h : hits) {
        assertThat(h.snippet()).as("day " + h.day()).doesNotContain("![", "**", "`", "](").doesNotStartWith("#")
            .containsIgnoringCase(CurriculumSearch.terms(term).get(0));
      }
    }
  }
}
