package dev.lakehouse.workbench.progress.ui;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/** Style spans for a Markdown note: headings, emphasis, inline code, fences, list bullets, links. Pure; runs off the FX thread. */
final class MarkdownStyles {

  private static final Pattern TOKENS = Pattern.compile(
      "(?<fence>^```[^\\n]*\\n(?:.*\\n)*?```[ \\t]*$)"
          + "|(?<heading>^#{1,6} .*$)"
          + "|(?<bullet>^[ \\t]*(?:[-*+]|\\d+\\.)(?= ))"
          + "|(?<code>`[^`\\n]+`)"
          + "|(?<strong>\\*\\*[^*\\n]+\\*\\*)"
          + "|(?<em>(?<![*\\w])\\*[^*\\n]+\\*(?!\\*))"
          + "|(?<link>\\[[^\\]\\n]*\\]\\([^)\\n]*\\))",
      Pattern.MULTILINE);

  private static final List<String> GROUPS = List.of("fence", "heading", "bullet", "code", "strong", "em", "link");

  private MarkdownStyles() {}

  static StyleSpans<Collection<String>> compute(String text) {
    Matcher m = TOKENS.matcher(text);
    StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
    int last = 0;
    while (m.find()) {
      String style = null;
      for (String g : GROUPS) {
        if (m.group(g) != null) {
          style = "md-" + g;
          break;
        }
      }
      spans.add(List.of(), m.start() - last);
      spans.add(List.of(style), m.end() - m.start());
      last = m.end();
    }
    spans.add(List.of(), text.length() - last);
    return spans.create();
  }
}
