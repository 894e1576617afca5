package dev.lakehouse.workbench.lab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small Markdown of lab instructions, parsed into blocks for a TextFlow (no WebView): headings,
 * paragraphs, fenced code, bullet and numbered list items; inline {@code `code`}, {@code **strong**},
 * {@code *emphasis*} and links (shown as their text). Anything else is kept as plain text.
 */
final class MarkdownBlocks {

  enum BlockKind { HEADING, PARAGRAPH, CODE, BULLET, NUMBERED }

  enum SpanKind { TEXT, CODE, STRONG, EMPHASIS }

  record Span(SpanKind kind, String text) {}

  /** A block; {@code level} is the heading level, {@code marker} the list item's "1." or "•". */
  record Block(BlockKind kind, int level, String marker, List<Span> spans) {
    String text() {
      StringBuilder b = new StringBuilder();
      spans.forEach(s -> b.append(s.text()));
      return b.toString();
    }
  }

  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern BULLET = Pattern.compile("^\\s{0,3}[-*+]\\s+(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("^\\s{0,3}(\\d{1,3})[.)]\\s+(.*)$");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~).*$");
  private static final Pattern INLINE = Pattern.compile(
      "`([^`]+)`|\\*\\*(.+?)\\*\\*|__(.+?)__|\\*([^*\\s][^*]*?)\\*|\\[([^\\]]+)]\\([^)]*\\)");

  private MarkdownBlocks() {}

  static List<Block> parse(String markdown) {
    List<Block> out = new ArrayList<>();
    String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
    StringBuilder para = new StringBuilder();
    BlockKind paraKind = BlockKind.PARAGRAPH;
    String marker = "";
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      Matcher m;
      if (FENCE.matcher(line).matches()) {
        flush(out, para, paraKind, marker);
        String fence = line.strip().substring(0, 3);
        StringBuilder code = new StringBuilder();
        i++;
        while (i < lines.length && !lines[i].strip().startsWith(fence)) {
          code.append(code.length() == 0 ? "" : "\n").append(lines[i]);
          i++;
        }
        out.add(new Block(BlockKind.CODE, 0, "", List.of(new Span(SpanKind.CODE, code.toString()))));
        i++;
        continue;
      }
      if (line.isBlank()) {
        flush(out, para, paraKind, marker);
        paraKind = BlockKind.PARAGRAPH;
      } else if ((m = HEADING.matcher(line)).matches()) {
        flush(out, para, paraKind, marker);
        out.add(new Block(BlockKind.HEADING, m.group(1).length(), "", inline(m.group(2))));
        paraKind = BlockKind.PARAGRAPH;
      } else if ((m = BULLET.matcher(line)).matches()) {
        flush(out, para, paraKind, marker);
        paraKind = BlockKind.BULLET;
        marker = "•";
        para.append(m.group(1));
      } else if ((m = NUMBERED.matcher(line)).matches()) {
        flush(out, para, paraKind, marker);
        paraKind = BlockKind.NUMBERED;
        marker = m.group(1) + ".";
        para.append(m.group(2));
      } else {
        para.append(para.length() == 0 ? "" : " ").append(line.strip());
      }
      i++;
    }
    flush(out, para, paraKind, marker);
    return out;
  }

  static List<Span> inline(String text) {
    List<Span> out = new ArrayList<>();
    Matcher m = INLINE.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        out.add(new Span(SpanKind.TEXT, text.substring(at, m.start())));
      }
      if (m.group(1) != null) {
        out.add(new Span(SpanKind.CODE, m.group(1)));
      } else if (m.group(2) != null || m.group(3) != null) {
        out.add(new Span(SpanKind.STRONG, m.group(2) != null ? m.group(2) : m.group(3)));
      } else if (m.group(4) != null) {
        out.add(new Span(SpanKind.EMPHASIS, m.group(4)));
      } else {
        out.add(new Span(SpanKind.TEXT, m.group(5)));
      }
      at = m.end();
    }
    if (at < text.length()) {
      out.add(new Span(SpanKind.TEXT, text.substring(at)));
    }
    return out;
  }

  private static void flush(List<Block> out, StringBuilder para, BlockKind kind, String marker) {
    if (para.length() > 0) {
      out.add(new Block(kind, 0, kind == BlockKind.PARAGRAPH ? "" : marker, inline(para.toString())));
      para.setLength(0);
    }
  }
}
