package dev.lakehouse.workbench.recap;

/**
 * A file the learner wrote for a day's lab (a document, a diagram, a suite, a contract), as saved
 * in the data folder, with how many earlier saves are kept beside it.
 *
 * @param path the lab file's path inside the data folder, e.g. {@code work/day-29/plan.md}
 */
public record LearnerDocument(int day, String path, String text, int versionsKept) {

  /** The fence language a Markdown recap gives the text, from the file's extension. */
  public String language() {
    int dot = path.lastIndexOf('.');
    String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    return switch (ext) {
      case "md" -> "markdown";
      case "puml" -> "plantuml";
      case "yml", "yaml" -> "yaml";
      case "json" -> "json";
      case "sql" -> "sql";
      default -> "";
    };
  }
}
