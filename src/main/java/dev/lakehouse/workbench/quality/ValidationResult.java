package dev.lakehouse.workbench.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A suite validated against one version of a table, shaped as GX's suite validation result:
 * {@code success}, {@code results}, {@code suite_name}, {@code statistics}, {@code meta}.
 */
public record ValidationResult(String runId, Instant runTime, String suiteName, String table, long version,
    List<ExpectationResult> results) {

  public ValidationResult {
    results = List.copyOf(results);
  }

  public boolean success() {
    return results.stream().allMatch(ExpectationResult::success);
  }

  /** Whether a critical expectation failed (a checkpoint with the fail action stops the pipeline then). */
  public boolean criticalFailed() {
    return results.stream().anyMatch(r -> !r.success() && r.expectation().severity() == Expectation.Severity.CRITICAL);
  }

  public long successful() {
    return results.stream().filter(ExpectationResult::success).count();
  }

  public double successPercent() {
    return results.isEmpty() ? 100.0 : 100.0 * successful() / results.size();
  }

  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("success", success());
    ArrayNode list = root.putArray("results");
    for (ExpectationResult r : results) {
      ObjectNode o = list.addObject();
      o.put("success", r.success());
      ObjectNode config = o.putObject("expectation_config");
      config.put("type", r.expectation().type());
      config.set("kwargs", json.valueToTree(r.expectation().kwargs()));
      config.set("meta", json.valueToTree(r.expectation().meta()));
      config.put("severity", r.expectation().severity().json());
      o.set("result", json.valueToTree(r.result()));
      o.putObject("meta");
      ObjectNode ex = o.putObject("exception_info");
      ex.put("raised_exception", false);
      ex.putNull("exception_traceback");
      ex.putNull("exception_message");
    }
    root.put("suite_name", suiteName);
    ObjectNode stats = root.putObject("statistics");
    stats.put("evaluated_expectations", results.size());
    stats.put("successful_expectations", successful());
    stats.put("unsuccessful_expectations", results.size() - successful());
    stats.put("success_percent", successPercent());
    ObjectNode meta = root.putObject("meta");
    meta.put("run_id", runId);
    meta.put("run_time", runTime.toString());
    meta.put("table", table);
    meta.put("table_version", version);
    return root;
  }
}
