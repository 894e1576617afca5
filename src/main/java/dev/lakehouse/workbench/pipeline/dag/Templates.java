package dev.lakehouse.workbench.pipeline.dag;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jinja templating of task fields with Airflow's context, through jinjava: {@code ds},
 * {@code ds_nodash}, {@code ts}, {@code logical_date}, {@code data_interval_start},
 * {@code data_interval_end}, {@code run_id}, {@code dag} ({@code dag.dag_id}), {@code task}
 * ({@code task.task_id}), {@code ti} ({@code ti.try_number}), {@code params}. Dates render as
 * Airflow renders them (ISO 8601, UTC, {@code +00:00}). An unknown name is an error, not an empty string.
 */
public final class Templates {

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'");

  private final Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());

  /** Airflow's template context for one try of one task. */
  public static Map<String, Object> context(String dagId, String runId, String taskId, int tryNumber,
      LocalDateTime logicalDate, LocalDateTime intervalStart, LocalDateTime intervalEnd, Map<String, Object> params) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("ds", logicalDate.toLocalDate().toString());
    c.put("ds_nodash", logicalDate.toLocalDate().toString().replace("-", ""));
    c.put("ts", TS.format(logicalDate));
    c.put("ts_nodash", TS.format(logicalDate).replace("-", "").replace(":", "").replace("+0000", ""));
    c.put("logical_date", TS.format(logicalDate));
    c.put("data_interval_start", TS.format(intervalStart));
    c.put("data_interval_end", TS.format(intervalEnd));
    c.put("run_id", runId);
    c.put("dag", Map.of("dag_id", dagId));
    c.put("task", Map.of("task_id", taskId));
    c.put("ti", Map.of("try_number", tryNumber, "task_id", taskId, "dag_id", dagId, "run_id", runId));
    c.put("params", params);
    return c;
  }

  /** Renders one string; throws IllegalArgumentException with jinjava's first error. */
  public String render(String template, Map<String, Object> context) {
    if (template == null || (!template.contains("{{") && !template.contains("{%"))) {
      return template;
    }
    RenderResult r = jinjava.renderForResult(template, context);
    for (TemplateError e : r.getErrors()) {
      if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new IllegalArgumentException("template `" + firstLine(template) + "`: " + e.getMessage());
      }
    }
    return r.getOutput();
  }

  /** Renders strings inside a value (strings, lists, maps), leaving other values as they are. */
  public Object renderValue(Object v, Map<String, Object> context) {
    if (v instanceof String s) {
      return render(s, context);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(renderValue(x, context)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), renderValue(x, context)));
      return out;
    }
    return v;
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 60 ? line.substring(0, 57) + "..." : line;
  }
}
