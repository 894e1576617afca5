package dev.lakehouse.workbench.curriculum;

import com.vladsch.flexmark.ast.BlockQuote;
import com.vladsch.flexmark.ast.CodeBlock;
import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.IndentedCodeBlock;
import com.vladsch.flexmark.ast.ListBlock;
import com.vladsch.flexmark.ast.ListItem;
import com.vladsch.flexmark.ast.OrderedListItem;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ast.ThematicBreak;
import com.vladsch.flexmark.ext.tables.TableCell;
import com.vladsch.flexmark.ext.tables.TableRow;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Markdown as the plain text a reader sees: headings, paragraphs and list items as lines, without
 * {@code #}, {@code **}, backticks, link targets or image syntax (an image keeps its description).
 * Used where a learner's Markdown goes somewhere that shows text as it is: a post draft, a recap
 * page, a search snippet. The parser is flexmark's, built once.
 */
public final class MarkdownText {

  private static final Parser PARSER;

  static {
    MutableDataSet options = new MutableDataSet();
    options.set(Parser.EXTENSIONS, List.of(TablesExtension.create()));
    PARSER = Parser.builder(options).build();
  }

  private MarkdownText() {}

  /** The text of {@code markdown}, one line a heading, paragraph line or list item; blocks apart by a blank line. */
  public static String plain(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    List<String> blocks = new ArrayList<>();
    collect(PARSER.parse(markdown), "", blocks);
    return String.join("\n\n", blocks).replaceAll("\n{3,}", "\n\n").strip();
  }

  private static void collect(Node parent, String indent, List<String> out) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading || n instanceof Paragraph) {
        out.add(indent + text(n).replace("\n", "\n" + indent));
      } else if (n instanceof FencedCodeBlock f) {
        out.add(f.getContentChars().normalizeEOL().stripTrailing());
      } else if (n instanceof IndentedCodeBlock || n instanceof CodeBlock) {
        out.add(n.getChars().normalizeEOL().stripTrailing());
      } else if (n instanceof ListBlock) {
        List<String> items = new ArrayList<>();
        for (Node item = n.getFirstChild(); item != null; item = item.getNext()) {
          if (item instanceof ListItem li) {
            String marker = li instanceof OrderedListItem ? li.getOpeningMarker().toString() + " " : "- ";
            List<String> inner = new ArrayList<>();
            collect(li, "", inner);
            String body = String.join("\n", inner).replace("\n", "\n" + indent + "  ");
            items.add(indent + marker + body);
          }
        }
        out.add(String.join("\n", items));
      } else if (n instanceof BlockQuote) {
        collect(n, indent, out);
      } else if (n instanceof TableRow) {
        List<String> cells = new ArrayList<>();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
          if (c instanceof TableCell) {
            cells.add(text(c).strip());
          }
        }
        out.add(indent + String.join(" | ", cells));
      } else if (n instanceof HtmlBlock) {
        out.add(indent + n.getChars().normalizeEOL().strip()); // markup a learner typed stays as they typed it
      } else if (n instanceof ThematicBreak) {
        // nothing a reader needs in plain text
      } else if (n.hasChildren()) {
        collect(n, indent, out); // table sections, and blocks from extensions
      }
    }
  }

  private static String text(Node n) {
    StringBuilder b = new StringBuilder();
    inline(n, b);
    return b.toString().strip();
  }

  /** The inline text: words, code as its text, a link's or image's words, raw HTML as typed. */
  private static void inline(Node parent, StringBuilder b) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof com.vladsch.flexmark.ast.SoftLineBreak || n instanceof com.vladsch.flexmark.ast.HardLineBreak) {
        b.append('\n');
      } else if (n instanceof com.vladsch.flexmark.ast.Code c) {
        b.append(c.getText());
      } else if (n instanceof com.vladsch.flexmark.ast.Image i) {
        b.append(i.getText());
      } else if (n instanceof com.vladsch.flexmark.ast.HtmlInline || n instanceof com.vladsch.flexmark.ast.HtmlEntity) {
        b.append(n.getChars());
      } else if (n instanceof com.vladsch.flexmark.ast.Text t) {
        b.append(t.getChars().unescape());
      } else if (n.hasChildren()) {
        inline(n, b);
      } else {
        b.append(new TextCollectingVisitor().collectAndGetText(n));
      }
    }
  }
}
