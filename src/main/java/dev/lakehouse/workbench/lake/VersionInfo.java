package dev.lakehouse.workbench.lake;

import java.time.Instant;
import java.util.Map;

/** One entry of a table's history: the commitInfo of one version. */
public record VersionInfo(
    long version,
    Instant timestamp,
    String operation,
    Map<String, String> parameters,
    Map<String, String> metrics,
    Long readVersion,
    Boolean isBlindAppend,
    String engineInfo) {}
