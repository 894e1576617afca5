package dev.lakehouse.workbench.lab;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.shop.ShopGenerator;
import dev.lakehouse.workbench.lab.shop.ShopSpec;
import dev.lakehouse.workbench.lab.shop.ShopSql;
import dev.lakehouse.workbench.progress.ProgressStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A day's SQL scratchpad on the learner's lake, for every day, with or without a lab: any statement
 * runs, nothing is checked and nothing counts as a lab attempt. Its text is kept per day. The first
 * run on an empty lake seeds the shop's sample tables, so a lesson's queries have data to read.
 */
public final class Scratchpad {

  private final LabLake lake;
  private final ProgressStore progress;

  public Scratchpad(LabLake lake, ProgressStore progress) {
    this.lake = lake;
    this.progress = progress;
  }

  /** Where a day's text is kept (beside the labs' editor texts). */
  static String key(int day) {
    return String.format(Locale.ROOT, "scratchpad-day-%02d", day);
  }

  /** The day's saved text, or a first line saying what the pad is for. */
  public String text(int day) {
    String saved = progress.labEditorText(key(day));
    return saved.isEmpty()
        ? "-- Day " + day + " scratchpad: any SQL on your lake. Ctrl+Enter runs the statement under the cursor.\n"
            + "SELECT * FROM shop.orders LIMIT 10;\n"
        : saved;
  }

  public void save(int day, String text) {
    progress.saveLabEditorText(key(day), text);
  }

  /** Seeds the shop's sample tables when the lake has none of them; returns the tables it made. */
  public List<String> seedShopIfMissing() {
    if (lake.exists("shop.orders") || lake.exists("shop.customers") || lake.exists("shop.products")) {
      return List.of();
    }
    List<String> made = new ArrayList<>();
    for (String s : ShopSql.statements(new ShopGenerator(ShopSpec.DEFAULT))) {
      lake.execute(s);
      if (s.startsWith("CREATE TABLE ")) {
        made.add(s.substring("CREATE TABLE ".length()).split("[\\s(]", 2)[0]);
      }
    }
    return made;
  }

  /** Runs the statements in order, stopping at the first that fails or when the listener cancels. */
  public List<StatementOutcome> run(String script, LabService.RunListener listener) {
    List<StatementOutcome> out = new ArrayList<>();
    List<SqlScript.Statement> statements = SqlScript.split(script);
    for (SqlScript.Statement s : statements) {
      if (listener.cancelled()) {
        break;
      }
      try {
        out.add(new StatementOutcome(s.text(), lake.execute(s.text()), null));
      } catch (WorkbenchException e) {
        out.add(new StatementOutcome(s.text(), null, e.getMessage()));
        listener.statementDone(out.size(), statements.size());
        break;
      }
      listener.statementDone(out.size(), statements.size());
    }
    return out;
  }

  /** The versions of the lake's tables that {@code script} names, newest first. */
  public Map<String, List<LabLake.Version>> timeline(String script) {
    Map<String, List<LabLake.Version>> out = new LinkedHashMap<>();
    String text = script.toLowerCase(Locale.ROOT);
    for (String t : lake.tables()) {
      if (Pattern.compile("(?<![\\w.])" + Pattern.quote(t.toLowerCase(Locale.ROOT)) + "(?![\\w])").matcher(text).find()) {
        try {
          out.put(t, lake.history(t));
        } catch (WorkbenchException e) {
          // a table that cannot be read has no timeline; the others still show
        }
      }
    }
    return out;
  }
}
