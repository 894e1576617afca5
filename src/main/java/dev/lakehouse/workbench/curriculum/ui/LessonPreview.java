package dev.lakehouse.workbench.curriculum.ui;

import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.curriculum.Resource;
import dev.lakehouse.workbench.ui.MarkdownBlocks;
import dev.lakehouse.workbench.ui.MarkdownBlocks.Block;
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

  /**
   * The lesson page with nodes for its first {@code built} blocks; {@link Page#addRest()} builds and
   * appends the others. The first frame builds a screenful (a lesson has about 50 blocks).
   */
  static Page of(CurriculumDay day, int built) {
    VBox box = new VBox();
    box.getStyleClass().add("lesson-md");
    Lesson l = day.lesson();
    List<Block> blocks = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    if (l == null) {
      add(blocks, classes, MarkdownBlocks.parse("# Day " + day.day() + ": " + day.title() + "\n\n"
          + (day.problem() != null ? "`" + day.problem().describe() + "`" : "There is no lesson file for this day yet.")), null);
    } else {
      add(blocks, classes, MarkdownBlocks.parse("WEEK " + l.week() + " · DAY " + l.day() + " · ABOUT "
          + l.minutes() + " MIN").stream().limit(1).toList(), "lesson-eyebrow");
      add(blocks, classes, MarkdownBlocks.parse("# " + l.title()), null);
      add(blocks, classes, MarkdownBlocks.parse(l.focus()).stream().limit(1).toList(), "lesson-focus");
      add(blocks, classes, MarkdownBlocks.parse(l.body()), null);
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
      add(blocks, classes, MarkdownBlocks.parse(tail.toString()), null);
    }
    Page page = new Page(box, blocks, classes);
    page.build(Math.min(built, blocks.size()));
    return page;
  }

  private static void add(List<Block> blocks, List<String> classes, List<Block> more, String styleClass) {
    blocks.addAll(more);
    more.forEach(b -> classes.add(styleClass));
  }

  /** A preview page being built: its box and the blocks not yet in it. */
  static final class Page {

    private final VBox box;
    private final List<Block> blocks;
    private final List<String> classes;
    private int built;

    private Page(VBox box, List<Block> blocks, List<String> classes) {
      this.box = box;
      this.blocks = blocks;
      this.classes = classes;
    }

    VBox box() {
      return box;
    }

    boolean complete() {
      return built == blocks.size();
    }

    /** Builds and appends the blocks not yet in the page. */
    void addRest() {
      build(blocks.size());
    }

    private void build(int upTo) {
      List<Node> nodes = MarkdownFlow.nodes(blocks.subList(built, upTo));
      for (int i = 0; i < nodes.size(); i++) {
        String styleClass = classes.get(built + i);
        if (styleClass != null) {
          nodes.get(i).getStyleClass().add(styleClass);
        }
      }
      box.getChildren().addAll(nodes);
      built = upTo;
    }
  }
}
