package dev.lakehouse.workbench.lake;

import dev.lakehouse.workbench.common.WorkbenchException;

/** An error of the lake or of the learner's SQL; built only by {@link LakeErrors}. */
public final class LakeException extends WorkbenchException {

  LakeException(Kind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }
}
