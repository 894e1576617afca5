package dev.lakehouse.workbench.recap;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test sets by hand, so a recorded history has fixed times. */
final class StepClock extends Clock {

  private Instant now;

  StepClock(String start) {
    this.now = Instant.parse(start);
  }

  void set(String at) {
    now = Instant.parse(at);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
