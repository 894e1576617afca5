package dev.lakehouse.workbench.recap;

import dev.lakehouse.workbench.progress.PostDraft;
import java.util.Map;

/**
 * A recap as Markdown. Charts are linked, not embedded: {@code chartLinks} maps a chart id to the
 * relative path the exporter wrote its PNG to. The learner's notes and drafts are quoted as typed.
 */
public final class MarkdownRecapWriter {

  public String write(Recap r, Map<String, String> chartLinks, Map<String, String> captions) {
    StringBuilder md = new StringBuilder();
    md.append("# Lakehouse Workbench recap: ").append(r.scope().title()).append("\n\n");
    md.append("Generated ").append(RecapText.when(r.generatedAt(), r.zone())).append(" (").append(RecapText.zone(r.zone())).append(").\n\n");
    md.append("## Summary\n\n");
    md.append("- Days done: ").append(RecapText.summaryDone(r)).append('\n');
    md.append("- Time spent: ").append(RecapText.totalTime(r.timeSpent())).append('\n');
    md.append("- Streak: ").append(RecapText.streak(r.streak())).append("\n\n");

    md.append("## Days\n\n");
    md.append("| Day | Title | State | Done at | Time | Quiz | Lab checks |\n");
    md.append("| ---: | --- | --- | --- | ---: | --- | --- |\n");
    for (RecapDay d : r.days()) {
      md.append("| ").append(d.day()).append(" | ").append(cell(d.title())).append(" | ").append(RecapText.state(d))
          .append(" | ").append(RecapText.when(d.doneAt(), r.zone())).append(" | ").append(RecapText.dayTime(d))
          .append(" | ").append(RecapText.quiz(d)).append(" | ").append(RecapText.checks(d)).append(" |\n");
    }
    if (r.days().stream().anyMatch(d -> RecapText.dayTime(d).equals(RecapText.NOT_MEASURED))) {
      md.append('\n').append(RecapText.NOT_MEASURED_NOTE).append('\n');
    }
    md.append('\n');

    if (!chartLinks.isEmpty()) {
      md.append("## Charts\n\n");
      chartLinks.forEach((id, link) ->
          md.append("![").append(captions.getOrDefault(id, id)).append("](").append(link).append(")\n\n"));
    }

    md.append("## Lab evidence\n\n");
    boolean any = false;
    for (RecapDay d : r.days()) {
      if (d.evidence().isEmpty()) {
        continue;
      }
      any = true;
      md.append("### Day ").append(d.day()).append(": ").append(d.title()).append("\n\n");
      for (LabEvidence e : d.evidence()) {
        md.append("- Lab `").append(e.labId()).append("`: ").append(e.checksPassed()).append(" of ").append(e.checksTotal())
            .append(" checks passed, ").append(RecapText.when(e.at(), r.zone())).append('\n');
        for (TableEvidence t : e.tables()) {
          md.append("  - table `").append(t.table()).append("` at version ").append(t.version()).append(": ")
              .append(RecapText.operations(t.operations())).append('\n');
        }
      }
      md.append('\n');
    }
    if (!any) {
      md.append("No lab checks recorded for these days.\n\n");
    }

    md.append("## Notes\n\n");
    any = false;
    for (RecapDay d : r.days()) {
      if (d.note().isBlank()) {
        continue;
      }
      any = true;
      md.append("### Day ").append(d.day()).append(": ").append(d.title()).append("\n\n");
      md.append(quote(RecapText.excerpt(d.note()))).append('\n');
    }
    if (!any) {
      md.append("No notes for these days.\n\n");
    }

    if (r.days().stream().anyMatch(d -> !d.documents().isEmpty())) {
      md.append("## Documents\n\n");
      for (RecapDay d : r.days()) {
        for (LearnerDocument doc : d.documents()) {
          String fence = doc.text().contains("```") ? "~~~~" : "```";
          md.append("### Day ").append(d.day()).append(": `").append(doc.path()).append("`\n\n")
              .append('_').append(HtmlRecapWriter.saves(doc)).append("_\n\n")
              .append(fence).append(doc.language()).append('\n').append(doc.text().strip()).append('\n')
              .append(fence).append("\n\n");
        }
      }
    }

    md.append("## Drafts\n\n");
    any = false;
    for (RecapDay d : r.days()) {
      if (d.linkedinDraft().isBlank()) {
        continue;
      }
      any = true;
      md.append("### LinkedIn post, day ").append(d.day()).append("\n\n").append(quote(d.linkedinDraft())).append('\n');
    }
    for (PostDraft b : r.blogDrafts()) {
      any = true;
      md.append("### Blog post, week ").append(b.period()).append("\n\n").append(quote(b.markdown())).append('\n');
    }
    if (!any) {
      md.append("No drafts for these days.\n");
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.strip().split("\n", -1)) {
      out.append(line.isBlank() ? ">" : "> " + line.stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
