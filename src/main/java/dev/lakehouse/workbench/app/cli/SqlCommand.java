package dev.lakehouse.workbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import dev.lakehouse.workbench.sql.StatementResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sql [--format table|csv|json] [-f FILE | STATEMENT]}: runs statements against the lake. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run ;-separated Spark SQL statements against the lake (DATA-DIR/lake).")
final class SqlCommand implements Callable<Integer> {

  enum Format { table, csv, json }

  @Spec private CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv or json (one object per statement)")
  private Format format = Format.table;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "read the statements from FILE ('-' for standard input)")
  private Path file;

  @Parameters(arity = "0..*", paramLabel = "STATEMENT", description = "the statements, when -f is not given")
  private List<String> statement = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "stop a statement that runs longer than this (default 600); nothing of it is committed")
  private long timeoutSeconds = SqlSession.DEFAULT_TIMEOUT.toSeconds();

  private ObjectMapper json;

  @Override
  public Integer call() {
    SqlSession.warmUp();
    String sql = input();
    PrintWriter out = spec.commandLine().getOut();
    WorkbenchCli root = (WorkbenchCli) spec.root().userObject();
    try (Lake lake = Lake.open(root.dataDir())) {
      SqlSession session = new SqlSession(lake);
      session.hook(dev.lakehouse.workbench.governance.Governance.open(root.dataDir(), lake, root.principal()));
      if (timeoutSeconds < 1 || timeoutSeconds > 86_400) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "--timeout " + timeoutSeconds + " is out of range",
            "a statement timeout is 1 to 86400 seconds", "e.g. --timeout 60");
      }
      session.timeout(java.time.Duration.ofSeconds(timeoutSeconds));
      // DuckDB cannot interrupt a statement while it plans it (a 50,000-way UNION ALL): if the
      // timeout's interrupt is not honoured within a few seconds, the process ends with the same
      // one-line error. Nothing is half-committed: a commit is one atomic file.
      java.util.concurrent.atomic.AtomicLong statementStart = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
      long limitNanos = (timeoutSeconds + 5) * 1_000_000_000L;
      Thread watchdog = new Thread(() -> {
        try {
          while (System.nanoTime() - statementStart.get() < limitNanos) {
            Thread.sleep(250);
          }
        } catch (InterruptedException e) {
          return;
        }
        synchronized (out) {
          spec.commandLine().getErr().println("error: " + dev.lakehouse.workbench.lake.LakeErrors.statementTimedOut(timeoutSeconds).getMessage());
          spec.commandLine().getErr().flush();
          out.flush();
        }
        root.hardStop(WorkbenchCli.BAD_INPUT);
      }, "sql-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      try {
        session.execute(sql, r -> {
          print(out, r);
          out.flush();
          statementStart.set(System.nanoTime());
        });
      } finally {
        watchdog.interrupt();
      }
    }
    return WorkbenchCli.OK;
  }

  private String input() {
    if (file != null && !statement.isEmpty()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "both -f and a STATEMENT were given",
          "sql runs either a file or the statements on the command line", "give one of them");
    }
    if (file != null) {
      return TextInput.read(file, System.in);
    }
    for (String s : statement) {
      if (s.matches("--?[A-Za-z][\\w-]*(=\\S*)?")) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "unknown option '" + s + "'",
            "sql takes --format and -f", "run sql --help to see the usage");
      }
    }
    if (statement.isEmpty()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no SQL given",
          "sql needs a STATEMENT or -f FILE", "e.g. sql \"SHOW TABLES\"");
    }
    return String.join(" ", statement);
  }

  private void print(PrintWriter out, StatementResult r) {
    switch (format) {
      case json:
        out.println(toJson(r));
        break;
      case csv:
        if (!r.columns().isEmpty()) {
          out.println(csvLine(new ArrayList<>(r.columns())));
          for (List<Object> row : r.rows()) {
            out.println(csvLine(row));
          }
        } else {
          out.println(csvLine(List.of(r.message())));
        }
        break;
      default:
        if (!r.columns().isEmpty()) {
          printTable(out, r);
        }
        out.println(r.message());
    }
  }

  private String toJson(StatementResult r) {
    ObjectNode o = mapper().createObjectNode();
    o.put("statement", r.statement());
    ArrayNode cols = o.putArray("columns");
    r.columns().forEach(cols::add);
    o.set("rows", mapper().valueToTree(r.rows()));
    o.put("message", r.message());
    o.set("metrics", mapper().valueToTree(r.metrics()));
    try {
      return mapper().writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Map || v instanceof List) {
      try {
        return mapper().writeValueAsString(v);
      } catch (IOException e) {
        return v.toString();
      }
    }
    return v.toString();
  }

  private String csvLine(List<Object> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      String s = v == null ? "" : text(v);
      if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
        s = "\"" + s.replace("\"", "\"\"") + "\"";
      }
      sb.append(i == 0 ? "" : ",").append(s);
    }
    return sb.toString();
  }

  private void printTable(PrintWriter out, StatementResult r) {
    int n = r.columns().size();
    int[] width = new int[n];
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      width[i] = r.columns().get(i).length();
    }
    for (List<Object> row : r.rows()) {
      List<String> c = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String s = text(row.get(i));
        c.add(s);
        width[i] = Math.min(Math.max(width[i], s.length()), 60);
      }
      cells.add(c);
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : width) {
      sep.append("-".repeat(w + 2)).append('+');
    }
    out.println(sep);
    out.println(line(new ArrayList<>(r.columns()), width));
    out.println(sep);
    for (List<String> c : cells) {
      out.println(line(c, width));
    }
    out.println(sep);
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      String s = cells.get(i);
      if (s.length() > width[i]) {
        s = s.substring(0, width[i] - 1) + "…";
      }
      sb.append(' ').append(s).append(" ".repeat(width[i] - s.length())).append(" |");
    }
    return sb.toString();
  }

  /** Jackson only loads for JSON output: a third of a second saved on every other run. */
  private ObjectMapper mapper() {
    if (json == null) {
      json = new ObjectMapper();
    }
    return json;
  }
}
