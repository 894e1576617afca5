package dev.lakehouse.workbench.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LessonParserTest {

  static final Path SAMPLE = Path.of(System.getProperty("workbench.project.dir", "."), "src/test/resources/lessons/day-02-sample.md");

  private final LessonParser parser = new LessonParser();

  static String sample() throws IOException {
    return Files.readString(SAMPLE);
  }

  @Test
  void aValidLessonHasEveryField() throws IOException {
    LessonParser.Result r = parser.parse(SAMPLE, sample());
    assertThat(r.problem()).isNull();
    Lesson l = r.lesson();
    assertThat(l.day()).isEqualTo(2);
    assertThat(l.title()).isEqualTo("A sample lesson");
    assertThat(l.resources()).singleElement().extracting(Resource::kind).isEqualTo("docs");
    assertThat(l.labs()).containsExactly("day-02-acid-writes");
    assertThat(l.questions()).hasSize(3);
    assertThat(l.blogPrompt()).isNull();
    assertThat(l.bodyFirstLine()).isEqualTo(33);
    assertThat(l.body()).startsWith("Intro with **bold**");
  }

  /** Each case: a change to the sample, then the field and the words the problem must name. */
  static Stream<Arguments> brokenLessons() {
    return Stream.of(
        Arguments.of("title: \"A sample lesson\"", "title: \"A sample lesson\"\ntitle: twice", "", "duplicate key"),
        Arguments.of("week: 1", "week: 2", "week", "belongs to week 1"),
        Arguments.of("minutes: 20\n", "minutes: lots\n", "minutes", "whole number"),
        Arguments.of("    answer: \"7 days\"", "    answer: \"8 days\"", "questions[2].answer", "not one of the choices"),
        Arguments.of("doable: \"Run your first ACID write.\"\n", "", "doable", "is missing"),
        Arguments.of("    url: \"https://docs.delta.io/latest/delta-intro.html\"", "    url: \"docs.delta.io\"", "resources[0].url", "http"),
        Arguments.of("labs: [day-02-acid-writes]", "labs: [acid]", "labs", "not a lab id"),
        Arguments.of("  linkedin: \"ACID in the lake: what I learned.\"", "  linkedin: \"ACID\"\n  blog: \"a blog\"", "post.blog", "first day of a week"),
        Arguments.of("focus: \"Everything the renderer supports, in one file.\"", "focus: Everything: broken: yaml: [", "", "invalid YAML"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("brokenLessons")
  void aBrokenLessonNamesTheFieldAndWhatIsWrong(String from, String to, String field, String words) throws IOException {
    String text = sample().replace(from, to);
    assertThat(text).isNotEqualTo(sample());
    LessonParser.Result r = parser.parse(SAMPLE, text);
    assertThat(r.lesson()).isNull();
    assertThat(r.problem().field()).isEqualTo(field);
    assertThat(r.problem().describe()).startsWith("day-02-sample.md").contains(words);
  }

  @Test
  void aYamlErrorNamesItsLine() throws IOException {
    String text = sample().replace("minutes: 20", "minutes: [20");
    LessonProblem p = parser.parse(SAMPLE, text).problem();
    assertThat(p.line()).isBetween(6, 8);
  }

  @Test
  void oneBrokenFileLeavesTheOtherDaysLoaded(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("day-02-sample.md"), sample());
    Files.writeString(dir.resolve("day-03-broken.md"), "---\nday: 3\n---\nno front matter fields\n");
    Curriculum c = Curriculum.load(dir);
    assertThat(c.day(2).lesson()).isNotNull();
    assertThat(c.day(3).lesson()).isNull();
    assertThat(c.day(3).problem().describe()).contains("day-03-broken.md").contains("week");
    assertThat(c.day(4).lesson()).isNull();
    assertThat(c.day(4).problem()).isNull();
    assertThat(c.days()).hasSize(30);
  }

  @Test
  void proseWordsLeaveOutCodeAndLinkTargets() {
    String body = "One two [three](http://x.y/four-five).\n\n```sql\nSELECT a FROM b\n```\n| six | seven |\n";
    assertThat(LessonLint.proseWords(body)).isEqualTo(5);
    assertThat(LessonLint.relativeTargets("[a](day-08-x.md#top) ![i](../assets/a.svg) [w](https://x)"))
        .containsExactly("day-08-x.md", "../assets/a.svg");
  }
}
