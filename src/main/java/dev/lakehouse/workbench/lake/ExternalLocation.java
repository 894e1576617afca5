package dev.lakehouse.workbench.lake;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A folder outside the data folder that the learner declared with {@code CREATE EXTERNAL LOCATION}:
 * the only place, besides the lake itself, where tables may live (as in Unity Catalog).
 */
public record ExternalLocation(String name, Path path, String comment, Instant createdAt) {}
