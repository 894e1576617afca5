package dev.lakehouse.workbench.pipeline.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final Set<String> NAMESPACES = Set.of("job", "task", "tasks", "workspace", "parent", "input");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TIME_ARGS = List.of("iso_date", "iso_datetime", "year", "month", "day", "hour",
      "minute", "second", "timestamp_ms", "is_weekday", "is_weekend");
  /** The references we know, for messages. */
  static final String KNOWN = "job.id, job.name, job.run_id, job.repair_count, job.trigger.type, job.start_time.<"
      + String.join("|", TIME_ARGS) + ">, job.trigger.time.<...>, job.parameters.<name>, task.name, task.run_id, "
      + "task.execution_count, workspace.id, workspace.url";

  /**
   * What a run knows when it resolves references.
   *
   * @param outputs the rows each finished SQL task returned (its last query), by task key
   * @param states the final state of each finished task, by task key
   * @param input the for-each input of this iteration ({@link #NO_INPUT} outside a for-each task)
   */
  record RunFacts(long jobId, String jobName, String runId, String triggerType, LocalDateTime startTime,
      String taskName, int executionCount, Map<String, String> jobParameters,
      Map<String, List<Map<String, Object>>> outputs, Map<String, TaskState> states, Object input) {

    RunFacts(long jobId, String jobName, String runId, String triggerType, LocalDateTime startTime,
        String taskName, int executionCount, Map<String, String> jobParameters) {
      this(jobId, jobName, runId, triggerType, startTime, taskName, executionCount, jobParameters, Map.of(), Map.of(), NO_INPUT);
    }

    RunFacts withInput(Object in) {
      return new RunFacts(jobId, jobName, runId, triggerType, startTime, taskName, executionCount, jobParameters, outputs,
          states, in);
    }
  }

  /** A run's facts have no for-each input. */
  static final Object NO_INPUT = new Object();

  /** The references a task's output offers (a SQL task's), after {@code tasks.<key>.}. */
  static final String TASK_REFS = "output.rows, output.first_row, output.first_row.<column>, result_state, run_id";

  /** The value as a job's dynamic value reference shows it: text as is, a row or a list of rows as JSON. */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      try {
        return JSON.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }

  /** A for-each task's inputs as a list, or null when the text is not a JSON array. */
  static List<Object> jsonArray(String text) {
    try {
      Object v = JSON.readValue(text, Object.class);
      return v instanceof List<?> l ? new ArrayList<>(l) : null;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  /** A query's rows as a SQL task's output: column name to a JSON-friendly value, at most 1,000 rows as a workspace keeps. */
  static List<Map<String, Object>> rows(dev.lakehouse.workbench.sql.StatementResult r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      if (out.size() == 1000) {
        break;
      }
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < r.columns().size() && i < row.size(); i++) {
        Object v = row.get(i);
        m.put(r.columns().get(i), v == null || v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
      }
      out.add(m);
    }
    return out;
  }

  /** The problem with each reference of {@code value} that a run could not resolve (empty: all fine). */
  static List<String> referenceProblems(String value, Set<String> jobParameterNames) {
    return referenceProblems(value, jobParameterNames, null, false);
  }

  /**
   * As above, for a task's field: {@code upstream} maps each task that runs before it (all its
   * upstream tasks, not only the direct ones) to its task type (null: a job-level value, which cannot
   * name a task); {@code inForEach}: the field belongs to a for-each task's inner task, where
   * {@code {{input}}} has a value.
   */
  static List<String> referenceProblems(String value, Set<String> jobParameterNames, Map<String, String> upstream,
      boolean inForEach) {
    List<String> out = new ArrayList<>();
    Matcher m = REF.matcher(value);
    while (m.find()) {
      String ref = m.group(1).replace("`", "");
      String ns = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
      if (!NAMESPACES.contains(ns)) {
        continue;
      }
      if (ns.equals("input")) {
        if (!inForEach) {
          out.add("{{" + m.group(1) + "}} only has a value in the task a for_each_task runs for each input");
        }
      } else if (ns.equals("tasks")) {
        String rest = ref.substring("tasks.".length());
        String task = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        String what = rest.substring(task.length()).replaceFirst("^\\.", "");
        if (upstream == null) {
          out.add("{{" + m.group(1) + "}} names a task's result, which a job parameter cannot: use it in a task's field");
        } else if (!upstream.containsKey(task)) {
          out.add("{{" + m.group(1) + "}} names task " + task + ", which does not run before this one (add it to depends_on)");
        } else if (what.startsWith("values.")) {
          out.add("{{" + m.group(1) + "}} reads a task value, which only a Python notebook sets (dbutils.jobs.taskValues.set) and"
              + " only a workspace runs; in the workbench read a SQL task's {{tasks." + task + ".output.first_row.<column>}}");
        } else if (what.startsWith("output.")) {
          if (!"sql_task".equals(upstream.get(task))) {
            out.add("{{" + m.group(1) + "}} reads an output, which only a sql_task has (" + task + " is a " + upstream.get(task) + ")");
          } else if (!what.equals("output.rows") && !what.equals("output.first_row")
              && !what.matches("output\\.first_row\\.[A-Za-z_][A-Za-z0-9_]*")) {
            out.add("{{" + m.group(1) + "}} is not a task reference the workbench resolves (after tasks." + task + ". it knows " + TASK_REFS + ")");
          }
        } else if (!Set.of("result_state", "run_id").contains(what)) {
          out.add("{{" + m.group(1) + "}} is not a task reference the workbench resolves (after tasks." + task + ". it knows " + TASK_REFS + ")");
        }
      } else if (ref.startsWith("job.parameters.")) {
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
    if (ref.equals("input") || ref.startsWith("input.")) {
      if (f == null) {
        return "";
      }
      if (f.input() == NO_INPUT) {
        return null;
      }
      if (ref.equals("input")) {
        return text(f.input());
      }
      return f.input() instanceof Map<?, ?> in && in.containsKey(ref.substring(6)) ? text(in.get(ref.substring(6))) : null;
    }
    if (ref.startsWith("tasks.")) {
      if (f == null) {
        return "";
      }
      String rest = ref.substring("tasks.".length());
      String task = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
      String what = rest.substring(task.length()).replaceFirst("^\\.", "");
      List<Map<String, Object>> rows = f.outputs().get(task);
      if (what.equals("result_state")) {
        TaskState st = f.states().get(task);
        return st == null ? null : st == TaskState.SKIPPED ? "excluded" : st.label();
      }
      if (what.equals("run_id")) {
        return String.valueOf(runNumber(f.runId() + "/" + task));
      }
      if (rows == null) {
        return null;
      }
      if (what.equals("output.rows")) {
        return text(rows);
      }
      if (what.equals("output.first_row")) {
        return rows.isEmpty() ? "{}" : text(rows.get(0));
      }
      if (what.startsWith("output.first_row.")) {
        String col = what.substring("output.first_row.".length());
        return rows.isEmpty() || !rows.get(0).containsKey(col) ? null : text(rows.get(0).get(col));
      }
      return null;
    }
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
