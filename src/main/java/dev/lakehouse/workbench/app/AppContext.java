package dev.lakehouse.workbench.app;

import dev.lakehouse.workbench.curriculum.Curriculum;
import dev.lakehouse.workbench.curriculum.LessonRenderer;
import dev.lakehouse.workbench.curriculum.internal.FlexmarkLessonRenderer;
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
    recap = null;
    if (progress != null) {
      progress.close();
      progress = null;
    }
  }
}
