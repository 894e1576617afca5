package dev.lakehouse.workbench.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import net.sourceforge.plantuml.BlockUml;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.core.Diagram;
import net.sourceforge.plantuml.error.PSystemError;

/**
 * Draws a learner's PlantUML text as a picture with PlantUML itself (decision 0035), offline: the
 * layout is PlantUML's built-in one ({@code !pragma layout smetana}), never Graphviz, and the sandbox
 * security profile forbids includes from files and URLs. A diagram PlantUML cannot read gives one
 * line naming the line and what PlantUML expected, never its error image.
 */
public final class DiagramPicture {

  /** A drawn diagram: PNG bytes, or the problem in one line (then {@code png} is null). */
  public record Picture(byte[] png, String problem) {
    public boolean drawn() {
      return png != null;
    }
  }

  private static final String SMETANA = "!pragma layout smetana";

  private DiagramPicture() {}

  /** Draws {@code text}; a text without {@code @startuml} is drawn as if it had it. */
  public static Picture draw(String text) {
    if (text == null || text.lines().map(String::strip)
        .allMatch(l -> l.isEmpty() || l.startsWith("'") || l.startsWith("@"))) {
      return new Picture(null, "the diagram is empty: write its elements between @startuml and @enduml");
    }
    System.setProperty("PLANTUML_SECURITY_PROFILE", "SANDBOX");
    String source = withBuiltInLayout(text == null ? "" : text);
    SourceStringReader reader = new SourceStringReader(source);
    if (reader.getBlocks().isEmpty()) {
      return new Picture(null, "no diagram found: write its elements between @startuml and @enduml");
    }
    BlockUml block = reader.getBlocks().get(0);
    Diagram diagram = block.getDiagram();
    if (diagram instanceof PSystemError error) {
      return new Picture(null, problem(error, source));
    }
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      reader.outputImage(png, new FileFormatOption(FileFormat.PNG));
      return new Picture(png.toByteArray(), null);
    } catch (IOException | RuntimeException e) {
      return new Picture(null, "PlantUML could not draw the diagram (" + e.getClass().getSimpleName()
          + "): simplify the last lines you changed, or check them against the PlantUML syntax");
    }
  }

  /** The source with {@code @startuml} ... {@code @enduml} and the built-in layout pragma. */
  static String withBuiltInLayout(String text) {
    String t = text.replace("\r\n", "\n").strip();
    if (!t.toLowerCase(Locale.ROOT).startsWith("@start")) {
      t = "@startuml\n" + t + "\n@enduml";
    }
    if (t.toLowerCase(Locale.ROOT).contains("!pragma layout")) {
      return t;
    }
    int eol = t.indexOf('\n');
    return eol < 0 ? t : t.substring(0, eol + 1) + SMETANA + "\n" + t.substring(eol + 1);
  }

  private static String problem(PSystemError error, String source) {
    var first = error.getFirstError();
    String what = first == null || first.getError() == null ? "syntax error" : first.getError();
    int line = error.getLineLocation() == null ? -1 : error.getLineLocation().getPosition();
    // PlantUML counts from 0 in the source it read, which has the pragma line added after @startuml
    String[] lines = source.split("\n", -1);
    String shown = line >= 0 && line < lines.length ? lines[line].strip() : "";
    int learnerLine = line > 0 && source.contains(SMETANA) ? line : line + 1;
    return "line " + learnerLine + (shown.isEmpty() ? "" : " ('" + shown + "')") + ": " + what.toLowerCase(Locale.ROOT)
        + ": PlantUML cannot read it. Check it against the element and arrow forms in the lab's instructions";
  }
}
