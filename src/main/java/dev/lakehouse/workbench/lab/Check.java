package dev.lakehouse.workbench.lab;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One declarative check of a lab, evaluated on the lake's real state. Each kind is a record that
 * evaluates itself and reports what it expected and what it measured. The {@code type} names used
 * in lab files are in {@code labs/README.md}.
 */
public sealed interface Check {

  /** Identifies the check in reports and in diagnoses; unique within a lab. */
  String id();

  /** What the learner reads. */
  String title();

  CheckResult evaluate(CheckContext ctx);

  default CheckResult pass(String expected, String measured) {
    return new CheckResult(id(), title(), true, expected, measured);
  }

  default CheckResult fail(String expected, String measured) {
    return new CheckResult(id(), title(), false, expected, measured);
  }

  /** Evaluates, turning a lake error (a missing table, a bad query) into a failed result. */
  default CheckResult safely(CheckContext ctx) {
    try {
      return evaluate(ctx);
    } catch (WorkbenchException | IllegalArgumentException | IllegalStateException e) {
      return fail(expectedWhenBroken(), "an error: " + e.getMessage());
    }
  }

  /** The expectation shown when the state could not even be read. */
  default String expectedWhenBroken() {
    return title();
  }

  /** A number compared with at least / at most / exactly. */
  record Bound(Long atLeast, Long atMost, Long exactly) {
    public boolean test(long n) {
      return (atLeast == null || n >= atLeast) && (atMost == null || n <= atMost) && (exactly == null || n == exactly);
    }

    public String describe(String unit) {
      List<String> parts = new ArrayList<>();
      if (exactly != null) {
        parts.add("exactly " + exactly);
      }
      if (atLeast != null) {
        parts.add("at least " + atLeast);
      }
      if (atMost != null) {
        parts.add("at most " + atMost);
      }
      boolean one = (exactly == null || exactly == 1) && (atLeast == null || atLeast == 1) && (atMost == null || atMost == 1);
      return String.join(" and ", parts) + " " + (one ? unit.replace("versions", "version").replace("rows", "row") : unit);
    }
  }

  /** {@code type: tableExists}. */
  record TableExists(String id, String title, String table) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      boolean exists = ctx.lake().exists(table);
      return exists ? pass("table " + table, "table " + table) : fail("table " + table, "no table " + table);
    }
  }

  /** {@code type: versionCount}: versions made since setup (or all versions with {@code sinceSetup: false}). */
  record VersionCount(String id, String title, String table, Bound bound, boolean sinceSetup) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      if (!ctx.lake().exists(table)) {
        return fail(describe(), "no table " + table);
      }
      int n = sinceSetup ? ctx.newVersions(table).size() : ctx.lake().history(table).size();
      String measured = n + (n == 1 ? " version" : " versions");
      return bound.test(n) ? pass(describe(), measured) : fail(describe(), measured);
    }

    private String describe() {
      return bound.describe((sinceSetup ? "new " : "") + "versions of " + table);
    }
  }

  /**
   * {@code type: operation}: the latest version, any version since setup, or version {@code n} has
   * operation X whose parameters and metrics satisfy conditions.
   */
  record Operation(String id, String title, String table, String version, String operation,
      Map<String, Condition> parameters, Map<String, Condition> metrics) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = describe();
      if (!ctx.lake().exists(table)) {
        return fail(expected, "no table " + table);
      }
      List<LabLake.Version> candidates = switch (version) {
        case "latest" -> ctx.lake().history(table).stream().limit(1).toList();
        case "any" -> ctx.newVersions(table);
        default -> ctx.lake().history(table).stream()
            .filter(v -> Long.toString(v.version()).equals(version)).toList();
      };
      Optional<LabLake.Version> hit = candidates.stream().filter(this::matches).findFirst();
      if (hit.isPresent()) {
        return pass(expected, summary(hit.get()));
      }
      String measured = candidates.isEmpty()
          ? (version.equals("any") ? "no new version since setup" : "no version " + version)
          : candidates.stream().limit(5).map(Operation::summary).collect(Collectors.joining("; "));
      return fail(expected, measured);
    }

    boolean matches(LabLake.Version v) {
      if (!v.operation().equalsIgnoreCase(operation)) {
        return false;
      }
      for (var e : parameters.entrySet()) {
        if (!e.getValue().test(v.parameters().get(e.getKey()))) {
          return false;
        }
      }
      for (var e : metrics.entrySet()) {
        if (!e.getValue().test(v.metrics().get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    private String describe() {
      String where = switch (version) {
        case "latest" -> "the latest version";
        case "any" -> "a version since setup";
        default -> "version " + version;
      };
      StringBuilder s = new StringBuilder(where + " of " + table + " is " + operation);
      if (!parameters.isEmpty()) {
        s.append(" with ").append(conditions(parameters));
      }
      if (!metrics.isEmpty()) {
        s.append(" and metrics ").append(conditions(metrics));
      }
      return s.toString();
    }

    private static String conditions(Map<String, Condition> m) {
      return m.entrySet().stream().map(e -> e.getKey() + " " + (e.getValue().op().equals("=") ? "= " : "")
          + e.getValue()).collect(Collectors.joining(", "));
    }

    static String summary(LabLake.Version v) {
      StringBuilder s = new StringBuilder("version " + v.version() + " " + v.operation());
      String mode = v.parameters().get("mode");
      if (mode != null) {
        s.append(" (").append(mode).append(')');
      }
      return s.toString();
    }
  }

  /** {@code type: column}: the latest schema has column c, of type t when given. */
  record Column(String id, String title, String table, String column, String type) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = "column " + column + (type == null ? "" : " of type " + type) + " in " + table;
      if (!ctx.lake().exists(table)) {
        return fail(expected, "no table " + table);
      }
      List<LabLake.Column> columns = ctx.lake().columns(table);
      Optional<LabLake.Column> c = columns.stream().filter(x -> x.name().equalsIgnoreCase(column)).findFirst();
      if (c.isEmpty()) {
        return fail(expected, "columns " + columns.stream().map(LabLake.Column::name).collect(Collectors.joining(", ")));
      }
      String measured = "column " + c.get().name() + " of type " + c.get().type();
      boolean typeOk = type == null || c.get().type().replace(" ", "").equalsIgnoreCase(type.replace(" ", ""));
      return typeOk ? pass(expected, measured) : fail(expected, measured);
    }
  }

  /** {@code type: rowCount}: the row count is bounded, or equals the single number another query returns. */
  record RowCount(String id, String title, String table, Bound bound, String equalsQuery) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      long n = number(ctx.lake().query("SELECT count(*) FROM " + table));
      String measured = n + " rows";
      if (equalsQuery != null) {
        long want = number(ctx.lake().query(equalsQuery));
        String expected = want + " rows";
        return n == want ? pass(expected, measured) : fail(expected, measured);
      }
      String expected = bound.describe("rows");
      return bound.test(n) ? pass(expected, measured) : fail(expected, measured);
    }

    @Override
    public String expectedWhenBroken() {
      return "table " + table + " to count its rows";
    }
  }

  /** {@code type: query}: a query returns exactly the expected rows, or the same rows as another query. */
  record QueryEquals(String id, String title, String sql, List<List<String>> expected, String expectedQuery)
      implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      List<List<String>> got = text(ctx.lake().query(sql));
      List<List<String>> want = expectedQuery != null ? text(ctx.lake().query(expectedQuery)) : expected;
      return got.equals(want) ? pass(show(want), show(got)) : fail(show(want), show(got));
    }

    private static List<List<String>> text(LabLake.Result r) {
      return r.rows().stream().map(row -> row.stream().map(QueryEquals::cell).toList()).toList();
    }

    static String cell(Object v) {
      if (v == null) {
        return "NULL";
      }
      if (v instanceof java.math.BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
      }
      if (v instanceof Double || v instanceof Float) {
        return new java.math.BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
      }
      return v.toString();
    }

    private static String show(List<List<String>> rows) {
      if (rows.isEmpty()) {
        return "no rows";
      }
      String s = rows.stream().limit(5).map(r -> "(" + String.join(", ", r) + ")").collect(Collectors.joining(" "));
      return rows.size() > 5 ? s + " ... (" + rows.size() + " rows)" : s;
    }
  }

  /** {@code type: filesDecreased}: the latest version has fewer data files than the seeded one. */
  record FilesDecreased(String id, String title, String table) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      long base = Math.max(0, ctx.baseline(table));
      List<LabLake.Version> history = ctx.lake().history(table);
      long latest = history.get(0).version();
      int before = ctx.lake().fileCount(table, base);
      int now = ctx.lake().fileCount(table, latest);
      String expected = "fewer than " + before + " data files (version " + base + ")";
      String measured = now + " data files (version " + latest + ")";
      return now < before ? pass(expected, measured) : fail(expected, measured);
    }
  }

  /** {@code type: filesSkipped}: a filter {@code column op value} reads at most n of the table's files. */
  record FilesSkipped(String id, String title, String table, String column, String op, String value,
      long scannedAtMost) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      LabLake.Scan scan = ctx.lake().scan(table, column, op, value);
      String expected = "WHERE " + column + " " + op + " '" + value + "' reads at most " + scannedAtMost
          + " file" + (scannedAtMost == 1 ? "" : "s") + " and skips some";
      String measured = scan.filesScanned() + " of " + scan.filesTotal() + " files read";
      boolean ok = scan.filesScanned() <= scannedAtMost && scan.filesScanned() < scan.filesTotal();
      return ok ? pass(expected, measured) : fail(expected, measured);
    }
  }

  /**
   * {@code type: restored}: a RESTORE since setup went to version n, or to the version just before
   * the latest commit of operation {@code before} (the last good version before a bad UPDATE).
   */
  record Restored(String id, String title, String table, Long toVersion, String before) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      List<LabLake.Version> fresh = ctx.newVersions(table);
      Long target = toVersion;
      String expected;
      if (target == null) {
        Optional<LabLake.Version> bad = fresh.stream().filter(v -> v.operation().equalsIgnoreCase(before)).findFirst();
        if (bad.isEmpty()) {
          return fail("a RESTORE to the version before a " + before, "no " + before + " since setup");
        }
        target = bad.get().version() - 1;
        expected = "a RESTORE to version " + target + " (the one before the " + before + " at version "
            + bad.get().version() + ")";
      } else {
        expected = "a RESTORE to version " + target;
      }
      List<LabLake.Version> restores = fresh.stream().filter(v -> v.operation().equalsIgnoreCase("RESTORE")).toList();
      if (restores.isEmpty()) {
        return fail(expected, "no RESTORE since setup");
      }
      for (LabLake.Version r : restores) {
        if (Long.toString(target).equals(r.parameters().get("version"))) {
          return pass(expected, "version " + r.version() + " restored version " + target);
        }
      }
      return fail(expected, restores.stream().map(r -> "version " + r.version() + " restored version "
          + r.parameters().getOrDefault("version", "at " + r.parameters().get("timestamp")))
          .collect(Collectors.joining("; ")));
    }
  }

  /** {@code type: statementFailed}: since setup, a statement mentioning X failed with an error containing Y. */
  record StatementFailed(String id, String title, String mentions, String errorContains) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = "a statement on " + mentions + " that failed"
          + (errorContains == null ? "" : " with '" + errorContains + "'");
      List<CheckContext.FailedStatement> relevant = ctx.failures().stream()
          .filter(f -> f.statement().toLowerCase(java.util.Locale.ROOT).contains(mentions.toLowerCase(java.util.Locale.ROOT)))
          .toList();
      for (CheckContext.FailedStatement f : relevant) {
        if (errorContains == null || f.error().toLowerCase(java.util.Locale.ROOT)
            .contains(errorContains.toLowerCase(java.util.Locale.ROOT))) {
          return pass(expected, "failed: " + f.error());
        }
      }
      return fail(expected, relevant.isEmpty() ? "no failed statement on " + mentions
          : "failed with other errors: " + relevant.get(0).error());
    }
  }

  /**
   * {@code type: dbtRun}: the last dbt run of the learner's project (its {@code target/run_results.json}
   * and {@code manifest.json}, dbt's own artifacts) was {@code command}, built each of {@code built}
   * (and its relation is in the lake now), none of {@code notBuilt}, ran a passing generic test on each
   * of {@code tested}, passed each test of {@code passedTests} (by name), built at least
   * {@code macroUsers} models whose code calls the project's macro {@code macro}, selected with
   * {@code selectMentions} in its {@code --select}, and, with {@code passes}, every node succeeded.
   */
  record DbtRun(String id, String title, String project, String command, List<String> built, List<String> notBuilt,
      List<String> tested, List<String> passedTests, String macro, int macroUsers, String selectMentions, boolean passes)
      implements Check {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path dir = ctx.file(project);
      java.nio.file.Path results = dir.resolve("target/run_results.json");
      String expected = describe();
      if (!java.nio.file.Files.isRegularFile(results)) {
        return fail(expected, "no dbt run yet (" + project + "/target/run_results.json is missing)");
      }
      com.fasterxml.jackson.databind.JsonNode rr;
      com.fasterxml.jackson.databind.JsonNode manifest;
      try {
        rr = JSON.readTree(results.toFile());
        java.nio.file.Path m = dir.resolve("target/manifest.json");
        manifest = java.nio.file.Files.isRegularFile(m) ? JSON.readTree(m.toFile()) : JSON.createObjectNode();
      } catch (java.io.IOException e) {
        return fail(expected, "unreadable artifacts in " + project + "/target (" + e.getClass().getSimpleName() + ")");
      }
      String which = rr.path("args").path("which").asText("");
      List<String> select = new ArrayList<>();
      rr.path("args").path("select").forEach(x -> select.add(x.asText()));
      Map<String, String> status = new java.util.LinkedHashMap<>();
      Map<String, String> relation = new java.util.LinkedHashMap<>();
      rr.path("results").forEach(r -> {
        status.put(r.path("unique_id").asText(), r.path("status").asText());
        relation.put(r.path("unique_id").asText(), r.path("relation_name").asText(null));
      });
      java.util.Set<String> problems = new java.util.LinkedHashSet<>();
      if (command != null && !command.equals(which)) {
        problems.add("the last run was 'dbt " + which + "'");
      }
      if (selectMentions != null && select.stream().noneMatch(x -> x.contains(selectMentions))) {
        problems.add("it selected " + (select.isEmpty() ? "everything (no --select)" : String.join(" ", select)));
      }
      for (String m : built) {
        String uid = uid(status, "model", m);
        if (uid == null) {
          problems.add(m + " was not built");
        } else if (!status.get(uid).equals("success")) {
          problems.add(m + " " + status.get(uid));
        } else if (relation.get(uid) != null && !ctx.lake().exists(relation.get(uid))) {
          problems.add(m + "'s table " + relation.get(uid) + " is gone (reset?): build again");
        }
      }
      for (String m : notBuilt) {
        if (uid(status, "model", m) != null) {
          problems.add(m + " was built too");
        }
      }
      for (String m : tested) {
        boolean ok = false;
        for (var e : status.entrySet()) {
          String attached = manifest.path("nodes").path(e.getKey()).path("attached_node").asText("");
          if (e.getKey().startsWith("test.") && attached.endsWith("." + m) && e.getValue().equals("pass")) {
            ok = true;
          }
        }
        if (!ok) {
          problems.add(m + " has no passing generic test in the run");
        }
      }
      for (String t : passedTests) {
        String uid = uid(status, "test", t);
        if (uid == null) {
          problems.add("no test " + t + " ran");
        } else if (!status.get(uid).equals("pass")) {
          problems.add(t + " " + status.get(uid));
        }
      }
      if (macro != null) {
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("\\{\\{-?\\s*" + java.util.regex.Pattern.quote(macro) + "\\s*\\(");
        boolean defined = false;
        try (var files = java.nio.file.Files.walk(dir.resolve("macros"))) {
          for (java.nio.file.Path f : files.filter(x -> x.toString().endsWith(".sql")).toList()) {
            defined |= java.nio.file.Files.readString(f).replaceAll("(?s)\\{#.*?#}", "").matches("(?s).*\\{%-?\\s*macro\\s+" + java.util.regex.Pattern.quote(macro) + "\\s*\\(.*");
          }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
          defined = false;
        }
        List<String> users = new ArrayList<>();
        manifest.path("nodes").fields().forEachRemaining(e -> {
          if (e.getKey().startsWith("model.") && status.containsKey(e.getKey())
              && call.matcher(e.getValue().path("raw_code").asText("")).find()) {
            users.add(e.getValue().path("name").asText());
          }
        });
        if (!defined) {
          problems.add("no {% macro " + macro + "(...) %} in macros/");
        } else if (users.size() < macroUsers) {
          problems.add(users.isEmpty() ? "no built model calls {{ " + macro + "(...) }}"
              : "only " + String.join(", ", users) + " call" + (users.size() == 1 ? "s" : "") + " {{ " + macro + "(...) }}");
        }
      }
      List<String> bad = status.entrySet().stream().filter(e -> !e.getValue().equals("success") && !e.getValue().equals("pass"))
          .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + " " + e.getValue()).toList();
      if (passes) {
        List<String> more = bad.stream().filter(b -> !problems.contains(b)).toList();
        more.stream().limit(4).forEach(problems::add);
        if (more.size() > 4) {
          problems.add("and " + (more.size() - 4) + " more not successful");
        }
      }
      List<String> models = status.keySet().stream().filter(k -> k.startsWith("model."))
          .map(k -> k.substring(k.lastIndexOf('.') + 1)).toList();
      long tests = status.keySet().stream().filter(k -> k.startsWith("test.")).count();
      String summary = "dbt " + which + (select.isEmpty() ? "" : " --select " + String.join(" ", select)) + ": "
          + models.size() + " model" + (models.size() == 1 ? "" : "s") + " (" + String.join(", ", models) + "), "
          + tests + " test" + (tests == 1 ? "" : "s");
      return problems.isEmpty() ? pass(expected, summary) : fail(expected, summary + "; " + String.join("; ", problems));
    }

    private static String uid(Map<String, String> status, String type, String name) {
      return status.keySet().stream().filter(k -> k.startsWith(type + ".") && k.endsWith("." + name)).findFirst().orElse(null);
    }

    private String describe() {
      List<String> parts = new ArrayList<>();
      parts.add("the last dbt " + (command == null ? "run" : command) + " of " + project);
      if (selectMentions != null) {
        parts.add("selecting " + selectMentions);
      }
      if (!built.isEmpty()) {
        parts.add("built " + String.join(", ", built));
      }
      if (!notBuilt.isEmpty()) {
        parts.add("not " + String.join(", ", notBuilt));
      }
      if (!tested.isEmpty()) {
        parts.add("a passing generic test on each of " + String.join(", ", tested));
      }
      if (!passedTests.isEmpty()) {
        parts.add("tests " + String.join(", ", passedTests) + " passing");
      }
      if (macro != null) {
        parts.add("at least " + macroUsers + " models calling the macro " + macro);
      }
      if (passes) {
        parts.add("every node succeeded");
      }
      return String.join(", ", parts);
    }
  }

  /**
   * {@code type: suite}: the learner's expectation suite (a file) passes on every table of
   * {@code passesOn} and fails on every table of {@code failsOn}.
   */
  record Suite(String id, String title, String file, List<String> passesOn, List<String> failsOn) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      List<String> want = new ArrayList<>();
      if (!passesOn.isEmpty()) {
        want.add("passes on " + String.join(", ", passesOn));
      }
      if (!failsOn.isEmpty()) {
        want.add("fails on " + String.join(", ", failsOn));
      }
      String expected = "your suite " + file + " " + String.join(" and ", want);
      boolean ok = true;
      List<String> found = new ArrayList<>();
      for (String t : passesOn) {
        LabQuality.SuiteRun r = ctx.quality().validate(f, t);
        ok &= r.success();
        found.add(r.success() ? "passes on " + t + " (" + r.evaluated() + " expectation" + (r.evaluated() == 1 ? ")" : "s)")
            : "fails on " + t + " (" + String.join("; ", r.failed()) + ")");
      }
      for (String t : failsOn) {
        LabQuality.SuiteRun r = ctx.quality().validate(f, t);
        ok &= !r.success();
        found.add(r.success() ? "passes on " + t + " (" + (r.evaluated() == 1 ? "its one expectation" : "all " + r.evaluated() + " expectations") + " met)"
            : "fails on " + t + " (" + String.join("; ", r.failed()) + ")");
      }
      return ok ? pass(expected, String.join(", ", found)) : fail(expected, String.join(", ", found));
    }

    @Override
    public String expectedWhenBroken() {
      return "a suite in " + file + " that validates";
    }
  }

  /**
   * {@code type: drift}: the learner's drift settings (a file), run on {@code table}'s newest batch
   * as of each version: at {@code flagsAt} they flag every column of {@code columns}; at
   * {@code quietAt} they flag nothing.
   */
  record Drift(String id, String title, String file, String table, Long flagsAt, List<String> columns, Long quietAt)
      implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      List<String> want = new ArrayList<>();
      List<String> found = new ArrayList<>();
      boolean ok = true;
      if (flagsAt != null) {
        want.add("flag " + String.join(", ", columns) + " in the batch of version " + flagsAt);
        LabQuality.DriftRun r = ctx.quality().drift(f, table, flagsAt);
        boolean all = columns.stream().allMatch(c -> r.driftedColumns().stream().anyMatch(c::equalsIgnoreCase));
        ok &= all;
        found.add("version " + flagsAt + ": " + (r.drifted() ? "flags " + String.join(", ", r.driftedColumns())
            : "flags nothing") + " [" + String.join("; ", r.details()) + "]");
      }
      if (quietAt != null) {
        want.add("flag nothing in the batch of version " + quietAt);
        LabQuality.DriftRun r = ctx.quality().drift(f, table, quietAt);
        ok &= !r.drifted();
        found.add("version " + quietAt + ": " + (r.drifted() ? "flags " + String.join(", ", r.driftedColumns())
            : "flags nothing") + " [" + String.join("; ", r.details()) + "]");
      }
      String expected = "your drift settings " + file + " " + String.join(" and ", want);
      return ok ? pass(expected, String.join(", ", found)) : fail(expected, String.join(", ", found));
    }

    @Override
    public String expectedWhenBroken() {
      return "drift settings in " + file + " that run";
    }
  }

  /**
   * {@code type: detector}: the learner's anomaly detector settings (a file), run over their table's
   * daily metrics, flag the incident days {@code truth} among the days from {@code from} with at least
   * the given precision and recall.
   */
  record Detector(String id, String title, String file, java.time.LocalDate from, List<java.time.LocalDate> truth,
      double minPrecision, double minRecall) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      LabQuality.DetectorRun r = ctx.quality().detect(ctx.file(file));
      List<java.time.LocalDate> flagged = r.flaggedDays().stream().filter(d -> !d.isBefore(from)).distinct().sorted().toList();
      long hits = flagged.stream().filter(truth::contains).count();
      double precision = flagged.isEmpty() ? 0 : (double) hits / flagged.size();
      double recall = truth.isEmpty() ? 1 : (double) hits / truth.size();
      List<String> falseAlarms = r.alerts().stream().filter(a -> {
        java.time.LocalDate d = java.time.LocalDate.parse(a.substring(0, 10));
        return !d.isBefore(from) && !truth.contains(d);
      }).limit(4).map(a -> {
        java.time.LocalDate d = java.time.LocalDate.parse(a.substring(0, 10));
        String rest = a.substring(10, a.indexOf(',') < 0 ? a.length() : a.indexOf(',')).replaceAll("\\s+", " ").strip();
        return d + " (" + d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + ") " + rest;
      }).toList();
      List<java.time.LocalDate> missed = truth.stream().filter(d -> !flagged.contains(d)).toList();
      String expected = "your detector " + file + " flags the incident days from " + from + " with precision >= "
          + minPrecision + " and recall >= " + minRecall;
      String measured = String.format(java.util.Locale.ROOT, "precision %.2f (%d of %d flagged days are incidents), recall %.2f (%d of %d incidents)",
          precision, hits, flagged.size(), recall, hits, truth.size())
          + (falseAlarms.isEmpty() ? "" : "; false alarms: " + String.join("; ", falseAlarms))
          + (missed.isEmpty() ? "" : "; missed: " + missed.stream().map(Object::toString).collect(Collectors.joining(", ")));
      boolean ok = precision >= minPrecision && recall >= minRecall;
      return ok ? pass(expected, measured) : fail(expected, measured);
    }

    @Override
    public String expectedWhenBroken() {
      return "detector settings in " + file + " that run";
    }
  }

  /**
   * {@code type: monitors}: the learner's observability monitors (a file: freshness, volume and
   * schema monitors per table) run commit by commit over the table's history alert on the
   * {@code truth} days among the days from {@code from}, with at least the given precision and recall.
   */
  record Monitors(String id, String title, String file, java.time.LocalDate from, List<java.time.LocalDate> truth,
      double minPrecision, double minRecall) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      LabQuality.DetectorRun r = ctx.quality().monitor(ctx.file(file));
      List<java.time.LocalDate> flagged = r.flaggedDays().stream().filter(d -> !d.isBefore(from)).distinct().sorted().toList();
      long hits = flagged.stream().filter(truth::contains).count();
      double precision = flagged.isEmpty() ? 0 : (double) hits / flagged.size();
      double recall = truth.isEmpty() ? 1 : (double) hits / truth.size();
      java.util.Map<java.time.LocalDate, String> falseAlarms = new java.util.TreeMap<>();
      for (String a : r.alerts()) {
        java.time.LocalDate d = java.time.LocalDate.parse(a.substring(0, 10));
        if (!d.isBefore(from) && !truth.contains(d) && falseAlarms.size() < 4) {
          String rest = a.substring(10).strip();
          falseAlarms.putIfAbsent(d, d + " (" + d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL,
              java.util.Locale.ENGLISH) + ") " + rest.substring(0, rest.indexOf(':') < 0 ? rest.length() : rest.indexOf(':')));
        }
      }
      List<java.time.LocalDate> missed = truth.stream().filter(d -> !flagged.contains(d)).toList();
      String expected = "your monitors " + file + " alert on the incident days from " + from + " with precision >= "
          + minPrecision + " and recall >= " + minRecall;
      String measured = String.format(java.util.Locale.ROOT, "precision %.2f (%d of %d alerted days are incidents), recall %.2f (%d of %d incidents)",
          precision, hits, flagged.size(), recall, hits, truth.size())
          + (falseAlarms.isEmpty() ? "" : "; false alarms: " + String.join("; ", falseAlarms.values()))
          + (missed.isEmpty() ? "" : "; missed: " + missed.stream().map(Object::toString).collect(Collectors.joining(", ")));
      boolean ok = precision >= minPrecision && recall >= minRecall;
      return ok ? pass(expected, measured) : fail(expected, measured);
    }

    @Override
    public String expectedWhenBroken() {
      return "monitor settings in " + file + " that run";
    }
  }

  /**
   * {@code type: contract}: the learner's data contract (a file) holds on every table of
   * {@code holdsOn} and is broken on every table of {@code breaksOn}.
   */
  record Contract(String id, String title, String file, List<String> holdsOn, List<String> breaksOn) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      List<String> want = new ArrayList<>();
      if (!holdsOn.isEmpty()) {
        want.add("holds on " + String.join(", ", holdsOn));
      }
      if (!breaksOn.isEmpty()) {
        want.add("is broken on " + String.join(", ", breaksOn));
      }
      boolean ok = true;
      List<String> found = new ArrayList<>();
      for (String t : holdsOn) {
        LabQuality.ContractRun r = ctx.quality().contract(f, t);
        ok &= r.holds();
        found.add(r.holds() ? "holds on " + t + " (" + r.clauses() + " clauses)" : "broken on " + t + " (" + String.join("; ", r.failed()) + ")");
      }
      for (String t : breaksOn) {
        LabQuality.ContractRun r = ctx.quality().contract(f, t);
        ok &= !r.holds();
        found.add(r.holds() ? "holds on " + t + " (all " + r.clauses() + " clauses)" : "broken on " + t + " (" + String.join("; ", r.failed()) + ")");
      }
      String expected = "your contract " + file + " " + String.join(" and ", want);
      return ok ? pass(expected, String.join(", ", found)) : fail(expected, String.join(", ", found));
    }

    @Override
    public String expectedWhenBroken() {
      return "a contract in " + file + " that can be read";
    }
  }

  /**
   * {@code type: icebergInStep}: the table keeps Iceberg metadata (decision 0033), every Delta version
   * from the first converted one to the latest has an Iceberg snapshot, Iceberg's reader returns the
   * same rows as the Delta table at each, and at least {@code atLeast} of them were made since setup.
   */
  record IcebergInStep(String id, String title, String table, long atLeast) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = "an Iceberg snapshot of " + table + " for every Delta version, with the same rows, "
          + atLeast + " or more of them since setup";
      List<LabLake.IcebergVersion> snaps = ctx.lake().icebergSnapshots(table);
      if (snaps.isEmpty()) {
        return fail(expected, "no Iceberg metadata: " + table + " does not set delta.universalFormat.enabledFormats");
      }
      long latest = ctx.lake().history(table).get(0).version();
      long first = snaps.get(0).deltaVersion();
      java.util.Set<Long> have = new java.util.TreeSet<>();
      snaps.forEach(v -> have.add(v.deltaVersion()));
      List<String> problems = new ArrayList<>();
      for (long v = first; v <= latest; v++) {
        if (!have.contains(v)) {
          problems.add("version " + v + " has no snapshot");
          continue;
        }
        FormatsAtVersion both = FormatsAtVersion.read(ctx.lake(), table, v);
        if (!both.agree()) {
          int d = both.delta().rows().size();
          int i = both.iceberg().rows().size();
          problems.add("version " + v + ": Delta " + d + " rows, Iceberg " + i + (d == i ? " with other values" : ""));
        }
      }
      long since = have.stream().filter(v -> v > ctx.baseline(table)).count();
      String found = (latest - first + 1) + " versions (" + first + " to " + latest + "), " + have.size()
          + " snapshots, " + since + " since setup";
      if (!problems.isEmpty()) {
        return fail(expected, found + "; " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
      }
      return since >= atLeast ? pass(expected, found + "; rows agree at each")
          : fail(expected, found + "; rows agree, but too few versions were made since setup");
    }
  }

  /**
   * {@code type: comparison}: the learner's feature table (a Markdown table in a lab file, one row per
   * feature, a column per format) says what the lab observed or knows of each format. A fact
   * {@code metadata} is observed: the folder each format keeps its metadata in, read from the table's
   * folder.
   */
  record Comparison(String id, String title, String file, String table, Map<String, Map<String, String>> facts)
      implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      String text = learnerFile(f);
      if (text == null) {
        return fail(title, "no file " + file);
      }
      Documents.keep(f);
      List<List<String>> rows = new ArrayList<>();
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.startsWith("|") && !l.matches("\\|[\\s:|-]+\\|?")) {
          List<String> cells = new ArrayList<>();
          for (String c : l.substring(1, l.endsWith("|") ? l.length() - 1 : l.length()).split("\\|", -1)) {
            cells.add(c.strip());
          }
          rows.add(cells);
        }
      }
      if (rows.isEmpty()) {
        return fail(title, "no Markdown table in " + file);
      }
      List<String> header = rows.get(0).stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
      Map<String, String> observedFolders = new java.util.LinkedHashMap<>();
      for (String m : ctx.lake().metadataFiles(table)) {
        String top = m.contains("/") ? m.substring(0, m.indexOf('/')) : m;
        if (top.startsWith("_delta_log")) {
          observedFolders.putIfAbsent("delta", top);
        } else if (top.equals("metadata")) {
          observedFolders.putIfAbsent("iceberg", top);
        }
      }
      List<String> wrong = new ArrayList<>();
      int right = 0;
      for (var fact : facts.entrySet()) {
        List<String> row = rows.stream().skip(1)
            .filter(r -> !r.isEmpty() && r.get(0).toLowerCase(java.util.Locale.ROOT).contains(fact.getKey().toLowerCase(java.util.Locale.ROOT)))
            .findFirst().orElse(null);
        if (row == null) {
          wrong.add("no row for " + fact.getKey());
          continue;
        }
        for (var cell : fact.getValue().entrySet()) {
          int col = -1;
          for (int c = 1; c < header.size(); c++) {
            if (header.get(c).contains(cell.getKey().toLowerCase(java.util.Locale.ROOT))) {
              col = c;
            }
          }
          String got = col < 0 || col >= row.size() ? "" : row.get(col).toLowerCase(java.util.Locale.ROOT);
          String want = cell.getValue().toLowerCase(java.util.Locale.ROOT);
          boolean observed = want.equals("observed");
          if (observed) {
            want = observedFolders.getOrDefault(cell.getKey().toLowerCase(java.util.Locale.ROOT), "(nothing on disk yet)");
          }
          boolean ok = want.equals("yes") || want.equals("no") ? got.matches(want + "\\b.*") : got.contains(want);
          if (ok) {
            right++;
          } else {
            // observed facts name what the lab saw on disk; known ones do not give the answer away
            wrong.add(fact.getKey() + " / " + cell.getKey() + ": you wrote '" + (got.isEmpty() ? "nothing" : got)
                + (observed ? "', the lab found '" + want + "'" : "', which is not what " + cell.getKey() + " does"));
          }
        }
      }
      String expected = "your table in " + file + " agrees with the " + facts.size() + " facts the lab checks";
      return wrong.isEmpty() ? pass(expected, right + " cells agree")
          : fail(expected, String.join("; ", wrong.subList(0, Math.min(4, wrong.size()))));
    }
  }

  /**
   * {@code type: document}: the learner's document (Markdown with front matter, decision 0034) has its
   * fields and sections filled, cites evidence that exists for every claim of "reproducible", "tested"
   * or "monitored", has well-formed links and stays within its length limits; optionally names goals
   * with an artifact, a proof and a date each, and quotes the learner's own notes.
   */
  record Document(String id, String title, String file, DocumentRules rules) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      String text = learnerFile(f);
      if (text == null) {
        return fail(title, "no file " + file + " (lab setup writes it from the template)");
      }
      int versions = Documents.keep(f);
      Documents.Doc doc = Documents.parse(text);
      List<String> problems = new ArrayList<>();
      for (String field : rules.fields()) {
        String v = doc.frontMatter().get(field);
        if (v == null || v.isBlank()) {
          problems.add("front matter field '" + field + "' is empty");
        }
      }
      for (String section : rules.sections()) {
        String body = doc.section(section);
        if (body == null) {
          problems.add("no section '## " + section + "'");
        } else if (Documents.words(body) < rules.minWords()) {
          problems.add("section '" + section + "' has " + Documents.words(body) + " words (at least " + rules.minWords() + ")");
        }
      }
      for (var limit : rules.maxChars().entrySet()) {
        String part = limit.getKey().equals("*") ? doc.body().strip() : doc.section(limit.getKey());
        if (part != null && part.length() > limit.getValue()) {
          problems.add((limit.getKey().equals("*") ? "the document" : "section '" + limit.getKey() + "'") + " has "
              + part.length() + " characters (at most " + limit.getValue() + ")");
        }
      }
      for (String claim : doc.claimsWithoutEvidence()) {
        problems.add("a claim without evidence: \"" + claim + "\" (add [evidence: table schema.name@vN] or another citation)");
      }
      int verified = 0;
      for (Documents.Citation c : doc.citations()) {
        String why = Citations.verify(c, ctx);
        if (why == null) {
          verified++;
        } else {
          problems.add("citation " + c.text() + ": " + why);
        }
      }
      if (verified < rules.minCitations()) {
        problems.add(verified + " verified citations (at least " + rules.minCitations() + ")");
      }
      for (String link : doc.links()) {
        if (!Documents.wellFormed(link)) {
          problems.add("link '" + link + "' is not a full http(s) address");
        }
      }
      if (rules.goalsSection() != null) {
        goals(doc, problems);
      }
      if (rules.quotesNotes() > 0) {
        int quoted = 0;
        for (String q : doc.quotes()) {
          String needle = q.replaceAll("\\s+", " ").strip().toLowerCase(java.util.Locale.ROOT);
          boolean found = Documents.words(needle) >= 4 && ctx.records().notes().values().stream()
              .anyMatch(n -> n.replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT).contains(needle));
          quoted += found ? 1 : 0;
        }
        if (quoted < rules.quotesNotes()) {
          problems.add(quoted + " quotes (> ...) of at least four words found in your notes (at least " + rules.quotesNotes()
              + "; `note DAY` shows a day's note)");
        }
      }
      String expected = "a filled " + file + " whose evidence exists";
      String found = versions + (versions == 1 ? " version kept, " : " versions kept, ") + verified + " citations verified";
      return problems.isEmpty() ? pass(expected, found)
          : fail(expected, String.join("; ", problems.subList(0, Math.min(4, problems.size())))
              + (problems.size() > 4 ? " (and " + (problems.size() - 4) + " more)" : ""));
    }

    private void goals(Documents.Doc doc, List<String> problems) {
      String body = doc.section(rules.goalsSection());
      if (body == null) {
        problems.add("no section '## " + rules.goalsSection() + "'");
        return;
      }
      int good = 0;
      for (String line : body.split("\n")) {
        String l = line.strip();
        if (!l.startsWith("- ") && !l.startsWith("* ")) {
          continue;
        }
        String low = l.toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("date:\\s*(\\d{4}-\\d{2}-\\d{2})").matcher(low);
        boolean date = false;
        if (d.find()) {
          try {
            java.time.LocalDate.parse(d.group(1));
            date = true;
          } catch (java.time.format.DateTimeParseException e) {
            date = false;
          }
        }
        if (low.matches(".*artifact:\\s*\\S.*") && low.matches(".*proof:\\s*\\S.*") && date) {
          good++;
        } else {
          problems.add("goal '" + (l.length() > 50 ? l.substring(0, 50) + "…" : l) + "' lacks "
              + (low.contains("artifact:") ? "" : "an artifact: ") + (low.contains("proof:") ? "" : "a proof: ")
              + (date ? "" : "a date: YYYY-MM-DD"));
        }
      }
      if (good < rules.minGoals()) {
        problems.add(good + " complete goals (at least " + rules.minGoals() + ")");
      }
    }
  }

  /**
   * {@code type: diagram}: the learner's diagram (PlantUML text in a lab file, decision 0035) names an
   * element for every role ({@code components}: role to the words any of which names it), has an arrow
   * path for every {@code flows} entry ({@code "storage -> consumers"}), and, with {@code tablesAtLeast},
   * names at least that many lake tables, every one of which exists in the learner's lake.
   */
  record DiagramCheck(String id, String title, String file, Map<String, List<String>> components, List<String> flows,
      int tablesAtLeast) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      String text = learnerFile(f);
      if (text == null) {
        return fail(title, "no file " + file);
      }
      Diagram d = Diagram.parse(text);
      List<String> problems = new ArrayList<>();
      Map<String, String> found = new java.util.LinkedHashMap<>();
      for (var role : components.entrySet()) {
        String e = d.find(role.getValue());
        if (e == null) {
          problems.add("nothing for " + role.getKey() + " (e.g. " + String.join(", ", role.getValue().subList(0, Math.min(3, role.getValue().size()))) + ")");
        } else {
          found.put(role.getKey(), e);
        }
      }
      for (String flow : flows) {
        String[] ends = flow.split("\\s*->\\s*");
        String a = found.get(ends[0].strip());
        String b = found.get(ends[1].strip());
        if (a != null && b != null && !d.reaches(java.util.Set.of(a), java.util.Set.of(b))) {
          problems.add("no arrow path from " + a + " (" + ends[0].strip() + ") to " + b + " (" + ends[1].strip() + ")");
        }
      }
      int tables = 0;
      if (tablesAtLeast > 0) {
        for (String t : d.tableNames()) {
          if (ctx.lake().exists(t)) {
            tables++;
          } else {
            problems.add(t + " is in the diagram but not in your lake");
          }
        }
        if (tables < tablesAtLeast) {
          problems.add(tables + " tables of your lake named (at least " + tablesAtLeast + ", written schema.name)");
        }
      }
      String expected = "a diagram in " + file + " naming " + String.join(", ", components.keySet())
          + (flows.isEmpty() ? "" : " with the flows " + String.join(", ", flows))
          + (tablesAtLeast > 0 ? " and " + tablesAtLeast + " or more tables of your lake" : "");
      String summary = d.elements().size() + " elements, " + d.flows().size() + " arrows"
          + (tablesAtLeast > 0 ? ", " + tables + " existing tables" : "");
      return problems.isEmpty() ? pass(expected, summary)
          : fail(expected, summary + "; " + String.join("; ", problems.subList(0, Math.min(4, problems.size()))));
    }
  }

  /**
   * {@code type: skillMap}: a Markdown table in a lab file with one skill per row and a level from 0 to
   * 3 in its second column; at least {@code atLeast} skills rated.
   */
  record SkillMap(String id, String title, String file, int atLeast) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path f = ctx.file(file);
      String text = learnerFile(f);
      if (text == null) {
        return fail(title, "no file " + file);
      }
      int rated = 0;
      List<String> bad = new ArrayList<>();
      boolean header = true;
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (!l.startsWith("|") || l.matches("\\|[\\s:|-]+\\|?")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] cells = l.substring(1).split("\\|");
        if (cells.length < 2 || cells[0].isBlank()) {
          continue;
        }
        String level = cells[1].strip();
        if (level.matches("[0-3]")) {
          rated++;
        } else {
          bad.add(cells[0].strip() + " has level '" + level + "'");
        }
      }
      String expected = atLeast + " or more skills rated 0 to 3 in " + file;
      String measured = rated + " skills rated" + (bad.isEmpty() ? "" : "; " + String.join("; ", bad.subList(0, Math.min(3, bad.size()))));
      return rated >= atLeast && bad.isEmpty() ? pass(expected, measured) : fail(expected, measured);
    }
  }

  /** What a {@link Document} check asks of a document. */
  record DocumentRules(List<String> fields, List<String> sections, int minWords, Map<String, Integer> maxChars,
      int minCitations, String goalsSection, int minGoals, int quotesNotes) {}

  /**
   * Verifies citations against the learner's lake and records. Kinds today: {@code table s.t@vN} (the
   * version exists), {@code suite FILE on s.t} (the suite passes on the table now), {@code lab ID} (the
   * learner's own work passed it). DAG runs and dbt runs become kinds of their own when those parts
   * exist: one more case here (decision 0034).
   */
  final class Citations {
    private static final java.util.regex.Pattern TABLE =
        java.util.regex.Pattern.compile("([A-Za-z_][\\w]*\\.[A-Za-z_][\\w]*)\\s*(?:@\\s*v?|\\s+version\\s+)(\\d+)");
    private static final java.util.regex.Pattern SUITE =
        java.util.regex.Pattern.compile("(work/[\\w./-]+\\.json)\\s+on\\s+([A-Za-z_][\\w]*\\.[A-Za-z_][\\w]*)");

    private Citations() {}

    /** Null when the citation holds, else why not. */
    static String verify(Documents.Citation c, CheckContext ctx) {
      switch (c.kind()) {
        case "table" -> {
          java.util.regex.Matcher m = TABLE.matcher(c.argument());
          if (!m.matches()) {
            return "write it [evidence: table schema.name@v3]";
          }
          String t = m.group(1);
          long v = Long.parseLong(m.group(2));
          if (!ctx.lake().exists(t)) {
            return "no table " + t + " in your lake";
          }
          boolean has = ctx.lake().history(t).stream().anyMatch(h -> h.version() == v);
          return has ? null : t + " has no version " + v;
        }
        case "suite" -> {
          java.util.regex.Matcher m = SUITE.matcher(c.argument());
          if (!m.matches()) {
            return "write it [evidence: suite work/day-06/suite.json on schema.name]";
          }
          if (ctx.quality() == null || ctx.dataDir() == null) {
            return "suites cannot be run here";
          }
          java.nio.file.Path suite = ctx.dataDir().resolve(m.group(1)).normalize();
          if (!suite.startsWith(ctx.dataDir().resolve("work")) || !java.nio.file.Files.isRegularFile(suite)) {
            return "no suite file " + m.group(1);
          }
          if (!ctx.lake().exists(m.group(2))) {
            return "no table " + m.group(2) + " in your lake";
          }
          LabQuality.SuiteRun r = ctx.quality().validate(suite, m.group(2));
          return r.success() ? null : "the suite fails on " + m.group(2) + " (" + String.join("; ", r.failed()) + ")";
        }
        case "lab" -> {
          String lab = c.argument().strip();
          return ctx.records().labPassed(lab) ? null : "lab " + lab + " has not passed with your own work";
        }
        default -> {
          return "unknown kind '" + c.kind() + "' (known: table, suite, lab)";
        }
      }
    }
  }

  private static long number(LabLake.Result r) {
    if (r.rows().isEmpty() || r.rows().get(0).isEmpty() || r.rows().get(0).get(0) == null) {
      throw new IllegalStateException("the query returned no number");
    }
    Object v = r.rows().get(0).get(0);
    return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().strip());
  }

  /** A learner's file as text, or null when it is missing or unreadable (the check then says so). */
  static String learnerFile(java.nio.file.Path f) {
    try {
      return java.nio.file.Files.readString(f);
    } catch (java.io.IOException e) {
      return null;
    }
  }


  /** The rows of a result as text, sorted, so row order never decides a check. */
  private static List<List<String>> sortedText(LabLake.Result r) {
    List<List<String>> rows = new ArrayList<>(r.rows().stream().map(row -> row.stream().map(QueryEquals::cell).toList()).toList());
    rows.sort(java.util.Comparator.comparing(List::toString));
    return rows;
  }

  private static String showRows(List<List<String>> rows) {
    if (rows.isEmpty()) {
      return "no rows";
    }
    String s = rows.stream().limit(5).map(r -> "(" + String.join(", ", r) + ")").collect(Collectors.joining(" "));
    return rows.size() > 5 ? s + " ... (" + rows.size() + " rows)" : s;
  }

  /** Rows appended to a governance record table (audit, lineage) since setup or reset, as a filter on its id column. */
  private static String since(CheckContext ctx, String table, String idColumn) {
    long base = ctx.baseline(table);
    return base < 0 ? "TRUE" : idColumn + " NOT IN (SELECT " + idColumn + " FROM " + table + " VERSION AS OF " + base + ")";
  }

  /**
   * {@code type: asPrincipal}: a query run as a principal (grants, row filters and masks applied)
   * returns the expected rows, or the rows {@code expectedQuery} returns for the folder's admin.
   */
  record AsPrincipal(String id, String title, String principal, String sql, List<List<String>> expected,
      String expectedQuery) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      List<List<String>> want = expectedQuery != null ? sortedText(ctx.lake().queryAs(null, expectedQuery)) : expected;
      List<List<String>> got = sortedText(ctx.lake().queryAs(principal, sql));
      return got.equals(want) ? pass(showRows(want) + " as " + principal, showRows(got))
          : fail(showRows(want) + " as " + principal, showRows(got));
    }

    @Override
    public String expectedWhenBroken() {
      return principal + " can run: " + sql;
    }
  }

  /**
   * {@code type: audited}: since setup, {@code system.access.audit} has at least {@code atLeast}
   * events by the principal with that action (one of a comma-separated list), securable (contained)
   * and response status.
   */
  record Audited(String id, String title, String principal, String action, String securable, Integer status,
      long atLeast) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = describe();
      if (!ctx.lake().exists("access.audit")) {
        return fail(expected, "no audit table yet: governance is off in this data folder");
      }
      LabLake.Result r = ctx.lake().queryAs(null, "SELECT user_identity_email, action_name, securable_full_name, "
          + "response_status_code FROM access.audit WHERE " + since(ctx, "access.audit", "event_id") + " ORDER BY event_time");
      List<String> all = new ArrayList<>();
      long n = 0;
      for (List<Object> row : r.rows()) {
        String who = String.valueOf(row.get(0));
        String act = String.valueOf(row.get(1));
        String sec = row.get(2) == null ? "" : row.get(2).toString();
        int st = row.get(3) == null ? 0 : ((Number) row.get(3)).intValue();
        boolean match = (principal == null || principal.equalsIgnoreCase(who)) && (action == null
            || java.util.Arrays.stream(action.split(",")).anyMatch(a -> a.strip().equalsIgnoreCase(act)))
            && (securable == null || sec.toLowerCase(java.util.Locale.ROOT).contains(securable.toLowerCase(java.util.Locale.ROOT)))
            && (status == null || status == st);
        n += match ? 1 : 0;
        if (principal == null || principal.equalsIgnoreCase(who)) {
          all.add(act + (sec.isEmpty() ? "" : " " + sec) + " " + st);
        }
      }
      String measured = n + (n == 1 ? " matching event" : " matching events") + " since setup"
          + (n == 0 && !all.isEmpty() ? "; " + (principal == null ? "events" : principal + "'s events") + ": "
              + String.join(", ", all.subList(Math.max(0, all.size() - 4), all.size())) : "");
      return n >= atLeast ? pass(expected, measured) : fail(expected, measured);
    }

    private String describe() {
      return "an audit event since setup" + (principal == null ? "" : " by " + principal)
          + (action == null ? "" : ", action " + action) + (securable == null ? "" : ", on " + securable)
          + (status == null ? "" : ", status " + status);
    }
  }

  /**
   * {@code type: lineage}: since setup, {@code system.access.table_lineage} shows the table read from
   * each {@code upstream} table and each {@code downstream} table written from it.
   */
  record Lineage(String id, String title, String table, List<String> upstream, List<String> downstream) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = describe();
      if (!ctx.lake().exists("access.table_lineage")) {
        return fail(expected, "no lineage table yet: governance is off in this data folder");
      }
      LabLake.Result r = ctx.lake().queryAs(null, "SELECT DISTINCT source_table_schema, source_table_name, target_table_schema, "
          + "target_table_name FROM access.table_lineage WHERE source_table_name IS NOT NULL AND target_table_name IS NOT NULL AND "
          + since(ctx, "access.table_lineage", "entity_run_id"));
      java.util.Set<String> edges = new java.util.TreeSet<>();
      for (List<Object> row : r.rows()) {
        edges.add((row.get(0) + "." + row.get(1) + " -> " + row.get(2) + "." + row.get(3)).toLowerCase(java.util.Locale.ROOT));
      }
      List<String> missing = new ArrayList<>();
      upstream.forEach(u -> {
        if (!edges.contains(u + " -> " + table)) {
          missing.add(u + " -> " + table);
        }
      });
      downstream.forEach(d -> {
        if (!edges.contains(table + " -> " + d)) {
          missing.add(table + " -> " + d);
        }
      });
      List<String> near = edges.stream().filter(e -> e.contains(table)).toList();
      String measured = (near.isEmpty() ? "no lineage of " + table + " since setup" : String.join(", ", near))
          + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing));
      return missing.isEmpty() ? pass(expected, measured) : fail(expected, measured);
    }

    private String describe() {
      List<String> want = new ArrayList<>();
      upstream.forEach(u -> want.add(u + " -> " + table));
      downstream.forEach(d -> want.add(table + " -> " + d));
      return "lineage since setup: " + String.join(", ", want);
    }
  }

  /**
   * {@code type: shared}: a recipient reads {@code table} ({@code schema.name} as shared) of a share
   * through the Delta Sharing protocol and gets the same rows as {@code sameRowsAs}; with
   * {@code denied: true}, the read is refused (401 or 403).
   */
  record Shared(String id, String title, String recipient, String share, String table, String sameRowsAs, boolean denied)
      implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String[] st = table.split("\\.", 2);
      LabLake.SharedRead read = ctx.lake().readShared(recipient, share, st[0], st[1]);
      String where = share + "." + table + " as recipient " + recipient;
      if (denied) {
        String expected = "reading " + where + " is refused";
        return read.status() == 401 || read.status() == 403 ? pass(expected, "refused: " + read.status() + " " + read.error())
            : fail(expected, read.status() == 200 ? "the read succeeded: " + read.rows().rows().size() + " rows"
                : read.status() + " " + read.error());
      }
      String expected = "the rows of " + sameRowsAs + " through the protocol, reading " + where;
      if (read.status() != 200) {
        return fail(expected, read.status() == 0 ? read.error() : read.status() + " " + read.error());
      }
      List<List<String>> want = sortedText(ctx.lake().queryAs(null, "SELECT * FROM " + sameRowsAs));
      List<List<String>> got = sortedText(read.rows());
      return got.equals(want) ? pass(expected, got.size() + " rows, the same")
          : fail(expected, got.size() + " rows (" + want.size() + " in " + sameRowsAs + "): " + showRows(got));
    }
  }

  /**
   * {@code type: fileQuery}: the learner's query (a lab file), run read-only as the folder's admin,
   * returns exactly the expected rows, ignoring order and duplicates.
   */
  record FileQuery(String id, String title, String file, List<List<String>> expected) implements Check {
    @Override
    public CheckResult evaluate(CheckContext ctx) {
      java.nio.file.Path p = ctx.file(file);
      String text;
      try {
        text = java.nio.file.Files.readString(p);
      } catch (java.io.IOException e) {
        return fail(showRows(expected), "cannot read " + file + ": " + e.getMessage());
      }
      String sql = text.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
      while (sql.endsWith(";")) {
        sql = sql.substring(0, sql.length() - 1).strip();
      }
      if (sql.isEmpty()) {
        return fail(showRows(expected), file + " has no query yet");
      }
      List<List<String>> got = sortedText(ctx.lake().queryAs(null, sql)).stream().distinct().toList();
      List<List<String>> want = expected.stream().distinct().sorted(java.util.Comparator.comparing(List::toString)).toList();
      return got.equals(want) ? pass(showRows(want), showRows(got)) : fail(showRows(want), showRows(got));
    }
  }

  /**
   * {@code type: ciRun}: a CI run of the learner's repository {@code repo} (decision 0046), kept since
   * setup or reset under the data folder's {@code ci/runs/NNNN/} ({@code run.json} and the dbt
   * artifacts it left in {@code target/}), on a branch other than main, had the {@code verdict}
   * ({@code passed} or {@code failed}), with {@code failedTest} a dbt test that failed, built each model
   * of {@code built} and none of {@code notBuilt}, and selected with {@code selectMentions}. With
   * {@code latest} only the newest such run counts; otherwise any one of them may pass.
   */
  record CiRunCheck(String id, String title, String repo, String verdict, boolean latest, boolean failedTest,
      List<String> built, List<String> notBuilt, String selectMentions) implements Check {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The number of the newest kept CI run of the data folder, 0 when there is none. */
    public static long newestRun(java.nio.file.Path dataDir) {
      java.nio.file.Path runs = dataDir == null ? null : dataDir.resolve("ci/runs");
      if (runs == null || !java.nio.file.Files.isDirectory(runs)) {
        return 0;
      }
      try (var s = java.nio.file.Files.list(runs)) {
        return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max().orElse(0);
      } catch (java.io.IOException e) {
        return 0;
      }
    }

    @Override
    public CheckResult evaluate(CheckContext ctx) {
      String expected = describe();
      long base = ctx.baseline(LabService.CI_RUNS_BASELINE);
      java.nio.file.Path runs = ctx.dataDir().resolve("ci/runs");
      List<java.nio.file.Path> candidates = new ArrayList<>();
      if (java.nio.file.Files.isDirectory(runs)) {
        try (var s = java.nio.file.Files.list(runs)) {
          s.filter(p -> p.getFileName().toString().matches("\\d+") && Long.parseLong(p.getFileName().toString()) > base)
              .sorted(java.util.Comparator.comparing((java.nio.file.Path p) -> Long.parseLong(p.getFileName().toString())).reversed())
              .forEach(candidates::add);
        } catch (java.io.IOException e) {
          return fail(expected, "unreadable CI runs in " + runs + " (" + e.getClass().getSimpleName() + ")");
        }
      }
      String first = null;
      for (java.nio.file.Path dir : candidates) {
        com.fasterxml.jackson.databind.JsonNode run;
        com.fasterxml.jackson.databind.JsonNode rr;
        try {
          run = JSON.readTree(dir.resolve("run.json").toFile());
          java.nio.file.Path results = dir.resolve("target/run_results.json");
          rr = java.nio.file.Files.isRegularFile(results) ? JSON.readTree(results.toFile()) : JSON.createObjectNode();
        } catch (java.io.IOException e) {
          continue;
        }
        if (!repo.equals(run.path("repo").asText()) || "main".equals(run.path("branch").asText())) {
          continue;
        }
        List<String> problems = new ArrayList<>();
        String summary = summary(run, rr, problems);
        if (problems.isEmpty()) {
          return pass(expected, summary);
        }
        String line = summary + "; " + String.join("; ", problems);
        if (first == null) {
          first = line;
        }
        if (latest) {
          break;
        }
      }
      return fail(expected, first != null ? first
          : "no CI run of " + repo + " on a branch since setup");
    }

    /** What the run did, adding what does not hold to {@code problems}. */
    private String summary(com.fasterxml.jackson.databind.JsonNode run, com.fasterxml.jackson.databind.JsonNode rr,
        List<String> problems) {
      String got = run.path("verdict").asText();
      Map<String, String> status = new java.util.LinkedHashMap<>();
      rr.path("results").forEach(r -> status.put(r.path("unique_id").asText(), r.path("status").asText()));
      List<String> select = new ArrayList<>();
      rr.path("args").path("select").forEach(x -> select.add(x.asText()));
      List<String> models = status.keySet().stream().filter(k -> k.startsWith("model."))
          .map(k -> k.substring(k.lastIndexOf('.') + 1)).toList();
      List<String> failedTests = status.entrySet().stream().filter(e -> e.getKey().startsWith("test.") && e.getValue().equals("fail"))
          .map(e -> e.getKey().split("\\.")[2]).toList();
      if (verdict != null && !verdict.equals(got)) {
        problems.add("it " + got);
      }
      if (failedTest && failedTests.isEmpty()) {
        problems.add(status.isEmpty() ? "it ran no dbt command" : "no dbt test failed in it");
      }
      if (selectMentions != null && select.stream().noneMatch(x -> x.contains(selectMentions))) {
        problems.add("it selected " + (select.isEmpty() ? "everything (no --select)" : String.join(" ", select)));
      }
      for (String m : built) {
        String uid = status.keySet().stream().filter(k -> k.startsWith("model.") && k.endsWith("." + m)).findFirst().orElse(null);
        if (uid == null) {
          problems.add(m + " was not built");
        } else if (!status.get(uid).equals("success")) {
          problems.add(m + " " + status.get(uid));
        }
      }
      for (String m : notBuilt) {
        if (models.contains(m)) {
          problems.add(m + " was built too");
        }
      }
      String commit = run.path("commit").asText();
      return "CI run " + run.path("id").asText() + " of " + run.path("branch").asText() + " at "
          + commit.substring(0, Math.min(7, commit.length())) + " " + got
          + (run.path("failed_step").isTextual() ? " at step '" + run.path("failed_step").asText() + "'" : "")
          + (status.isEmpty() ? "" : ": dbt " + rr.path("args").path("which").asText("") + (select.isEmpty() ? "" : " --select "
          + String.join(" ", select)) + " built " + models.size() + " model" + (models.size() == 1 ? "" : "s")
          + " (" + String.join(", ", models) + ")" + (failedTests.isEmpty() ? "" : ", failing test " + String.join(", ", failedTests)));
    }

    private String describe() {
      List<String> parts = new ArrayList<>();
      parts.add((latest ? "the newest" : "a") + " CI run of " + repo + " on a branch since setup");
      if (verdict != null) {
        parts.add(verdict);
      }
      if (failedTest) {
        parts.add("on a failing dbt test");
      }
      if (selectMentions != null) {
        parts.add("selecting " + selectMentions);
      }
      if (!built.isEmpty()) {
        parts.add("built " + String.join(", ", built));
      }
      if (!notBuilt.isEmpty()) {
        parts.add("not " + String.join(", ", notBuilt));
      }
      return String.join(", ", parts);
    }
  }
}
