package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;

/**
 * A checkpoint: a suite run against a table (at a version, or the latest), its result recorded in
 * {@link Validator#RESULTS}, then an action. {@code FAIL} stops the pipeline when a critical
 * expectation fails (the soft gate made hard); {@code WARN} only reports; {@code QUARANTINE} copies
 * the failing rows to the quarantine table and lets the run pass.
 */
public record Checkpoint(String name, ExpectationSuite suite, TableId table, Long version, Action action,
    TableId quarantineTable, boolean record) {

  public enum Action { FAIL, WARN, QUARANTINE }

  /** The outcome: the validation, whether the pipeline may go on, rows quarantined, the results version. */
  public record Outcome(ValidationResult validation, Action action, boolean passed, long quarantined, Long resultsVersion) {}

  /** Where failed rows of {@code table} go by default: {@code quality.<schema>_<name>_quarantine}. */
  public static TableId defaultQuarantine(TableId table) {
    return TableId.of("quality", table.schema() + "_" + table.name() + "_quarantine");
  }

  public Outcome run(Validator validator) {
    ValidationResult v = validator.validate(suite, table, version == null ? TimeTravel.LATEST : TimeTravel.version(version));
    Long resultsVersion = record ? validator.record(v) : null;
    long quarantined = 0;
    boolean passed = switch (action) {
      case FAIL -> !v.criticalFailed();
      case WARN -> true;
      case QUARANTINE -> {
        quarantined = validator.quarantine(suite, v, table, quarantineTable == null ? defaultQuarantine(table) : quarantineTable);
        yield true;
      }
    };
    return new Outcome(v, action, passed, quarantined, resultsVersion);
  }
}
