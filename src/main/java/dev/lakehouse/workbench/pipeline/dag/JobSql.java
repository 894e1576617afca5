package dev.lakehouse.workbench.pipeline.dag;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two kinds of placeholder a Databricks job uses, done as a workspace does them:
 * <ul>
 *   <li>dynamic value references ({@code {{job.start_time.iso_date}}}) in the job's YAML values
 *       (parameters), replaced by text when the task runs; an unknown reference in a known
 *       namespace ({@code job.}, {@code task.}, ...) is an error, anything else stays as written;</li>
 *   <li>named parameter markers ({@code :run_date}) in a SQL file or SQL notebook, bound to the
 *       task's parameters as string literals, and {@code IDENTIFIER(:schema || '.orders')} for object
 *       names, which becomes the name itself.</li>
 * </ul>
 */
final class JobSql {

  private JobSql() {}

  private static final Pattern REF = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");
  private static final Set<String> NAMESPACES = Set.of("job", "task", "tasks", "workspace", "parent");
  private static final List<String> TIME_ARGS = List.of("iso_date", "iso_datetime", "year", "month", "day", "hour",
      "minute", "second", "timestamp_ms", "is_weekday", "is_weekend");
  /** The references we know, for messages. */
  static final String KNOWN = "job.id, job.name, job.run_id, job.repair_count, job.trigger.type, job.start_time.<"
      + String.join("|", TIME_ARGS) + ">, job.trigger.time.<...>, job.parameters.<name>, task.name, task.run_id, "
      + "task.execution_count, workspace.id, workspace.url";

  /** What a run knows when it resolves references. */
  record RunFacts(long jobId, String jobName, String runId, String triggerType, LocalDateTime startTime,
      String taskName, int executionCount, Map<String, String> jobParameters) {}

  /** The problem with each reference of {@code value} that a run could not resolve (empty: all fine). */
  static List<String> referenceProblems(String value, Set<String> jobParameterNames) {
    List<String> out = new ArrayList<>();
    Matcher m = REF.matcher(value);
    while (m.find()) {
      String ref = m.group(1).replace("`", "");
      String ns = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
      if (!NAMESPACES.contains(ns)) {
        continue;
      }
      if (ref.startsWith("job.parameters.")) {
        String name = ref.substring("job.parameters.".length());
        if (!jobParameterNames.contains(name)) {
          out.add("{{" + m.group(1) + "}} names no job parameter (the job has " + (jobParameterNames.isEmpty() ? "none"
              : String.join(", ", jobParameterNames)) + ")");
        }
      } else if (resolve(ref, null) == null) {
        out.add("{{" + m.group(1) + "}} is not a dynamic value reference the workbench resolves (it knows " + KNOWN + ")");
      }
    }
    return out;
  }

  /** Replaces the references in {@code value}; unknown ones stay as written. */
  static String references(String value, RunFacts facts) {
    if (value == null || !value.contains("{{")) {
      return value;
    }
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = resolve(m.group(1).replace("`", ""), facts);
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** One reference's value; with {@code facts == null} only says whether it is known ("" when it is). */
  private static String resolve(String ref, RunFacts f) {
    if (ref.startsWith("job.start_time.") || ref.startsWith("job.trigger.time.")) {
      String arg = ref.substring(ref.lastIndexOf('.') + 1);
      if (!TIME_ARGS.contains(arg) || ref.chars().filter(c -> c == '.').count() != (ref.startsWith("job.start_time.") ? 2 : 3)) {
        return null;
      }
      return f == null ? "" : time(f.startTime(), arg);
    }
    if (ref.startsWith("job.parameters.")) {
      return f == null ? "" : f.jobParameters().get(ref.substring("job.parameters.".length()));
    }
    if (f == null) {
      return switch (ref) {
        case "job.id", "job.name", "job.run_id", "job.repair_count", "job.trigger.type", "task.name", "task.run_id",
            "task.execution_count", "workspace.id", "workspace.url" -> "";
        default -> null;
      };
    }
    return switch (ref) {
      case "job.id" -> String.valueOf(f.jobId());
      case "job.name" -> f.jobName();
      case "job.run_id" -> String.valueOf(runNumber(f.runId()));
      case "job.repair_count" -> "0";
      case "job.trigger.type" -> f.triggerType();
      case "task.name" -> f.taskName();
      case "task.run_id" -> String.valueOf(runNumber(f.runId() + "/" + f.taskName()));
      case "task.execution_count" -> String.valueOf(f.executionCount());
      case "workspace.id" -> "0";
      case "workspace.url" -> "http://localhost";
      default -> null;
    };
  }

  /** A stable positive number for a run (the workspace's run ids are numbers). */
  static long runNumber(String runId) {
    return Integer.toUnsignedLong(runId.hashCode());
  }

  private static String time(LocalDateTime t, String arg) {
    return switch (arg) {
      case "iso_date" -> t.toLocalDate().toString();
      case "iso_datetime" -> t.withNano(0).toString().length() == 16 ? t + ":00" : t.withNano(0).toString();
      case "year" -> String.valueOf(t.getYear());
      case "month" -> String.valueOf(t.getMonthValue());
      case "day" -> String.valueOf(t.getDayOfMonth());
      case "hour" -> String.valueOf(t.getHour());
      case "minute" -> String.valueOf(t.getMinute());
      case "second" -> String.valueOf(t.getSecond());
      case "timestamp_ms" -> String.valueOf(t.toInstant(ZoneOffset.UTC).toEpochMilli());
      case "is_weekday" -> String.valueOf(t.getDayOfWeek().getValue() < DayOfWeek.SATURDAY.getValue());
      case "is_weekend" -> String.valueOf(t.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue());
      default -> throw new IllegalArgumentException(arg);
    };
  }

  private static final Pattern IDENTIFIER = Pattern.compile("(?i)\\bIDENTIFIER\\s*\\(([^()]*)\\)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");

  /** The parameter markers ({@code :name}) used outside strings and comments, in order. */
  static Set<String> markers(String sql) {
    Set<String> out = new LinkedHashSet<>();
    scan(sql, (name, start, end) -> out.add(name));
    return out;
  }

  /** Binds the markers: {@code IDENTIFIER(...)} to the name it builds, every other {@code :name} to a string literal. */
  static String bind(String sql, Map<String, String> params) {
    Matcher m = IDENTIFIER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      StringBuilder name = new StringBuilder();
      for (String part : m.group(1).split("\\|\\|")) {
        String p = part.strip();
        if (p.startsWith(":") && params.containsKey(p.substring(1))) {
          name.append(params.get(p.substring(1)));
        } else if (p.length() >= 2 && p.startsWith("'") && p.endsWith("'")) {
          name.append(p, 1, p.length() - 1);
        } else {
          throw new IllegalArgumentException("IDENTIFIER(" + m.group(1).strip() + ") uses `" + p
              + "`, which is neither a parameter of the task nor a quoted string");
        }
      }
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("IDENTIFIER(" + m.group(1).strip() + ") builds `" + name
            + "`, which is not a table name (schema.name)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(name.toString()));
    }
    m.appendTail(out);
    String s = out.toString();
    StringBuilder bound = new StringBuilder();
    int[] at = {0};
    List<String> unbound = new ArrayList<>();
    scan(s, (n, start, end) -> {
      bound.append(s, at[0], start);
      if (params.containsKey(n)) {
        bound.append(RunStore.q(params.get(n)));
      } else {
        unbound.add(n);
        bound.append(s, start, end);
      }
      at[0] = end;
    });
    if (!unbound.isEmpty()) {
      throw new IllegalArgumentException("the parameter marker :" + unbound.get(0) + " has no value (the task's parameters: "
          + (params.isEmpty() ? "none" : String.join(", ", params.keySet())) + ")");
    }
    bound.append(s.substring(at[0]));
    return bound.toString();
  }

  private interface MarkerVisitor {
    void visit(String name, int start, int end);
  }

  /** Finds {@code :name} outside quotes, backticks and comments (and not {@code ::} casts). */
  private static void scan(String sql, MarkerVisitor v) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int j = i + 1;
        while (j < n && sql.charAt(j) != c) {
          j += sql.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int j = sql.indexOf('\n', i);
        i = j < 0 ? n : j + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int j = sql.indexOf("*/", i + 2);
        i = j < 0 ? n : j + 2;
      } else if (c == ':' && i + 1 < n && (Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')
          && (i == 0 || (sql.charAt(i - 1) != ':' && !Character.isLetterOrDigit(sql.charAt(i - 1))))) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        v.visit(sql.substring(i + 1, j), i, j);
        i = j;
      } else {
        i++;
      }
    }
  }

  /** The SQL of a Databricks SQL notebook saved as source: its cells, without the header and {@code MAGIC} lines. */
  static String notebook(String source) {
    List<String> cells = new ArrayList<>();
    for (String cell : source.split("(?m)^-- COMMAND -{5,}\\s*$")) {
      StringBuilder sql = new StringBuilder();
      for (String line : cell.split("\n", -1)) {
        String t = line.strip();
        if (!t.startsWith("-- Databricks notebook source") && !t.startsWith("-- MAGIC")) {
          sql.append(line).append('\n');
        }
      }
      String c = sql.toString().strip();
      while (c.endsWith(";")) {
        c = c.substring(0, c.length() - 1).strip();
      }
      if (!c.isEmpty() && !c.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
        cells.add(c);
      }
    }
    return String.join(";\n", cells) + (cells.isEmpty() ? "" : ";\n");
  }

  /** True when the notebook runs another language than SQL in a cell ({@code %python}, {@code %scala}, ...). */
  static String otherLanguage(String source) {
    Matcher m = Pattern.compile("(?m)^-- MAGIC %(python|scala|r|sh|pip)\\b").matcher(source);
    return m.find() ? m.group(1) : null;
  }
}
