package dev.lakehouse.workbench.progress;

import java.time.Instant;

/** A saved post draft: {@code period} is the day for LinkedIn posts and the week for blog posts. */
public record PostDraft(DraftKind kind, int period, String markdown, Instant updatedAt) {}
