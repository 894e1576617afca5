package dev.lakehouse.workbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

  @TempDir Path dir;

  @Test
  void anArchiveIsRefreshedOnlyWhenTheJvmAskedForOneAndRunsWithoutSharing() {
    List<String> asked = List.of("-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/x/app.jsa");
    assertThat(ClassDataArchive.unusable(asked, "mixed mode")).contains(Path.of("/x/app.jsa"));
    assertThat(ClassDataArchive.unusable(asked, "mixed mode, sharing")).isEmpty();
    assertThat(ClassDataArchive.unusable(List.of("-Xmx1g"), "mixed mode")).isEmpty();
  }

  @Test
  void onlyAClassPathOfJarsCanBeArchived() throws IOException {
    Path jar = Files.createFile(dir.resolve("app.jar"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    assertThat(ClassDataArchive.archivable(jar.toString())).isTrue();
    assertThat(ClassDataArchive.archivable(jar + java.io.File.pathSeparator + classes)).isFalse();
    assertThat(ClassDataArchive.archivable(dir.resolve("missing.jar").toString())).isFalse();
    assertThat(ClassDataArchive.archivable("")).isFalse();
  }

  /** A real dump with the shipped class list, read back by a JVM that insists on sharing (-Xshare:on). */
  @Test
  void theDumpMakesAnArchiveAJvmCanMapForTheSameClassPath() throws Exception {
    Path jar = dir.resolve("tiny.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("placeholder.txt"));
      out.write("a jar on the class path".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Path archive = dir.resolve("cds").resolve("tiny.jsa");

    assertThat(ClassDataArchive.dump(archive, jar.toString())).isTrue();

    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < 600 && !Files.isRegularFile(archive); i++) {
      Thread.sleep(200); // where a shell exists the dump finishes in the background
    }
    assertThat(archive).isRegularFile();
    assertThat(dir.resolve("cds")).isDirectoryNotContaining("glob:**.partial");
    Process check = new ProcessBuilder(javaBin, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString(),
        "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output).isZero();
    assertThat(output).contains("sharing");
  }

  /** A renamed class leaves the list stale: src/bench/classlist.sh writes it anew. */
  @Test
  void theShippedClassListNamesOnlyClassesThatExist() throws Exception {
    try (var in = ClassDataArchive.class.getResourceAsStream(ClassDataArchive.CLASS_LIST)) {
      assertThat(in).isNotNull();
      List<String> ours = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> l.startsWith("dev/lakehouse/")).map(l -> l.split(" ")[0]).toList();
      assertThat(ours).contains("dev/lakehouse/workbench/app/Launcher", "dev/lakehouse/workbench/curriculum/ui/LessonView");
      for (String name : ours) {
        assertThat(ClassDataArchive.class.getClassLoader().getResource(name + ".class"))
            .as("%s is in startup-classes.txt but no longer exists; rerun src/bench/classlist.sh", name).isNotNull();
      }
    }
  }

  /**
   * A lambda's body is a synthetic method whose number shifts when the code around it changes; a
   * list naming a method that is gone makes the JVM spin that lambda's class at every start instead
   * of mapping it from the archive (about 50 classes once, before anyone noticed).
   */
  @Test
  void everyLambdaOfOursInTheShippedClassListStillHasItsBody() throws Exception {
    try (var in = ClassDataArchive.class.getResourceAsStream(ClassDataArchive.CLASS_LIST)) {
      assertThat(in).isNotNull();
      List<String[]> lambdas = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> l.startsWith("@lambda-proxy ")).map(l -> l.split(" "))
          .filter(f -> f.length >= 9 && f[6].startsWith("dev/lakehouse/")).toList();
      assertThat(lambdas).hasSizeGreaterThan(100);
      for (String[] f : lambdas) {
        Class<?> owner = Class.forName(f[6].replace('/', '.'), false, ClassDataArchive.class.getClassLoader());
        java.util.stream.Stream<String> bodies = f[7].equals("<init>")
            ? java.util.Arrays.stream(owner.getDeclaredConstructors())
                .map(c -> java.lang.invoke.MethodType.methodType(void.class, c.getParameterTypes()).toMethodDescriptorString())
            : java.util.Arrays.stream(owner.getDeclaredMethods()).filter(m -> m.getName().equals(f[7]))
                .map(m -> java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString());
        assertThat(bodies.toList())
            .as("startup-classes.txt names %s.%s%s, which no longer exists; rerun src/bench/classlist.sh", f[6], f[7], f[8])
            .contains(f[8]);
      }
    }
  }
}
