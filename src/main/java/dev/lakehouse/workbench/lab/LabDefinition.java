package dev.lakehouse.workbench.lab;

import dev.lakehouse.workbench.lab.shop.ShopSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A lab as its {@code lab.yaml} describes it (format in {@code labs/README.md}).
 *
 * @param tables the tables setup seeds; reset RESTOREs them to their seeded version
 * @param learnerTables tables the learner creates; reset drops them
 * @param hints general hints, escalating: a nudge, the concept, the shape of the statement
 * @param diagnoses hints tied to a diagnosed state, tried in order before the general hints
 * @param files files the learner writes under the data folder (suites, settings)
 * @param solutionRuns DAG backfills, bundle job runs, dbt command lines and SQL that {@code lab solution --apply} runs, in order, after the solution SQL
 */
public record LabDefinition(
    String id,
    int day,
    String title,
    String goal,
    List<String> tables,
    List<String> learnerTables,
    Setup setup,
    String instructions,
    String starter,
    List<Check> checks,
    List<String> hints,
    List<Diagnosis> diagnoses,
    String solution,
    Path file,
    List<LabFile> files,
    List<SolutionRun> solutionRuns) {

  /** The lab without DAG runs in its reference work. */
  public LabDefinition(String id, int day, String title, String goal, List<String> tables, List<String> learnerTables,
      Setup setup, String instructions, String starter, List<Check> checks, List<String> hints, List<Diagnosis> diagnoses,
      String solution, Path file, List<LabFile> files) {
    this(id, day, title, goal, tables, learnerTables, setup, instructions, starter, checks, hints, diagnoses, solution,
        file, files, List.of());
  }

  /**
   * A backfill of a DAG file (under the data folder) from one logical date to another, both
   * inclusive; or a bundle's job run for each day in a target ({@code job: FILE, target: dev}); or a
   * dbt command line ({@code dbt: build --project work/day-03/shop_dbt}); or SQL run in the lab
   * between them ({@code sql}: e.g. the fix after a build whose test failed); or a {@code ci} command
   * line; or a file written between two of them ({@code write: PATH, text: ...}).
   */
  public record SolutionRun(String dagFile, java.time.LocalDate from, java.time.LocalDate to, String jobFile, String target,
      String dbt, String sql, String ci, String write, String text) {
    public SolutionRun(String dagFile, java.time.LocalDate from, java.time.LocalDate to, String jobFile, String target,
        String dbt, String sql) {
      this(dagFile, from, to, jobFile, target, dbt, sql, null, null, null);
    }

    public SolutionRun(String dagFile, java.time.LocalDate from, java.time.LocalDate to) {
      this(dagFile, from, to, null, null, null, null);
    }

    public SolutionRun(String dagFile, java.time.LocalDate from, java.time.LocalDate to, String jobFile, String target) {
      this(dagFile, from, to, jobFile, target, null, null);
    }

    /** A {@code ci} command line ({@code ci: commit --repo work/day-13/shop_dbt -m "..."}, decision 0046). */
    public static SolutionRun ci(String commandLine) {
      return new SolutionRun(null, null, null, null, null, null, null, commandLine, null, null);
    }

    /** Writes {@code text} to a file under the data folder between two runs (a change to commit on a branch). */
    public static SolutionRun write(String path, String text) {
      return new SolutionRun(null, null, null, null, null, null, null, null, path, text);
    }

    /** A bundle's job run for each day from/to in a target ({@code job: FILE, target: dev}), not a DAG backfill. */
    public boolean job() {
      return jobFile != null;
    }

    public static SolutionRun dbt(String commandLine) {
      return new SolutionRun(null, null, null, null, null, commandLine, null);
    }

    public static SolutionRun sql(String statements) {
      return new SolutionRun(null, null, null, null, null, null, statements);
    }
  }

  /**
   * Shop data to generate (null for none), how many days of the shop's feed to land after it
   * ({@code advance}, see {@code ShopFeed}) into {@code shop.orders} before the statements, or into
   * {@code advanceInto} (a table the statements create) after them, and the statements that build the lab's tables from it.
   * {@code governance}: statements setup runs last and reset runs again after its RESTOREs, to bring
   * state outside the tables (grants, row filters, masks, shares, recipients) back to the lab's start.
   * With {@code landsAt} (only with {@code advanceInto}) the feed's commits get the times a daily
   * feed expected at that UTC time each morning would have landed at (see {@code ShopFeed}).
   * {@code repo}: a folder of the lab's files that setup and reset make a new git repository, the
   * starter files its first commit on {@code main} (decision 0046), or null.
   */
  public record Setup(ShopSpec shop, int advance, String advanceInto, String sql, String governance,
      java.time.LocalTime landsAt, String repo) {
    public Setup(ShopSpec shop, int advance, String advanceInto, String sql, String governance,
        java.time.LocalTime landsAt) {
      this(shop, advance, advanceInto, sql, governance, landsAt, null);
    }

    public Setup(ShopSpec shop, String sql) {
      this(shop, 0, null, sql, "", null);
    }

    public Setup(ShopSpec shop, int advance, String advanceInto, String sql) {
      this(shop, advance, advanceInto, sql, "", null);
    }

    public Setup(ShopSpec shop, int advance, String advanceInto, String sql, String governance) {
      this(shop, advance, advanceInto, sql, governance, null);
    }

    public Setup(ShopSpec shop, int advance, String advanceInto, String sql, java.time.LocalTime landsAt) {
      this(shop, advance, advanceInto, sql, "", landsAt);
    }
  }

  /**
   * When {@code when} passes ({@code negate}: fails) and the checks in {@code failing} fail,
   * {@code hint} fits what the learner did.
   */
  public record Diagnosis(Check when, boolean negate, List<String> failing, String hint) {}
}
