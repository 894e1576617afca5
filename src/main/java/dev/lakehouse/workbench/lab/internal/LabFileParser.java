package dev.lakehouse.workbench.lab.internal;

import dev.lakehouse.workbench.lab.Check;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.lab.Condition;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.LabProblem;
import dev.lakehouse.workbench.lab.shop.ShopSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads one {@code lab.yaml}; the first problem found is returned naming the file and the field. */
public final class LabFileParser {

  private static final Pattern ID = Pattern.compile("day-\\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> TOP = Set.of("id", "day", "title", "goal", "tables", "learnerTables", "setup",
      "instructions", "starter", "checks", "hints", "diagnoses", "solution", "files",
      "solutionRuns");
  /** A file (or a dbt project's folder) under the data folder's work/, in subfolders too, never with '..'. */
  private static final Pattern FILE = Pattern.compile("work/[a-z0-9-]+(?:/(?!\\.\\.(?:/|$))[A-Za-z0-9_.-]+)+");

  /** Exactly one of the two is non-null. */
  public record Result(LabDefinition lab, LabProblem problem) {}

  private static final class Stop extends RuntimeException {
    private final transient LabProblem problem;

    Stop(LabProblem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }
  }

  public Result parse(Path file, String text) {
    try {
      return new Result(parseOrStop(file, text), null);
    } catch (Stop s) {
      return new Result(null, s.problem);
    }
  }

  private LabDefinition parseOrStop(Path file, String text) {
    Object loaded;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      loaded = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new Stop(new LabProblem(file, "", "not valid YAML (" + e.getMessage().replace('\n', ' ') + ")"));
    }
    if (!(loaded instanceof Map<?, ?> map)) {
      throw new Stop(new LabProblem(file, "", "a YAML mapping with the fields id, day, title, goal, setup, checks"));
    }
    Fields f = new Fields(file, "", map);
    for (Object key : map.keySet()) {
      if (!TOP.contains(String.valueOf(key))) {
        throw f.stop(String.valueOf(key), "an unknown field; the fields are " + String.join(", ", TOP.stream().sorted().toList()));
      }
    }
    String id = f.string("id");
    if (!ID.matcher(id).matches()) {
      throw f.stop("id", "a lab id like day-02-acid-writes (day-NN-words), not '" + id + "'");
    }
    String folder = file.getParent() == null || file.getParent().getFileName() == null
        ? id : file.getParent().getFileName().toString();
    if (!folder.equals(id)) {
      throw f.stop("id", "the name of the lab's folder, '" + folder + "', not '" + id + "'");
    }
    int day = f.integer("day");
    if (day < 1 || day > 30 || day != Integer.parseInt(id.substring(4, 6))) {
      throw f.stop("day", "the day number in the id (" + Integer.parseInt(id.substring(4, 6)) + "), between 1 and 30");
    }
    List<String> tables = tables(f, "tables");
    List<String> learnerTables = f.has("learnerTables") ? tables(f, "learnerTables") : List.of();
    Fields setup = f.map("setup");
    ShopSpec shop = null;
    if (setup.has("shop")) {
      Fields s = setup.map("shop");
      ShopSpec d = ShopSpec.DEFAULT;
      shop = new ShopSpec(s.longOr("seed", d.seed()), s.intOr("customers", d.customers()),
          s.intOr("products", d.products()), s.intOr("days", d.days()), s.intOr("nextDays", d.nextDays()),
          s.intOr("ordersPerDay", d.ordersPerDay()));
      if (shop.days() < 1 || shop.customers() < 1 || shop.products() < 1 || shop.ordersPerDay() < 1
          || shop.nextDays() < 0) {
        throw setup.stop("shop", "positive counts for customers, products, days and ordersPerDay");
      }
      // sizes a laptop generates in seconds: a lab file cannot make setup run out of memory
      checkAtMost(s, "days", shop.days(), 366);
      checkAtMost(s, "nextDays", shop.nextDays(), 366);
      checkAtMost(s, "customers", shop.customers(), 100_000);
      checkAtMost(s, "products", shop.products(), 10_000);
      checkAtMost(s, "ordersPerDay", shop.ordersPerDay(), 20_000);
      if ((long) (shop.days() + shop.nextDays()) * shop.ordersPerDay() > 2_000_000L) {
        throw s.stop("ordersPerDay", "at most 2,000,000 orders in all ((days + nextDays) x ordersPerDay)");
      }
    }
    int advance = setup.intOr("advance", 0);
    if (advance < 0 || advance > 366 || (advance > 0 && shop == null)) {
      throw setup.stop("advance", "a number of feed days between 0 and 366, with setup.shop");
    }
    String advanceInto = setup.has("advanceInto") ? setup.table("advanceInto") : null;
    if (advanceInto != null && advance == 0) {
      throw setup.stop("advance", "a number of feed days, since advanceInto is given");
    }
    java.time.LocalTime landsAt = null;
    if (setup.has("landsAt")) {
      if (advanceInto == null) {
        throw setup.stop("landsAt", "advanceInto as well: only a lab's own copy of the feed gets landing times");
      }
      try {
        landsAt = java.time.LocalTime.parse(setup.string("landsAt"));
      } catch (java.time.format.DateTimeParseException e) {
        throw setup.stop("landsAt", "a time of day in quotes, e.g. '06:00'");
      }
    }
    String repo = setup.stringOr("repo", null);
    if (repo != null && !FILE.matcher(repo).matches()) {
      throw setup.stop("repo", "a folder of the lab's files like work/day-13/shop_dbt, not '" + repo + "'");
    }
    LabDefinition.Setup setupDef = new LabDefinition.Setup(shop, advance, advanceInto, setup.stringOr("sql", ""),
        setup.stringOr("governance", ""), landsAt, repo);
    List<dev.lakehouse.workbench.lab.LabFile> files = new ArrayList<>();
    if (f.has("files")) {
      for (Fields lf : f.list("files")) {
        String path = lf.string("path");
        if (!FILE.matcher(path).matches()) {
          throw lf.stop("path", "a path under the data folder like work/day-06/suite.json, not '" + path + "'");
        }
        files.add(new dev.lakehouse.workbench.lab.LabFile(path, lf.string("starter"), lf.string("solution")));
      }
    }

    List<Check> checks = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<Fields> checkFields = f.list("checks");
    if (checkFields.isEmpty()) {
      throw f.stop("checks", "at least one check");
    }
    for (Fields c : checkFields) {
      Check check = check(c);
      if (!ids.add(check.id())) {
        throw c.stop("id", "an id no other check of this lab uses ('" + check.id() + "' is used twice)");
      }
      checks.add(check);
    }
    List<LabDefinition.Diagnosis> diagnoses = new ArrayList<>();
    if (f.has("diagnoses")) {
      for (Fields d : f.list("diagnoses")) {
        boolean negate = !d.has("when");
        if (negate == !d.has("whenNot")) {
          throw d.stop("when", "exactly one of when (a check that must pass) or whenNot (a check that must fail)");
        }
        Check when = check(d.map(negate ? "whenNot" : "when"));
        List<String> failing = d.has("failing") ? d.strings("failing") : List.of();
        for (String id2 : failing) {
          if (!ids.contains(id2)) {
            throw d.stop("failing", "ids of this lab's checks (" + String.join(", ", ids) + "), not '" + id2 + "'");
          }
        }
        diagnoses.add(new LabDefinition.Diagnosis(when, negate, failing, d.string("hint")));
      }
    }
    List<String> hints = f.strings("hints");
    if (hints.isEmpty()) {
      throw f.stop("hints", "at least one hint (a nudge, then the concept, then the shape of the statement)");
    }
    List<LabDefinition.SolutionRun> runs = new ArrayList<>();
    if (f.has("solutionRuns")) {
      for (Fields r : f.list("solutionRuns")) {
        if (r.has("ci")) {
          runs.add(LabDefinition.SolutionRun.ci(r.string("ci")));
          continue;
        }
        if (r.has("write")) {
          String path = r.string("write");
          if (!FILE.matcher(path).matches()) {
            throw r.stop("write", "a path under the data folder like work/day-13/shop_dbt/models/x.sql, not '" + path + "'");
          }
          runs.add(LabDefinition.SolutionRun.write(path, r.string("text")));
          continue;
        }
        if (r.has("dbt") || r.has("sql")) {
          runs.add(r.has("dbt") ? LabDefinition.SolutionRun.dbt(r.string("dbt")) : LabDefinition.SolutionRun.sql(r.string("sql")));
          continue;
        }
        try {
          if (r.has("job")) {
            runs.add(new LabDefinition.SolutionRun(null, java.time.LocalDate.parse(r.string("from")),
                java.time.LocalDate.parse(r.string("to")), r.string("job"), r.stringOr("target", null)));
          } else {
            runs.add(new LabDefinition.SolutionRun(r.string("dag"), java.time.LocalDate.parse(r.string("from")),
                java.time.LocalDate.parse(r.string("to"))));
          }
        } catch (java.time.format.DateTimeParseException e) {
          throw r.stop("from", "quoted ISO dates: from: '2024-03-06', to: '2024-03-12'");
        }
      }
    }
    return new LabDefinition(id, day, f.string("title"), f.string("goal"), tables, learnerTables, setupDef,
        f.string("instructions"), f.stringOr("starter", ""), List.copyOf(checks), hints, List.copyOf(diagnoses),
        f.string("solution"), file, List.copyOf(files), List.copyOf(runs));
  }

  private static List<String> tables(Fields f, String key) {
    List<String> out = f.strings(key);
    for (String t : out) {
      if (!TABLE.matcher(t).matches()) {
        throw f.stop(key, "table names written schema.name, not '" + t + "'");
      }
    }
    return out;
  }

  /** A check's SQL must be one read-only query: a lab file must never change the lake when checked. */
  private static String query(Fields c, String field, String sql) {
    if (sql != null && !SqlSession.isQuery(sql)) {
      throw c.stop(field, "one read-only query (SELECT ...): checks never change the lake");
    }
    return sql;
  }

  private static Check check(Fields c) {
    String type = c.string("type");
    String id = c.has("id") ? c.string("id") : type;
    String title = c.has("title") ? c.string("title") : id;
    return switch (type) {
      case "tableExists" -> new Check.TableExists(id, title, c.table("table"));
      case "versionCount" -> new Check.VersionCount(id, title, c.table("table"), bound(c),
          !c.has("sinceSetup") || c.bool("sinceSetup"));
      case "operation" -> {
        String version = c.has("version") ? c.scalar("version") : "latest";
        if (!version.equals("latest") && !version.equals("any") && !version.matches("\\d+")) {
          throw c.stop("version", "latest, any, or a version number");
        }
        yield new Check.Operation(id, title, c.table("table"), version, c.string("operation"),
            c.conditions("parameters"), c.conditions("metrics"));
      }
      case "column" -> new Check.Column(id, title, c.table("table"), c.string("column"), c.stringOr("columnType", null));
      case "rowCount" -> {
        String q = query(c, "equalsQuery", c.stringOr("equalsQuery", null));
        Check.Bound b = q == null ? bound(c) : new Check.Bound(null, null, null);
        yield new Check.RowCount(id, title, c.table("table"), b, q);
      }
      case "query" -> {
        String expectedQuery = query(c, "expectedQuery", c.stringOr("expectedQuery", null));
        List<List<String>> rows = null;
        if (expectedQuery == null) {
          rows = c.rows("expected");
        }
        yield new Check.QueryEquals(id, title, query(c, "sql", c.string("sql")), rows, expectedQuery);
      }
      case "filesDecreased" -> new Check.FilesDecreased(id, title, c.table("table"));
      case "filesSkipped" -> {
        Fields w = c.map("where");
        String op = w.stringOr("op", "=");
        if (!Set.of("=", "<>", "<", "<=", ">", ">=").contains(op)) {
          throw w.stop("op", "one of = <> < <= > >=");
        }
        yield new Check.FilesSkipped(id, title, c.table("table"), w.string("column"), op, w.scalar("value"),
            c.integer("scannedAtMost"));
      }
      case "restored" -> {
        Long to = c.has("toVersion") ? (long) c.integer("toVersion") : null;
        String before = c.stringOr("toVersionBefore", null);
        if ((to == null) == (before == null)) {
          throw c.stop("toVersion", "either toVersion (a number) or toVersionBefore (an operation such as UPDATE)");
        }
        yield new Check.Restored(id, title, c.table("table"), to, before);
      }
      case "statementFailed" -> new Check.StatementFailed(id, title, c.string("mentions"), c.stringOr("errorContains", null));
      case "suite" -> {
        List<String> passes = c.has("passesOn") ? tables(c, "passesOn") : List.of();
        List<String> fails = c.has("failsOn") ? tables(c, "failsOn") : List.of();
        if (passes.isEmpty() && fails.isEmpty()) {
          throw c.stop("passesOn", "tables the suite must pass on (passesOn) or fail on (failsOn)");
        }
        yield new Check.Suite(id, title, file(c), passes, fails);
      }
      case "contract" -> {
        List<String> holds = c.has("holdsOn") ? tables(c, "holdsOn") : List.of();
        List<String> breaks = c.has("breaksOn") ? tables(c, "breaksOn") : List.of();
        if (holds.isEmpty() && breaks.isEmpty()) {
          throw c.stop("holdsOn", "tables the contract must hold on (holdsOn) or be broken on (breaksOn)");
        }
        yield new Check.Contract(id, title, file(c), holds, breaks);
      }
      case "detector" -> {
        List<java.time.LocalDate> truth = new ArrayList<>();
        for (String d : c.strings("truth")) {
          truth.add(date(c, "truth", d));
        }
        yield new Check.Detector(id, title, file(c), date(c, "from", c.scalar("from")), List.copyOf(truth),
            c.has("minPrecision") ? fraction(c, "minPrecision") : 0.8, c.has("minRecall") ? fraction(c, "minRecall") : 0.8);
      }
      case "monitors" -> {
        List<java.time.LocalDate> truth = new ArrayList<>();
        for (String d : c.strings("truth")) {
          truth.add(date(c, "truth", d));
        }
        yield new Check.Monitors(id, title, file(c), date(c, "from", c.scalar("from")), List.copyOf(truth),
            c.has("minPrecision") ? fraction(c, "minPrecision") : 1.0, c.has("minRecall") ? fraction(c, "minRecall") : 1.0);
      }
      case "drift" -> {
        Long flags = c.has("flagsAt") ? c.longOr("flagsAt", 0) : null;
        Long quiet = c.has("quietAt") ? c.longOr("quietAt", 0) : null;
        if (flags == null && quiet == null) {
          throw c.stop("flagsAt", "a version whose batch must drift (flagsAt) or stay quiet (quietAt)");
        }
        List<String> cols = flags == null ? List.of() : c.strings("columns");
        yield new Check.Drift(id, title, file(c), c.table("table"), flags, cols, quiet);
      }
      case "icebergInStep" -> new Check.IcebergInStep(id, title, c.table("table"), c.longOr("atLeast", 1));
      case "comparison" -> {
        Fields facts = c.map("facts");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (var e : facts.map().entrySet()) {
          Fields row = facts.map(String.valueOf(e.getKey()));
          Map<String, String> cells = new LinkedHashMap<>();
          row.map().forEach((k, v) -> cells.put(String.valueOf(k), v instanceof Boolean b ? (b ? "yes" : "no") : String.valueOf(v)));
          out.put(String.valueOf(e.getKey()), cells);
        }
        yield new Check.Comparison(id, title, file(c), c.table("table"), out);
      }
      case "document" -> {
        Map<String, Integer> max = new LinkedHashMap<>();
        if (c.has("maxChars")) {
          Fields m = c.map("maxChars");
          for (var e : m.map().entrySet()) {
            max.put(String.valueOf(e.getKey()), m.integer(String.valueOf(e.getKey())));
          }
        }
        String goals = null;
        int minGoals = 0;
        if (c.has("goals")) {
          Fields g = c.map("goals");
          goals = g.string("section");
          minGoals = g.intOr("atLeast", 1);
        }
        yield new Check.Document(id, title, file(c), new Check.DocumentRules(
            c.has("fields") ? c.strings("fields") : List.of(), c.has("sections") ? c.strings("sections") : List.of(),
            c.intOr("minWords", 1), Map.copyOf(max), c.intOr("minCitations", 0), goals, minGoals, c.intOr("quotesNotes", 0)));
      }
      case "diagram" -> {
        Map<String, List<String>> comps = new LinkedHashMap<>();
        if (c.has("components")) {
          Fields m = c.map("components");
          for (var e : m.map().entrySet()) {
            comps.put(String.valueOf(e.getKey()), m.strings(String.valueOf(e.getKey())));
          }
        }
        List<String> flows = c.has("flows") ? c.strings("flows") : List.of();
        for (String fl : flows) {
          String[] ends = fl.split("\\s*->\\s*");
          if (ends.length != 2 || !comps.containsKey(ends[0].strip()) || !comps.containsKey(ends[1].strip())) {
            throw c.stop("flows", "arrows between components written 'storage -> consumers', not '" + fl + "'");
          }
        }
        yield new Check.DiagramCheck(id, title, file(c), comps, flows, c.intOr("tablesAtLeast", 0));
      }
      case "skillMap" -> new Check.SkillMap(id, title, file(c), c.intOr("atLeast", 5));
      case "dbtRun" -> {
        String project = c.string("project");
        if (!FILE.matcher(project).matches()) {
          throw c.stop("project", "the folder of the learner's dbt project, like work/day-03/shop_dbt, not '" + project + "'");
        }
        yield new Check.DbtRun(id, title, project, c.stringOr("command", null), c.has("built") ? c.strings("built") : List.of(),
            c.has("notBuilt") ? c.strings("notBuilt") : List.of(), c.has("tested") ? c.strings("tested") : List.of(),
            c.has("passedTests") ? c.strings("passedTests") : List.of(), c.stringOr("macro", null), c.intOr("macroUsers", 1),
            c.stringOr("selectMentions", null), c.has("passes") && c.bool("passes"));
      }
      case "ciRun" -> {
        String repo = c.string("repo");
        if (!FILE.matcher(repo).matches()) {
          throw c.stop("repo", "the folder of the learner's repository, like work/day-13/shop_dbt, not '" + repo + "'");
        }
        String verdict = c.stringOr("verdict", null);
        if (verdict != null && !verdict.equals("passed") && !verdict.equals("failed")) {
          throw c.stop("verdict", "passed or failed, not '" + verdict + "'");
        }
        yield new Check.CiRunCheck(id, title, repo, verdict, c.has("latest") && c.bool("latest"),
            c.has("failedTest") && c.bool("failedTest"), c.has("built") ? c.strings("built") : List.of(),
            c.has("notBuilt") ? c.strings("notBuilt") : List.of(), c.stringOr("selectMentions", null));
      }
      case "asPrincipal" -> {
        String expectedQuery = query(c, "expectedQuery", c.stringOr("expectedQuery", null));
        yield new Check.AsPrincipal(id, title, c.string("principal"), query(c, "sql", c.string("sql")),
            expectedQuery == null ? c.rows("expected") : null, expectedQuery);
      }
      case "audited" -> new Check.Audited(id, title, c.stringOr("principal", null), c.stringOr("action", null),
          c.stringOr("securable", null), c.has("status") ? c.integer("status") : null, c.intOr("atLeast", 1));
      case "lineage" -> {
        List<String> up = c.has("upstream") ? tables(c, "upstream") : List.of();
        List<String> down = c.has("downstream") ? tables(c, "downstream") : List.of();
        if (up.isEmpty() && down.isEmpty()) {
          throw c.stop("upstream", "tables read into the table (upstream) or written from it (downstream)");
        }
        yield new Check.Lineage(id, title, c.table("table"), up, down);
      }
      case "shared" -> {
        boolean denied = c.has("denied") && Boolean.TRUE.equals(c.raw("denied"));
        String same = denied ? null : c.table("sameRowsAs");
        yield new Check.Shared(id, title, c.string("recipient"), c.string("share"), c.table("table"), same, denied);
      }
      case "fileQuery" -> new Check.FileQuery(id, title, file(c), c.rows("expected"));
      default -> throw c.stop("type", "one of tableExists, versionCount, operation, column, rowCount, query,"
          + " filesDecreased, filesSkipped, restored, statementFailed, suite, drift, detector, monitors, contract,"
          + " icebergInStep, comparison, document, diagram, skillMap, dbtRun, ciRun, asPrincipal, audited, lineage, shared,"
          + " fileQuery — not '" + type + "'");
    };
  }

  private static void checkAtMost(Fields f, String key, int value, int max) {
    if (value > max) {
      throw f.stop(key, String.format("at most %,d (it is %,d)", max, value));
    }
  }

  private static java.time.LocalDate date(Fields c, String key, String text) {
    try {
      return java.time.LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw c.stop(key, "dates written 2024-03-12, not '" + text + "'");
    }
  }

  private static double fraction(Fields c, String key) {
    Object v = c.raw(key);
    if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
      throw c.stop(key, "a fraction between 0 and 1, not '" + v + "'");
    }
    return n.doubleValue();
  }

  private static String file(Fields c) {
    String path = c.string("file");
    if (!FILE.matcher(path).matches()) {
      throw c.stop("file", "one of the lab's files, like work/day-06/suite.json, not '" + path + "'");
    }
    return path;
  }

  private static Check.Bound bound(Fields c) {
    Long atLeast = c.has("atLeast") ? (long) c.integer("atLeast") : null;
    Long atMost = c.has("atMost") ? (long) c.integer("atMost") : null;
    Long exactly = c.has("exactly") ? (long) c.integer("exactly") : null;
    if (atLeast == null && atMost == null && exactly == null) {
      throw c.stop("atLeast", "a bound: atLeast, atMost or exactly (a number)");
    }
    return new Check.Bound(atLeast, atMost, exactly);
  }

  /** A YAML mapping at a field path, with typed reads that stop at the first problem. */
  private record Fields(Path file, String path, Map<?, ?> map) {

    Stop stop(String key, String expected) {
      return new Stop(new LabProblem(file, path.isEmpty() ? key : path + "." + key, expected));
    }

    boolean has(String key) {
      return map.containsKey(key) && map.get(key) != null;
    }

    Object raw(String key) {
      if (!has(key)) {
        throw stop(key, "a value: the field is missing");
      }
      return map.get(key);
    }

    String scalar(String key) {
      Object v = raw(key);
      if (v instanceof Map || v instanceof List) {
        throw stop(key, "a single value");
      }
      return String.valueOf(v);
    }

    String string(String key) {
      Object v = raw(key);
      if (!(v instanceof String s) || s.isBlank()) {
        throw stop(key, "non-empty text");
      }
      return s;
    }

    String stringOr(String key, String fallback) {
      return has(key) ? string(key) : fallback;
    }

    String table(String key) {
      String t = string(key);
      if (!TABLE.matcher(t).matches()) {
        throw stop(key, "a table name written schema.name, not '" + t + "'");
      }
      return t.toLowerCase(java.util.Locale.ROOT);
    }

    int integer(String key) {
      Object v = raw(key);
      if (!(v instanceof Integer i)) {
        throw stop(key, "a whole number, not '" + v + "'");
      }
      return i;
    }

    int intOr(String key, int fallback) {
      return has(key) ? integer(key) : fallback;
    }

    long longOr(String key, long fallback) {
      if (!has(key)) {
        return fallback;
      }
      Object v = raw(key);
      if (!(v instanceof Number n)) {
        throw stop(key, "a whole number, not '" + v + "'");
      }
      return n.longValue();
    }

    boolean bool(String key) {
      Object v = raw(key);
      if (!(v instanceof Boolean b)) {
        throw stop(key, "true or false, not '" + v + "'");
      }
      return b;
    }

    Fields map(String key) {
      Object v = raw(key);
      if (!(v instanceof Map<?, ?> m)) {
        throw stop(key, "a mapping of fields");
      }
      return new Fields(file, path.isEmpty() ? key : path + "." + key, m);
    }

    List<Fields> list(String key) {
      Object v = raw(key);
      if (!(v instanceof List<?> l)) {
        throw stop(key, "a list");
      }
      List<Fields> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        String p = (path.isEmpty() ? key : path + "." + key) + "[" + i + "]";
        if (!(l.get(i) instanceof Map<?, ?> m)) {
          throw new Stop(new LabProblem(file, p, "a mapping of fields"));
        }
        out.add(new Fields(file, p, m));
      }
      return out;
    }

    List<String> strings(String key) {
      Object v = raw(key);
      if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String s) || s.isBlank())) {
        throw stop(key, "a list of non-empty texts");
      }
      return l.stream().map(String.class::cast).toList();
    }

    List<List<String>> rows(String key) {
      Object v = raw(key);
      if (!(v instanceof List<?> l) || l.stream().anyMatch(r -> !(r instanceof List<?>))) {
        throw stop(key, "a list of rows, each a list of values, e.g. [[3, 'Append']]");
      }
      return l.stream().map(r -> ((List<?>) r).stream().map(x -> x == null ? "NULL" : String.valueOf(x)).toList()).toList();
    }

    Map<String, Condition> conditions(String key) {
      if (!has(key)) {
        return Map.of();
      }
      Fields m = map(key);
      Map<String, Condition> out = new LinkedHashMap<>();
      for (var e : m.map().entrySet()) {
        if (e.getValue() instanceof Map || e.getValue() instanceof List || e.getValue() == null) {
          throw m.stop(String.valueOf(e.getKey()), "a condition such as '>= 1', '= 0' or a value like Append");
        }
        out.put(String.valueOf(e.getKey()), Condition.parse(String.valueOf(e.getValue())));
      }
      return out;
    }
  }
}
