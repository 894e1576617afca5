package dev.lakehouse.workbench.lake;

import java.time.Instant;

/** Which version of a table to read: the latest, a version number, or the one current at a time. */
public record TimeTravel(Long version, Instant timestamp) {
  public static final TimeTravel LATEST = new TimeTravel(null, null);

  public static TimeTravel version(long v) {
    return new TimeTravel(v, null);
  }

  public static TimeTravel timestamp(Instant t) {
    return new TimeTravel(null, t);
  }

  public boolean isLatest() {
    return version == null && timestamp == null;
  }
}
