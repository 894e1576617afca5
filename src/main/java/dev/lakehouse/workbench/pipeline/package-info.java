/**
 * Pipelines on the lake. {@code pipeline.dbt} reads transformation projects in dbt's own layout,
 * compiles them with Jinja and builds them as ordinary Delta commits through {@code SqlSession}.
 */
package dev.lakehouse.workbench.pipeline;
