package dev.lakehouse.workbench.sql.spark;

import dev.lakehouse.workbench.common.WorkbenchException;

/** A Spark SQL statement the workbench cannot run as written; built only by {@link SparkErrors}. */
public final class SparkSqlException extends WorkbenchException {

  SparkSqlException(String message, Throwable cause) {
    super(Kind.BAD_INPUT, message, cause);
  }
}
