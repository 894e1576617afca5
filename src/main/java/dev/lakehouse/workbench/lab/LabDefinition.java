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
 * @param solutionRuns DAG backfills that {@code lab solution --apply} runs after the solution SQL
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

  /** A backfill of a DAG file (under the data folder) from one logical date to another, both inclusive. */
  public record SolutionRun(String dagFile, java.time.LocalDate from, java.time.LocalDate to) {}

  /**
   * Shop data to generate (null for none), how many days of the shop's feed to land after it
   * ({@code advance}, see {@code ShopFeed}) into {@code shop.orders} before the statements, or into
   * {@code advanceInto} (a table the statements create) after them, and the statements that build the lab's tables from it.
   * With {@code landsAt} (only with {@code advanceInto}) the feed's commits get the times a daily
   * feed expected at that UTC time each morning would have landed at (see {@code ShopFeed}).
   */
  public record Setup(ShopSpec shop, int advance, String advanceInto, String sql, java.time.LocalTime landsAt) {
    public Setup(ShopSpec shop, String sql) {
      this(shop, 0, null, sql, null);
    }

    public Setup(ShopSpec shop, int advance, String advanceInto, String sql) {
      this(shop, advance, advanceInto, sql, null);
    }
  }

  /**
   * When {@code when} passes ({@code negate}: fails) and the checks in {@code failing} fail,
   * {@code hint} fits what the learner did.
   */
  public record Diagnosis(Check when, boolean negate, List<String> failing, String hint) {}
}
