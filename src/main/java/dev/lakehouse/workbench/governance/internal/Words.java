package dev.lakehouse.workbench.governance.internal;

import dev.lakehouse.workbench.governance.GovernanceErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small cursor over a statement's words, names (`quoted` too), strings and symbols. */
public final class Words {

  /** One token; {@code kind} is W (word), Q (`quoted name`), S ('string'), N (number) or P (punctuation). */
  public record Tok(char kind, String text, int start, int end) {
    boolean is(String w) {
      return kind == 'W' && text.equalsIgnoreCase(w);
    }
  }

  private final String source;
  private final List<Tok> toks = new ArrayList<>();
  private int p;

  public Words(String source) {
    this.source = source;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && source.charAt(i + 1) == '-') {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '`' || c == '\'' || c == '"') {
        int j = i + 1;
        StringBuilder sb = new StringBuilder();
        while (j < n) {
          char d = source.charAt(j);
          if (d == c) {
            if (j + 1 < n && source.charAt(j + 1) == c) {
              sb.append(c);
              j += 2;
              continue;
            }
            break;
          }
          sb.append(d);
          j++;
        }
        toks.add(new Tok(c == '\'' ? 'S' : 'Q', sb.toString(), i, Math.min(j + 1, n)));
        i = j + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(source.charAt(j)) || source.charAt(j) == '_' || source.charAt(j) == '@'
            || source.charAt(j) == '-' && j + 1 < n && Character.isLetterOrDigit(source.charAt(j + 1)) && !Character.isDigit(c))) {
          j++;
        }
        toks.add(new Tok(Character.isDigit(c) ? 'N' : 'W', source.substring(i, j), i, j));
        i = j;
      } else {
        toks.add(new Tok('P', String.valueOf(c), i, i + 1));
        i++;
      }
    }
  }

  public String source() {
    return source;
  }

  public boolean atEnd() {
    return p >= toks.size() || p == toks.size() - 1 && toks.get(p).text().equals(";");
  }

  public int pos() {
    return p;
  }

  public void pos(int at) {
    p = at;
  }

  public boolean at(String... words) {
    for (int k = 0; k < words.length; k++) {
      if (p + k >= toks.size() || !toks.get(p + k).is(words[k])) {
        return false;
      }
    }
    return true;
  }

  public boolean accept(String... words) {
    if (at(words)) {
      p += words.length;
      return true;
    }
    return false;
  }

  public boolean acceptSym(String s) {
    if (p < toks.size() && toks.get(p).kind() == 'P' && toks.get(p).text().equals(s)) {
      p++;
      return true;
    }
    return false;
  }

  public void expect(String... words) {
    if (!accept(words)) {
      throw error("expected " + String.join(" ", words));
    }
  }

  public void expectSym(String s) {
    if (!acceptSym(s)) {
      throw error("expected '" + s + "'");
    }
  }

  /** A word or `quoted` name. */
  public String name() {
    if (p < toks.size() && (toks.get(p).kind() == 'W' || toks.get(p).kind() == 'Q')) {
      return toks.get(p++).text();
    }
    throw error("expected a name");
  }

  /** A dotted name (a.b.c), as its parts. */
  public List<String> dotted() {
    List<String> parts = new ArrayList<>();
    parts.add(name());
    while (p + 1 < toks.size() && toks.get(p).text().equals(".") && toks.get(p).kind() == 'P') {
      p++;
      parts.add(name());
    }
    return parts;
  }

  public String string() {
    if (p < toks.size() && toks.get(p).kind() == 'S') {
      return toks.get(p++).text();
    }
    throw error("expected a quoted string");
  }

  /** The statement's text from the current token to the end (a trailing ';' dropped). */
  public String rest() {
    if (p >= toks.size()) {
      return "";
    }
    String r = source.substring(toks.get(p).start()).strip();
    p = toks.size();
    return r.endsWith(";") ? r.substring(0, r.length() - 1).strip() : r;
  }

  /** The text of tokens [from, to). */
  public String text(int from, int to) {
    return source.substring(toks.get(from).start(), toks.get(to - 1).end());
  }

  public Tok peek() {
    return p < toks.size() ? toks.get(p) : new Tok('E', "", source.length(), source.length());
  }

  public void skip() {
    p++;
  }

  public void end() {
    if (!atEnd()) {
      throw error("unexpected text after the end of the statement");
    }
  }

  public RuntimeException error(String detail) {
    Tok k = peek();
    return GovernanceErrors.bad("Syntax error at " + (k.kind() == 'E' ? "the end of the statement" : "'" + k.text() + "'"),
        detail, "see SHOW GRANTS, GRANT and REVOKE in the day-05 lesson for the shapes");
  }

  public static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
