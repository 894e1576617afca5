package dev.lakehouse.workbench.curriculum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Full-text search over lesson titles, bodies and the learner's notes. Thirty lessons are small, so
 * this scans lower-cased text built once; every term of the query must occur. Title hits rank first.
 */
public final class CurriculumSearch {

  /** Where a hit was found. */
  public enum Source { LESSON, NOTE }

  /** One hit: the day, where, a snippet around the first term, and a score (higher is better). */
  public record Hit(int day, String title, Source source, String snippet, int score) {}

  private record Doc(int day, String title, Source source, String text, String lower, String lowerTitle) {}

  private final List<Doc> lessons = new ArrayList<>();
  /** Each searched text without its Markdown, made the first time a hit needs a snippet from it. */
  private final Map<String, String> plain = new java.util.concurrent.ConcurrentHashMap<>();

  public CurriculumSearch(Curriculum curriculum) {
    for (CurriculumDay d : curriculum.days()) {
      d.lessonIfLoaded().ifPresent(l -> {
        String text = l.focus() + "\n" + l.body();
        lessons.add(new Doc(l.day(), l.title(), Source.LESSON, text, text.toLowerCase(Locale.ROOT),
            l.title().toLowerCase(Locale.ROOT)));
      });
    }
  }

  /** Hits for {@code query} in the lessons and in {@code notes} (day → note), best first, at most {@code limit}. */
  public List<Hit> search(String query, Map<Integer, String> notes, Map<Integer, String> titles, int limit) {
    List<String> terms = terms(query);
    if (terms.isEmpty()) {
      return List.of();
    }
    List<Doc> docs = new ArrayList<>(lessons);
    notes.forEach((day, note) -> {
      String title = titles.getOrDefault(day, "Day " + day);
      docs.add(new Doc(day, title, Source.NOTE, note, note.toLowerCase(Locale.ROOT), ""));
    });
    List<Hit> hits = new ArrayList<>();
    for (Doc doc : docs) {
      int score = 0;
      boolean all = true;
      for (String t : terms) {
        int count = occurrences(doc.lower(), t);
        boolean inTitle = doc.lowerTitle().contains(t);
        if (count == 0 && !inTitle) {
          all = false;
          break;
        }
        score += Math.min(count, 20) + (inTitle ? 50 : 0);
      }
      if (all) {
        hits.add(new Hit(doc.day(), doc.title(), doc.source(), snippet(doc, terms.get(0)), score));
      }
    }
    hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparingInt(Hit::day));
    return hits.size() > limit ? hits.subList(0, limit) : hits;
  }

  /** The words of a query, lower case. */
  public static List<String> terms(String query) {
    List<String> out = new ArrayList<>();
    for (String t : query.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (!t.isBlank()) {
        out.add(t.strip());
      }
    }
    return out;
  }

  private static int occurrences(String text, String term) {
    int n = 0;
    for (int i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + term.length())) {
      n++;
    }
    return n;
  }

  /** Plain text (no Markdown) around the first match: a few words before it, more after, whole words only. */
  private String snippet(Doc doc, String term) {
    String text = plain.computeIfAbsent(doc.text(), t -> MarkdownText.plain(t).replaceAll("\\s+", " ").strip());
    int at = text.toLowerCase(Locale.ROOT).indexOf(term);
    if (at < 0) {
      at = 0;
    }
    int from = Math.max(0, at - 40);
    if (from > 0) {
      int space = text.indexOf(' ', from);
      from = space >= 0 && space < at ? space + 1 : from;
    }
    int to = Math.min(text.length(), at + term.length() + 90);
    if (to < text.length()) {
      int space = text.lastIndexOf(' ', to);
      to = space > at + term.length() ? space : to;
    }
    return (from > 0 ? "…" : "") + text.substring(from, to).strip() + (to < text.length() ? "…" : "");
  }
}
