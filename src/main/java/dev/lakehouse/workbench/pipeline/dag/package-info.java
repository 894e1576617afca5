/**
 * The orchestration half of the pipeline part: DAG files in dag-factory's YAML, Airflow 3's
 * scheduling semantics on a simulated clock, operators over the lake, and run history kept as Delta
 * tables ({@code pipeline.dag_run}, {@code pipeline.task_instance}, {@code pipeline.alerts}).
 * Plain Java: uses {@code lake}, {@code sql}'s public {@code SqlSession}, {@code quality} and
 * {@code common}; never the app, the UI or the progress store.
 */
package dev.lakehouse.workbench.pipeline.dag;
