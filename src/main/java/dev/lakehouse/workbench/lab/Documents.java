package dev.lakehouse.workbench.lab;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The learner's documents (decision 0034): Markdown with a front matter, made from a lab's template
 * and kept in the data folder. Every save is kept: {@link #keep} copies a changed text to
 * {@code versions/<name>.<n>.md} beside it. {@link #parse} reads what the checks look at: front matter
 * fields, {@code ## sections}, citations {@code [evidence: kind argument]}, links and blockquotes.
 */
public final class Documents {

  /** A citation: {@code [evidence: table lab14.orders@v3]}. */
  static final Pattern CITATION = Pattern.compile("\\[evidence:\\s*([a-z]+)\\s+([^\\]]+)]", Pattern.CASE_INSENSITIVE);

  /** The claims that must cite evidence in the same paragraph. */
  static final Pattern CLAIM = Pattern.compile("\\b(reproducib\\w*|tested|monitored)\\b", Pattern.CASE_INSENSITIVE);

  private static final Pattern LINK = Pattern.compile("(?<!!)\\[([^\\]]*)]\\(([^)\\s]*)\\)");
  private static final Pattern BARE_URL = Pattern.compile("(?<![(<])\\bhttps?://\\S+");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  private Documents() {}

  /** A parsed document. Section bodies have the template's {@code <!-- ... -->} prompts removed. */
  public record Doc(Map<String, String> frontMatter, String body, Map<String, String> sections,
      List<Citation> citations, List<String> claimsWithoutEvidence, List<String> links, List<String> quotes) {

    /** The section whose heading starts with {@code name} (ignoring case), or null. */
    public String section(String name) {
      for (var e : sections.entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT))) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  /** {@code kind} ({@code table}, {@code suite}, {@code lab}, ...) and its argument, as written. */
  public record Citation(String kind, String argument, String text) {}

  public static Doc parse(String text) {
    String t = text.replace("\r\n", "\n");
    Map<String, String> front = new LinkedHashMap<>();
    if (t.startsWith("---\n")) {
      int end = t.indexOf("\n---", 4);
      if (end > 0) {
        for (String line : t.substring(4, end).split("\n")) {
          int colon = line.indexOf(':');
          if (colon > 0 && !line.startsWith(" ") && !line.startsWith("#")) {
            String v = line.substring(colon + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
              v = v.substring(1, v.length() - 1);
            }
            front.put(line.substring(0, colon).strip(), v);
          }
        }
        int nl = t.indexOf('\n', end + 1);
        t = nl < 0 ? "" : t.substring(nl + 1);
      }
    }
    String body = COMMENT.matcher(t).replaceAll("");
    Map<String, String> sections = new LinkedHashMap<>();
    String heading = null;
    StringBuilder cur = new StringBuilder();
    for (String line : body.split("\n", -1)) {
      if (line.startsWith("## ")) {
        if (heading != null) {
          sections.put(heading, cur.toString().strip());
        }
        heading = line.substring(3).strip();
        cur.setLength(0);
      } else if (heading != null) {
        cur.append(line).append('\n');
      }
    }
    if (heading != null) {
      sections.put(heading, cur.toString().strip());
    }
    List<Citation> citations = new ArrayList<>();
    Matcher m = CITATION.matcher(body);
    while (m.find()) {
      citations.add(new Citation(m.group(1).toLowerCase(Locale.ROOT), m.group(2).strip(), m.group()));
    }
    List<String> bare = new ArrayList<>();
    for (String para : body.replaceAll("(?m)^#.*$", "").split("\n\\s*\n")) {
      Matcher c = CLAIM.matcher(para);
      if (c.find() && !CITATION.matcher(para).find()) {
        bare.add(snippet(para, c.start()));
      }
    }
    List<String> links = new ArrayList<>();
    Matcher l = LINK.matcher(body);
    while (l.find()) {
      links.add(l.group(2));
    }
    Matcher u = BARE_URL.matcher(LINK.matcher(body).replaceAll(""));
    while (u.find()) {
      links.add(u.group().replaceAll("[.,;:)]+$", ""));
    }
    List<String> quotes = new ArrayList<>();
    StringBuilder q = new StringBuilder();
    for (String line : (body + "\n").split("\n", -1)) {
      if (line.startsWith(">")) {
        q.append(line.substring(1).strip()).append(' ');
      } else if (q.length() > 0) {
        quotes.add(q.toString().strip());
        q.setLength(0);
      }
    }
    return new Doc(front, body, sections, citations, bare, links, quotes);
  }

  private static String snippet(String para, int at) {
    String one = para.replaceAll("\\s+", " ").strip();
    int from = Math.max(0, Math.min(at, one.length()) - 30);
    String s = one.substring(from, Math.min(one.length(), from + 80));
    return (from > 0 ? "…" : "") + s + (from + 80 < one.length() ? "…" : "");
  }

  /** Words of a text, Markdown marks aside. */
  public static int words(String text) {
    if (text == null) {
      return 0;
    }
    int n = 0;
    for (String w : text.split("\\s+")) {
      if (w.matches(".*[\\p{L}\\p{N}].*")) {
        n++;
      }
    }
    return n;
  }

  /** Whether a link is well formed: http(s) with a host, or a {@code mailto:} address. */
  public static boolean wellFormed(String link) {
    try {
      URI u = new URI(link);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("mailto")) {
        return u.getSchemeSpecificPart().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
      }
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getHost().contains(".");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Keeps the document's current text as a new version when it differs from the last one kept;
   * returns the number of versions.
   */
  public static int keep(Path file) {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    try {
      String text = Files.readString(file);
      List<Path> versions = versions(file);
      if (!versions.isEmpty() && Files.readString(versions.get(versions.size() - 1)).equals(text)) {
        return versions.size();
      }
      Path dir = file.resolveSibling("versions");
      Files.createDirectories(dir);
      Path next = dir.resolve(stem(file) + "." + (versions.size() + 1) + ".md");
      Files.writeString(next, text, java.nio.file.StandardOpenOption.CREATE_NEW);
      return versions.size() + 1;
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep a version of " + file + ": " + e.getMessage());
    }
  }

  /** Saves a new text of the document and keeps it as a version. */
  public static int save(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot save " + file + ": " + e.getMessage());
    }
    return keep(file);
  }

  /** The kept versions of a document, oldest first. */
  public static List<Path> versions(Path file) {
    Path dir = file.resolveSibling("versions");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String prefix = stem(file) + ".";
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)
              && p.getFileName().toString().substring(prefix.length()).matches("\\d+\\.md"))
          .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(
              p.getFileName().toString().substring(prefix.length()).replace(".md", ""))))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
