package dev.lakehouse.workbench.curriculum.internal;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ext.admonition.AdmonitionExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRendererContext;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import dev.lakehouse.workbench.common.SqlHighlighting;
import dev.lakehouse.workbench.curriculum.CurriculumDay;
import dev.lakehouse.workbench.curriculum.Lesson;
import dev.lakehouse.workbench.curriculum.LessonRenderer;
import dev.lakehouse.workbench.curriculum.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The lesson renderer on flexmark: CommonMark plus GFM tables, task lists (as ☐/☑ glyphs),
 * strikethrough and admonition callouts. Raw HTML in a lesson is escaped, never passed through, so
 * no markup or script from lesson content reaches the page. Parser and renderer are built once.
 */
public final class FlexmarkLessonRenderer implements LessonRenderer {

  private final Parser parser;
  private final HtmlRenderer renderer;
  private final String css;

  public FlexmarkLessonRenderer() {
    MutableDataSet options = new MutableDataSet();
    options.set(Parser.EXTENSIONS, List.of(
        TablesExtension.create(), TaskListExtension.create(), StrikethroughExtension.create(),
        AdmonitionExtension.create()));
    options.set(HtmlRenderer.ESCAPE_HTML, true);
    options.set(HtmlRenderer.SUPPRESS_HTML, false);
    options.set(HtmlRenderer.FENCED_CODE_LANGUAGE_CLASS_PREFIX, "language-");
    options.set(TaskListExtension.ITEM_DONE_MARKER, "<span class=\"task done\">\u2611</span> ");
    options.set(TaskListExtension.ITEM_NOT_DONE_MARKER, "<span class=\"task\">\u2610</span> ");
    options.set(TablesExtension.CLASS_NAME, "table");
    this.parser = Parser.builder(options).build();
    this.renderer = HtmlRenderer.builder(options).nodeRendererFactory(o -> new CodeBlockRenderer())
        .attributeProviderFactory(SafeLinks.factory()).build();
    this.css = resource("lesson.css");
  }

  @Override
  public String renderMarkdown(String markdown) {
    return renderer.render(parser.parse(markdown));
  }

  @Override
  public String renderPage(Lesson lesson, boolean dark) {
    StringBuilder html = new StringBuilder(16_384);
    open(html, lesson.title(), dark);
    html.append("<header><div class=\"eyebrow\">Week ").append(lesson.week()).append(" · Day ")
        .append(lesson.day()).append(" · about ").append(lesson.minutes()).append(" min</div>\n<h1>")
        .append(escape(lesson.title())).append("</h1>\n<p class=\"focus\">").append(escape(lesson.focus()))
        .append("</p></header>\n<article>\n");
    html.append(inlineImages(renderMarkdown(lesson.body()), lesson.file().getParent()));
    html.append("</article>\n<section class=\"doable\"><h2>Today's doable</h2><p>")
        .append(escape(lesson.doable())).append("</p></section>\n");
    html.append("<section class=\"posts\"><h2>Share what you learned</h2><p><strong>LinkedIn post idea:</strong> ")
        .append(escape(lesson.linkedinPrompt())).append("</p>");
    if (lesson.blogPrompt() != null) {
      html.append("<p><strong>This week's blog post:</strong> ").append(escape(lesson.blogPrompt())).append("</p>");
    }
    html.append("</section>\n<section class=\"reading\"><h2>Further reading</h2><ul>");
    for (Resource r : lesson.resources()) {
      html.append("<li><a href=\"").append(escape(r.url())).append("\">").append(escape(r.title()))
          .append("</a> <span class=\"meta\">").append(escape(r.kind())).append(", ").append(r.minutes())
          .append(" min</span></li>");
    }
    html.append("</ul><p class=\"meta\">The lesson above is complete on its own; these links are optional and open in your browser.</p></section>\n");
    return close(html);
  }

  @Override
  public String renderProblem(CurriculumDay day, boolean dark) {
    StringBuilder html = new StringBuilder();
    open(html, "Day " + day.day(), dark);
    html.append("<header><div class=\"eyebrow\">Week ").append(day.week()).append(" · Day ").append(day.day())
        .append("</div><h1>").append(escape(day.title())).append("</h1></header>");
    if (day.problem() != null) {
      html.append("<div class=\"adm-block adm-danger\"><div class=\"adm-heading\">This lesson file has an error</div>")
          .append("<div class=\"adm-body\"><p><code>").append(escape(day.problem().describe()))
          .append("</code></p><p>Fix the file and reopen the day; the rest of the workbench works as usual.</p></div></div>");
    } else {
      html.append("<p>There is no lesson file for this day yet. Add <code>curriculum/day-")
          .append(String.format("%02d", day.day())).append("-slug.md</code> (see curriculum/README.md).</p>");
    }
    return close(html);
  }

  private static final java.util.regex.Pattern IMG_SRC = java.util.regex.Pattern.compile("<img src=\"([^\"]+)\"");
  private static final long MAX_INLINE_BYTES = 2L * 1024 * 1024;

  /**
   * Replaces relative image sources with data URIs of the files they name, so a page shows its
   * diagrams wherever it is loaded (WebView content, an exported HTML recap). Only files in the
   * lesson's folder or the content's {@code assets/} are read: {@code ../../../home/me/photo.png}
   * stays an image that does not load.
   */
  /** {@link #inlineImages} for tests outside this package. */
  public static String inlineImagesForTest(String html, java.nio.file.Path dir) {
    return inlineImages(html, dir);
  }

  static String inlineImages(String html, java.nio.file.Path dir) {
    java.util.regex.Matcher m = IMG_SRC.matcher(html);
    StringBuilder out = new StringBuilder(html.length());
    while (m.find()) {
      String src = m.group(1);
      String replacement = m.group(0);
      if (dir != null && !src.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
        java.nio.file.Path base = dir.toAbsolutePath().normalize();
        java.nio.file.Path file = base.resolve(java.net.URLDecoder.decode(src.replace("&amp;", "&"), StandardCharsets.UTF_8)).normalize();
        java.nio.file.Path assets = base.getParent() == null ? base : base.getParent().resolve("assets");
        boolean inContent = file.startsWith(base) || file.startsWith(assets);
        String type = file.getFileName() == null ? null : mediaType(file.getFileName().toString());
        try {
          if (inContent && type != null && java.nio.file.Files.isRegularFile(file)
              && file.toRealPath().startsWith(base.toRealPath().getParent() == null ? base.toRealPath() : base.toRealPath().getParent()) && java.nio.file.Files.size(file) <= MAX_INLINE_BYTES) {
            replacement = "<img src=\"data:" + type + ";base64,"
                + java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(file)) + "\"";
          }
        } catch (IOException e) {
          // leave the link as it is: the image shows its alt text
        }
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String mediaType(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".svg")) {
      return "image/svg+xml";
    } else if (n.endsWith(".png")) {
      return "image/png";
    } else if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
      return "image/jpeg";
    } else if (n.endsWith(".gif")) {
      return "image/gif";
    }
    return null;
  }

  private void open(StringBuilder html, String title, boolean dark) {
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">")
        .append("<title>").append(escape(title)).append("</title><style>").append(css).append("</style></head><body class=\"")
        .append(dark ? "dark" : "light").append("\">\n<main>\n");
  }

  private static String close(StringBuilder html) {
    return html.append("</main></body></html>").toString();
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escape(String s) {
    return dev.lakehouse.workbench.common.Html.escape(s);
  }


  private static String resource(String name) {
    try (InputStream in = FlexmarkLessonRenderer.class.getResourceAsStream(
        "/dev/lakehouse/workbench/curriculum/" + name)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fenced code as {@code <pre><code>}, with SQL split into coloured spans and followed by a "Send to
   * lab" link to {@link LessonRenderer#SEND_TO_LAB} carrying the block's SQL.
   */
  private static final class CodeBlockRenderer implements NodeRenderer {
    @Override
    public Set<NodeRenderingHandler<?>> getNodeRenderingHandlers() {
      return Set.of(new NodeRenderingHandler<>(FencedCodeBlock.class, this::render));
    }

    private void render(FencedCodeBlock node, NodeRendererContext context, HtmlWriter html) {
      String language = node.getInfo().toString().strip().toLowerCase(java.util.Locale.ROOT);
      String code = node.getContentChars().normalizeEOL();
      html.line();
      html.raw("<pre class=\"code\" data-language=\"" + escape(language) + "\"><code>");
      html.openPre(); // the writer keeps each line's leading whitespace only inside a pre block
      if (language.equals("sql")) {
        for (SqlHighlighting.Span s : SqlHighlighting.spans(code)) {
          String text = escape(code.substring(s.start(), s.start() + s.length()));
          if (s.kind() == SqlHighlighting.Kind.PLAIN) {
            html.raw(text);
          } else {
            html.raw("<span class=\"sql-" + s.kind().name().toLowerCase(java.util.Locale.ROOT) + "\">" + text + "</span>");
          }
        }
      } else {
        html.raw(escape(code));
      }
      html.closePre();
      html.raw("</code></pre>");
      if (language.equals("sql") && !code.isBlank()) {
        html.raw("<p class=\"send-to-lab\"><a href=\"" + LessonRenderer.SEND_TO_LAB + "?sql="
            + java.net.URLEncoder.encode(code.strip(), StandardCharsets.UTF_8).replace("+", "%20")
            + "\">Send to lab ▸</a></p>");
      }
      html.line();
    }
  }
}
