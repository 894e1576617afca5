package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.app.AppContext;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lab.CheckResult;
import dev.lakehouse.workbench.lab.LabDefinition;
import dev.lakehouse.workbench.lab.LabLake;
import dev.lakehouse.workbench.lab.LabProblem;
import dev.lakehouse.workbench.lab.LabReport;
import dev.lakehouse.workbench.lab.LabService;
import dev.lakehouse.workbench.lab.StatementOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab list|show|setup|run|check|hint|reset|solution|formats}: the labs, headless. */
@Command(name = "lab", mixinStandardHelpOptions = true, description = "The labs: list, show, set up, run, check, hint, reset, solution.",
    subcommands = {LabCommand.ListLabs.class, LabCommand.Show.class, LabCommand.Setup.class, LabCommand.Run.class,
        LabCommand.Check.class, LabCommand.Hint.class, LabCommand.Reset.class, LabCommand.Solution.class,
        LabCommand.Formats.class})
final class LabCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: " + spec.name() + " needs a subcommand: list, show, setup, run, check, hint, reset or solution. Run '"
        + spec.qualifiedName() + " --help' to see the usage.");
    return WorkbenchCli.BAD_INPUT;
  }

  static AppContext context(CommandSpec spec) {
    return WorkbenchCli.context(spec);
  }

  static LabDefinition lab(CommandSpec spec, String id) {
    return context(spec).labCatalog().require(id);
  }

  static LabService service(CommandSpec spec) {
    return context(spec).labs();
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every lab with its day, title and state.")
  static final class ListLabs implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of {id, day, title, goal, done}.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
      AppContext ctx = context(spec);
      PrintWriter out = spec.commandLine().getOut();
      List<LabDefinition> labs = ctx.labCatalog().labs();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (LabDefinition l : labs) {
          ObjectNode o = array.addObject();
          o.put("id", l.id());
          o.put("day", l.day());
          o.put("title", l.title());
          o.put("goal", l.goal());
          o.put("done", ctx.progress().day(l.day()).state() == dev.lakehouse.workbench.progress.DayState.DONE);
        }
        for (LabProblem p : ctx.labCatalog().problems()) {
          ObjectNode o = array.addObject();
          o.put("file", p.file().toString());
          o.put("problem", p.message());
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      } else {
        for (LabDefinition l : labs) {
          boolean done = ctx.progress().day(l.day()).state() == dev.lakehouse.workbench.progress.DayState.DONE;
          out.printf("%-22s day %2d  %-5s %s%n", l.id(), l.day(), done ? "done" : "", l.title());
        }
        for (LabProblem p : ctx.labCatalog().problems()) {
          spec.commandLine().getErr().println("warning: " + p.message());
        }
      }
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a lab's goal, instructions and starter SQL.")
  static final class Show implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Override
    public Integer call() {
      LabDefinition l = lab(spec, id);
      PrintWriter out = spec.commandLine().getOut();
      out.println("# " + l.title() + " (" + l.id() + ", day " + l.day() + ")");
      out.println();
      out.println(l.goal());
      out.println();
      out.println(l.instructions().strip());
      out.println();
      out.println("Tables: " + String.join(", ", l.tables()));
      l.files().forEach(f -> out.println("Your file: " + service(spec).filePath(f)));
      out.println("Checks:");
      l.checks().forEach(c -> out.println("  - " + c.title()));
      out.println();
      out.println("Starter SQL:");
      out.println(l.starter().strip());
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "setup", mixinStandardHelpOptions = true, description = "Seed the lab's tables in the lake.")
  static final class Setup implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Override
    public Integer call() {
      LabDefinition l = lab(spec, id);
      Map<String, Long> seeds = service(spec).setup(l);
      PrintWriter out = spec.commandLine().getOut();
      seeds.forEach((t, v) -> out.println("seeded " + t + " at version " + v));
      out.println("lab " + l.id() + " is ready: 'lab show " + l.id() + "' for the instructions");
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run statements in a lab; stops at the first that fails.")
  static final class Run implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "a SQL file; - reads standard input")
    private Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STATEMENT", description = "one or more ;-separated statements")
    private String statement;

    @Override
    public Integer call() {
      if ((file == null) == (statement == null)) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "lab run needs SQL",
            "give either -f FILE or one STATEMENT argument, not both and not neither",
            "e.g. lab run " + id + " \"SELECT 1\"");
      }
      LabDefinition l = lab(spec, id);
      String sql = statement != null ? statement : read(file);
      PrintWriter out = spec.commandLine().getOut();
      int i = 0;
      for (StatementOutcome o : service(spec).run(l, sql)) {
        i++;
        if (o.failed()) {
          spec.commandLine().getErr().println("error: statement " + i + " failed: " + o.error());
          return WorkbenchCli.BAD_INPUT;
        }
        print(out, o.result());
      }
      return WorkbenchCli.OK;
    }

    private static String read(Path file) {
      return TextInput.read(file, System.in);
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Check the lab on the lake's state; exit 0 when all pass, 1 when any fails.")
  static final class Check implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Option(names = "--json", description = "Print {lab, passed, checks: [{id, title, passed, expected, measured}], hint, solutionApplied}.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
      LabDefinition l = lab(spec, id);
      LabReport r = service(spec).check(l);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("lab", r.labId());
        o.put("passed", r.passed());
        ArrayNode checks = o.putArray("checks");
        for (CheckResult c : r.results()) {
          ObjectNode n = checks.addObject();
          n.put("id", c.id());
          n.put("title", c.title());
          n.put("passed", c.passed());
          n.put("expected", c.expected());
          n.put("measured", c.measured());
        }
        o.put("hint", r.hint());
        o.put("solutionApplied", r.solutionApplied());
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      } else {
        r.results().forEach(c -> out.println(c.line()));
        out.println(r.passedCount() + " of " + r.results().size() + " checks pass" + r.verdict(l.day()));
        if (r.hint() != null) {
          out.println("hint: " + r.hint());
        }
      }
      return r.passed() ? WorkbenchCli.OK : WorkbenchCli.CHECK_FAILED;
    }
  }

  @Command(name = "hint", mixinStandardHelpOptions = true, description = "The hint that fits your lab's state; asking again escalates.")
  static final class Hint implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println(service(spec).hint(lab(spec, id)));
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true, description = "RESTORE the lab's tables to their seeded versions (your attempts stay in the history).")
  static final class Reset implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Option(names = "--yes", description = "Confirm the reset.") private boolean yes;

    @Override
    public Integer call() {
      LabDefinition l = lab(spec, id);
      if (!yes) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "reset needs confirmation",
            "it restores " + String.join(", ", l.tables()) + " to their seeded versions"
                + (l.learnerTables().isEmpty() ? "" : " and drops " + String.join(", ", l.learnerTables())),
            "run 'lab reset " + id + " --yes'");
      }
      Map<String, Long> v = service(spec).reset(l);
      v.forEach((t, n) -> spec.commandLine().getOut().println("reset " + t + ": now version " + n));
      return WorkbenchCli.OK;
    }
  }

  @Command(name = "solution", mixinStandardHelpOptions = true,
      description = "Print the lab's solution SQL (recorded); --apply writes its reference files and runs it (never counted as your work).")
  static final class Solution implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID") private String id;

    @Option(names = "--apply", description = "Write the reference files and run the solution SQL; a check after it does not mark the day done.")
    private boolean apply;

    @Override
    public Integer call() {
      LabService labs = service(spec);
      LabDefinition l = lab(spec, id);
      PrintWriter out = spec.commandLine().getOut();
      if (!apply) {
        out.println(labs.solution(l).strip());
        return WorkbenchCli.OK;
      }
      List<StatementOutcome> outcomes = labs.applySolution(l);
      l.files().forEach(f -> out.println("wrote " + labs.filePath(f)));
      for (StatementOutcome o : outcomes) {
        if (o.failed()) {
          spec.commandLine().getErr().println("error: the solution's statement failed: " + o.error());
          return WorkbenchCli.FAILURE;
        }
      }
      for (LabDefinition.SolutionRun run : l.solutionRuns()) {
        if (run.job()) {
          JobCommand.applyRun(WorkbenchCli.context(spec), run, out);
        } else if (run.ci() != null) {
          java.io.StringWriter ciOut = new java.io.StringWriter();
          int code = CiCommand.applyRun(WorkbenchCli.context(spec).dataDir(), run.ci(), new PrintWriter(ciOut, true));
          String printed = ciOut.toString().strip();
          List<String> lines = printed.lines().toList();
          out.println("ci " + run.ci().strip() + ": " + String.join(" ", lines.subList(Math.max(0, lines.size() - 2), lines.size())));
          if (code == WorkbenchCli.BAD_INPUT || code == WorkbenchCli.FAILURE) {
            spec.commandLine().getErr().println("error: the solution's ci command failed: " + printed);
            return WorkbenchCli.FAILURE;
          }
        } else if (run.write() != null) {
          java.nio.file.Path p = WorkbenchCli.context(spec).dataDir().resolve(run.write());
          try {
            java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.writeString(p, run.text());
          } catch (java.io.IOException e) {
            throw new WorkbenchException(WorkbenchException.Kind.FAILURE, "cannot write " + p, String.valueOf(e.getMessage()),
                "check that the data folder is writable");
          }
          out.println("wrote " + p);
        } else if (run.dbt() != null) {
          DbtCommand.applyRun(WorkbenchCli.context(spec), run.dbt(), out); // a failing test can be part of the reference work
        } else if (run.sql() != null) {
          for (StatementOutcome o : labs.run(l, run.sql())) {
            if (o.failed()) {
              spec.commandLine().getErr().println("error: the solution's statement failed: " + o.error());
              return WorkbenchCli.FAILURE;
            }
          }
        } else {
          DagCommand.applyRun(WorkbenchCli.context(spec), run, out);
        }
      }
      out.println("ran " + outcomes.size() + " solution statement" + (outcomes.size() == 1 ? "" : "s")
          + "; recorded as applied: checks now pass without counting as your work for day " + l.day());
      return WorkbenchCli.OK;
    }
  }

  /** Prints a result as an aligned table, or its message. */
  static void print(PrintWriter out, LabLake.Result r) {
    if (r.columns().isEmpty()) {
      out.println(r.message() == null || r.message().isBlank() ? "OK" : r.message());
      return;
    }
    int n = r.columns().size();
    int[] width = new int[n];
    List<List<String>> cells = r.rows().stream().map(row -> row.stream().map(v -> v == null ? "NULL" : v.toString()).toList()).toList();
    for (int i = 0; i < n; i++) {
      width[i] = r.columns().get(i).length();
      for (List<String> row : cells) {
        width[i] = Math.min(60, Math.max(width[i], row.get(i).length()));
      }
    }
    StringBuilder head = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      head.append(i == 0 ? "" : " | ").append(pad(r.columns().get(i), width[i]));
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(head.toString().stripTrailing());
    out.println(rule);
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < n; i++) {
        line.append(i == 0 ? "" : " | ").append(pad(row.get(i), width[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println("(" + r.rows().size() + (r.rows().size() == 1 ? " row)" : " rows)"));
  }

  private static String pad(String s, int w) {
    String t = s.length() > w ? s.substring(0, w - 1) + "…" : s;
    return t + " ".repeat(Math.max(0, w - t.length()));
  }

  @Command(name = "formats", mixinStandardHelpOptions = true,
      description = "A table's two metadata trees (Delta's _delta_log, Iceberg's metadata/) and, per Delta version, its Iceberg snapshot and rows in both.")
  static final class Formats implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE") private String table;

    @Override
    public Integer call() {
      var lake = service(spec).lake();
      var out = spec.commandLine().getOut();
      if (!lake.exists(table)) {
        throw new dev.lakehouse.workbench.common.WorkbenchException(dev.lakehouse.workbench.common.WorkbenchException.Kind.BAD_INPUT,
            "no table " + table, "the lake has no such table", "run lab list, then lab setup for the day's lab");
      }
      out.println("metadata files of " + table + ":");
      for (String f : lake.metadataFiles(table)) {
        out.println("  " + f);
      }
      var snaps = lake.icebergSnapshots(table);
      if (snaps.isEmpty()) {
        out.println("no Iceberg snapshots: ALTER TABLE " + table
            + " SET TBLPROPERTIES ('delta.universalFormat.enabledFormats' = 'iceberg') turns them on");
        return WorkbenchCli.OK;
      }
      out.println("delta version  delta rows  iceberg snapshot      operation  iceberg rows (read by Iceberg)");
      for (var s : snaps) {
        Object n = lake.query("SELECT count(*) FROM " + table + " VERSION AS OF " + s.deltaVersion()).rows().get(0).get(0);
        int read = lake.icebergRows(table, s.deltaVersion()).rows().size();
        out.printf("%13d  %10s  %19d  %-9s  %d%n", s.deltaVersion(), n, s.snapshotId(), s.operation(), read);
      }
      return WorkbenchCli.OK;
    }
  }
}
