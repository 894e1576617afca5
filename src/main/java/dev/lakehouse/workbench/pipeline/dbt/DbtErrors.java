package dev.lakehouse.workbench.pipeline.dbt;

import dev.lakehouse.workbench.common.WorkbenchException;

/** One-line errors about a dbt project, each naming the file (and line) and the fix. */
final class DbtErrors {

  private DbtErrors() {}

  static WorkbenchException bad(String where, String what, String fix) {
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, where + ": " + what, null, fix);
  }

  static String at(String file, int line) {
    return line > 0 ? file + " line " + line : file;
  }
}
