package dev.lakehouse.workbench.pipeline.dag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operators a DAG file may name: Airflow's own import paths for the ones Airflow ships
 * (so the file stays valid for dag-factory), {@code workbench.*} for the lake's own, and the
 * custom operators the learner registered (YAML files, see {@link CustomOperator}).
 */
public final class OperatorRegistry {

  public static final String SQL = "airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator";
  public static final String SQL_CHECK = "airflow.providers.common.sql.operators.sql.SQLCheckOperator";
  public static final String BRANCH_SQL = "airflow.providers.common.sql.operators.sql.BranchSQLOperator";
  public static final String SQL_SENSOR = "airflow.providers.common.sql.sensors.sql.SqlSensor";
  public static final String EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator";
  public static final String QUALITY = "workbench.operators.QualityOperator";
  public static final String DBT = "workbench.operators.DbtBuildOperator";
  public static final String DELTA_SENSOR = "workbench.sensors.DeltaVersionSensor";
  public static final String FLAKY = "workbench.operators.TransientFailureOperator";

  /** One operator the registry knows: how it runs, its required and templated fields, its default retries. */
  public record Resolved(String name, Operator operator, List<String> required, List<String> templated,
      int defaultRetries, boolean writes, CustomOperator custom) {

    /** The problems with a task's fields (missing required ones, badly typed parameters). */
    public List<String> check(Map<String, Object> fields) {
      List<String> out = new ArrayList<>();
      for (String r : required) {
        if (fields.get(r) == null) {
          out.add("operator " + shortName() + " needs the field `" + r + "`");
        }
      }
      if (custom != null) {
        out.addAll(custom.check(fields));
      }
      return out;
    }

    public String shortName() {
      return name.substring(name.lastIndexOf('.') + 1);
    }
  }

  private final Map<String, Resolved> byName = new LinkedHashMap<>();

  public OperatorRegistry() {
    builtin(SQL, Operators::sql, List.of("sql"), List.of("sql"), true);
    builtin(SQL_CHECK, Operators::check, List.of("sql"), List.of("sql"), false);
    builtin(BRANCH_SQL, Operators::branch, List.of("sql", "follow_task_ids_if_true", "follow_task_ids_if_false"),
        List.of("sql"), false);
    builtin(SQL_SENSOR, Operators::sqlSensor, List.of("sql"), List.of("sql"), false);
    builtin(EMPTY, ctx -> Operator.Result.success(), List.of(), List.of(), false);
    builtin(QUALITY, Operators::quality, List.of(), List.of("suite", "table", "contract"), false);
    builtin(DBT, Operators::dbt, List.of("project_dir"), List.of("select", "vars"), true);
    builtin(DELTA_SENSOR, Operators::deltaVersionSensor, List.of("table", "version"), List.of("table", "version"), false);
    builtin(FLAKY, Operators::flaky, List.of(), List.of("sql"), true);
  }

  private void builtin(String name, Operator op, List<String> required, List<String> templated, boolean writes) {
    byName.put(name, new Resolved(name, op, required, templated, 0, writes, null));
  }

  /** Registers an operator the engine's own file formats add (a Databricks job's SQL task). */
  void registerBuiltin(String name, Operator op, List<String> required, boolean writes) {
    builtin(name, op, required, List.of(), writes);
  }

  /** Registers a custom operator under its name (and its {@code custom.} path). */
  public void register(CustomOperator op) {
    Resolved r = new Resolved(op.name(), op, op.required(), op.templateFields(), op.retries(), true, op);
    byName.put(op.name(), r);
  }

  /** Registers every {@code *.yaml} / {@code *.yml} custom operator in a folder (if it exists). */
  public List<CustomOperator> registerFolder(Path folder) {
    List<CustomOperator> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (Stream<Path> s = Files.list(folder)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
        CustomOperator op = CustomOperator.read(f);
        register(op);
        out.add(op);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** The operator a DAG names, or null. */
  public Resolved resolve(String name) {
    return byName.get(name);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Resolved> all() {
    return List.copyOf(byName.values());
  }
}
