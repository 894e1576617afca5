package dev.lakehouse.workbench.lake;

import java.util.Map;

/**
 * This lake's commits since the watch began ({@link Lake#watchCommits()}): for each table committed
 * to, the version it had before the first of them, or -1 when that commit created the table. What a
 * failed task undoes, found without reading every table's log before each try.
 */
public interface CommitWatch extends AutoCloseable {

  /** The tables committed to so far, in the order of their first commit, each with its version before. */
  Map<TableId, Long> before();

  /** Stops recording. */
  @Override
  void close();
}
