package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTest {

  @TempDir
  Path tmp;

  @Test
  void aJarRunAwayFromTheProjectUnpacksItsLessonsIntoTheDataFolder() throws Exception {
    Path jar = tmp.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "content/curriculum/day-01-why.md", "---\nday: 1\n---\n# Why\n");
      put(out, "content/assets/diagram.svg", "<svg/>");
      put(out, "content/labs/day-01-first-lake/lab.yaml", "id: day-01-first-lake\n");
    }

    Content content = Content.unpack(jar, tmp.resolve("data"));

    assertThat(content.root()).startsWith(tmp.resolve("data").resolve("content"));
    assertThat(Files.readString(content.curriculum().resolve("day-01-why.md"))).contains("# Why");
    assertThat(content.assets().resolve("diagram.svg")).exists();
    assertThat(content.labs().resolve("day-01-first-lake").resolve("lab.yaml")).exists();
  }

  @Test
  void aLaterStartWithTheSameJarReusesTheUnpackedLessonsAndANewJarReplacesThem() throws Exception {
    Path jar = tmp.resolve("app.jar");
    writeJar(jar, "content/curriculum/day-01-why.md", "# Why\n");
    Path data = tmp.resolve("data");
    Path lesson = Content.unpack(jar, data).curriculum().resolve("day-01-why.md");
    Files.writeString(lesson, "# Why (seen)\n");

    assertThat(Files.readString(Content.unpack(jar, data).curriculum().resolve("day-01-why.md")))
        .as("the same jar: nothing copied again").isEqualTo("# Why (seen)\n");

    writeJar(jar, "content/curriculum/day-02-acid.md", "# ACID, in a longer lesson\n");
    Content fresh = Content.unpack(jar, data);
    assertThat(fresh.curriculum().resolve("day-02-acid.md")).exists();
    assertThat(fresh.curriculum().resolve("day-01-why.md")).as("a lesson the new jar lacks is gone").doesNotExist();
    assertThat(fresh.root().resolveSibling(fresh.root().getFileName() + ".partial")).doesNotExist();
  }

  private static void writeJar(Path jar, String name, String text) throws Exception {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, name, text);
      put(out, "content/assets/diagram.svg", "<svg/>");
    }
  }

  @Test
  void inTheProjectFolderTheContentIsTheFoldersBesideThePom() {
    Content content = Content.locate(tmp.resolve("data"));
    assertThat(content.curriculum().resolve("day-01-why-the-lakehouse.md")).exists();
    assertThat(content.root().resolve("pom.xml")).exists();
  }

  private static void put(JarOutputStream out, String name, String text) throws Exception {
    out.putNextEntry(new ZipEntry(name));
    OutputStream o = out;
    o.write(text.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
