package dev.lakehouse.workbench.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.CommentToken;
import org.yaml.snakeyaml.tokens.KeyToken;
import org.yaml.snakeyaml.tokens.ScalarToken;
import org.yaml.snakeyaml.tokens.Token;

/**
 * Highlight spans for the lab files a learner edits: JSON (a GX suite) from Jackson's own tokens,
 * YAML (settings, contracts, DAGs) from SnakeYAML's own scanner, so the colours follow the parser
 * that will read the file. Past a syntax error the rest stays plain. It only colours text.
 */
public final class FileHighlighting {

  /**
   * What a span is: a key, a string, a number, a literal (true, false, null), a comment; in SQL files a
   * keyword, and a Jinja tag ({@code {{ ref('x') }}}, {@code {% if %}}) as dbt writes them.
   */
  public enum Kind { KEY, STRING, NUMBER, LITERAL, COMMENT, KEYWORD, JINJA }

  /** {@code length} characters from {@code start} are of kind {@code kind}; text between spans is plain. */
  public record Span(Kind kind, int start, int length) {}

  private static final JsonFactory JSON = new JsonFactory();

  private FileHighlighting() {}

  /** Spans in order for a file of this name; empty for a kind of file it does not colour. */
  public static List<Span> spans(String fileName, String text) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return json(text);
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return yaml(text);
    }
    if (name.endsWith(".sql")) {
      return sqlWithJinja(text);
    }
    return List.of();
  }

  private static final java.util.regex.Pattern JINJA_TAG = java.util.regex.Pattern.compile("\\{\\{.*?}}|\\{%.*?%}|\\{#.*?#}",
      java.util.regex.Pattern.DOTALL);

  /**
   * A dbt model, macro or test: Jinja tags as one span each ({@code {# #}} as a comment), the SQL
   * between them coloured as the SQL editor colours it. An unclosed tag leaves the rest as SQL.
   */
  static List<Span> sqlWithJinja(String text) {
    List<Span> out = new ArrayList<>();
    java.util.regex.Matcher m = JINJA_TAG.matcher(text);
    int at = 0;
    while (m.find()) {
      sql(text.substring(at, m.start()), at, out);
      out.add(new Span(m.group().startsWith("{#") ? Kind.COMMENT : Kind.JINJA, m.start(), m.end() - m.start()));
      at = m.end();
    }
    sql(text.substring(at), at, out);
    return out;
  }

  private static void sql(String part, int offset, List<Span> out) {
    for (SqlHighlighting.Span s : SqlHighlighting.spans(part)) {
      Kind kind = switch (s.kind()) {
        case KEYWORD -> Kind.KEYWORD;
        case STRING -> Kind.STRING;
        case NUMBER -> Kind.NUMBER;
        case COMMENT -> Kind.COMMENT;
        case PLAIN -> null;
      };
      if (kind != null) {
        out.add(new Span(kind, offset + s.start(), s.length()));
      }
    }
  }

  static List<Span> json(String text) {
    List<Span> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Kind kind = switch (t) {
          case FIELD_NAME -> Kind.KEY;
          case VALUE_STRING -> Kind.STRING;
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Kind.NUMBER;
          case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> Kind.LITERAL;
          default -> null;
        };
        if (kind == null) {
          continue;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        int end = kind == Kind.KEY || kind == Kind.STRING ? stringEnd(text, start) : wordEnd(text, start);
        if (start >= 0 && end > start && end <= text.length()) {
          out.add(new Span(kind, start, end - start));
        }
      }
    } catch (IOException e) {
      // a syntax error: what came before stays coloured
    }
    return out;
  }

  static List<Span> yaml(String text) {
    List<Span> out = new ArrayList<>();
    LoaderOptions options = new LoaderOptions();
    options.setProcessComments(true);
    try {
      ScannerImpl scanner = new ScannerImpl(new StreamReader(text), options);
      boolean key = false;
      while (scanner.checkToken()) {
        Token t = scanner.getToken();
        if (t instanceof KeyToken) {
          key = true;
          continue;
        }
        Kind kind = null;
        if (t instanceof CommentToken) {
          kind = Kind.COMMENT;
        } else if (t instanceof ScalarToken s) {
          kind = key ? Kind.KEY : !s.getPlain() ? Kind.STRING : s.getValue().matches("[-+]?(\\d[\\d_]*)(\\.\\d+)?([eE][-+]?\\d+)?")
              ? Kind.NUMBER : s.getValue().matches("true|false|null|~|True|False|Null") ? Kind.LITERAL : Kind.STRING;
        }
        key = false;
        if (kind != null) {
          int start = t.getStartMark().getIndex();
          int end = Math.min(t.getEndMark().getIndex(), text.length());
          if (end > start) {
            out.add(new Span(kind, start, end - start));
          }
        }
      }
    } catch (YAMLException | IndexOutOfBoundsException e) {
      // a syntax error: what came before stays coloured
    }
    return out;
  }

  private static int stringEnd(String text, int start) {
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != '"') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, text.length());
  }

  private static int wordEnd(String text, int start) {
    int i = start;
    while (i < text.length() && "-+.eE0123456789truefalsn".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }
}
