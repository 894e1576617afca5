package dev.lakehouse.workbench.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecapServiceTest {

  @TempDir Path dir;

  @Test
  void labDaysAreVerifiedByPassingChecksAndTheOtherDayByItsNote() {
    try (RecapFixture f = new RecapFixture(dir)) {
      Recap r = f.service.build(RecapScope.week(1));

      assertThat(r.days()).hasSize(7);
      assertThat(r.day(1).verified().basis()).isEqualTo(VerifiedDay.Basis.LAB_CHECKS);
      assertThat(r.day(1).verified().on()).isEqualTo(LocalDate.of(2025, 3, 3));
      assertThat(r.day(2).verified().on()).isEqualTo(LocalDate.of(2025, 3, 4));
      assertThat(r.day(3).verified().basis()).isEqualTo(VerifiedDay.Basis.ARTIFACT);
      assertThat(r.day(4).verified()).isNull();
      assertThat(r.doneCount()).isEqualTo(3);
      assertThat(r.streak()).isEqualTo(new Streak(3, 3, 3, java.util.List.of()));
    }
  }

  @Test
  void theFirstPassingCheckIsTheEvidenceEvenAfterAFailedOne() {
    try (RecapFixture f = new RecapFixture(dir)) {
      RecapDay day1 = f.service.build(RecapScope.week(1)).day(1);
      assertThat(day1.evidence()).singleElement().satisfies(e -> {
        assertThat(e.passed()).isTrue();
        assertThat(e.tables()).singleElement().extracting(TableEvidence::version).isEqualTo(1L);
      });
    }
  }

  @Test
  void timeSpentCountsGapsUpToThirtyMinutesAndIgnoresLongerBreaks() {
    try (RecapFixture f = new RecapFixture(dir)) {
      Recap r = f.service.build(RecapScope.week(1));
      // day 1: 08:00 -> 08:20 -> 08:40 -> 08:50 -> 08:52 -> 08:53 -> 08:55 -> 09:05 = 65 min
      assertThat(r.day(1).timeSpent()).isEqualTo(Duration.ofMinutes(65));
      // day 2: 19:00 -> 19:30 -> 19:40 = 40 min; day 4: 07:00 then a 30 min gap to the blog draft (day 0 -> day 4)
      assertThat(r.day(2).timeSpent()).isEqualTo(Duration.ofMinutes(40));
      assertThat(r.day(4).timeSpent()).isEqualTo(Duration.ofMinutes(30));
    }
  }

  @Test
  void aWeekWithoutActivityStillExportsEveryDayAsNotStarted() {
    try (RecapFixture f = new RecapFixture(dir)) {
      Recap r = f.service.build(RecapScope.week(5));
      assertThat(r.days()).extracting(RecapDay::day).containsExactly(29, 30);
      assertThat(r.doneCount()).isZero();
      assertThat(r.activity()).isEmpty();
      assertThat(r.blogDrafts()).isEmpty();
    }
  }
}
