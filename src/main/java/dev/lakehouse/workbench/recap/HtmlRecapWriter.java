package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.curriculum.MarkdownText;
import dev.lakehouse.workbench.progress.PostDraft;
import java.util.Base64;
import java.util.List;

/**
 * A recap as one self-contained page: styles inline, charts as {@code data:} URIs, no scripts, no
 * external requests. Written as well-formed XHTML so the PDF renderer reads the same page.
 * Everything that comes from the learner or the lab log goes through {@link #esc}: a note with
 * {@code <script>} shows as text.
 */
public final class HtmlRecapWriter {

  /** Font families the page asks for first; the PDF writer embeds a system font under these names. */
  static final String SANS = "Workbench Sans";
  static final String MONO = "Workbench Mono";


  static final String CSS = """
      body { font-family: 'Workbench Sans', 'Helvetica', 'Arial', sans-serif; color: #1f2328; margin: 32px auto; max-width: 820px; line-height: 1.45; font-size: 11pt; }
      h1 { font-size: 20pt; border-bottom: 2px solid #1f6feb; padding-bottom: 6px; }
      h2 { font-size: 14pt; margin-top: 28px; color: #1f6feb; page-break-after: avoid; -fs-page-break-min-height: 3.5cm; }
      h3 { font-size: 11.5pt; margin-bottom: 4px; page-break-after: avoid; -fs-page-break-min-height: 2.5cm; }
      .meta { color: #59636e; }
      table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
      th, td { border: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
      th { background: #f6f8fa; }
      tr { page-break-inside: avoid; }
      thead { display: table-header-group; }
      td.num { text-align: right; white-space: nowrap; }
      tr.done td.state { color: #1a7f37; font-weight: bold; }
      ul.summary li { margin: 2px 0; }
      .chart { margin: 12px 0; page-break-inside: avoid; }
      .chart img { width: 100%; border: 1px solid #d0d7de; }
      .caption { color: #59636e; font-size: 9pt; }
      blockquote { margin: 6px 0 14px 0; padding: 6px 12px; border-left: 4px solid #d0d7de; background: #f6f8fa; white-space: pre-wrap; }
      pre.document { font-family: 'Workbench Mono', 'Courier', monospace; font-size: 8.5pt; white-space: pre-wrap; background: #f6f8fa; border: 1px solid #d0d7de; padding: 6px 10px; }
      code { font-family: 'Workbench Mono', 'Courier', monospace; background: #eff2f5; padding: 0 3px; }
      """;

  public String write(Recap r, List<RecapCharts.Chart> charts) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    h.append("<meta charset=\"utf-8\" />\n<title>Lakehouse Workbench recap: ").append(esc(r.scope().title())).append("</title>\n");
    h.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Lakehouse Workbench recap: ").append(esc(r.scope().title())).append("</h1>\n");
    h.append("<p class=\"meta\">Generated ").append(esc(RecapText.when(r.generatedAt(), r.zone())))
        .append(" (").append(esc(RecapText.zone(r.zone()))).append(").</p>\n");

    h.append("<h2>Summary</h2>\n<ul class=\"summary\">\n");
    h.append("<li>Days done: ").append(esc(RecapText.summaryDone(r))).append("</li>\n");
    h.append("<li>Time spent: ").append(esc(RecapText.totalTime(r.timeSpent()))).append("</li>\n");
    h.append("<li>Streak: ").append(esc(RecapText.streak(r.streak()))).append("</li>\n</ul>\n");

    h.append("<h2>Days</h2>\n<table>\n<thead><tr><th>Day</th><th>Title</th><th>State</th><th>Done at</th>"
        + "<th>Time</th><th>Quiz</th><th>Lab checks</th></tr></thead>\n<tbody>\n");
    for (RecapDay d : r.days()) {
      h.append("<tr class=\"").append(d.done() ? "done" : "open").append("\"><td class=\"num\">").append(d.day())
          .append("</td><td>").append(esc(d.title())).append("</td><td class=\"state\">").append(esc(RecapText.state(d)))
          .append("</td><td>").append(esc(RecapText.when(d.doneAt(), r.zone()))).append("</td><td class=\"num\">")
          .append(esc(RecapText.dayTime(d))).append("</td><td>").append(esc(RecapText.quiz(d)))
          .append("</td><td>").append(esc(RecapText.checks(d))).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    if (r.days().stream().anyMatch(d -> RecapText.dayTime(d).equals(RecapText.NOT_MEASURED))) {
      h.append("<p class=\"caption\">").append(esc(RecapText.NOT_MEASURED_NOTE)).append("</p>\n");
    }

    if (!charts.isEmpty()) {
      h.append("<h2>Charts</h2>\n");
      for (RecapCharts.Chart c : charts) {
        h.append("<div class=\"chart\"><img alt=\"").append(esc(c.caption())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(c.png())).append("\" />")
            .append("<div class=\"caption\">").append(esc(c.caption())).append("</div></div>\n");
      }
    }

    h.append("<h2>Lab evidence</h2>\n");
    boolean any = false;
    for (RecapDay d : r.days()) {
      if (d.evidence().isEmpty()) {
        continue;
      }
      any = true;
      h.append("<h3>Day ").append(d.day()).append(": ").append(esc(d.title())).append("</h3>\n<ul>\n");
      for (LabEvidence e : d.evidence()) {
        h.append("<li>Lab <code>").append(esc(e.labId())).append("</code>: ").append(e.checksPassed()).append(" of ")
            .append(e.checksTotal()).append(" checks passed, ").append(esc(RecapText.when(e.at(), r.zone())));
        if (!e.tables().isEmpty()) {
          h.append("\n<ul>\n");
          for (TableEvidence t : e.tables()) {
            h.append("<li>table <code>").append(esc(t.table())).append("</code> at version ").append(t.version())
                .append(": ").append(esc(RecapText.operations(t.operations()))).append("</li>\n");
          }
          h.append("</ul>\n");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (!any) {
      h.append("<p>No lab checks recorded for these days.</p>\n");
    }

    h.append("<h2>Notes</h2>\n");
    any = false;
    for (RecapDay d : r.days()) {
      if (d.note().isBlank()) {
        continue;
      }
      any = true;
      h.append("<h3>Day ").append(d.day()).append(": ").append(esc(d.title())).append("</h3>\n");
      h.append("<blockquote>").append(esc(RecapText.excerpt(MarkdownText.plain(d.note())))).append("</blockquote>\n");
    }
    if (!any) {
      h.append("<p>No notes for these days.</p>\n");
    }

    if (r.days().stream().anyMatch(d -> !d.documents().isEmpty())) {
      h.append("<h2>Documents</h2>\n");
      for (RecapDay d : r.days()) {
        for (LearnerDocument doc : d.documents()) {
          h.append("<h3>Day ").append(d.day()).append(": <code>").append(esc(doc.path())).append("</code></h3>\n");
          h.append("<p class=\"caption\">").append(esc(saves(doc))).append("</p>\n");
          h.append("<pre class=\"document\">").append(esc(doc.text().strip())).append("</pre>\n");
        }
      }
    }

    h.append("<h2>Drafts</h2>\n");
    any = false;
    for (RecapDay d : r.days()) {
      if (d.linkedinDraft().isBlank()) {
        continue;
      }
      any = true;
      h.append("<h3>LinkedIn post, day ").append(d.day()).append("</h3>\n<blockquote>")
          .append(esc(d.linkedinDraft().strip())).append("</blockquote>\n");
    }
    for (PostDraft b : r.blogDrafts()) {
      any = true;
      h.append("<h3>Blog post, week ").append(b.period()).append("</h3>\n<blockquote>")
          .append(esc(b.markdown().strip())).append("</blockquote>\n");
    }
    if (!any) {
      h.append("<p>No drafts for these days.</p>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** Escapes text for HTML element content and attribute values; drops characters XML forbids. */
  public static String esc(String s) {
    return dev.lakehouse.workbench.common.Html.escape(s);
  }


  /** "saved 3 times" style line under a document: the current text and the earlier saves kept. */
  static String saves(LearnerDocument doc) {
    return doc.versionsKept() == 0 ? "as saved in the data folder"
        : "as last saved; " + doc.versionsKept() + (doc.versionsKept() == 1 ? " version" : " versions") + " kept";
  }
}
