package dev.lakehouse.workbench.pipeline.dag;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.quality.ContractChecker;
import dev.lakehouse.workbench.quality.DataContract;
import dev.lakehouse.workbench.quality.ExpectationResult;
import dev.lakehouse.workbench.quality.ExpectationSuite;
import dev.lakehouse.workbench.quality.ValidationResult;
import dev.lakehouse.workbench.quality.Validator;
import dev.lakehouse.workbench.sql.StatementResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built-in operators over the lake. */
final class Operators {

  private Operators() {}

  /** SQLExecuteQueryOperator: runs the statements of {@code sql} through the session, in order. */
  static Operator.Result sql(Operator.Context ctx) {
    runStatements(ctx, ctx.text("sql"));
    return Operator.Result.success();
  }

  /** Runs the statements one by one, logging each; returns the last one that returned columns (a query), or null. */
  static StatementResult runStatements(Operator.Context ctx, String sql) {
    if (ctx.timeout() != null) {
      ctx.session().timeout(ctx.timeout());
    }
    StatementResult[] last = {null};
    try {
      ctx.session().execute(sql, r -> {
        ctx.log(r.message());
        if (r.columns() != null && !r.columns().isEmpty() && isQuery(r.statement())) {
          last[0] = r;
        }
      });
      return last[0];
    } catch (WorkbenchException e) {
      throw new Operator.TaskFailure(e.getMessage());
    } finally {
      if (ctx.timeout() != null) {
        ctx.session().timeout(dev.lakehouse.workbench.sql.SqlSession.DEFAULT_TIMEOUT);
      }
    }
  }

  private static boolean isQuery(String statement) {
    String s = statement == null ? "" : statement.replaceAll("(?s)^(\\s|--[^\n]*\n|/\\*.*?\\*/)+", "").toUpperCase(java.util.Locale.ROOT);
    return s.startsWith("SELECT") || s.startsWith("WITH") || s.startsWith("FROM") || s.startsWith("VALUES") || s.startsWith("TABLE");
  }

  /** The first cell of a query, as a truth value (Airflow's rule: 0, false, empty and NULL are false). */
  static boolean truthy(Operator.Context ctx, String sql) {
    StatementResult r;
    try {
      r = ctx.session().query(sql);
    } catch (WorkbenchException e) {
      throw new Operator.TaskFailure(e.getMessage());
    }
    if (r.rows().isEmpty() || r.rows().get(0).isEmpty()) {
      return false;
    }
    Object v = r.rows().get(0).get(0);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String s = String.valueOf(v);
    return !s.isEmpty() && !s.equalsIgnoreCase("false") && !s.equals("0");
  }

  /** SQLCheckOperator: fails unless every value of the query's first row is true. */
  static Operator.Result check(Operator.Context ctx) {
    StatementResult r;
    try {
      r = ctx.session().query(ctx.text("sql"));
    } catch (WorkbenchException e) {
      throw new Operator.TaskFailure(e.getMessage());
    }
    if (r.rows().isEmpty()) {
      throw new Operator.TaskFailure("the check query returned no rows");
    }
    List<Object> row = r.rows().get(0);
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      boolean ok = v != null && !(v instanceof Boolean b && !b) && !(v instanceof Number n && n.doubleValue() == 0);
      if (!ok) {
        throw new Operator.TaskFailure("check failed: " + r.columns().get(i) + " is " + v);
      }
    }
    ctx.log("check passed: " + row);
    return Operator.Result.success();
  }

  /** BranchSQLOperator: follows {@code follow_task_ids_if_true} or {@code ..._if_false}. */
  static Operator.Result branch(Operator.Context ctx) {
    boolean t = truthy(ctx, ctx.text("sql"));
    Object ids = ctx.fields().get(t ? "follow_task_ids_if_true" : "follow_task_ids_if_false");
    List<String> follow = ids instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : ids == null ? List.of() : List.of(String.valueOf(ids));
    ctx.log("condition is " + t + ": following " + follow);
    return new Operator.Result(follow);
  }

  /**
   * SqlSensor: pokes until the query's first cell is true, every {@code poke_interval} seconds
   * (default 60) of the simulated clock, until {@code timeout} seconds (default 7 days, as Airflow).
   * {@code mode: reschedule} frees the worker slot between pokes (logged as such).
   */
  static Operator.Result sqlSensor(Operator.Context ctx) {
    return sense(ctx, () -> truthy(ctx, ctx.text("sql")));
  }

  /** DeltaVersionSensor: waits until {@code table} exists at version {@code version} or newer. */
  static Operator.Result deltaVersionSensor(Operator.Context ctx) {
    TableId id = TableId.parse(ctx.text("table"));
    long want = Long.parseLong(ctx.text("version"));
    return sense(ctx, () -> ctx.lake().exists(id) && ctx.lake().latestVersion(id) >= want);
  }

  private static Operator.Result sense(Operator.Context ctx, java.util.function.BooleanSupplier poke) {
    Duration interval = DagFiles.duration(ctx.fields().getOrDefault("poke_interval", 60));
    Duration timeout = DagFiles.duration(ctx.fields().getOrDefault("timeout", 7 * 24 * 3600));
    boolean reschedule = "reschedule".equals(ctx.text("mode"));
    java.time.LocalDateTime start = ctx.now();
    int pokes = 0;
    while (true) {
      pokes++;
      if (poke.getAsBoolean()) {
        ctx.log("poke " + pokes + ": condition met");
        return Operator.Result.success();
      }
      Duration waited = Duration.between(start, ctx.now());
      if (waited.plus(interval).compareTo(timeout) > 0) {
        ctx.sleep(timeout.minus(waited));
        throw new Operator.TaskFailure("sensor timed out after " + timeout.toMinutes() + " min (" + pokes
            + " pokes): the condition never held", false);
      }
      if (pokes >= 3) {
        // Nothing else writes to the lake while the simulated clock runs: later pokes would see the same state.
        long more = (timeout.minus(waited).toSeconds()) / Math.max(1, interval.toSeconds());
        ctx.sleep(timeout.minus(waited));
        throw new Operator.TaskFailure("sensor timed out after " + timeout.toMinutes() + " min (" + (pokes + more)
            + " pokes): the condition never held", false);
      }
      ctx.log("poke " + pokes + ": not yet; " + (reschedule ? "rescheduled" : "sleeping") + " for " + interval.toSeconds() + " s");
      ctx.sleep(interval);
    }
  }

  /** QualityOperator: validates {@code table} with the expectation suite {@code suite}, or checks the data contract {@code contract}. */
  static Operator.Result quality(Operator.Context ctx) {
    if (ctx.fields().get("contract") != null) {
      List<ContractChecker.Finding> findings = new ContractChecker(ctx.lake()).check(DataContract.read(ctx.file("contract")));
      List<String> broken = new ArrayList<>();
      for (ContractChecker.Finding f : findings) {
        ctx.log(f.line());
        if (!f.passed()) {
          broken.add(f.field() + ": " + f.clause());
        }
      }
      if (!broken.isEmpty()) {
        throw new Operator.TaskFailure("the contract is broken: " + String.join("; ", broken), false);
      }
      return Operator.Result.success();
    }
    ExpectationSuite suite = ExpectationSuite.read(ctx.file("suite"));
    ValidationResult r = new Validator(ctx.lake()).validate(suite, TableId.parse(ctx.text("table")), TimeTravel.LATEST);
    List<String> failed = new ArrayList<>();
    for (ExpectationResult e : r.results()) {
      ctx.log(e.line());
      if (!e.success()) {
        failed.add(e.line());
      }
    }
    if (!failed.isEmpty()) {
      throw new Operator.TaskFailure("the suite failed on " + ctx.text("table") + " v" + r.version() + ": " + failed.get(0)
          + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more)" : ""), false);
    }
    return Operator.Result.success();
  }

  /** DbtBuildOperator: builds a selection of a dbt project through the dbt half's runner. */
  static Operator.Result dbt(Operator.Context ctx) {
    if (ctx.dbt() == null) {
      throw new Operator.TaskFailure("no dbt runner is available in this build: the dbt part is not installed", false);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> vars = ctx.fields().get("vars") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    DbtRunner.Outcome o = ctx.dbt().build(ctx.file("project_dir"), ctx.text("select"), vars);
    o.lines().forEach(ctx::log);
    if (!o.success()) {
      throw new Operator.TaskFailure("dbt build failed: " + o.lines().stream().filter(l -> l.contains("FAIL") || l.contains("ERROR"))
          .findFirst().orElse("see the log"));
    }
    return Operator.Result.success();
  }

  /** TransientFailureOperator: fails its first {@code fail_tries} tries, then runs {@code sql} (a flaky source, for teaching retries). */
  static Operator.Result flaky(Operator.Context ctx) {
    int fail = Integer.parseInt(String.valueOf(ctx.fields().getOrDefault("fail_tries", 1)));
    if (ctx.tryNumber() <= fail) {
      throw new Operator.TaskFailure("transient failure on try " + ctx.tryNumber() + " (the source timed out)");
    }
    if (ctx.fields().get("sql") != null) {
      runStatements(ctx, ctx.text("sql"));
    }
    return Operator.Result.success();
  }
}
