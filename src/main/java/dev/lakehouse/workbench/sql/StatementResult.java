package dev.lakehouse.workbench.sql;

import java.util.List;
import java.util.Map;

/**
 * What one statement returned: columns and rows (empty for most writes), a one-line message for
 * people, and metrics (version written, operation, files scanned/total, rows affected, and the
 * commit's operation metrics), all plain JSON-friendly values.
 */
public record StatementResult(
    String statement, List<String> columns, List<List<Object>> rows, String message, Map<String, Object> metrics) {}
