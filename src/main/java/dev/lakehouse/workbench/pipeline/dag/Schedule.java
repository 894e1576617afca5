package dev.lakehouse.workbench.pipeline.dag;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
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

  private final String text;
  private final ExecutionTime execution;
  private final boolean once;

  private Schedule(String text, ExecutionTime execution, boolean once) {
    this.text = text;
    this.execution = execution;
    this.once = once;
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
    ZonedDateTime cur = from.atZone(ZoneOffset.UTC);
    if (execution.isMatch(cur)) {
      out.add(from);
    }
    while (true) {
      Optional<ZonedDateTime> next = execution.nextExecution(cur);
      if (next.isEmpty() || next.get().toLocalDateTime().isAfter(to)) {
        return out;
      }
      cur = next.get();
      out.add(cur.toLocalDateTime());
    }
  }

  /** The newest tick at or before {@code at}, if any. */
  public Optional<LocalDateTime> latestAtOrBefore(LocalDateTime at) {
    if (manualOnly() || once) {
      return Optional.empty();
    }
    ZonedDateTime z = at.atZone(ZoneOffset.UTC);
    if (execution.isMatch(z)) {
      return Optional.of(at);
    }
    return execution.lastExecution(z).map(ZonedDateTime::toLocalDateTime);
  }

  @Override
  public String toString() {
    return text == null ? "None" : text;
  }
}
