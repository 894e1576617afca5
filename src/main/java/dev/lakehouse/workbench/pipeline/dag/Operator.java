package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/** What a task does when it runs. Throw {@link TaskFailure} (or any runtime exception) to fail the try. */
public interface Operator {

  /** Runs one try with its fields already templated; returns how it ended. */
  Result execute(Context ctx);

  /**
   * How a try ended: success, or success that picks the branches to follow, and what a job's SQL
   * task returned (its last query's rows, column name to value; null: nothing) for later tasks'
   * {@code {{tasks.<key>.output.rows}}}.
   */
  record Result(List<String> follow, List<Map<String, Object>> rows) {
    public Result(List<String> follow) {
      this(follow, null);
    }

    public static Result success() {
      return new Result(null, null);
    }
  }

  /**
   * Everything one try sees: the session over the lake, its rendered fields, Airflow's template
   * context, the simulated clock (sensors advance it while they wait), and a log.
   */
  final class Context {
    private final SqlSession session;
    private final Map<String, Object> fields;
    private final Map<String, Object> template;
    private final Path workDir;
    private final DbtRunner dbt;
    private final StringBuilder log;
    private final int tryNumber;
    private final Duration timeout;
    private LocalDateTime now;
    private LocalDateTime finishAt;
    private final List<Iteration> iterations = new java.util.ArrayList<>();

    Context(SqlSession session, Map<String, Object> fields, Map<String, Object> template, Path workDir, DbtRunner dbt,
        StringBuilder log, int tryNumber, LocalDateTime now, Duration timeout) {
      this.session = session;
      this.fields = fields;
      this.template = template;
      this.workDir = workDir;
      this.dbt = dbt;
      this.log = log;
      this.tryNumber = tryNumber;
      this.now = now;
      this.timeout = timeout;
    }

    public SqlSession session() {
      return session;
    }

    public Lake lake() {
      return session.lake();
    }

    public Map<String, Object> fields() {
      return fields;
    }

    public Map<String, Object> template() {
      return template;
    }

    public String text(String field) {
      Object v = fields.get(field);
      return v == null ? null : String.valueOf(v);
    }

    /** A file a field names, relative to the data folder's work area. */
    public Path file(String field) {
      String s = text(field);
      Path p = Path.of(s);
      return p.isAbsolute() ? p : workDir.resolve(p).normalize();
    }

    public DbtRunner dbt() {
      return dbt;
    }

    public int tryNumber() {
      return tryNumber;
    }

    /** The execution timeout of the task (null: none). */
    public Duration timeout() {
      return timeout;
    }

    public LocalDateTime now() {
      return now;
    }

    /** Moves the simulated clock forward (a sensor waiting between pokes). */
    public void sleep(Duration d) {
      now = now.plus(d);
    }

    /**
     * Sets when the try ends on the simulated clock, for work that ran side by side in reality one
     * after another (a for-each task's concurrent iterations); null: now plus the real time taken.
     */
    public void finishAt(LocalDateTime at) {
      finishAt = at;
    }

    LocalDateTime finishAt() {
      return finishAt;
    }

    public void log(String line) {
      log.append('[').append(now).append("] ").append(line).append('\n');
    }

    /** Where the log ends now, to cut out what one piece of work logged ({@link #logSince}). */
    public int logMark() {
      return log.length();
    }

    /** What was logged since {@code mark}. */
    public String logSince(int mark) {
      return log.substring(Math.min(mark, log.length()));
    }

    /** Records one try of one iteration of a for-each task, kept as a row of its own in the run history. */
    public void iteration(Iteration it) {
      iterations.add(it);
    }

    List<Iteration> iterations() {
      return iterations;
    }
  }

  /**
   * One try of one iteration of a for-each task: its number (from 1), its input, its try (from 1),
   * how it ended, and when on the simulated clock, with what it logged.
   */
  record Iteration(int iteration, String input, int tryNumber, TaskState state, LocalDateTime start, LocalDateTime end,
      String log) {}

  /** A try failed for a reason the learner can read (one line). */
  final class TaskFailure extends RuntimeException {
    private final boolean retryable;

    public TaskFailure(String message) {
      this(message, true);
    }

    public TaskFailure(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    /** False for failures a retry cannot cure (a sensor's timeout, as in Airflow). */
    public boolean retryable() {
      return retryable;
    }
  }

  /** A try ran past its execution timeout (retried only when its task retries on timeout). */
  final class TaskTimeout extends RuntimeException {
    public TaskTimeout(String message) {
      super(message);
    }
  }
}
