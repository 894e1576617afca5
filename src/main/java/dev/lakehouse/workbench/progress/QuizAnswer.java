package dev.lakehouse.workbench.progress;

import java.time.Instant;

/** The learner's latest answer to one self-check question. */
public record QuizAnswer(int day, String questionId, String choice, boolean correct, Instant answeredAt) {}
