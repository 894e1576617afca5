package dev.lakehouse.workbench.lab;

/**
 * A file the learner writes for a lab (a suite, drift settings), under the data folder: setup writes
 * {@code starter} when the file is missing, reset writes it again (the replaced text is kept in the
 * attempt history), {@code lab solution --apply} writes {@code solution}.
 *
 * @param path relative to the data folder, e.g. {@code work/day-06/suite.json}
 */
public record LabFile(String path, String starter, String solution) {}
