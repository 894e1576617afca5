package dev.lakehouse.workbench.curriculum;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a lesson file: YAML front matter between two {@code ---} lines, then the Markdown body. The
 * rules are documented in {@code curriculum/README.md}; a file that breaks one yields a
 * {@link LessonProblem} naming the line and the field. One parser reads files one after another;
 * it is not for sharing between threads.
 */
public final class LessonParser {

  /** Days whose front matter must carry the week's blog post prompt. */
  public static final Set<Integer> FIRST_DAYS_OF_WEEKS = Set.of(1, 8, 15, 22, 29);

  private static final Pattern FILE_NAME = Pattern.compile("day-(\\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\\.md");
  private static final Pattern LAB_ID = Pattern.compile("day-\\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Set<String> KINDS = Set.of("docs", "video", "blog", "article", "repo", "paper");

  /** Made once per parser: a YAML reader builds a good many helpers, and start-up reads 30 files. */
  private final Yaml yaml;

  public LessonParser() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    yaml = new Yaml(new SafeConstructor(options));
  }

  /** The outcome of parsing one file: exactly one of the two is non-null. */
  public record Result(Lesson lesson, LessonProblem problem) {}

  /** Thrown internally to stop at the first problem. */
  private static final class Stop extends RuntimeException {
    private final transient LessonProblem problem;

    Stop(LessonProblem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }
  }

  public Result parse(Path file, String text) {
    try {
      return new Result(parseOrStop(file, text.replace("\r\n", "\n")), null);
    } catch (Stop s) {
      return new Result(null, s.problem);
    }
  }

  /** The day number a file name claims, or -1 if the name does not follow {@code day-NN-slug.md}. */
  public static int dayOfFileName(Path file) {
    Matcher m = FILE_NAME.matcher(file.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private Lesson parseOrStop(Path file, String text) {
    if (!text.startsWith("---\n")) {
      throw stop(file, 1, "", "the file must start with a '---' line that opens the front matter");
    }
    int end = text.indexOf("\n---\n", 3);
    if (end < 0 && text.endsWith("\n---")) {
      end = text.length() - 4;
    }
    if (end < 0) {
      throw stop(file, 1, "", "the front matter is not closed: add a '---' line after it");
    }
    String yamlText = text.substring(4, end + 1);
    String body = end + 5 <= text.length() ? text.substring(end + 5) : "";
    int bodyFirstLine = countLines(text.substring(0, Math.min(text.length(), end + 5))) + 1;

    Object loaded;
    try {
      loaded = yaml.load(yamlText);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 2;
      String what = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      throw stop(file, line, "", "invalid YAML: " + what + " (quote values that contain ':' or '#')");
    } catch (RuntimeException e) {
      throw stop(file, 1, "", "invalid YAML: " + e.getMessage());
    }
    if (!(loaded instanceof Map<?, ?> fm)) {
      throw stop(file, 2, "", "the front matter must be a set of 'field: value' lines");
    }
    Fields f = new Fields(file, yamlText, fm);

    int day = f.integer("day", 1, CurriculumDay.DAYS);
    int fileDay = dayOfFileName(file);
    if (fileDay < 0) {
      throw stop(file, 0, "", "the file name must be day-NN-slug.md, e.g. day-02-delta-lake-architecture.md");
    }
    if (fileDay != day) {
      throw stop(file, f.lineOf("day"), "day", "says " + day + " but the file name says day " + fileDay);
    }
    int week = f.integer("week", 1, 5);
    int expectedWeek = (day - 1) / 7 + 1;
    if (week != expectedWeek) {
      throw stop(file, f.lineOf("week"), "week", "day " + day + " belongs to week " + expectedWeek + ", not " + week);
    }
    String title = f.text("title");
    if (title.length() < 3 || title.length() > 60) {
      throw stop(file, f.lineOf("title"), "title", "must be 3 to 60 characters (it has " + title.length() + ")");
    }
    String focus = f.text("focus");
    int minutes = f.integer("minutes", 10, 180);
    List<Resource> resources = resources(f);
    String doable = f.text("doable");
    Map<?, ?> post = f.map("post");
    String linkedin = f.nested(post, "post", "linkedin", true);
    String blog = f.nested(post, "post", "blog", false);
    if (FIRST_DAYS_OF_WEEKS.contains(day) && blog == null) {
      throw stop(file, f.lineOf("post"), "post.blog", "day " + day + " starts a week, so it needs the week's blog post prompt");
    }
    if (!FIRST_DAYS_OF_WEEKS.contains(day) && blog != null) {
      throw stop(file, f.lineOf("blog"), "post.blog", "only the first day of a week (1, 8, 15, 22, 29) has a blog prompt");
    }
    List<String> labs = labs(f);
    List<Question> questions = questions(f);
    if (body.isBlank()) {
      throw stop(file, bodyFirstLine, "", "the lesson body is empty: write the lesson below the front matter");
    }
    return new Lesson(day, week, title, focus, minutes, resources, doable, linkedin, blog, labs, questions,
        body, bodyFirstLine, file);
  }

  private List<Resource> resources(Fields f) {
    List<?> list = f.list("resources");
    if (list.isEmpty()) {
      throw stop(f.file, f.lineOf("resources"), "resources", "list at least one resource");
    }
    List<Resource> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "resources[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> r)) {
        throw stop(f.file, f.lineOf("resources"), at, "must have title, url, kind and minutes");
      }
      String title = f.nested(r, at, "title", true);
      String url = f.nested(r, at, "url", true);
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw stop(f.file, f.lineOfText(url), at + ".url", "must start with http:// or https://");
      }
      String kind = f.nested(r, at, "kind", true);
      if (!KINDS.contains(kind)) {
        throw stop(f.file, f.lineOfText("kind: " + kind), at + ".kind", "must be one of " + KINDS);
      }
      Object m = r.get("minutes");
      if (!(m instanceof Integer minutes) || minutes < 1) {
        throw stop(f.file, f.lineOfText(title), at + ".minutes", "must be a whole number of minutes");
      }
      out.add(new Resource(title, url, kind, minutes));
    }
    return out;
  }

  private List<String> labs(Fields f) {
    List<String> out = new ArrayList<>();
    for (Object o : f.list("labs")) {
      String id = String.valueOf(o);
      if (!LAB_ID.matcher(id).matches()) {
        throw stop(f.file, f.lineOf("labs"), "labs", "'" + id + "' is not a lab id like day-02-acid-writes");
      }
      out.add(id);
    }
    return out;
  }

  private List<Question> questions(Fields f) {
    List<?> list = f.list("questions");
    if (list.size() < 3 || list.size() > 5) {
      throw stop(f.file, f.lineOf("questions"), "questions", "needs 3 to 5 questions, found " + list.size());
    }
    List<Question> out = new ArrayList<>();
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "questions[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> q)) {
        throw stop(f.file, f.lineOf("questions"), at, "must have id, prompt, choices, answer and explanation");
      }
      String id = f.nested(q, at, "id", true);
      if (!ids.add(id)) {
        throw stop(f.file, f.lineOfText("id: " + id), at + ".id", "'" + id + "' is used twice");
      }
      String prompt = f.nested(q, at, "prompt", true);
      if (!(q.get("choices") instanceof List<?> rawChoices) || rawChoices.size() < 2 || rawChoices.size() > 6) {
        throw stop(f.file, f.lineOfText(prompt), at + ".choices", "needs a list of 2 to 6 choices");
      }
      List<String> choices = rawChoices.stream().map(String::valueOf).toList();
      String answer = f.nested(q, at, "answer", true);
      if (!choices.contains(answer)) {
        throw stop(f.file, f.lineOfText(answer), at + ".answer",
            "'" + answer + "' is not one of the choices; copy the correct choice's text exactly");
      }
      String explanation = f.nested(q, at, "explanation", true);
      out.add(new Question(id, prompt, choices, answer, explanation));
    }
    return out;
  }

  private static Stop stop(Path file, int line, String field, String message) {
    return new Stop(new LessonProblem(file, line, field, message));
  }

  private static int countLines(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Typed access to front matter fields, with the line each lives on for error messages. */
  private static final class Fields {
    private final Path file;
    private final String[] lines;
    private final Map<?, ?> map;

    Fields(Path file, String yaml, Map<?, ?> map) {
      this.file = file;
      this.lines = yaml.split("\n", -1);
      this.map = map;
    }

    int lineOf(String key) {
      Pattern p = Pattern.compile("^\\s*-?\\s*" + Pattern.quote(key) + "\\s*:");
      for (int i = 0; i < lines.length; i++) {
        if (p.matcher(lines[i]).find()) {
          return i + 2;
        }
      }
      return 1;
    }

    int lineOfText(String text) {
      String probe = text.length() > 30 ? text.substring(0, 30) : text;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(probe)) {
          return i + 2;
        }
      }
      return 1;
    }

    Object required(String key) {
      Object v = map.get(key);
      if (v == null) {
        throw stop(file, 1, key, "is missing (see curriculum/README.md)");
      }
      return v;
    }

    int integer(String key, int min, int max) {
      Object v = required(key);
      if (!(v instanceof Integer i)) {
        throw stop(file, lineOf(key), key, "must be a whole number, found '" + v + "'");
      }
      if (i < min || i > max) {
        throw stop(file, lineOf(key), key, "must be between " + min + " and " + max + ", found " + i);
      }
      return i;
    }

    String text(String key) {
      Object v = required(key);
      if (!(v instanceof String s) || s.isBlank()) {
        throw stop(file, lineOf(key), key, "must be non-empty text");
      }
      return s.strip();
    }

    Map<?, ?> map(String key) {
      Object v = required(key);
      if (!(v instanceof Map<?, ?> m)) {
        throw stop(file, lineOf(key), key, "must be a set of 'field: value' lines");
      }
      return m;
    }

    List<?> list(String key) {
      Object v = required(key);
      if (!(v instanceof List<?> l)) {
        throw stop(file, lineOf(key), key, "must be a list");
      }
      return l;
    }

    String nested(Map<?, ?> m, String parent, String key, boolean required) {
      Object v = m.get(key);
      if (v == null) {
        if (required) {
          throw stop(file, lineOf(parent.replaceAll("\\[.*", "")), parent + "." + key, "is missing");
        }
        return null;
      }
      String s = String.valueOf(v).strip();
      if (s.isEmpty()) {
        throw stop(file, lineOf(key), parent + "." + key, "must be non-empty text");
      }
      return s;
    }
  }
}
