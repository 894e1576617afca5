package dev.lakehouse.workbench.curriculum;

/** Turns a lesson into a self-contained HTML page. Implementations are built once and reused. */
public interface LessonRenderer {

  /** The body's Markdown as an HTML fragment: raw HTML escaped, task items as glyphs, SQL highlighted. */
  String renderMarkdown(String markdown);

  /** The whole page: header, body, the doable, post prompts and further reading; {@code dark} picks colours. */
  String renderPage(Lesson lesson, boolean dark);

  /** A page explaining why a day could not be shown. */
  String renderProblem(CurriculumDay day, boolean dark);
}
