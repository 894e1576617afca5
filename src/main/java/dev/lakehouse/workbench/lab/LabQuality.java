package dev.lakehouse.workbench.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * What a lab needs from the quality part to check the files a learner writes: validate their
 * expectation suite on a table, run their drift settings on a table's newest batch. The lab package
 * owns this port; {@code lab.internal.QualityLabQuality} adapts the {@code quality} package. Both
 * throw a WorkbenchException naming the file and the field when the learner's file cannot be used.
 */
public interface LabQuality {

  SuiteRun validate(Path suite, String table);

  DriftRun drift(Path settings, String table, long currentVersion);

  /** The learner's anomaly detector settings run over their table's daily metrics. */
  DetectorRun detect(Path settings);

  /** The learner's observability monitors run commit by commit; the alerts' lines start with their day. */
  DetectorRun monitor(Path settings);

  /** The alerts of a detector run: the days flagged, each alert as one line. */
  record DetectorRun(List<java.time.LocalDate> flaggedDays, List<String> alerts) {}

  /** The learner's data contract enforced on {@code table} (its schema objects read from that table). */
  ContractRun contract(Path contract, String table);

  /** A contract's outcome on one table: the clauses that failed, each "field: clause (found ...)". */
  record ContractRun(String table, boolean holds, int clauses, List<String> failed) {}

  /** A suite's outcome on one table: the expectations that failed, each "type(column): what was found". */
  record SuiteRun(String table, boolean success, int evaluated, List<String> failed) {}

  /** Drift of the newest batch as of a version: the drifted columns, each with its reasons. */
  record DriftRun(String table, long version, boolean drifted, List<String> driftedColumns, List<String> details) {}

  /**
   * Reads the text of a file that a check of {@code checkType} ({@code suite}, {@code drift},
   * {@code detector}, {@code monitors}, {@code contract}) reads, without running it: for feedback
   * while the learner types. Null for a check type that reads no quality file.
   */
  FileReading readFile(String checkType, String text, String source);

  /** What a file holds ({@code ok}) or what is wrong with it, in one line. */
  record FileReading(boolean ok, String line) {}
}
