package dev.lakehouse.workbench.quality;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.util.Locale;

/**
 * Reads a quality file the learner is writing (a GX suite, drift settings, detector settings,
 * monitors, an ODCS contract) without running it, for feedback while they type: either one line
 * saying what it holds, or the same one-line problem the command line would give.
 */
public final class QualityFiles {

  /** The kinds of file, named as the lab checks that read them are. */
  public enum Kind { SUITE, DRIFT, DETECTOR, MONITORS, CONTRACT }

  /** The outcome: {@code ok}, and a line saying what the file holds or what is wrong with it. */
  public record Reading(boolean ok, String line) {}

  private QualityFiles() {}

  public static Reading read(Kind kind, String text, String source) {
    try {
      return new Reading(true, switch (kind) {
        case SUITE -> {
          ExpectationSuite s = ExpectationSuite.parse(text, source);
          yield "a valid expectation suite '" + s.name() + "' with " + count(s.expectations().size(), "expectation");
        }
        case DRIFT -> "valid drift settings for " + DriftSpec.parse(text, source).table();
        case DETECTOR -> {
          DetectorSpec d = DetectorSpec.parse(text, source);
          yield "valid detector settings: " + d.method() + " over " + count(d.metrics().size(), "metric") + " of " + d.table();
        }
        case MONITORS -> "valid monitors for " + count(MonitorSpec.parse(text, source).tables().size(), "table");
        case CONTRACT -> {
          DataContract c = DataContract.parse(text, source);
          yield "a valid ODCS " + c.apiVersion() + " contract '" + c.id() + "' (" + count(c.objects().size(), "schema object") + ")";
        }
      });
    } catch (WorkbenchException e) {
      return new Reading(false, e.getMessage());
    }
  }

  /** The kind a lab check type names ({@code suite}, {@code drift}, ...); null for other checks. */
  public static Kind kindOf(String checkType) {
    try {
      return Kind.valueOf(checkType.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
