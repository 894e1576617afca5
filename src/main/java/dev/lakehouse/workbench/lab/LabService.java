package dev.lakehouse.workbench.lab;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.shop.ShopGenerator;
import dev.lakehouse.workbench.lab.shop.ShopSql;
import dev.lakehouse.workbench.progress.LabAttempt;
import dev.lakehouse.workbench.progress.LabAttempt.Kind;
import dev.lakehouse.workbench.progress.LabAttempt.Outcome;
import dev.lakehouse.workbench.progress.ProgressStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs labs against the learner's lake and records every step in the progress store: setup seeds
 * the lab's tables, run executes the learner's statements, check evaluates the checks and marks the
 * day done when they all pass, hint escalates or diagnoses, reset RESTOREs the seeded versions.
 */
public final class LabService {

  private static final String ERROR_MARK = "\n-- error: ";

  /**
   * The event each check logs for recaps, its detail
   * {@code {"lab":..,"passed":n,"total":n,"tables":[{"table":..,"version":n,"operations":[..]}]}}
   * (docs/decisions/0006-streaks-drafts-recaps.md).
   */
  public static final String CHECKED_EVENT = "lab.checked";

  /** The detail of the SOLUTION attempt that {@link #applySolution} records. */
  public static final String APPLIED = "applied";

  private final LabCatalog catalog;
  private final LabLake lake;
  private final ProgressStore progress;
  private final Scratchpad scratchpad;
  private final java.nio.file.Path dataDir;
  private final LabQuality quality;

  public LabService(LabCatalog catalog, LabLake lake, ProgressStore progress) {
    this(catalog, lake, progress, null, null);
  }

  /** A service whose labs may also check the learner's files under {@code dataDir} with the quality part. */
  public LabService(LabCatalog catalog, LabLake lake, ProgressStore progress, java.nio.file.Path dataDir,
      LabQuality quality) {
    this.catalog = catalog;
    this.lake = lake;
    this.progress = progress;
    this.scratchpad = new Scratchpad(lake, progress);
    this.dataDir = dataDir;
    this.quality = quality;
  }

  /** Every day's SQL scratchpad on the same lake. */
  public Scratchpad scratchpad() {
    return scratchpad;
  }

  /** Where a lab's file lives, or null when this service has no data folder. */
  public java.nio.file.Path filePath(LabFile f) {
    return dataDir == null ? null : dataDir.resolve(f.path()).normalize();
  }

  /**
   * Reads the text of a lab file as the lab's checks will (a suite, drift or detector settings,
   * monitors, a contract), without running anything: what it holds or its problem, in one line.
   * Null for a file no quality check reads, or without the quality part.
   */
  public LabQuality.FileReading readFile(LabDefinition lab, String path, String text) {
    if (quality == null) {
      return null;
    }
    for (Check c : lab.checks()) {
      String type = null;
      if (c instanceof Check.Suite s && s.file().equals(path)) {
        type = "suite";
      } else if (c instanceof Check.Drift d && d.file().equals(path)) {
        type = "drift";
      } else if (c instanceof Check.Detector d && d.file().equals(path)) {
        type = "detector";
      } else if (c instanceof Check.Monitors m && m.file().equals(path)) {
        type = "monitors";
      } else if (c instanceof Check.Contract k && k.file().equals(path)) {
        type = "contract";
      }
      if (type != null) {
        return quality.readFile(type, text, path);
      }
    }
    return null;
  }

  public LabCatalog catalog() {
    return catalog;
  }

  public LabLake lake() {
    return lake;
  }

  /** Whether setup has run for this lab in this data directory. */
  public boolean isSetUp(LabDefinition lab) {
    return !lab.tables().isEmpty() && progress.labSeeds(lab.id()).keySet().containsAll(lab.tables())
        && lab.tables().stream().allMatch(lake::exists);
  }

  /** Seeds the shop data and the lab's tables, drops the learner's tables, and remembers the seeded versions. */
  public Map<String, Long> setup(LabDefinition lab) {
    List<String> statements = new ArrayList<>();
    if (lab.setup().shop() != null) {
      statements.addAll(ShopSql.statements(new ShopGenerator(lab.setup().shop())));
    }
    for (String t : lab.learnerTables()) {
      statements.add("DROP TABLE IF EXISTS " + t);
    }
    List<String> after = new ArrayList<>();
    SqlScript.split(lab.setup().sql()).forEach(s -> after.add(s.text()));
    if (lab.setup().advance() > 0 && lab.setup().advanceInto() == null) {
      runSetup(lab, statements);
      statements.clear();
      advance(lab, new ShopFeed(lake), null);
    }
    statements.addAll(after);
    runSetup(lab, statements);
    if (lab.setup().advance() > 0 && lab.setup().advanceInto() != null) {
      advance(lab, new ShopFeed(lake, lab.setup().advanceInto()), lab.setup().landsAt());
    }
    runGovernance(lab, Kind.SETUP);
    writeFiles(lab, Kind.SETUP);
    startRepository(lab);
    Map<String, Long> seeds = new LinkedHashMap<>();
    for (String t : lab.tables()) {
      long v = lake.history(t).get(0).version();
      progress.recordLabSeed(lab.id(), t, v);
      seeds.put(t, v);
    }
    recordRecordBaselines(lab);
    record(lab, Kind.SETUP, Outcome.OK, seeds.toString(), List.of());
    progress.markOpened(lab.day());
    return seeds;
  }

  /** The tables governance appends to (audit, lineage): checks count their rows made since setup or reset. */
  static final List<String> RECORD_TABLES = List.of("access.audit", "access.table_lineage");

  /** Runs the lab's governance statements (setup and reset), which put grants, masks and shares back to the start. */
  private void runGovernance(LabDefinition lab, Kind kind) {
    for (SqlScript.Statement s : SqlScript.split(lab.setup().governance())) {
      try {
        lake.execute(s.text());
      } catch (RuntimeException e) {
        record(lab, kind, Outcome.ERROR, s.text() + ERROR_MARK + e.getMessage(), List.of());
        throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "the " + kind.name().toLowerCase(java.util.Locale.ROOT)
            + " of lab " + lab.id() + " failed", "statement '" + abbreviate(s.text()) + "' gave: " + e.getMessage(),
            "report it with the lab file " + lab.file());
      }
    }
  }

  /** The key under which setup and reset remember the newest kept CI run: ciRun checks count the runs after it. */
  public static final String CI_RUNS_BASELINE = "ci.runs";

  /**
   * Makes the lab's {@code setup.repo} folder a new git repository, its starter files the first commit
   * on main (the earlier attempt's history goes; its CI runs stay kept), and remembers the newest CI
   * run, so checks count only the runs after it (decision 0046).
   */
  private void startRepository(LabDefinition lab) {
    if (lab.setup().repo() == null) {
      return;
    }
    PipelineCommands c = commands != null ? commands : new PipelineCommands() {
      @Override
      public String run(String commandLine) {
        throw new UnsupportedOperationException(commandLine);
      }
    };
    c.startRepository(requireFiles(lab, new LabFile(lab.setup().repo(), "", "")), "Start of lab " + lab.id());
    progress.recordLabSeed(lab.id(), CI_RUNS_BASELINE, Check.CiRunCheck.newestRun(dataDir));
  }

  /** Remembers where the audit and lineage tables stand, so checks read only the events since now. */
  private void recordRecordBaselines(LabDefinition lab) {
    if (lab.setup().governance().isBlank()) {
      return;
    }
    for (String t : RECORD_TABLES) {
      progress.recordLabSeed(lab.id(), t, lake.exists(t) ? lake.history(t).get(0).version() : -1L);
    }
  }

  private void advance(LabDefinition lab, ShopFeed feed, java.time.LocalTime landsAt) {
    try {
      feed.advance(lab.setup().advance(), landsAt);
    } catch (RuntimeException e) {
      record(lab, Kind.SETUP, Outcome.ERROR, "shop advance" + ERROR_MARK + e.getMessage(), List.of());
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "the setup of lab " + lab.id() + " failed",
          "landing the shop's feed into " + feed.target() + " gave: " + e.getMessage(), "report it with the lab file " + lab.file());
    }
  }

  private void runSetup(LabDefinition lab, List<String> statements) {
    for (String s : statements) {
      try {
        lake.execute(s);
      } catch (RuntimeException e) {
        record(lab, Kind.SETUP, Outcome.ERROR, s + ERROR_MARK + e.getMessage(), List.of());
        throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "the setup of lab " + lab.id() + " failed",
            "statement '" + abbreviate(s) + "' gave: " + e.getMessage(), "report it with the lab file " + lab.file());
      }
    }
  }

  /**
   * Writes the starter of each of the lab's files (at setup and reset); text it replaces is kept in
   * the attempt history, so an earlier attempt is never lost.
   */
  private void writeFiles(LabDefinition lab, Kind kind) {
    for (LabFile f : lab.files()) {
      java.nio.file.Path p = requireFiles(lab, f);
      try {
        if (java.nio.file.Files.exists(p)) {
          String old = java.nio.file.Files.readString(p);
          if (!old.equals(f.starter())) {
            record(lab, kind, Outcome.OK, "replaced " + f.path() + ", which read:\n" + old, List.of());
          }
        }
        write(p, expand(f.starter()));
        if (p.getFileName().toString().endsWith(".md")) {
          Documents.keep(p);
        }
      } catch (java.io.IOException e) {
        throw fileError(p, e);
      }
    }
  }

  /** What document checks read from the progress store: passed labs and the learner's notes. */
  private LabRecords records() {
    return new LabRecords() {
      @Override
      public boolean labPassed(String labId) {
        return passedByLearner(labId);
      }

      @Override
      public Map<Integer, String> notes() {
        return progress.notes();
      }
    };
  }

  /** Whether a CHECK passed with the learner's own work: not after an applied solution, before the next setup or reset. */
  private boolean passedByLearner(String labId) {
    boolean applied = false;
    for (LabAttempt a : progress.labAttempts(labId)) {
      if ((a.kind() == Kind.SETUP || a.kind() == Kind.RESET) && a.outcome() == Outcome.OK) {
        applied = false;
      } else if (a.kind() == Kind.SOLUTION && APPLIED.equals(a.detail())) {
        applied = true;
      } else if (a.kind() == Kind.CHECK && a.outcome() == Outcome.PASS && !applied) {
        return true;
      }
    }
    return false;
  }

  /**
   * A template's {@code {{verified-labs}}} becomes the list of labs the learner passed with their own
   * work, each citing itself, so a recap starts from verified work only.
   */
  private String expand(String template) {
    if (!template.contains("{{verified-labs}}")) {
      return template;
    }
    StringBuilder list = new StringBuilder();
    for (LabDefinition other : catalog.labs()) {
      if (passedByLearner(other.id())) {
        list.append("- Day ").append(other.day()).append(": ").append(other.title())
            .append(" [evidence: lab ").append(other.id()).append("]\n");
      }
    }
    return template.replace("{{verified-labs}}", list.length() == 0 ? "- (no lab passed yet)\n" : list.toString());
  }

  private java.nio.file.Path requireFiles(LabDefinition lab, LabFile f) {
    if (dataDir == null) {
      throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "lab " + lab.id() + " needs a data folder",
          "its file " + f.path() + " lives there", "run it from the workbench or the command line, which have one");
    }
    return filePath(f);
  }

  private static void write(java.nio.file.Path p, String text) throws java.io.IOException {
    java.nio.file.Files.createDirectories(p.getParent());
    java.nio.file.Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
    java.nio.file.Files.writeString(tmp, text);
    java.nio.file.Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static WorkbenchException fileError(java.nio.file.Path p, java.io.IOException e) {
    return new WorkbenchException(WorkbenchException.Kind.FAILURE, "cannot write " + p,
        String.valueOf(e.getMessage()), "check that the data folder is writable");
  }

  /**
   * Writes the lab's reference files and runs its solution SQL, recorded as an applied solution: a
   * check after it reports as usual but never marks the day done nor counts as evidence for recaps.
   */
  public List<StatementOutcome> applySolution(LabDefinition lab) {
    requireSetUp(lab);
    record(lab, Kind.SOLUTION, Outcome.OK, APPLIED, List.of());
    for (LabFile f : lab.files()) {
      java.nio.file.Path p = requireFiles(lab, f);
      try {
        write(p, f.solution());
      } catch (java.io.IOException e) {
        throw fileError(p, e);
      }
    }
    // a statement the solution marks as failing on purpose (day 2's bad write) must fail, and the run
    // goes on after it; any other failure stops the run as usual
    List<StatementOutcome> out = new ArrayList<>();
    for (SqlScript.Statement s : SqlScript.split(lab.solution())) {
      boolean mustFail = s.text().toLowerCase(java.util.Locale.ROOT).contains("fails on purpose");
      List<StatementOutcome> one = run(lab, s.text());
      if (one.isEmpty()) {
        continue;
      }
      StatementOutcome o = one.get(0);
      if (mustFail && o.error() != null) {
        out.add(new StatementOutcome(o.statement(), null, o.error(), true));
        continue;
      }
      if (mustFail) {
        out.add(new StatementOutcome(o.statement(), null, "the statement the solution marks as failing on purpose ran",
            false));
        break;
      }
      out.add(o);
      if (o.failed()) {
        break;
      }
    }
    return out;
  }

  /** Whether the reference solution was applied since the last setup or reset. */
  public boolean solutionApplied(LabDefinition lab) {
    List<LabAttempt> attempts = progress.labAttempts(lab.id());
    boolean applied = false;
    for (LabAttempt a : attempts) {
      if ((a.kind() == Kind.SETUP || a.kind() == Kind.RESET) && a.outcome() == Outcome.OK) {
        applied = false;
      } else if (a.kind() == Kind.SOLUTION && APPLIED.equals(a.detail())) {
        applied = true;
      }
    }
    return applied;
  }

  /**
   * Follows a run: told after each statement, and asked before each one whether to stop (so a
   * cancelled run stops between statements, never inside one).
   */
  public interface RunListener {
    RunListener NONE = new RunListener() {};

    default boolean cancelled() {
      return false;
    }

    default void statementDone(int done, int total) {}
  }

  /** Runs the statements of a script in order, stopping at the first that fails. */
  public List<StatementOutcome> run(LabDefinition lab, String script) {
    return run(lab, script, RunListener.NONE);
  }

  /**
   * Runs the statements of a script in order, stopping at the first that fails or when the listener
   * says the run was cancelled; the outcomes of the statements that ran are returned.
   */
  public List<StatementOutcome> run(LabDefinition lab, String script, RunListener listener) {
    requireSetUp(lab);
    List<StatementOutcome> out = new ArrayList<>();
    List<SqlScript.Statement> statements = withCommandLines(script);
    for (SqlScript.Statement s : statements) {
      if (listener.cancelled()) {
        break;
      }
      try {
        String command = commandLine(s.text());
        LabLake.Result r = command == null ? lake.execute(s.text()) : runCommand(command);
        out.add(new StatementOutcome(s.text(), r, null));
        record(lab, Kind.RUN, Outcome.OK, s.text(), List.of());
      } catch (WorkbenchException e) {
        out.add(new StatementOutcome(s.text(), null, e.getMessage()));
        record(lab, Kind.RUN, Outcome.ERROR, s.text() + ERROR_MARK + e.getMessage(), List.of());
        listener.statementDone(out.size(), statements.size());
        break;
      }
      listener.statementDone(out.size(), statements.size());
    }
    return out;
  }

  /** The pipeline verbs this service runs from a lab's editor (the app sets them; null: none). */
  private PipelineCommands commands;

  public void usePipelineCommands(PipelineCommands commands) {
    this.commands = commands;
  }

  /**
   * The script's statements, where a line starting with a pipeline verb ({@code dbt build --select x})
   * is a statement of its own, ending at the line's end: its {@code --options} are not SQL comments.
   */
  static List<SqlScript.Statement> withCommandLines(String script) {
    List<SqlScript.Statement> out = new ArrayList<>();
    int sqlStart = 0;
    int pos = 0;
    while (pos <= script.length()) {
      int eol = script.indexOf('\n', pos);
      int end = eol < 0 ? script.length() : eol;
      String line = script.substring(pos, end);
      // only at a statement's boundary: the SQL before it is empty or ends with ';' (comments aside)
      String before = script.substring(sqlStart, pos).lines().filter(l -> !l.strip().startsWith("--"))
          .collect(java.util.stream.Collectors.joining("\n")).strip();
      if (PipelineCommands.LINE.matcher(line).matches() && (before.isEmpty() || before.endsWith(";"))) {
        for (SqlScript.Statement st : SqlScript.split(script.substring(sqlStart, pos))) {
          out.add(new SqlScript.Statement(st.text(), st.start() + sqlStart, st.end() + sqlStart));
        }
        out.add(new SqlScript.Statement(line.strip().replaceAll(";\\s*$", ""), pos, end));
        sqlStart = end;
      }
      if (eol < 0) {
        break;
      }
      pos = eol + 1;
    }
    for (SqlScript.Statement st : SqlScript.split(script.substring(sqlStart))) {
      out.add(new SqlScript.Statement(st.text(), st.start() + sqlStart, st.end() + sqlStart));
    }
    return out;
  }

  /** A statement that is a pipeline command line ({@code dbt build ...}), without its comment lines; else null. */
  static String commandLine(String statement) {
    String text = statement.lines().filter(l -> !l.strip().startsWith("--")).collect(java.util.stream.Collectors.joining(" ")).strip();
    return PipelineCommands.LINE.matcher(text).matches() ? text : null;
  }

  private LabLake.Result runCommand(String line) {
    if (commands == null) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "'" + abbreviate(line) + "' is a workbench command, not SQL",
          "this editor runs SQL only here", "run it in a terminal: java -jar lakehouse-workbench.jar " + abbreviate(line));
    }
    String printed = commands.run(line);
    return new LabLake.Result(line, List.of(), List.of(), printed.strip());
  }

  /** Stops the statement running now, from any thread, within a second; the run ends there. */
  public void cancelRunning() {
    lake.cancel();
  }

  /** Evaluates every check; when all pass the lab's day is marked done. */
  public LabReport check(LabDefinition lab) {
    requireSetUp(lab);
    CheckContext ctx = context(lab);
    List<CheckResult> results = lab.checks().stream().map(c -> c.safely(ctx)).toList();
    boolean passed = results.stream().allMatch(CheckResult::passed);
    String hint = null;
    boolean diagnosed = false;
    if (!passed) {
      String d = diagnose(lab, ctx, results);
      diagnosed = d != null;
      hint = diagnosed ? d : lab.hints().get(Math.min(hintsTaken(lab), lab.hints().size() - 1));
    }
    long ok = results.stream().filter(CheckResult::passed).count();
    boolean applied = solutionApplied(lab);
    record(lab, Kind.CHECK, passed ? Outcome.PASS : Outcome.FAIL, ok + " of " + results.size() + " checks pass"
        + (applied ? " (reference solution applied: not counted as your work)" : ""),
        results.stream().map(r -> new LabAttempt.CheckRecord(r.id(), r.passed(), r.expected(), r.measured())).toList());
    if (!applied) {
      progress.logEvent(CHECKED_EVENT, lab.day(), evidence(lab, ok, results.size()));
      if (passed) {
        progress.markDone(lab.day());
      }
    }
    return new LabReport(lab.id(), results, passed, hint, diagnosed, applied);
  }

  /** The hint that fits: a diagnosis of the current state, else the next general hint. */
  public String hint(LabDefinition lab) {
    requireSetUp(lab);
    CheckContext ctx = context(lab);
    List<CheckResult> results = lab.checks().stream().map(c -> c.safely(ctx)).toList();
    String d = diagnose(lab, ctx, results);
    List<String> given = hintsGiven(lab);
    String hint;
    if (d != null && !given.contains(d)) {
      hint = d;
    } else {
      // the diagnosis was already given, or there is none: the next general hint not given yet
      hint = lab.hints().stream().filter(h -> !given.contains(h)).findFirst().orElse(null);
      if (hint == null) {
        hint = (lab.hints().isEmpty() ? d : lab.hints().get(lab.hints().size() - 1)) + LAST_HINT;
      }
    }
    record(lab, Kind.HINT, Outcome.OK, hint, List.of());
    return hint;
  }

  /** Appended once every hint has been given. */
  static final String LAST_HINT = " (That was the last hint: Solution shows a worked answer.)";

  /** The hints given since the lab was last set up or reset, oldest first. */
  private List<String> hintsGiven(LabDefinition lab) {
    List<String> given = new ArrayList<>();
    for (LabAttempt a : progress.labAttempts(lab.id())) {
      if (a.kind() == Kind.SETUP || a.kind() == Kind.RESET) {
        given.clear();
      } else if (a.kind() == Kind.HINT) {
        given.add(a.detail());
      }
    }
    return given;
  }

  /** RESTOREs each lab table to its seeded version and drops the learner's tables. */
  public Map<String, Long> reset(LabDefinition lab) {
    Map<String, Long> seeds = progress.labSeeds(lab.id());
    if (!isSetUp(lab)) {
      return setup(lab);
    }
    Map<String, Long> baselines = new LinkedHashMap<>();
    if (!lab.setup().governance().isBlank()) {
      lake.execute("SET ROLE NONE"); // a learner acting as someone else gets their own rights back first
    }
    for (String t : lab.tables()) {
      long seeded = seeds.get(t);
      long latest = lake.history(t).get(0).version();
      if (latest != seeded) {
        try {
          lake.execute("RESTORE TABLE " + t + " TO VERSION AS OF " + seeded);
        } catch (WorkbenchException e) {
          // the seeded files are gone (VACUUM) or the lake cannot restore across this change: seed again
          record(lab, Kind.RESET, Outcome.ERROR, "RESTORE of " + t + " failed, setting up again" + ERROR_MARK
              + e.getMessage(), List.of());
          return setup(lab);
        }
        latest = lake.history(t).get(0).version();
        progress.recordLabSeed(lab.id(), t, latest);
      }
      baselines.put(t, latest);
    }
    for (String t : lab.learnerTables()) {
      lake.execute("DROP TABLE IF EXISTS " + t);
    }
    runGovernance(lab, Kind.RESET);
    writeFiles(lab, Kind.RESET);
    startRepository(lab);
    recordRecordBaselines(lab);
    record(lab, Kind.RESET, Outcome.OK, baselines.toString(), List.of());
    return baselines;
  }

  /** The solution; asking for it before the lab passes is recorded as such. */
  public String solution(LabDefinition lab) {
    List<LabAttempt> attempts = progress.labAttempts(lab.id());
    boolean passedBefore = attempts.stream().anyMatch(a -> a.kind() == Kind.CHECK && a.outcome() == Outcome.PASS);
    record(lab, Kind.SOLUTION, Outcome.OK, passedBefore ? "after passing" : "requested before passing", List.of());
    return lab.solution();
  }

  public String editorText(LabDefinition lab) {
    String saved = progress.labEditorText(lab.id());
    return saved.isEmpty() ? lab.starter() : saved;
  }

  public void saveEditorText(LabDefinition lab, String text) {
    progress.saveLabEditorText(lab.id(), text);
  }

  /** The version timeline of the lab's tables (and the learner's tables that exist), newest first. */
  public Map<String, List<LabLake.Version>> timeline(LabDefinition lab) {
    Map<String, List<LabLake.Version>> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(lab.tables());
    all.addAll(lab.learnerTables());
    for (String t : all) {
      if (lake.exists(t)) {
        out.put(t, lake.history(t));
      }
    }
    return out;
  }

  private String evidence(LabDefinition lab, long passed, int total) {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = json.createObjectNode();
    root.put("lab", lab.id());
    root.put("passed", passed);
    root.put("total", total);
    var tables = root.putArray("tables");
    try {
      timeline(lab).forEach((t, versions) -> {
        var o = tables.addObject();
        o.put("table", t);
        o.put("version", versions.isEmpty() ? -1 : versions.get(0).version());
        var ops = o.putArray("operations");
        for (int i = versions.size() - 1; i >= 0; i--) {
          ops.add(versions.get(i).operation());
        }
      });
    } catch (WorkbenchException e) {
      // a table that cannot be read is left out of the evidence, never guessed at
    }
    return root.toString();
  }

  private CheckContext context(LabDefinition lab) {
    List<LabAttempt> attempts = progress.labAttempts(lab.id());
    int since = 0;
    for (int i = 0; i < attempts.size(); i++) {
      Kind k = attempts.get(i).kind();
      if ((k == Kind.SETUP || k == Kind.RESET) && attempts.get(i).outcome() == Outcome.OK) {
        since = i + 1;
      }
    }
    List<CheckContext.FailedStatement> failures = new ArrayList<>();
    for (LabAttempt a : attempts.subList(since, attempts.size())) {
      if (a.kind() == Kind.RUN && a.outcome() == Outcome.ERROR) {
        int mark = a.detail().indexOf(ERROR_MARK);
        failures.add(mark < 0 ? new CheckContext.FailedStatement(a.detail(), "")
            : new CheckContext.FailedStatement(a.detail().substring(0, mark),
                a.detail().substring(mark + ERROR_MARK.length())));
      }
    }
    return new CheckContext(lake, progress.labSeeds(lab.id()), failures, dataDir, quality, records());
  }

  private static String diagnose(LabDefinition lab, CheckContext ctx, List<CheckResult> results) {
    for (LabDefinition.Diagnosis d : lab.diagnoses()) {
      boolean failingOk = d.failing().stream().allMatch(id ->
          results.stream().anyMatch(r -> r.id().equals(id) && !r.passed()));
      if (!failingOk) {
        continue;
      }
      CheckResult r = d.when().safely(ctx);
      if (r.passed() != d.negate()) {
        return d.hint().replace("{found}", r.measured());
      }
    }
    return null;
  }

  private int hintsTaken(LabDefinition lab) {
    List<LabAttempt> attempts = progress.labAttempts(lab.id());
    int n = 0;
    for (LabAttempt a : attempts) {
      if (a.kind() == Kind.SETUP || a.kind() == Kind.RESET) {
        n = 0;
      } else if (a.kind() == Kind.HINT) {
        n++;
      }
    }
    return n;
  }

  private void requireSetUp(LabDefinition lab) {
    if (!isSetUp(lab)) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "lab " + lab.id() + " is not set up",
          "its tables " + String.join(", ", lab.tables()) + " are not in the lake yet",
          "run 'lab setup " + lab.id() + "' (or press Set up in the lab pane) first");
    }
  }

  private void record(LabDefinition lab, Kind kind, Outcome outcome, String detail, List<LabAttempt.CheckRecord> checks) {
    progress.recordLabAttempt(new LabAttempt(0, lab.id(), lab.day(), null, kind, outcome, detail, checks));
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() > 80 ? one.substring(0, 77) + "..." : one;
  }
}
