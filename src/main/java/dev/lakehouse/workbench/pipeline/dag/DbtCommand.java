package dev.lakehouse.workbench.pipeline.dag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One command of a job's {@code dbt_task}, as the workbench runs it: {@code dbt deps} (nothing to
 * install) or {@code dbt build} with {@code -s/--select} and {@code --vars} (YAML, as dbt reads it).
 * Anything else is a problem with its fix, since {@code dbt build} runs seeds, models and tests in order.
 *
 * @param problem why the command cannot run (null: it can)
 */
record DbtCommand(String subcommand, String select, Map<String, Object> vars, String problem) {

  static final String FIX = "Write `dbt build -s <selection>` (it seeds, runs and tests in dependency order), optionally"
      + " with `--vars '{run_date: \"{{job.parameters.run_date}}\"}'`.";

  static DbtCommand parse(String command) {
    List<String> words = words(command);
    if (words == null) {
      return bad("a quote is not closed");
    }
    if (words.isEmpty() || !words.get(0).equals("dbt")) {
      return bad("every command of a dbt task starts with `dbt`");
    }
    if (words.size() < 2) {
      return bad("the command names no dbt subcommand");
    }
    String sub = words.get(1);
    if (sub.equals("deps")) {
      return words.size() == 2 ? new DbtCommand("deps", null, Map.of(), null) : bad("`dbt deps` takes no options here");
    }
    if (!sub.equals("build")) {
      return bad("the workbench runs `dbt build` (and `dbt deps`), not `dbt " + sub + "`");
    }
    List<String> select = new ArrayList<>();
    Map<String, Object> vars = new LinkedHashMap<>();
    for (int i = 2; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("-s") || w.equals("--select") || w.equals("-m") || w.equals("--models")) {
        while (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
          select.add(words.get(++i));
        }
        if (select.isEmpty()) {
          return bad(w + " names no selection");
        }
      } else if (w.equals("--vars")) {
        if (i + 1 >= words.size()) {
          return bad("--vars has no value");
        }
        Object v;
        try {
          v = new Yaml(new SafeConstructor(new LoaderOptions())).load(words.get(++i));
        } catch (RuntimeException e) {
          return bad("--vars is not YAML");
        }
        if (!(v instanceof Map<?, ?> m)) {
          return bad("--vars is not a mapping such as '{run_date: 2024-03-06}'");
        }
        m.forEach((k, x) -> vars.put(String.valueOf(k), x));
      } else {
        return bad("the option `" + w + "` is not one the workbench's dbt build takes (-s/--select, --vars)");
      }
    }
    return new DbtCommand("build", String.join(" ", select), vars, null);
  }

  private static DbtCommand bad(String why) {
    return new DbtCommand(null, null, Map.of(), why);
  }

  /** Splits a command as a shell would, keeping quoted parts whole; null when a quote is not closed. */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean in = false;
    char quote = 0;
    for (char c : s.strip().toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        in = true;
      } else if (Character.isWhitespace(c)) {
        if (in) {
          out.add(w.toString());
          w.setLength(0);
          in = false;
        }
      } else {
        w.append(c);
        in = true;
      }
    }
    if (quote != 0) {
      return null;
    }
    if (in) {
      out.add(w.toString());
    }
    return out;
  }
}
