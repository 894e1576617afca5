package dev.lakehouse.workbench.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Markdown reader for native views (no WebView): headings, paragraphs, fenced code, bullet,
 * numbered and task list items, GFM tables, {@code !!! kind "Title"} callouts, block quotes, images
 * and rules; inline {@code `code`}, {@code **strong**}, {@code *emphasis*} and links (kept as their
 * text). Anything else stays plain text. Lab instructions use it, and so does the lesson's first
 * frame before the WebView is ready.
 */
public final class MarkdownBlocks {

  public enum BlockKind { HEADING, PARAGRAPH, CODE, BULLET, NUMBERED, TABLE, CALLOUT, QUOTE, IMAGE, RULE }

  public enum SpanKind { TEXT, CODE, STRONG, EMPHASIS, LINK }

  public record Span(SpanKind kind, String text) {}

  /**
   * A block. {@code level} is the heading level or the list item's nesting depth (0 at the margin);
   * {@code marker} is the list item's "1.", "•", "☐" or "☑", the callout's kind or the image's source;
   * {@code children} are a callout's or quote's blocks; {@code rows} a table's cells, header first.
   */
  public record Block(BlockKind kind, int level, String marker, List<Span> spans, List<Block> children,
      List<List<List<Span>>> rows) {

    Block(BlockKind kind, int level, String marker, List<Span> spans) {
      this(kind, level, marker, spans, List.of(), List.of());
    }

    public String text() {
      StringBuilder b = new StringBuilder();
      spans.forEach(s -> b.append(s.text()));
      return b.toString();
    }
  }

  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(?:\\[([ xX])]\\s+)?(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("^(\\s*)(\\d{1,3})[.)]\\s+(.*)$");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~).*$");
  private static final Pattern CALLOUT = Pattern.compile("^!!!\\s+(\\w+)(?:\\s+\"(.*)\")?\\s*$");
  private static final Pattern IMAGE = Pattern.compile("^\\s*!\\[([^\\]]*)]\\(([^)\\s]+)[^)]*\\)\\s*$");
  private static final Pattern RULE = Pattern.compile("^\\s{0,3}([-*_])(\\s*\\1){2,}\\s*$");
  private static final Pattern TABLE_DIVIDER = Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");
  private static final Pattern INLINE = Pattern.compile(
      "`([^`]+)`|\\*\\*(.+?)\\*\\*|__(.+?)__|\\*([^*\\s][^*]*?)\\*|\\[([^\\]]+)]\\([^)]*\\)");

  private MarkdownBlocks() {}

  public static List<Block> parse(String markdown) {
    List<Block> out = new ArrayList<>();
    String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
    Paragraph para = new Paragraph();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      Matcher m;
      if (FENCE.matcher(line).matches()) {
        para.flush(out);
        String fence = line.strip().substring(0, 3);
        StringBuilder code = new StringBuilder();
        i++;
        while (i < lines.length && !lines[i].strip().startsWith(fence)) {
          code.append(code.length() == 0 ? "" : "\n").append(lines[i]);
          i++;
        }
        out.add(new Block(BlockKind.CODE, 0, "", List.of(new Span(SpanKind.CODE, code.toString()))));
      } else if ((m = CALLOUT.matcher(line)).matches()) {
        para.flush(out);
        StringBuilder body = new StringBuilder();
        while (i + 1 < lines.length && (lines[i + 1].startsWith("    ") || lines[i + 1].isBlank())) {
          i++;
          body.append(lines[i].length() >= 4 ? lines[i].substring(4) : "").append('\n');
        }
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        String title = m.group(2) != null ? m.group(2) : Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        out.add(new Block(BlockKind.CALLOUT, 0, kind, inline(title), parse(body.toString()), List.of()));
      } else if (line.startsWith(">")) {
        para.flush(out);
        StringBuilder body = new StringBuilder(line.substring(1).stripLeading()).append('\n');
        while (i + 1 < lines.length && lines[i + 1].startsWith(">")) {
          i++;
          body.append(lines[i].substring(1).stripLeading()).append('\n');
        }
        out.add(new Block(BlockKind.QUOTE, 0, "", List.of(), parse(body.toString()), List.of()));
      } else if (line.strip().startsWith("|") && i + 1 < lines.length && TABLE_DIVIDER.matcher(lines[i + 1]).matches()) {
        para.flush(out);
        List<List<List<Span>>> rows = new ArrayList<>();
        rows.add(cells(line));
        i++;
        while (i + 1 < lines.length && lines[i + 1].strip().startsWith("|")) {
          i++;
          rows.add(cells(lines[i]));
        }
        out.add(new Block(BlockKind.TABLE, 0, "", List.of(), List.of(), rows));
      } else if ((m = IMAGE.matcher(line)).matches()) {
        para.flush(out);
        out.add(new Block(BlockKind.IMAGE, 0, m.group(2), List.of(new Span(SpanKind.TEXT, m.group(1)))));
      } else if (line.isBlank()) {
        para.flush(out);
      } else if ((m = HEADING.matcher(line)).matches()) {
        para.flush(out);
        out.add(new Block(BlockKind.HEADING, m.group(1).length(), "", inline(m.group(2))));
      } else if (RULE.matcher(line).matches() && para.text.length() == 0) {
        out.add(new Block(BlockKind.RULE, 0, "", List.of()));
      } else if ((m = BULLET.matcher(line)).matches()) {
        para.flush(out);
        String marker = m.group(2) == null ? "•" : m.group(2).isBlank() ? "\u2610" : "\u2611";
        para.start(BlockKind.BULLET, m.group(1).length() / 2, marker, m.group(3));
      } else if ((m = NUMBERED.matcher(line)).matches()) {
        para.flush(out);
        para.start(BlockKind.NUMBERED, m.group(1).length() / 3, m.group(2) + ".", m.group(3));
      } else {
        para.append(line.strip());
      }
      i++;
    }
    para.flush(out);
    return out;
  }

  public static List<Span> inline(String text) {
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
        out.add(new Span(SpanKind.LINK, m.group(5)));
      }
      at = m.end();
    }
    if (at < text.length()) {
      out.add(new Span(SpanKind.TEXT, text.substring(at)));
    }
    return out;
  }

  private static List<List<Span>> cells(String row) {
    String r = row.strip();
    if (r.startsWith("|")) {
      r = r.substring(1);
    }
    if (r.endsWith("|")) {
      r = r.substring(0, r.length() - 1);
    }
    List<List<Span>> out = new ArrayList<>();
    for (String cell : r.split("(?<!\\\\)\\|", -1)) {
      out.add(inline(cell.strip().replace("\\|", "|")));
    }
    return out;
  }

  /** The paragraph or list item being read, line by line. */
  private static final class Paragraph {
    private final StringBuilder text = new StringBuilder();
    private BlockKind kind = BlockKind.PARAGRAPH;
    private int level;
    private String marker = "";

    void start(BlockKind kind, int level, String marker, String first) {
      this.kind = kind;
      this.level = level;
      this.marker = marker;
      text.append(first);
    }

    void append(String line) {
      text.append(text.length() == 0 ? "" : " ").append(line);
    }

    void flush(List<Block> out) {
      if (text.length() > 0) {
        out.add(new Block(kind, level, kind == BlockKind.PARAGRAPH ? "" : marker, inline(text.toString())));
        text.setLength(0);
      }
      kind = BlockKind.PARAGRAPH;
      level = 0;
      marker = "";
    }
  }
}
