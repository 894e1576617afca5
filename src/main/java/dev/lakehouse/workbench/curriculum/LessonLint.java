package dev.lakehouse.workbench.curriculum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Editorial checks on a loaded lesson that do not stop it from being shown: enough teaching prose,
 * relative links and images that resolve, the sections every lesson has.
 */
public final class LessonLint {

  public static final int MIN_PROSE_WORDS = 900;

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1\\s*$");
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\([^)]*\\)");
  private static final Pattern LINK_TARGET = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
  private static final List<String> REQUIRED_SECTIONS = List.of("## Common mistakes", "## In the lab");

  private LessonLint() {}

  /** Words of teaching prose: the body without fenced code, link targets or table pipes. */
  public static int proseWords(String body) {
    String text = FENCE.matcher(body).replaceAll(" ");
    text = IMAGE.matcher(text).replaceAll(" ");
    text = LINK_TARGET.matcher(text).replaceAll("$1");
    Matcher m = WORD.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The relative link and image targets of a body, without anchors. */
  public static List<String> relativeTargets(String body) {
    String text = FENCE.matcher(body).replaceAll(" ");
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String target = m.group(1);
      if (target.startsWith("#") || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
        continue;
      }
      int hash = target.indexOf('#');
      out.add(hash >= 0 ? target.substring(0, hash) : target);
    }
    return out;
  }

  /** Every editorial problem of the lesson; empty when it is fine. */
  public static List<LessonProblem> check(Lesson lesson) {
    List<LessonProblem> out = new ArrayList<>();
    int words = proseWords(lesson.body());
    if (words < MIN_PROSE_WORDS) {
      out.add(new LessonProblem(lesson.file(), lesson.bodyFirstLine(), "body",
          "has " + words + " words of prose; a lesson needs at least " + MIN_PROSE_WORDS));
    }
    Path dir = lesson.file().getParent();
    for (String target : relativeTargets(lesson.body())) {
      if (!Files.exists(dir.resolve(target).normalize())) {
        out.add(new LessonProblem(lesson.file(), lineOf(lesson, target), "body",
            "the link or image '" + target + "' does not resolve to a file"));
      }
    }
    for (String section : REQUIRED_SECTIONS) {
      if (!lesson.body().contains(section)) {
        out.add(new LessonProblem(lesson.file(), lesson.bodyFirstLine(), "body", "has no '" + section + "' section"));
      }
    }
    return out;
  }

  private static int lineOf(Lesson lesson, String text) {
    String[] lines = lesson.body().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        return lesson.bodyFirstLine() + i;
      }
    }
    return lesson.bodyFirstLine();
  }
}
