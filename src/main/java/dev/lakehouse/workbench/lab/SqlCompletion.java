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
 * Completion of table and column names in the lab editor: after FROM, JOIN, INTO, TABLE, UPDATE,
 * USING (and DESCRIBE, HISTORY, DETAIL) it offers the lake's tables; elsewhere the columns of the
 * tables the statement under the caret names, and after {@code alias.} or {@code table.} that
 * table's columns.
 */
public final class SqlCompletion {

  /** Replace {@code [from, caret)} (the word typed so far, {@code prefix}) by one of the candidates. */
  public record Completion(int from, String prefix, List<String> candidates) {
    public Completion {
      candidates = List.copyOf(candidates);
    }
  }

  private static final Set<String> TABLE_KEYWORDS =
      Set.of("FROM", "JOIN", "INTO", "TABLE", "UPDATE", "USING", "DESCRIBE", "HISTORY", "DETAIL", "OVERWRITE");
  private static final Pattern TABLE_REF = Pattern.compile(
      "(?i)\\b(?:FROM|JOIN|INTO|TABLE|UPDATE|USING|OVERWRITE)\\s+([A-Za-z_][\\w]*(?:\\.[A-Za-z_][\\w]*)?)"
          + "(?:\\s+(?:AS\\s+)?([A-Za-z_]\\w*))?");
  private static final Set<String> NOT_ALIASES = Set.of("WHERE", "SELECT", "SET", "ON", "VALUES", "GROUP", "ORDER",
      "LIMIT", "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "USING", "WHEN", "VERSION", "TIMESTAMP", "TO",
      "AS", "PARTITIONED", "TBLPROPERTIES", "SHALLOW", "CLONE", "DRY", "RETAIN", "ZORDER", "HAVING", "UNION");

  private SqlCompletion() {}

  /**
   * What may complete the word before {@code caret}.
   *
   * @param catalog the lake's tables ({@code schema.name}) and their column names
   */
  public static Completion complete(String text, int caret, Map<String, List<String>> catalog) {
    int from = caret;
    while (from > 0 && isWordChar(text.charAt(from - 1))) {
      from--;
    }
    String word = text.substring(from, caret);
    String lowerWord = word.toLowerCase(Locale.ROOT);
    String before = previousWord(text, from);
    List<String> out = new ArrayList<>();
    if (TABLE_KEYWORDS.contains(before.toUpperCase(Locale.ROOT))) {
      for (String t : catalog.keySet()) {
        if (t.toLowerCase(Locale.ROOT).startsWith(lowerWord) || name(t).startsWith(lowerWord)) {
          out.add(t);
        }
      }
      return new Completion(from, word, out.stream().sorted().toList());
    }
    String statement = SqlScript.at(text, caret).map(SqlScript.Statement::text).orElse(text);
    Map<String, String> refs = references(statement, catalog);
    int dot = word.lastIndexOf('.');
    if (dot >= 0) {
      String qualifier = word.substring(0, dot).toLowerCase(Locale.ROOT);
      String table = refs.getOrDefault(qualifier, catalog.containsKey(qualifier) ? qualifier : null);
      if (table != null) {
        String rest = lowerWord.substring(dot + 1);
        for (String c : catalog.get(table)) {
          if (c.toLowerCase(Locale.ROOT).startsWith(rest)) {
            out.add(word.substring(0, dot + 1) + c);
          }
        }
        return new Completion(from, word, out);
      }
    }
    Set<String> columns = new LinkedHashSet<>();
    for (String table : new LinkedHashSet<>(refs.values())) {
      for (String c : catalog.get(table)) {
        if (c.toLowerCase(Locale.ROOT).startsWith(lowerWord)) {
          columns.add(c);
        }
      }
    }
    return new Completion(from, word, new ArrayList<>(columns));
  }

  /** Table names and aliases used in the statement, lower case, each mapped to its catalog table. */
  static Map<String, String> references(String statement, Map<String, List<String>> catalog) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = TABLE_REF.matcher(statement);
    while (m.find()) {
      String table = m.group(1).toLowerCase(Locale.ROOT);
      String resolved = catalog.containsKey(table) ? table
          : catalog.containsKey("default." + table) ? "default." + table : null;
      if (resolved == null) {
        continue;
      }
      out.put(table, resolved);
      out.put(name(resolved), resolved);
      String alias = m.group(2);
      if (alias != null && !NOT_ALIASES.contains(alias.toUpperCase(Locale.ROOT))) {
        out.put(alias.toLowerCase(Locale.ROOT), resolved);
      }
    }
    return out;
  }

  private static String name(String qualified) {
    return qualified.substring(qualified.indexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  private static String previousWord(String text, int end) {
    int i = end;
    while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
      i--;
    }
    int j = i;
    while (j > 0 && Character.isLetter(text.charAt(j - 1))) {
      j--;
    }
    return text.substring(j, i);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }
}
