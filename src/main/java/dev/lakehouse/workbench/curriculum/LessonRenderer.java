package dev.lakehouse.workbench.curriculum;

/** Turns a lesson into a self-contained HTML page. Implementations are built once and reused. */
public interface LessonRenderer {

  /**
   * The relative link under each SQL block ({@code send-to-lab?sql=<url-encoded SQL>}); the lesson
   * view recognises it, never loads it, and hands the SQL to the lab editor.
   */
  String SEND_TO_LAB = "send-to-lab";

  /** The SQL a "Send to lab" link carries, if {@code location} (as the page resolved it) is one. */
  static java.util.Optional<String> sentToLab(String location) {
    if (location == null) {
      return java.util.Optional.empty();
    }
    int q = location.indexOf('?');
    String path = q < 0 ? location : location.substring(0, q);
    if (!path.endsWith("/" + SEND_TO_LAB) && !path.equals(SEND_TO_LAB)) {
      return java.util.Optional.empty();
    }
    String query = q < 0 ? "" : location.substring(q + 1);
    for (String part : query.split("&")) {
      if (part.startsWith("sql=")) {
        try {
          return java.util.Optional.of(java.net.URLDecoder.decode(part.substring(4).replace("+", "%2B"),
              java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          return java.util.Optional.empty();
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The body's Markdown as an HTML fragment: raw HTML escaped, task items as glyphs, SQL highlighted. */
  String renderMarkdown(String markdown);

  /** The whole page: header, body, the doable, post prompts and further reading; {@code dark} picks colours. */
  String renderPage(Lesson lesson, boolean dark);

  /** A page explaining why a day could not be shown. */
  String renderProblem(CurriculumDay day, boolean dark);
}
