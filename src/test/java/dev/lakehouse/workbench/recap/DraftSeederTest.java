package dev.lakehouse.workbench.recap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.workbench.curriculum.Curriculum;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DraftSeederTest {

  @TempDir Path dir;

  private DraftSeeder seeder(RecapFixture f) {
    return new DraftSeeder(Curriculum.load(RecapFixture.projectDir().resolve("curriculum")), f.store, f.service);
  }

  @Test
  void aLinkedInSeedCarriesThePromptAndTheRecordedLabEvidenceAndNote() {
    try (RecapFixture f = new RecapFixture(dir)) {
      String seed = seeder(f).linkedin(1);

      assertThat(seed).startsWith("Why the Lakehouse paradigm is the foundation for AI-native data platforms")
          .contains("Day 1 of my 30-day Lakehouse plan: Why the Lakehouse?\n")
          .contains("- Lab day-01-first-lake: 3 of 3 checks passed")
          .contains("- Table demo.orders at version 1 (CREATE TABLE, WRITE)")
          .contains("What I took away:\nLearned why the lakehouse keeps one copy");
    }
  }

  @Test
  void aDayWithoutRecordedWorkGetsNoClaimsOfWork() {
    try (RecapFixture f = new RecapFixture(dir)) {
      String seed = seeder(f).linkedin(5);

      assertThat(seed).contains("Day 5 of my 30-day Lakehouse plan: Governance with Unity Catalog")
          .doesNotContain("checks passed", "Table ", "What I took away");
    }
  }

  @Test
  void aBlogSeedListsEachDayOfTheWeekWithWhatWasDone() {
    try (RecapFixture f = new RecapFixture(dir)) {
      String seed = seeder(f).blog(1);

      assertThat(seed).contains("## Day 1: Why the Lakehouse?\n\nDone on 2025-03-03.")
          .contains("## Day 2: Delta Lake under the hood\n\nDone on 2025-03-04.\n\n- Lab day-02-acid-writes: 4 of 4 checks passed")
          .contains("## Day 4: Orchestrating batch ETL with Airflow\n\nNot done yet.")
          .contains("> dbt models are SELECT statements");
    }
  }
}
