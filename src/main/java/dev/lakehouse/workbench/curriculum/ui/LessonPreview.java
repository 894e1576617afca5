package dev.lakehouse.workbench.curriculum.ui;

import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.curriculum.Resource;
import dev.lakehouse.workbench.ui.MarkdownBlocks;
import dev.lakehouse.workbench.ui.MarkdownFlow;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.VBox;

/**
 * A lesson drawn with plain JavaFX nodes, laid out like the web page: the header, the body, the
 * doable, the post prompts and the reading list. Diagrams show their caption until the WebView,
 * which renders them, takes over. Building it costs a few milliseconds and no WebKit.
 */
final class LessonPreview {

  private LessonPreview() {}

  static VBox of(CurriculumDay day) {
    VBox page = new VBox();
    page.getStyleClass().add("lesson-md");
    Lesson l = day.lesson();
    if (l == null) {
      page.getChildren().addAll(MarkdownFlow.nodes(MarkdownBlocks.parse("# Day " + day.day() + ": " + day.title()
          + "\n\n" + (day.problem() != null ? "`" + day.problem().describe() + "`" : "There is no lesson file for this day yet."))));
      return page;
    }
    List<Node> nodes = new ArrayList<>();
    Node eyebrow = MarkdownFlow.nodes(MarkdownBlocks.parse("WEEK " + l.week() + " · DAY " + l.day() + " · ABOUT "
        + l.minutes() + " MIN")).get(0);
    eyebrow.getStyleClass().add("lesson-eyebrow");
    nodes.add(eyebrow);
    nodes.addAll(MarkdownFlow.nodes(MarkdownBlocks.parse("# " + l.title())));
    Node focus = MarkdownFlow.nodes(MarkdownBlocks.parse(l.focus())).get(0);
    focus.getStyleClass().add("lesson-focus");
    nodes.add(focus);
    nodes.addAll(MarkdownFlow.nodes(MarkdownBlocks.parse(l.body())));
    StringBuilder tail = new StringBuilder("## Today's doable\n\n").append(l.doable())
        .append("\n\n## Share what you learned\n\n**LinkedIn post idea:** ").append(l.linkedinPrompt());
    if (l.blogPrompt() != null) {
      tail.append("\n\n**This week's blog post:** ").append(l.blogPrompt());
    }
    tail.append("\n\n## Further reading\n\n");
    for (Resource r : l.resources()) {
      tail.append("- [").append(r.title()).append("](").append(r.url()).append(") ").append(r.kind())
          .append(", ").append(r.minutes()).append(" min\n");
    }
    nodes.addAll(MarkdownFlow.nodes(MarkdownBlocks.parse(tail.toString())));
    page.getChildren().setAll(nodes);
    return page;
  }
}
