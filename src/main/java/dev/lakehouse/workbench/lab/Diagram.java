package dev.lakehouse.workbench.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A diagram as text, in PlantUML's syntax (decision 0035): the elements it declares or names in an
 * arrow, each with its label, and the arrows between them. Read for checks, not drawn: the subset is
 * the element keywords ({@code component}, {@code database}, {@code node}, {@code rectangle},
 * {@code queue}, {@code actor}, {@code storage}, {@code cloud}, {@code folder}, {@code package},
 * {@code artifact}, {@code frame}, {@code card}, {@code file}, {@code agent}, {@code usecase}),
 * {@code [Label]} components, {@code as} aliases, and arrows such as {@code ->}, {@code -->},
 * {@code ..>}, {@code -down->} with an optional {@code : label}.
 */
public final class Diagram {

  private static final String KEYWORDS =
      "component|database|node|rectangle|queue|actor|storage|cloud|folder|package|artifact|frame|card|file|agent|usecase|entity|collections";
  private static final String NAME = "(?:\"([^\"]+)\"|\\[([^\\]]+)]|([\\w.]+))";
  private static final Pattern DECLARATION = Pattern.compile(
      "^\\s*(?:(?:" + KEYWORDS + ")\\s+)?" + NAME + "(?:\\s+as\\s+" + NAME + ")?\\s*(?:<<[^>]*>>)?\\s*(?:#\\S+)?\\s*\\{?\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ARROW = Pattern.compile(
      "^\\s*" + NAME + "\\s*(<?[-.=]+(?:\\[[^\\]]*])?(?:(?:up|down|left|right|u|d|l|r)[-.=]+)?>?)\\s*" + NAME + "\\s*(?::\\s*(.*))?$",
      Pattern.CASE_INSENSITIVE);

  /** Element names (labels; the alias when there is no label), in order of appearance. */
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final List<Flow> flows = new ArrayList<>();

  /** An arrow between two elements, by their labels, with its own label (may be empty). */
  public record Flow(String from, String to, String label) {}

  private Diagram() {}

  public static Diagram parse(String text) {
    Diagram d = new Diagram();
    for (String raw : text.replace("\r\n", "\n").split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("'") || line.startsWith("@") || line.startsWith("!")
          || line.equals("}") || line.startsWith("skinparam") || line.startsWith("title ") || line.startsWith("note ")
          || line.startsWith("left to right") || line.startsWith("top to bottom")) {
        continue;
      }
      Matcher a = ARROW.matcher(line);
      if (a.matches() && a.group(4).matches(".*[-.=].*")) {
        String from = d.element(first(a, 1), null);
        String to = d.element(first(a, 5), null);
        boolean reversed = a.group(4).startsWith("<") && !a.group(4).endsWith(">");
        d.flows.add(reversed ? new Flow(to, from, label(a.group(8))) : new Flow(from, to, label(a.group(8))));
        continue;
      }
      Matcher m = DECLARATION.matcher(line);
      if (m.matches()) {
        String name = first(m, 1);
        if (m.group(4) == null && m.group(5) == null && m.group(6) == null) {
          d.element(name, name);
        } else {
          String second = first(m, 4);
          // "component X as "Label"" and "component "Label" as X" both occur: the bare word is the alias
          if (m.group(6) == null && m.group(3) != null) {
            d.element(name, second);
          } else {
            d.element(second, name);
          }
        }
      }
    }
    return d;
  }

  private static String label(String s) {
    return s == null ? "" : s.strip();
  }

  private static String first(Matcher m, int from) {
    for (int i = from; i < from + 3; i++) {
      if (m.group(i) != null) {
        return m.group(i).strip();
      }
    }
    return null;
  }

  /** Registers an element by its key (alias or name) with a label; returns its label. */
  private String element(String key, String label) {
    String k = key.toLowerCase(Locale.ROOT);
    if (label != null) {
      labels.put(k, label);
    }
    return labels.computeIfAbsent(k, x -> key);
  }

  /** The elements' labels. */
  public List<String> elements() {
    return List.copyOf(new LinkedHashSet<>(labels.values()));
  }

  public List<Flow> flows() {
    return List.copyOf(flows);
  }

  /** The first element whose label contains one of the words (ignoring case), or null. */
  public String find(List<String> words) {
    for (String e : elements()) {
      String low = e.toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (low.contains(w.toLowerCase(Locale.ROOT))) {
          return e;
        }
      }
    }
    return null;
  }

  /** Whether an arrow leads (directly or through other elements) from one set of labels to another. */
  public boolean reaches(Set<String> from, Set<String> to) {
    Set<String> seen = new LinkedHashSet<>(from);
    List<String> todo = new ArrayList<>(from);
    while (!todo.isEmpty()) {
      String cur = todo.remove(todo.size() - 1);
      for (Flow f : flows) {
        if (f.from().equals(cur) && seen.add(f.to())) {
          if (to.contains(f.to())) {
            return true;
          }
          todo.add(f.to());
        }
        if (f.from().equals(cur) && to.contains(f.to())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Labels that name a lake table ({@code schema.name}). */
  public List<String> tableNames() {
    List<String> out = new ArrayList<>();
    for (String e : elements()) {
      Matcher m = Pattern.compile("\\b([A-Za-z_]\\w*\\.[A-Za-z_]\\w*)\\b").matcher(e);
      if (m.find() && !e.contains("://")) {
        out.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
