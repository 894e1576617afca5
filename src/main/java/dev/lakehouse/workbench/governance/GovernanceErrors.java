package dev.lakehouse.workbench.governance;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.common.WorkbenchException.Kind;

/** The learner's one-line errors of the governance part. */
public final class GovernanceErrors {

  private GovernanceErrors() {
  }

  /** Thrown when the current principal lacks a privilege; the audit records it as a denial. */
  public static final class Denied extends WorkbenchException {
    Denied(String message) {
      super(Kind.BAD_INPUT, message, null);
    }
  }

  /** "PERMISSION_DENIED: User ann does not have SELECT on TABLE gold.revenue". */
  public static Denied denied(String principal, String privilege, String securable) {
    return new Denied(WorkbenchException.compose("PERMISSION_DENIED: User " + principal + " does not have " + privilege
        + " on " + securable, null, "ask the owner or an admin to run GRANT " + privilege + " ON " + securable
        + " TO `" + principal + "`"));
  }

  /** An action only the owner (or an admin) may take. */
  public static Denied notOwner(String principal, String action, String securable, String owner) {
    return new Denied(WorkbenchException.compose("PERMISSION_DENIED: User " + principal + " is not the owner of "
        + securable, action + " needs ownership (the owner is " + owner + ")",
        "ask " + owner + " or an admin, or ALTER ... OWNER TO `" + principal + "` as them"));
  }

  public static WorkbenchException bad(String what, String why, String fix) {
    return new WorkbenchException(Kind.BAD_INPUT, what, why, fix);
  }

  public static WorkbenchException failure(String what, Throwable cause) {
    return new WorkbenchException(Kind.FAILURE, what, cause);
  }
}
