package dev.lakehouse.workbench.lab;

import java.nio.file.Path;

/** Why a lab file could not be loaded: the file, the field, and what is expected there. */
public record LabProblem(Path file, String field, String expected) {

  public String message() {
    return file + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + expected;
  }
}
