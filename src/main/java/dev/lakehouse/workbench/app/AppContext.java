package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.LessonRenderer;
import dev.lakehouse.workbench.curriculum.internal.FlexmarkLessonRenderer;
import dev.lakehouse.workbench.lab.LabCatalog;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.LabService;
import dev.lakehouse.workbench.lab.internal.LakeLabLake;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import dev.lakehouse.workbench.progress.ProgressStore;
import dev.lakehouse.workbench.progress.ProgressStores;
import dev.lakehouse.workbench.recap.RecapService;
import dev.lakehouse.workbench.recap.internal.EventLogLabEvidenceSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/**
 * The services of one data directory, wired by hand. Created by the command line per run and by the
 * workbench once; parts are created on first use so a verb pays only for what it touches.
 */
public final class AppContext implements AutoCloseable {

  private final Path dataDir;
  private final Content content;
  private final Clock clock;
  private ProgressStore progress;
  private Curriculum curriculum;
  private LessonRenderer renderer;
  private Lake lake;
  private LabCatalog labCatalog;
  private LabService labs;
  private RecapService recap;

  private AppContext(Path dataDir, Content content, Clock clock) {
    this.dataDir = dataDir;
    this.content = content;
    this.clock = clock;
  }

  public static AppContext open(Path dataDir) {
    return new AppContext(dataDir, Content.locate(dataDir), Clock.systemUTC());
  }

  public static AppContext open(Path dataDir, Content content, Clock clock) {
    return new AppContext(dataDir, content, clock);
  }

  public Path dataDir() {
    return dataDir;
  }

  public Content content() {
    return content;
  }

  public Clock clock() {
    return clock;
  }

  public synchronized ProgressStore progress() {
    if (progress == null) {
      progress = ProgressStores.open(dataDir, clock);
    }
    return progress;
  }

  public synchronized Curriculum curriculum() {
    if (curriculum == null) {
      curriculum = Curriculum.load(content.curriculum());
    }
    return curriculum;
  }

  public synchronized LessonRenderer renderer() {
    if (renderer == null) {
      renderer = new FlexmarkLessonRenderer();
    }
    return renderer;
  }

  /** The learner's lake, {@code <dataDir>/lake}; queries may also read the content's assets. */
  public synchronized Lake lake() {
    if (lake == null) {
      lake = Lake.open(dataDir, java.util.List.of(content.assets()));
    }
    return lake;
  }

  /** The labs of the content's {@code labs/} folder (a bad lab file is listed as a problem). */
  public synchronized LabCatalog labCatalog() {
    if (labCatalog == null) {
      labCatalog = LabCatalog.load(content.labs());
    }
    return labCatalog;
  }

  /** The lab service: one SQL session over the lake, recording into the progress store. */
  public synchronized LabService labs() {
    if (labs == null) {
      SqlSession session = new SqlSession(lake());
      labs = new LabService(labCatalog(), new LakeLabLake(lake(), statement -> {
        java.util.List<StatementResult> results = session.execute(statement);
        StatementResult r = results.get(results.size() - 1);
        return new LabLake.Result(r.statement(), r.columns(), r.rows(), r.message());
      }), progress());
    }
    return labs;
  }

  /** Streaks, activity and recaps over this data dir's record, in the learner's time zone. */
  public synchronized RecapService recap() {
    if (recap == null) {
      recap = new RecapService(progress(), curriculum(), new EventLogLabEvidenceSource(progress()),
          this::labInstalled, clock, ZoneId.systemDefault());
    }
    return recap;
  }

  /** A lab counts as installed when {@code labs/} has a folder or file named after it. */
  private boolean labInstalled(String labId) {
    Path labs = content.labs();
    return Files.isDirectory(labs.resolve(labId)) || Files.exists(labs.resolve(labId + ".yaml"))
        || Files.exists(labs.resolve(labId + ".md"));
  }

  @Override
  public synchronized void close() {
    if (lake != null) {
      lake.close();
      lake = null;
    }
    recap = null;
    if (progress != null) {
      progress.close();
      progress = null;
    }
  }
}
