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
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The services of one data directory, wired by hand. Created by the command line per run and by the
 * workbench once; parts are created on first use so a verb pays only for what it touches.
 */
public final class AppContext implements AutoCloseable {

  private final Path dataDir;
  private final Content content;
  private final Clock clock;
  // One lock per part, so the workbench can open the database while it reads the lessons.
  private final Part<ProgressStore> progress;
  private final Part<Curriculum> curriculum;
  private final Part<LessonRenderer> renderer;
  private final Part<Lake> lake;
  private final Part<LabCatalog> labCatalog;
  private final Part<LabService> labs;
  private final Part<RecapService> recap;

  private AppContext(Path dataDir, Content content, Clock clock) {
    this.dataDir = dataDir;
    this.content = content;
    this.clock = clock;
    this.progress = new Part<>(() -> ProgressStores.open(dataDir, clock));
    this.curriculum = new Part<>(() -> Curriculum.load(content.curriculum()));
    this.renderer = new Part<>(FlexmarkLessonRenderer::new);
    this.lake = new Part<>(() -> Lake.open(dataDir, java.util.List.of(content.assets())));
    this.labCatalog = new Part<>(() -> LabCatalog.load(content.labs()));
    this.labs = new Part<>(this::newLabServiceWithCommands);
    this.recap = new Part<>(() -> new RecapService(progress(), curriculum(), new EventLogLabEvidenceSource(progress()),
        new LabDocumentSource(dataDir.toAbsolutePath().normalize(), this::labCatalog),
        new LakeHealthSource(dataDir.toAbsolutePath().normalize(), this::lake, this::labCatalog), this::labInstalled, clock,
        ZoneId.systemDefault()));
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

  public ProgressStore progress() {
    return progress.get();
  }

  public Curriculum curriculum() {
    return curriculum.get();
  }

  public LessonRenderer renderer() {
    return renderer.get();
  }

  /** The learner's lake, {@code <dataDir>/lake}; queries may also read the content's assets. */
  public Lake lake() {
    return lake.get();
  }

  /** The labs of the content's {@code labs/} folder (a bad lab file is listed as a problem). */
  public LabCatalog labCatalog() {
    return labCatalog.get();
  }

  /** The lab service: one SQL session over the lake, recording into the progress store. */
  public LabService labs() {
    return labs.get();
  }

  /** Streaks, activity and recaps over this data dir's record, in the learner's time zone. */
  public RecapService recap() {
    return recap.get();
  }

  /**
   * Who confirms a statement that lets SQL reach a folder outside the lake (CREATE EXTERNAL
   * LOCATION): the workbench asks in a dialog; without one (the command line) the typed statement is
   * its own confirmation.
   */
  public void confirmFolderAccessWith(SqlSession.Confirmation c) {
    this.confirmation = c == null ? q -> true : c;
  }

  private volatile SqlSession.Confirmation confirmation = q -> true;

  private volatile String principal;

  /** Runs statements as this principal (null: the data folder's admin); call before the first statement. */
  public void actAs(String principal) {
    this.principal = principal;
  }

  /** Grants, audit and lineage of this data dir, for a session's statements (see {@code governance}). */
  public dev.lakehouse.workbench.governance.Governance governance(Lake lake) {
    return dev.lakehouse.workbench.governance.Governance.open(dataDir, lake, principal);
  }

  private volatile dev.lakehouse.workbench.governance.Governance labGovernance;

  /** A session whose statements are governed and whose writes' lineage is recorded (DAG and job runs). */
  public SqlSession governedSession() {
    SqlSession s = new SqlSession(lake());
    s.hook(governance(lake()));
    return s;
  }

  /** The users statements can run as (the learner first), from the data folder's policy. */
  public java.util.List<String> principals() {
    return dev.lakehouse.workbench.governance.Governance.principals(dataDir);
  }

  /** Who the lab's statements run as now. */
  public String actingAs() {
    var g = labGovernance;
    return g != null ? g.principal() : principal == null ? "learner" : principal;
  }

  private volatile java.util.function.Consumer<String> principalListener;

  /** Told who the lab's statements run as whenever it changes: the switch, or SET ROLE typed in the lab's SQL. */
  public void onPrincipalChange(java.util.function.Consumer<String> listener) {
    principalListener = listener;
    var g = labGovernance;
    if (g != null) {
      g.onPrincipalChange(listener);
    }
  }

  /** The lab's statements run as {@code who} from now on (as SET ROLE: the folder's admin only). */
  public void switchPrincipal(String who) {
    labs();
    labGovernance.actAs(who);
  }

  private LabService newLabService() {
    SqlSession session = new SqlSession(lake());
    labGovernance = governance(lake());
    labGovernance.onPrincipalChange(principalListener);
    session.hook(labGovernance);
    session.confirmWith(q -> confirmation.confirm(q));
    return new LabService(labCatalog(), new LakeLabLake(lake(), statement -> {
      java.util.List<StatementResult> results = session.execute(statement);
      StatementResult r = results.get(results.size() - 1);
      return new LabLake.Result(r.statement(), r.columns(), r.rows(), r.message());
    }, query -> {
      StatementResult r = session.query(query);
      return new LabLake.Result(r.statement(), r.columns(), r.rows(), r.message());
    }, session::cancel, this::queryAs, this::readShared), progress(), dataDir,
        new dev.lakehouse.workbench.lab.internal.QualityLabQuality(lake()));
  }

  /** The lab service, with the pipeline verbs its editor runs beside SQL (dbt, dag backfill, job run). */
  private LabService newLabServiceWithCommands() {
    LabService service = newLabService();
    service.usePipelineCommands(new dev.lakehouse.workbench.app.cli.LabPipelineCommands(this));
    return service;
  }

  /** A lab check's query as a principal (null: the folder's admin), in a session of its own. */
  private LabLake.Result queryAs(String principal, String query) {
    SqlSession s = new SqlSession(lake());
    s.hook(dev.lakehouse.workbench.governance.Governance.open(dataDir, lake(), principal));
    StatementResult r = s.query(query);
    return new LabLake.Result(r.statement(), r.columns(), r.rows(), r.message());
  }

  /** A lab check's read of a shared table as a recipient, from a sharing server on a free loopback port. */
  private LabLake.SharedRead readShared(String recipient, String share, String schema, String table) {
    var governance = dev.lakehouse.workbench.governance.Governance.open(dataDir, lake(), null);
    Path profile = governance.profiles().resolve(recipient + ".share");
    if (!recipient.matches("[A-Za-z0-9_-]{1,64}") || !Files.exists(profile)) {
      return new LabLake.SharedRead(0, "no profile file for recipient " + recipient + " (CREATE RECIPIENT writes it)", null);
    }
    var p = dev.lakehouse.workbench.governance.SharingClient.Profile.load(profile);
    try (var server = dev.lakehouse.workbench.governance.Sharing.serve(governance, lake(), 0)) {
      var read = dev.lakehouse.workbench.governance.SharingClient.read(server.endpoint(), p.bearerToken(), share, schema, table,
          lake(), lake().root().resolve(".sharing-downloads").resolve(java.util.UUID.randomUUID().toString()));
      try {
        Files.deleteIfExists(lake().root().resolve(".sharing-downloads")); // only when no other read is under way
      } catch (java.io.IOException e) {
        // another read still has its folder there
      }
      return new LabLake.SharedRead(read.status(), read.error(), read.rows() == null ? null
          : new LabLake.Result("shared " + share + "." + schema + "." + table, read.rows().columns(), read.rows().rows(), ""));
    }
  }

  /** A lab counts as installed when {@code labs/} has a folder or file named after it. */
  private boolean labInstalled(String labId) {
    Path labs = content.labs();
    return Files.isDirectory(labs.resolve(labId)) || Files.exists(labs.resolve(labId + ".yaml"))
        || Files.exists(labs.resolve(labId + ".md"));
  }

  private dev.lakehouse.workbench.governance.Sharing sharing;

  /**
   * Starts the Delta Sharing server for the folder's shares on 127.0.0.1, on the port recipients'
   * profiles name, and returns its endpoint (the running one's, if it is already up).
   */
  public synchronized String startSharing() {
    if (sharing == null) {
      var governance = dev.lakehouse.workbench.governance.Governance.open(dataDir, lake(), null);
      sharing = dev.lakehouse.workbench.governance.Sharing.serve(governance, lake(), governance.sharingPort());
    }
    return sharing.endpoint();
  }

  /** Stops the sharing server, if it runs; every request it answered is in the audit table after. */
  public synchronized void stopSharing() {
    if (sharing != null) {
      sharing.close();
      sharing = null;
    }
  }

  /** Closes the lake and the database if they were opened; a later call opens them again. */
  @Override
  public void close() {
    stopSharing();
    labs.clear();
    lake.take().ifPresent(Lake::close);
    recap.clear();
    progress.take().ifPresent(ProgressStore::close);
  }

  /** A part made on first use, under its own lock. */
  private static final class Part<T> {
    private final Supplier<T> make;
    private T value;

    Part(Supplier<T> make) {
      this.make = make;
    }

    synchronized T get() {
      if (value == null) {
        value = make.get();
      }
      return value;
    }

    synchronized Optional<T> take() {
      Optional<T> v = Optional.ofNullable(value);
      value = null;
      return v;
    }

    void clear() {
      take();
    }
  }
}
