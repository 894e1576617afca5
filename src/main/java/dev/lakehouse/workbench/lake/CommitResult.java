package dev.lakehouse.workbench.lake;

import java.util.Map;

/** A commit that happened: the version written, Delta's operation name and its operation metrics. */
public record CommitResult(long version, String operation, Map<String, String> metrics) {}
