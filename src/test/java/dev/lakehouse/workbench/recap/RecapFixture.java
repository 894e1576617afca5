package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.progress.DraftKind;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.ProgressStores;
import dev.lakehouse.workbench.recap.internal.EventLogLabEvidenceSource;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * A fixed progress history in a real H2 store: days 1 and 2 done by their labs' checks, day 3 done
 * by its note, day 4 opened; lab checks logged the way the labs log them. The lab of day 3 is treated
 * as not installed, so day 3 falls under the artifact rule.
 */
final class RecapFixture implements AutoCloseable {

  static final String NOTE_1 = "Learned why the lakehouse keeps one copy: <b>bold claim</b> and <script>alert('x')</script> & more.\n"
      + "The transaction log lists the files of each version, so readers never see half a write. "
      + "I mapped my skills: SQL and dbt are strong, Airflow is ok, Unity Catalog is new to me and "
      + "I want to learn grants and lineage next week.";
  static final String NOTE_3 = "dbt models are SELECT statements with ref() between them; the DAG comes from those refs. "
      + "Tests are queries that return failing rows. Materializations decide view, table or incremental. "
      + "Today I wrote a staging model and a mart model and ran both with tests and docs generated locally.";

  final StepClock clock = new StepClock("2025-03-03T08:00:00Z");
  final ProgressStore store;
  final RecapService service;

  RecapFixture(Path dir) {
    store = ProgressStores.open(dir, clock);
    EventLogLabEvidenceSource labs = new EventLogLabEvidenceSource(store);
    Curriculum curriculum = Curriculum.load(projectDir().resolve("curriculum"));
    Set<String> installed = Set.of("day-01-first-lake", "day-02-acid-writes");
    service = new RecapService(store, curriculum, labs, installed::contains, clock, ZoneOffset.UTC);

    at("2025-03-03T08:00:00Z").markOpened(1);
    at("2025-03-03T08:20:00Z").saveNote(1, NOTE_1);
    at("2025-03-03T08:40:00Z").logEvent(EventLogLabEvidenceSource.KIND, 1, labs.detail(new LabEvidence(
        "day-01-first-lake", 1, null, 2, 3, List.of(new TableEvidence("demo.orders", 0, List.of("CREATE TABLE"))))));
    at("2025-03-03T08:50:00Z").logEvent(EventLogLabEvidenceSource.KIND, 1, labs.detail(new LabEvidence(
        "day-01-first-lake", 1, null, 3, 3, List.of(new TableEvidence("demo.orders", 1, List.of("CREATE TABLE", "WRITE"))))));
    at("2025-03-03T08:52:00Z").recordAnswer(1, "q1",
        "A transaction log kept next to the data files that records which files make up each version", true);
    at("2025-03-03T08:53:00Z").recordAnswer(1, "q2", "The warehouse cannot run SQL", false);
    at("2025-03-03T08:55:00Z").markDone(1);
    at("2025-03-03T09:05:00Z").saveDraft(DraftKind.LINKEDIN, 1, "Day 1 of 30: I built demo.orders, a Delta table at version 1.\n#Lakehouse <i>not html</i>");

    at("2025-03-04T19:00:00Z").markOpened(2);
    at("2025-03-04T19:30:00Z").logEvent(EventLogLabEvidenceSource.KIND, 2, labs.detail(new LabEvidence(
        "day-02-acid-writes", 2, null, 4, 4, List.of(new TableEvidence("demo.orders", 3, List.of("WRITE", "DELETE", "MERGE"))))));
    at("2025-03-04T19:40:00Z").markDone(2);

    at("2025-03-05T20:00:00Z").markOpened(3);
    at("2025-03-05T20:05:00Z").saveNote(3, NOTE_3);
    at("2025-03-05T20:10:00Z").markDone(3);

    at("2025-03-06T07:00:00Z").markOpened(4);
    at("2025-03-06T07:30:00Z").saveDraft(DraftKind.BLOG, 1, "# Week 1\n\nThree days in: one Delta table, four versions.");
    clock.set("2025-03-06T21:00:00Z");
  }

  private ProgressStore at(String instant) {
    clock.set(instant);
    return store;
  }

  static Path projectDir() {
    return Path.of(System.getProperty("workbench.project.dir", "."));
  }

  @Override
  public void close() {
    store.close();
  }
}
