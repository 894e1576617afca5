package dev.lakehouse.workbench.curriculum;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The resource URLs of the user's 30-day plan, day by day, exactly as the plan lists them. */
final class PlanFacts {

  private PlanFacts() {}

  static Map<Integer, List<String>> urlsByDay() {
    Map<Integer, List<String>> m = new TreeMap<>();
    m.put(1, List.of("https://www.databricks.com/discover/data-lakehouse", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(2, List.of("https://docs.delta.io/latest/delta-intro.html", "https://www.youtube.com/watch?v=Q6QmSDc1QJw"));
    m.put(3, List.of("https://docs.getdbt.com/docs/get-started/getting-started-databricks", "https://www.youtube.com/watch?v=6Eo6HkR3rIU"));
    m.put(4, List.of("https://docs.databricks.com/en/workflows/jobs/airflow.html", "https://www.youtube.com/watch?v=5wUvGQ6l1cE"));
    m.put(5, List.of("https://docs.databricks.com/en/data-governance/unity-catalog/index.html", "https://www.youtube.com/watch?v=6QvQwQnQ2nA"));
    m.put(6, List.of("https://docs.greatexpectations.io/docs/tutorials/getting_started/", "https://www.databricks.com/blog/2022/03/15/data-quality-ai-ml.html"));
    m.put(7, List.of("https://www.databricks.com/blog/2021/05/26/modern-data-stack-for-ai-ml.html"));
    m.put(8, List.of("https://docs.delta.io/latest/delta-batch.html#time-travel", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(9, List.of("https://docs.getdbt.com/docs/build/jinja-macros", "https://www.youtube.com/watch?v=6Eo6HkR3rIU"));
    m.put(10, List.of("https://airflow.apache.org/docs/apache-airflow/stable/howto/custom-operator.html", "https://www.youtube.com/watch?v=5wUvGQ6l1cE"));
    m.put(11, List.of("https://docs.databricks.com/en/data-governance/unity-catalog/data-lineage.html", "https://www.databricks.com/blog/2022/03/15/data-lineage-ai-ml.html"));
    m.put(12, List.of("https://www.databricks.com/blog/2022/03/15/data-drift-detection.html", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(13, List.of("https://docs.getdbt.com/docs/deploy/cloud-ci-cd", "https://airflow.apache.org/blog/airflow-2.0-ci-cd/"));
    m.put(14, List.of("https://www.databricks.com/blog/2022/03/15/lakehouse-best-practices.html"));
    m.put(15, List.of("https://docs.databricks.com/en/workflows/jobs/index.html", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(16, List.of("https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/dags.html#sla", "https://www.databricks.com/blog/2022/03/15/workflow-monitoring.html"));
    m.put(17, List.of("https://www.databricks.com/blog/2022/03/15/lakehouse-cost-optimization.html", "https://docs.databricks.com/en/administration-guide/account-settings/usage-analysis.html"));
    m.put(18, List.of("https://docs.databricks.com/en/getting-started/cloud.html", "https://www.databricks.com/blog/2022/03/15/cloud-migration.html"));
    m.put(19, List.of("https://www.databricks.com/blog/2022/03/15/hudi-vs-delta.html", "https://iceberg.apache.org/docs/latest/"));
    m.put(20, List.of("https://docs.delta.io/latest/delta-sharing.html", "https://www.databricks.com/blog/2022/03/15/open-data-formats.html"));
    m.put(21, List.of("https://www.databricks.com/blog/2022/03/15/production-checklist.html"));
    m.put(22, List.of("https://www.databricks.com/blog/2022/03/15/data-observability.html", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(23, List.of("https://www.databricks.com/blog/2022/03/15/anomaly-detection.html", "https://docs.databricks.com/en/data-governance/data-quality.html"));
    m.put(24, List.of("https://www.databricks.com/blog/2022/03/15/data-contracts.html", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(25, List.of("https://github.com/delta-io/delta/blob/master/CONTRIBUTING.md", "https://www.databricks.com/blog/2022/03/15/open-source-leadership.html"));
    m.put(26, List.of("https://www.databricks.com/blog/2022/03/15/lakehouse-research.html", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(27, List.of("https://www.databricks.com/blog/2022/03/15/thought-leadership.html", "https://www.youtube.com/watch?v=QJZ8QbKpF1A"));
    m.put(28, List.of("https://www.databricks.com/blog/2022/03/15/learning-synthesis.html"));
    m.put(29, List.of("https://docs.databricks.com/en/getting-started/learning-path.html", "https://www.databricks.com/blog/2022/03/15/ai-ml-integration.html"));
    m.put(30, List.of("https://www.databricks.com/blog/2022/03/15/learning-reflection.html"));
    return m;
  }
}
