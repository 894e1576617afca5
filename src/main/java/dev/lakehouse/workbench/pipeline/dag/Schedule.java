package dev.lakehouse.workbench.pipeline.dag;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DAG's schedule with Airflow 3's defaults: a cron expression (UNIX, five fields) or a preset, read
 * as a trigger timetable ({@code CronTriggerTimetable}, Airflow 3's default): each tick is a run whose
 * logical date is the tick and whose data interval is the tick itself. {@code null}/{@code None}
 * means "only when triggered"; {@code @once} one run at the start date. Times are UTC.
 */
public final class Schedule {

  /** Airflow's presets and the cron each stands for. */
  public static final Map<String, String> PRESETS = Map.of(
      "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");

  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private final String text;
  private final ExecutionTime execution;
  private final boolean once;
  private final ZoneId zone;

  private Schedule(String text, ExecutionTime execution, boolean once) {
    this(text, execution, once, ZoneOffset.UTC);
  }

  private Schedule(String text, ExecutionTime execution, boolean once, ZoneId zone) {
    this.text = text;
    this.execution = execution;
    this.once = once;
    this.zone = zone;
  }

  /**
   * A Databricks job's schedule: a Quartz cron expression (seconds first, {@code ?} in one of the
   * day fields) read in {@code timezoneId}; its ticks are still returned in UTC. Throws
   * IllegalArgumentException with cron-utils' reason for a bad expression or zone.
   */
  public static Schedule quartz(String expression, String timezoneId) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timezoneId);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + timezoneId);
    }
    Cron c = QUARTZ.parse(expression.trim());
    c.validate();
    return new Schedule(expression.trim(), ExecutionTime.forCron(c), false, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** Parses a schedule; throws IllegalArgumentException with cron-utils' reason for a bad cron. */
  public static Schedule parse(String text) {
    if (text == null || text.isBlank() || text.equals("None") || text.equals("null")) {
      return new Schedule(null, null, false);
    }
    String t = text.trim();
    if (t.equals("@once")) {
      return new Schedule(t, null, true);
    }
    String cron = PRESETS.getOrDefault(t, t);
    if (cron.startsWith("@")) {
      throw new IllegalArgumentException("unknown preset " + t + " (use " + String.join(", ", PRESETS.keySet().stream().sorted().toList()) + ", @once or a cron)");
    }
    Cron c = PARSER.parse(cron);
    c.validate();
    return new Schedule(t, ExecutionTime.forCron(c), false);
  }

  public String text() {
    return text;
  }

  public boolean manualOnly() {
    return text == null;
  }

  /** The ticks in [from, to], inclusive, in order. */
  public List<LocalDateTime> ticks(LocalDateTime from, LocalDateTime to) {
    List<LocalDateTime> out = new ArrayList<>();
    if (manualOnly()) {
      return out;
    }
    if (once) {
      if (!from.isAfter(to)) {
        out.add(from);
      }
      return out;
    }
    ZonedDateTime cur = from.atZone(ZoneOffset.UTC).withZoneSameInstant(zone);
    if (execution.isMatch(cur)) {
      out.add(from);
    }
    while (true) {
      Optional<LocalDateTime> next = execution.nextExecution(cur).map(Schedule::utc);
      if (next.isEmpty() || next.get().isAfter(to)) {
        return out;
      }
      cur = next.get().atZone(ZoneOffset.UTC).withZoneSameInstant(zone);
      out.add(next.get());
    }
  }

  /** The newest tick at or before {@code at}, if any. */
  public Optional<LocalDateTime> latestAtOrBefore(LocalDateTime at) {
    if (manualOnly() || once) {
      return Optional.empty();
    }
    ZonedDateTime z = at.atZone(ZoneOffset.UTC).withZoneSameInstant(zone);
    if (execution.isMatch(z)) {
      return Optional.of(at);
    }
    return execution.lastExecution(z).map(Schedule::utc);
  }

  private static LocalDateTime utc(ZonedDateTime z) {
    return z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
  }

  @Override
  public String toString() {
    return text == null ? "None" : text;
  }
}
