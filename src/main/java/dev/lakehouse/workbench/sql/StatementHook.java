package dev.lakehouse.workbench.sql;

import dev.lakehouse.workbench.lake.TableId;

/**
 * A part outside {@code sql} that sees every statement a {@link SqlSession} runs (governance: grants,
 * audit, lineage). The session calls it; it never calls back into the session's parser. Each method
 * may throw a {@link dev.lakehouse.workbench.common.WorkbenchException} to refuse the statement
 * before anything of it is committed.
 */
public interface StatementHook {

  /**
   * Called first with each statement's text: returns the result of a statement the hook owns
   * (GRANT, REVOKE, SHOW GRANTS, ...), or null to let the session run it.
   */
  default StatementResult own(SqlSession session, String statement) {
    return null;
  }

  /** Called before the session runs a statement it owns (after {@link #own} returned null). */
  default void before(SqlSession session, String statement) {
  }

  /**
   * Called for each table a statement reads, with the engine relation that reads it: returns the
   * relation to read instead (a row filter or column mask wraps it), or the same one.
   */
  default String read(TableId table, String relation) {
    return relation;
  }

  /** Called after each statement, with its result or the error it failed with (one of them is null). */
  default void after(SqlSession session, String statement, StatementResult result, RuntimeException error) {
  }
}
