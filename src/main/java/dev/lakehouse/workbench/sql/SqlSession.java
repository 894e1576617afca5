package dev.lakehouse.workbench.sql;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.CommitResult;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.Lake.CreateMode;
import dev.lakehouse.workbench.lake.Lake.MergeClause;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.ScanPlan;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TableInfo;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.lake.VersionInfo;
import dev.lakehouse.workbench.sql.Tokens.Token;
import dev.lakehouse.workbench.sql.Tokens.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the statements a learner types (the Delta subset of Spark / Databricks SQL) against a lake.
 * Statements run one after another; a failing statement stops the run, and those before it stay
 * committed. Session settings ({@code SET spark.…}) live as long as the session.
 */
public final class SqlSession {

  /** Lets INSERT and MERGE add the source's new columns to the table. */
  public static final String AUTO_MERGE = "spark.databricks.delta.schema.autoMerge.enabled";
  /** When false, VACUUM accepts a retention shorter than the table's (7 days by default). */
  public static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * Asked before a statement widens what SQL may touch on disk (CREATE EXTERNAL LOCATION); the app
   * shows a confirmation, the command line (where the learner typed the statement) accepts.
   */
  @FunctionalInterface
  public interface Confirmation {
    boolean confirm(String question);
  }

  /** Default statement timeout: generous, so only a runaway statement is stopped. */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(10);

  private static final java.util.concurrent.ScheduledExecutorService TIMER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sql-statement-timeout");
        t.setDaemon(true);
        return t;
      });

  private final Lake lake;
  private Confirmation confirmation = q -> true;
  private volatile java.time.Duration timeout = DEFAULT_TIMEOUT;
  private volatile boolean cancelRequested;
  private final Map<String, String> conf = new TreeMap<>();
  private String currentSchema = TableId.DEFAULT_SCHEMA;
  private volatile StatementHook hook;

  public SqlSession(Lake lake) {
    SparkSeam.warmUp();
    this.lake = lake;
    lake.translateChecksWith(SparkSeam::checkExpression);
    conf.put(AUTO_MERGE, "false");
    conf.put(RETENTION_CHECK, "true");
  }

  public Lake lake() {
    return lake;
  }

  /** How long one statement may run before it is stopped (its work is not committed). */
  public void timeout(java.time.Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a statement timeout is positive");
    }
    this.timeout = d;
  }

  /**
   * Stops the running statement from any thread, within a second: DuckDB's work is interrupted, the
   * statement fails saying it was cancelled, nothing of it is committed, and the statements after it
   * in the same run do not start.
   */
  public void cancel() {
    cancelRequested = true;
    lake.cancelRunning();
  }

  /** Sets the part that sees every statement (governance), or none. */
  public void hook(StatementHook h) {
    this.hook = h;
  }

  /** The schema a one-part table name resolves in ({@code USE}). */
  public String currentSchema() {
    return currentSchema;
  }

  /** A Spark SQL expression over one row's columns, as an engine expression (no subqueries). */
  public static String engineExpression(String sparkText) {
    return SparkSeam.checkExpression(sparkText);
  }

  /** Sets who confirms statements that let SQL reach a new folder (see {@link Confirmation}). */
  public void confirmWith(Confirmation c) {
    this.confirmation = c == null ? q -> true : c;
  }

  /** Starts loading Spark's SQL grammar in the background, before a session exists (the command line calls it first). */
  public static void warmUp() {
    SparkSeam.warmUp();
  }

  /** Sets a session setting, as {@code SET key = value} does. */
  public void setConf(String key, String value) {
    String k = key.trim();
    if ((k.equals(AUTO_MERGE) || k.equals(RETENTION_CHECK)) && !value.trim().matches("(?i)true|false")) {
      throw LakeErrors.badConfValue(k, value);
    }
    conf.put(k, value.trim());
  }

  public Map<String, String> conf() {
    return Collections.unmodifiableMap(conf);
  }

  private boolean flag(String key) {
    return Boolean.parseBoolean(conf.getOrDefault(key, "false"));
  }

  /**
   * Runs {@code ;}-separated statements in order. On the first failure it throws, naming the
   * statement's position ("statement 2: …"); results of earlier statements are kept in the lake.
   */
  public List<StatementResult> execute(String sql) {
    List<StatementResult> out = new ArrayList<>();
    execute(sql, out::add);
    return out;
  }

  /**
   * Runs one read-only query (SELECT, WITH, VALUES, FROM, TABLE); anything else, or more than one
   * statement, is refused before it runs. Lab checks read the lake through this, never with write rights.
   */
  public StatementResult query(String sql) {
    List<List<Token>> statements = split(Tokens.tokenize(sql));
    if (statements.size() != 1 || !isQueryStart(statements.get(0).get(0))) {
      throw LakeErrors.notAQuery(firstWords(sql));
    }
    List<Token> st = statements.get(0);
    cancelRequested = false;
    lake.resetCancel();
    try {
      return timed(new Statement(sql, st, sql.substring(st.get(0).start(), st.get(st.size() - 2).end())));
    } catch (WorkbenchException e) {
      throw SparkSeam.engineError(e);
    }
  }

  /** Runs one statement under the timeout; a timed-out or cancelled statement says so. */
  private StatementResult timed(Statement statement) {
    java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    java.time.Duration limit = timeout;
    java.util.concurrent.ScheduledFuture<?> timer = TIMER.schedule(() -> {
      timedOut.set(true);
      lake.cancelRunning();
    }, limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    StatementHook h = hook;
    StatementResult result = null;
    RuntimeException error = null;
    try {
      if (h != null) {
        result = h.own(this, statement.text);
        if (result != null) {
          return result;
        }
        h.before(this, statement.text);
      }
      return result = statement.run();
    } catch (WorkbenchException e) {
      error = timedOut.get() ? LakeErrors.statementTimedOut(limit.toSeconds()) : e;
      throw error;
    } catch (RuntimeException e) {
      error = e;
      throw e;
    } finally {
      if (h != null) {
        h.after(this, statement.text, result, error);
      }
      timer.cancel(false);
      if (timedOut.get() && !cancelRequested) {
        lake.resetCancel();
      }
    }
  }

  /** Whether the text is exactly one read-only query, as {@link #query(String)} accepts. */
  public static boolean isQuery(String sql) {
    try {
      List<List<Token>> statements = split(Tokens.tokenize(sql));
      return statements.size() == 1 && isQueryStart(statements.get(0).get(0));
    } catch (WorkbenchException e) {
      return false;
    }
  }

  private static boolean isQueryStart(Token k) {
    return k.is("SELECT") || k.is("WITH") || k.is("VALUES") || k.is("FROM") || k.is("TABLE") || k.sym("(");
  }

  private static String firstWords(String sql) {
    String[] w = sql.strip().split("\\s+");
    return String.join(" ", java.util.Arrays.asList(w).subList(0, Math.min(3, w.length)));
  }

  /** Like {@link #execute(String)}, handing each result over as soon as its statement is done. */
  public void execute(String sql, java.util.function.Consumer<StatementResult> each) {
    cancelRequested = false;
    lake.resetCancel();
    List<Token> all = Tokens.tokenize(sql);
    List<List<Token>> statements = split(all);
    if (statements.isEmpty()) {
      throw LakeErrors.emptyInput();
    }
    for (int i = 0; i < statements.size(); i++) {
      List<Token> st = statements.get(i);
      String text = sql.substring(st.get(0).start(), st.get(st.size() - 2).end());
      StatementResult r;
      try {
        if (cancelRequested) {
          throw LakeErrors.cancelled();
        }
        r = timed(new Statement(sql, st, text));
      } catch (WorkbenchException e) {
        WorkbenchException spark = SparkSeam.engineError(e);
        throw statements.size() == 1 ? spark : LakeErrors.statementFailed(i + 1, spark);
      }
      each.accept(r);
    }
  }

  private static List<List<Token>> split(List<Token> all) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    for (Token t : all) {
      if (t.sym(";") || t.type() == Type.EOF) {
        if (!cur.isEmpty()) {
          cur.add(new Token(Type.EOF, "", t.start(), t.start()));
          out.add(cur);
        }
        cur = new ArrayList<>();
      } else {
        cur.add(t);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ one statement

  private final class Statement implements QueryRewriter.Resolver {
    private final String source;
    private final List<Token> t;
    private final String text;
    private int p;
    private TableId target;
    /** The source table of a MERGE (not a subquery), whose name may qualify columns in ON and the clauses. */
    private TableId mergeSource;

    Statement(String source, List<Token> tokens, String text) {
      this.source = source;
      this.t = tokens;
      this.text = text;
    }

    // ---- cursor helpers

    private Token peek() {
      return t.get(p);
    }

    private Token peek(int ahead) {
      return t.get(Math.min(p + ahead, t.size() - 1));
    }

    private boolean at(String word) {
      return peek().is(word);
    }

    private boolean accept(String word) {
      if (at(word)) {
        p++;
        return true;
      }
      return false;
    }

    private boolean acceptSym(String s) {
      if (peek().sym(s)) {
        p++;
        return true;
      }
      return false;
    }

    private void expect(String word) {
      if (!accept(word)) {
        throw unexpected("expected " + word);
      }
    }

    private void expectSym(String s) {
      if (!acceptSym(s)) {
        throw unexpected("expected '" + s + "'");
      }
    }

    private RuntimeException unexpected(String detail) {
      Token k = peek();
      return Tokens.error(source, k.start(), detail + (k.type() == Type.EOF ? " but the statement ended" : ""),
          k.type() == Type.EOF ? null : k.text());
    }

    private void end() {
      if (peek().type() != Type.EOF) {
        throw unexpected("unexpected text after the end of the statement");
      }
    }

    private String ident() {
      Token k = peek();
      if (k.type() == Type.WORD || k.type() == Type.QIDENT) {
        p++;
        return k.text();
      }
      throw unexpected("expected a name");
    }

    private String string() {
      Token k = peek();
      if (k.type() == Type.STRING) {
        p++;
        return k.text();
      }
      throw unexpected("expected a quoted string");
    }

    private long number() {
      Token k = peek();
      if (k.type() == Type.NUMBER) {
        p++;
        try {
          return Long.parseLong(k.text());
        } catch (NumberFormatException e) {
          throw unexpected("expected a whole number");
        }
      }
      throw unexpected("expected a number");
    }

    private double decimal() {
      Token k = peek();
      if (k.type() == Type.NUMBER) {
        p++;
        return Double.parseDouble(k.text());
      }
      throw unexpected("expected a number");
    }

    private TableId tableName() {
      List<Token> parts = new ArrayList<>();
      Token first = peek();
      if (first.type() != Type.WORD && first.type() != Type.QIDENT) {
        throw unexpected("expected a table name");
      }
      parts.add(first);
      p++;
      while (peek().sym(".") && (peek(1).type() == Type.WORD || peek(1).type() == Type.QIDENT)) {
        parts.add(peek(1));
        p += 2;
      }
      return table(parts);
    }

    @Override
    public TableId table(List<Token> parts) {
      if (parts.size() == 2 && parts.get(0).is("delta") && parts.get(1).type() == Type.QIDENT) {
        return TableId.atPath(parts.get(1).text());
      }
      if (parts.size() == 1) {
        return TableId.of(currentSchema, parts.get(0).text());
      }
      if (parts.size() == 2) {
        return TableId.of(parts.get(0).text(), parts.get(1).text());
      }
      if (parts.size() == 3) {
        return TableId.of(parts.get(1).text(), parts.get(2).text());
      }
      throw Tokens.error(source, parts.get(0).start(), "a table name has at most three parts", parts.get(0).text());
    }

    @Override
    public ScanPlan scan(TableId table, TimeTravel at, List<ScanFilter> filters) {
      ScanPlan plan = lake.scan(table, at, filters);
      StatementHook h = hook;
      return h == null ? plan : new ScanPlan(plan.table(), plan.version(), h.read(table, plan.sql()),
          plan.filesScanned(), plan.filesTotal());
    }

    @Override
    public ScanPlan changes(TableId table, TimeTravel from, TimeTravel to) {
      ScanPlan plan = lake.changes(table, from, to);
      StatementHook h = hook;
      return h == null ? plan : new ScanPlan(plan.table(), plan.version(), h.read(table, plan.sql()), 0, 0);
    }

    @Override
    public TimeTravel timestamp(String value) {
      return TimeTravel.timestamp(parseTimestamp(value));
    }

    @Override
    public TimeTravel timestampOf(String engineSql) {
      QueryResult r = lake.query("SELECT epoch_ms(CAST((" + engineSql + ") AS TIMESTAMPTZ))");
      Object ms = r.rows().isEmpty() ? null : r.rows().get(0).get(0);
      if (!(ms instanceof Number)) {
        throw LakeErrors.badTimestamp(String.valueOf(ms));
      }
      return TimeTravel.timestamp(Instant.ofEpochMilli(((Number) ms).longValue()));
    }

    /** Index after a balanced range that ends at one of the stop words (or ')' / EOF) at depth 0. */
    private int scanTo(String... stops) {
      int depth = 0;
      int i = p;
      while (i < t.size() - 1) {
        Token k = t.get(i);
        if (k.sym("(") || k.is("CASE")) {
          depth++;
        } else if (k.sym(")") || k.is("END") && depth > 0) {
          if (depth == 0) {
            return i;
          }
          depth--;
        } else if (depth == 0) {
          for (String s : stops) {
            if (s.equals(",") ? k.sym(",") : k.is(s)) {
              return i;
            }
          }
        }
        i++;
      }
      return i;
    }

    /** Renders [p, to) as DuckDB SQL (table references resolved) and moves past it. */
    private String render(int to) {
      if (to <= p) {
        throw unexpected("expected an expression");
      }
      List<TableId> named = new ArrayList<>();
      if (target != null) {
        named.add(target);
      }
      if (mergeSource != null) {
        named.add(mergeSource);
      }
      String out = SparkSeam.render(source, t, p, to, this, named).sql();
      p = to;
      return out;
    }

    // ---- dispatch

    StatementResult run() {
      Token k = peek();
      if (isQueryStart(k)) {
        return query();
      }
      switch (k.upper()) {
        case "EXPLAIN": p++; return explain();
        case "CREATE": p++; return create();
        case "REPLACE": return create();
        case "INSERT": p++; return insert();
        case "UPDATE": p++; return update();
        case "DELETE": p++; return delete();
        case "MERGE": p++; return merge();
        case "DESCRIBE": case "DESC": p++; return describe();
        case "SHOW": p++; return show();
        case "DROP": p++; return drop();
        case "RESTORE": p++; return restore();
        case "ALTER": p++; return alter();
        case "OPTIMIZE": p++; return optimize();
        case "VACUUM": p++; return vacuum();
        case "SET": p++; return set();
        case "RESET": p++; end(); conf.clear(); conf.put(AUTO_MERGE, "false"); conf.put(RETENTION_CHECK, "true");
          return result(List.of(), List.of(), "settings reset", Map.of());
        case "USE": p++; return use();
        default:
          throw LakeErrors.unsupported("the statement '" + k.text() + " …'",
              "use SELECT, INSERT, UPDATE, DELETE, MERGE, CREATE TABLE, ALTER TABLE, DESCRIBE, SHOW TABLES, RESTORE, OPTIMIZE, VACUUM or SET");
      }
    }

    private StatementResult result(List<String> cols, List<List<Object>> rows, String message, Map<String, Object> metrics) {
      return new StatementResult(text, cols, rows, message, metrics);
    }

    private StatementResult query() {
      int to = t.size() - 1;
      SparkSeam.Rendered rw = SparkSeam.render(source, t, p, to, this, List.of());
      QueryResult r = SparkSeam.run(lake, rw);
      Map<String, Object> m = scanMetrics(rw.scans());
      m.put("numRows", (long) r.rows().size());
      return result(r.columns(), r.rows(), r.rows().size() + (r.rows().size() == 1 ? " row" : " rows"), m);
    }

    private Map<String, Object> scanMetrics(List<ScanPlan> scans) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filesScanned", (long) scans.stream().mapToInt(ScanPlan::filesScanned).sum());
      m.put("filesTotal", (long) scans.stream().mapToInt(ScanPlan::filesTotal).sum());
      List<Map<String, Object>> tables = new ArrayList<>();
      for (ScanPlan s : scans) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("table", s.table().toString());
        e.put("version", s.version());
        e.put("filesScanned", (long) s.filesScanned());
        e.put("filesTotal", (long) s.filesTotal());
        tables.add(e);
      }
      m.put("tables", tables);
      return m;
    }

    private StatementResult explain() {
      accept("EXTENDED");
      accept("FORMATTED");
      if (peek().type() == Type.EOF) {
        throw unexpected("expected a query after EXPLAIN");
      }
      int to = t.size() - 1;
      SparkSeam.Rendered rw = SparkSeam.render(source, t, p, to, this, List.of());
      try {
        lake.describeQuery(rw.sql()); // fails on a bad query, as EXPLAIN does
      } catch (WorkbenchException e) {
        throw SparkSeam.engineError(e);
      }
      List<List<Object>> rows = new ArrayList<>();
      for (ScanPlan s : rw.scans()) {
        rows.add(List.of(s.table().toString(), s.version(), (long) s.filesScanned(), (long) s.filesTotal()));
      }
      return result(List.of("table", "version", "files_scanned", "files_total"), rows,
          rw.scans().stream().map(s -> s.table() + "@v" + s.version() + ": scans " + s.filesScanned() + " of " + s.filesTotal() + " files")
              .reduce((a, b) -> a + "; " + b).orElse("no tables read"),
          scanMetrics(rw.scans()));
    }

    private StatementResult committed(CommitResult c, List<String> cols, List<Object> row, String what) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", c.version());
      m.put("operation", c.operation());
      for (Map.Entry<String, String> e : c.metrics().entrySet()) {
        m.put(e.getKey(), numberOrText(e.getValue()));
      }
      String msg = c.operation().equals("NONE") ? what + ": nothing to do"
          : what + " committed version " + c.version() + " (" + c.operation() + ")";
      return result(cols, row == null ? List.of() : List.of(row), msg, m);
    }

    // ---- CREATE

    private StatementResult create() {
      boolean orReplace = false;
      if (accept("OR")) {
        expect("REPLACE");
        orReplace = true;
      } else if (accept("REPLACE")) {
        orReplace = true;
      }
      if (at("VIEW") || at("SCHEMA") || at("DATABASE") || at("FUNCTION") || at("TEMPORARY") || at("TEMP")) {
        if (at("SCHEMA") || at("DATABASE")) {
          p++;
          accept("IF");
          if (at("NOT")) {
            p++;
            expect("EXISTS");
          }
          String s = ident();
          TableId.of(s, "x");
          return result(List.of(), List.of(), "schema " + s + " is ready (schemas are folders created with their first table)", Map.of());
        }
        throw LakeErrors.unsupported("CREATE " + peek().upper(), "create Delta tables with CREATE TABLE");
      }
      if (!orReplace && at("EXTERNAL") && peek(1).is("LOCATION")) {
        p += 2;
        return createLocation();
      }
      expect("TABLE");
      boolean ifNotExists = false;
      if (accept("IF")) {
        expect("NOT");
        expect("EXISTS");
        ifNotExists = true;
      }
      TableId id = tableName();
      CreateMode mode = orReplace ? CreateMode.OR_REPLACE : ifNotExists ? CreateMode.IF_NOT_EXISTS : CreateMode.CREATE;
      if (at("SHALLOW") || at("DEEP") || at("CLONE")) {
        // CLONE alone is a deep clone, as in Delta
        boolean shallow = accept("SHALLOW");
        accept("DEEP");
        expect("CLONE");
        TableId src = tableName();
        TimeTravel at = timeTravel();
        end();
        return committed(shallow ? lake.shallowClone(id, src, at, mode) : lake.deepClone(id, src, at, mode), List.of(), null,
            "CLONE " + id);
      }
      List<ColumnDef> cols = new ArrayList<>();
      if (peek().sym("(")) {
        p++;
        do {
          cols.add(columnDef());
        } while (acceptSym(","));
        expectSym(")");
      }
      List<String> partitions = new ArrayList<>();
      String comment = null;
      String location = null;
      Map<String, String> props = new LinkedHashMap<>();
      String asSelect = null;
      while (peek().type() != Type.EOF) {
        if (accept("USING")) {
          String fmt = ident();
          if (!fmt.equalsIgnoreCase("delta")) {
            throw LakeErrors.unsupported("USING " + fmt, "every table here is a Delta table: write USING DELTA or leave it out");
          }
        } else if (accept("PARTITIONED")) {
          expect("BY");
          expectSym("(");
          do {
            partitions.add(ident());
          } while (acceptSym(","));
          expectSym(")");
        } else if (accept("COMMENT")) {
          comment = string();
        } else if (accept("LOCATION")) {
          location = string();
        } else if (accept("TBLPROPERTIES")) {
          props.putAll(properties());
        } else if (accept("AS")) {
          asSelect = render(t.size() - 1);
        } else if (at("SELECT") || at("WITH")) {
          asSelect = render(t.size() - 1);
        } else {
          throw unexpected("expected USING, PARTITIONED BY, LOCATION, COMMENT, TBLPROPERTIES or AS SELECT");
        }
      }
      if (cols.isEmpty() && asSelect == null && location == null) {
        throw LakeErrors.noColumns(id);
      }
      CommitResult c = lake.createTable(id, new Lake.TableDefinition(cols, partitions, comment, props, location, asSelect), mode);
      return committed(c, List.of(), null, "CREATE TABLE " + id);
    }

    private ColumnDef columnDef() {
      String name = ident();
      String type = type();
      boolean nullable = true;
      String comment = null;
      String generated = null;
      while (true) {
        if (accept("GENERATED")) {
          expect("ALWAYS");
          expect("AS");
          expectSym("(");
          int from = p;
          int to = scanTo();
          if (to <= from) {
            throw unexpected("expected the expression that generates " + name);
          }
          generated = source.substring(t.get(from).start(), t.get(to - 1).end());
          p = to;
          expectSym(")");
        } else if (accept("NOT")) {
          expect("NULL");
          nullable = false;
        } else if (accept("NULL")) {
          nullable = true;
        } else if (accept("COMMENT")) {
          comment = string();
        } else {
          break;
        }
      }
      return new ColumnDef(name, type, nullable, comment, generated);
    }

    private String type() {
      String type = ident();
      if (peek().sym("(")) {
        p++;
        StringBuilder args = new StringBuilder();
        while (!peek().sym(")") && peek().type() != Type.EOF) {
          args.append(peek().text());
          p++;
        }
        expectSym(")");
        type = type + "(" + args + ")";
      } else if (type.equalsIgnoreCase("timestamp") && (at("WITH") || at("WITHOUT"))) {
        throw LakeErrors.unknownType("TIMESTAMP " + peek().text() + " TIME ZONE");
      }
      return type;
    }

    private Map<String, String> properties() {
      Map<String, String> props = new LinkedHashMap<>();
      expectSym("(");
      do {
        StringBuilder key = new StringBuilder();
        if (peek().type() == Type.STRING) {
          key.append(string());
        } else {
          key.append(ident());
          while (acceptSym(".")) {
            key.append('.').append(ident());
          }
        }
        acceptSym("=");
        Token v = peek();
        if (v.type() == Type.EOF || v.sym(")")) {
          throw unexpected("expected a property value");
        }
        p++;
        props.put(key.toString(), v.text());
      } while (acceptSym(","));
      expectSym(")");
      return props;
    }

    private TimeTravel timeTravel() {
      if (accept("VERSION")) {
        expect("AS");
        expect("OF");
        return TimeTravel.version(number());
      }
      if (accept("TIMESTAMP")) {
        expect("AS");
        expect("OF");
        return TimeTravel.timestamp(parseTimestamp(string()));
      }
      return TimeTravel.LATEST;
    }

    // ---- INSERT / UPDATE / DELETE / MERGE

    private StatementResult insert() {
      boolean evolve = false;
      if (accept("WITH")) {
        expect("SCHEMA");
        expect("EVOLUTION");
        evolve = true;
      }
      boolean overwrite;
      if (accept("OVERWRITE")) {
        overwrite = true;
      } else {
        expect("INTO");
        overwrite = false;
      }
      accept("TABLE");
      TableId id = tableName();
      List<String> cols = null;
      if (peek().sym("(") && !peek(1).is("SELECT") && !peek(1).is("WITH") && !peek(1).is("VALUES")) {
        p++;
        cols = new ArrayList<>();
        do {
          cols.add(ident());
        } while (acceptSym(","));
        expectSym(")");
      }
      if (!(at("SELECT") || at("VALUES") || at("WITH") || at("FROM") || at("TABLE") || peek().sym("("))) {
        throw unexpected("expected VALUES or a SELECT");
      }
      String query = render(t.size() - 1);
      CommitResult c = lake.write(id, new Lake.WriteRequest(query, cols, overwrite, evolve || flag(AUTO_MERGE)));
      long rows = Long.parseLong(c.metrics().getOrDefault("numOutputRows", "0"));
      return committed(c, List.of("num_affected_rows", "num_inserted_rows"), List.of(rows, rows),
          (overwrite ? "INSERT OVERWRITE " : "INSERT INTO ") + id + ": " + rows + " rows,");
    }

    /** An optional {@code IF EXISTS}. */
    private boolean ifExists() {
      if (accept("IF")) {
        expect("EXISTS");
        return true;
      }
      return false;
    }

    private String alias() {
      if (accept("AS")) {
        return ident();
      }
      Token k = peek();
      if (k.type() == Type.QIDENT || k.type() == Type.WORD && !k.is("SET") && !k.is("WHERE") && !k.is("USING") && !k.is("ON") && !k.is("WHEN")) {
        p++;
        return k.text();
      }
      return null;
    }

    private StatementResult update() {
      TableId id = tableName();
      target = id;
      String alias = alias();
      expect("SET");
      Map<String, String> set = assignments("WHERE");
      String where = null;
      List<ScanFilter> filters = List.of();
      if (accept("WHERE")) {
        filters = QueryRewriter.filters(t, p, t.size() - 1);
        where = render(t.size() - 1);
      }
      end();
      CommitResult c = lake.update(id, alias, set, where, filters);
      long n = Long.parseLong(c.metrics().getOrDefault("numUpdatedRows", "0"));
      return committed(c, List.of("num_affected_rows"), List.of(n), "UPDATE " + id + ": " + n + " rows,");
    }

    private Map<String, String> assignments(String... stops) {
      Map<String, String> set = new LinkedHashMap<>();
      String[] all = new String[stops.length + 1];
      System.arraycopy(stops, 0, all, 0, stops.length);
      all[stops.length] = ",";
      do {
        String col = ident();
        while (acceptSym(".")) {
          col = ident();
        }
        if (!acceptSym("=")) {
          expectSym("==");
        }
        set.put(col, render(scanTo(all)));
      } while (acceptSym(","));
      return set;
    }

    private StatementResult delete() {
      expect("FROM");
      TableId id = tableName();
      target = id;
      String alias = alias();
      String where = null;
      List<ScanFilter> filters = List.of();
      if (accept("WHERE")) {
        filters = QueryRewriter.filters(t, p, t.size() - 1);
        where = render(t.size() - 1);
      }
      end();
      CommitResult c = lake.delete(id, alias, where, filters);
      long n = Long.parseLong(c.metrics().getOrDefault("numDeletedRows", "0"));
      return committed(c, List.of("num_affected_rows"), List.of(n), "DELETE FROM " + id + ": " + n + " rows,");
    }

    private StatementResult merge() {
      boolean evolve = false;
      if (accept("WITH")) {
        expect("SCHEMA");
        expect("EVOLUTION");
        evolve = true;
      }
      expect("INTO");
      TableId id = tableName();
      target = id;
      String targetAlias = null;
      if (!at("USING")) {
        targetAlias = alias();
      }
      expect("USING");
      String sourceSql;
      String sourceAlias;
      if (peek().sym("(")) {
        p++;
        int close = scanTo();
        sourceSql = render(close);
        expectSym(")");
        sourceAlias = alias();
        if (sourceAlias == null) {
          throw unexpected("a MERGE source query needs an alias, e.g. USING (SELECT ...) AS s");
        }
      } else {
        int start = p;
        TableId src = tableName();
        TimeTravel at = timeTravel();
        sourceSql = scan(src, at, List.of()).sql();
        sourceAlias = alias();
        if (sourceAlias == null) {
          sourceAlias = src.isPath() ? "source" : src.name();
          mergeSource = src;
        }
        if (p == start) {
          throw unexpected("expected the source table");
        }
      }
      expect("ON");
      String on = render(scanTo("WHEN"));
      List<MergeClause> matched = new ArrayList<>();
      List<MergeClause> notMatched = new ArrayList<>();
      List<MergeClause> notMatchedBySource = new ArrayList<>();
      while (accept("WHEN")) {
        boolean isMatched = !accept("NOT");
        expect("MATCHED");
        boolean bySource = false;
        if (!isMatched && accept("BY")) {
          bySource = accept("SOURCE");
          if (!bySource) {
            expect("TARGET");
          }
        }
        String cond = null;
        if (accept("AND")) {
          cond = render(scanTo("THEN"));
        }
        expect("THEN");
        if (bySource) {
          if (accept("DELETE")) {
            notMatchedBySource.add(new MergeClause(cond, "DELETE", false, Map.of()));
          } else {
            expect("UPDATE");
            expect("SET");
            notMatchedBySource.add(new MergeClause(cond, "UPDATE", false, assignments("WHEN")));
          }
        } else if (isMatched) {
          if (accept("DELETE")) {
            matched.add(new MergeClause(cond, "DELETE", false, Map.of()));
          } else {
            expect("UPDATE");
            expect("SET");
            if (acceptSym("*")) {
              matched.add(new MergeClause(cond, "UPDATE", true, Map.of()));
            } else {
              matched.add(new MergeClause(cond, "UPDATE", false, assignments("WHEN")));
            }
          }
        } else {
          expect("INSERT");
          if (acceptSym("*")) {
            notMatched.add(new MergeClause(cond, "INSERT", true, Map.of()));
          } else {
            expectSym("(");
            List<String> cols = new ArrayList<>();
            do {
              cols.add(ident());
            } while (acceptSym(","));
            expectSym(")");
            expect("VALUES");
            expectSym("(");
            List<String> exprs = new ArrayList<>();
            do {
              exprs.add(render(scanTo(",")));
            } while (acceptSym(","));
            expectSym(")");
            if (cols.size() != exprs.size()) {
              throw unexpected("INSERT names " + cols.size() + " columns but gives " + exprs.size() + " values");
            }
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
              a.put(cols.get(i), exprs.get(i));
            }
            notMatched.add(new MergeClause(cond, "INSERT", false, a));
          }
        }
      }
      end();
      if (matched.isEmpty() && notMatched.isEmpty() && notMatchedBySource.isEmpty()) {
        throw unexpected("MERGE needs at least one WHEN MATCHED or WHEN NOT MATCHED clause");
      }
      CommitResult c = lake.merge(id, new Lake.MergeRequest(targetAlias, sourceSql, sourceAlias, on, matched, notMatched,
          notMatchedBySource, evolve || flag(AUTO_MERGE)));
      long u = Long.parseLong(c.metrics().getOrDefault("numTargetRowsUpdated", "0"));
      long d = Long.parseLong(c.metrics().getOrDefault("numTargetRowsDeleted", "0"));
      long ins = Long.parseLong(c.metrics().getOrDefault("numTargetRowsInserted", "0"));
      return committed(c, List.of("num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"),
          List.of(u + d + ins, u, d, ins), "MERGE INTO " + id + ": " + u + " updated, " + d + " deleted, " + ins + " inserted,");
    }

    // ---- DESCRIBE / SHOW / DROP / USE

    private StatementResult describe() {
      if (at("EXTERNAL") && peek(1).is("LOCATION")) {
        p += 2;
        String name = ident();
        end();
        var found = lake.externalLocations().stream().filter(l -> l.name().equalsIgnoreCase(name)).toList();
        if (found.isEmpty()) {
          throw LakeErrors.locationNotFound(name, lake.externalLocations().stream().map(l -> l.name()).toList());
        }
        return locations(found);
      }
      if (accept("HISTORY")) {
        TableId id = tableName();
        long limit = Long.MAX_VALUE;
        if (accept("LIMIT")) {
          limit = number();
        }
        end();
        List<List<Object>> rows = new ArrayList<>();
        for (VersionInfo v : lake.history(id)) {
          if (rows.size() >= limit) {
            break;
          }
          rows.add(java.util.Arrays.asList(v.version(), v.timestamp().toString(), v.operation(), v.parameters(),
              v.readVersion(), v.isBlindAppend(), v.metrics(), v.engineInfo()));
        }
        return result(List.of("version", "timestamp", "operation", "operationParameters", "readVersion", "isBlindAppend",
            "operationMetrics", "engineInfo"), rows, rows.size() + " versions", Map.of("table", id.toString()));
      }
      if (accept("DETAIL")) {
        TableId id = tableName();
        end();
        TableInfo i = lake.describe(id);
        List<Object> row = java.util.Arrays.asList("delta", i.id(), id.toString(), i.description(), i.location(),
            String.valueOf(i.createdAt()), String.valueOf(i.lastModified()), i.partitionColumns(), i.numFiles(),
            i.sizeInBytes(), i.properties(), i.minReaderVersion(), i.minWriterVersion(), i.version());
        return result(List.of("format", "id", "name", "description", "location", "createdAt", "lastModified",
            "partitionColumns", "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "version"),
            List.of(row), "detail of " + id, Map.of("version", i.version()));
      }
      accept("TABLE");
      accept("EXTENDED");
      TableId id = tableName();
      TimeTravel at = timeTravel();
      end();
      var s = lake.snapshot(id, at);
      List<List<Object>> rows = new ArrayList<>();
      for (ColumnDef c : s.columns()) {
        rows.add(java.util.Arrays.asList(c.name(), c.type() + (c.nullable() ? "" : " not null"), c.comment()));
      }
      if (!s.partitionColumns().isEmpty()) {
        rows.add(java.util.Arrays.asList("# Partition Information", "", null));
        for (String pc : s.partitionColumns()) {
          ColumnDef c = s.columns().stream().filter(x -> x.name().equals(pc)).findFirst().orElseThrow();
          rows.add(java.util.Arrays.asList(c.name(), c.type(), c.comment()));
        }
      }
      return result(List.of("col_name", "data_type", "comment"), rows, id + " at version " + s.version(),
          Map.of("version", s.version()));
    }

    private StatementResult show() {
      if (at("EXTERNAL") && peek(1).is("LOCATIONS")) {
        p += 2;
        end();
        return locations(lake.externalLocations());
      }
      if (accept("TBLPROPERTIES")) {
        TableId id = tableName();
        end();
        List<List<Object>> rows = new ArrayList<>();
        lake.describe(id).properties().forEach((k, v) -> rows.add(List.of(k, v)));
        return result(List.of("key", "value"), rows, rows.size() + " properties", Map.of());
      }
      if (accept("COLUMNS")) {
        if (!accept("IN")) {
          expect("FROM");
        }
        TableId id = tableName();
        end();
        List<List<Object>> rows = new ArrayList<>();
        lake.describe(id).columns().forEach(c -> rows.add(List.of(c.name())));
        return result(List.of("col_name"), rows, rows.size() + " columns", Map.of());
      }
      if (accept("SCHEMAS") || accept("DATABASES")) {
        end();
        java.util.Set<String> schemas = new java.util.TreeSet<>();
        schemas.add(TableId.DEFAULT_SCHEMA);
        lake.tables().forEach(x -> schemas.add(x.schema()));
        List<List<Object>> rows = new ArrayList<>();
        schemas.forEach(s -> rows.add(List.of(s)));
        return result(List.of("namespace"), rows, rows.size() + " schemas", Map.of());
      }
      expect("TABLES");
      String schema = null;
      if (accept("IN") || accept("FROM")) {
        schema = ident();
        TableId.of(schema, "x");
      }
      end();
      List<List<Object>> rows = new ArrayList<>();
      for (TableId id : lake.tables()) {
        if (schema == null && id.schema().equals(currentSchema) || schema != null && id.schema().equalsIgnoreCase(schema)) {
          rows.add(List.of(id.schema(), id.name(), false));
        }
      }
      return result(List.of("database", "tableName", "isTemporary"), rows, rows.size() + " tables", Map.of());
    }

    private StatementResult createLocation() {
      boolean ifNotExists = false;
      if (accept("IF")) {
        expect("NOT");
        expect("EXISTS");
        ifNotExists = true;
      }
      String name = ident();
      expect("URL");
      String url = string();
      String comment = null;
      while (peek().type() != Type.EOF) {
        if (accept("WITH")) {
          expectSym("(");
          expect("STORAGE");
          expect("CREDENTIAL");
          ident();
          expectSym(")");
        } else if (accept("COMMENT")) {
          comment = string();
        } else {
          throw unexpected("expected WITH (STORAGE CREDENTIAL name) or COMMENT");
        }
      }
      if (!confirmation.confirm("Let SQL create, change and VACUUM tables in folders under " + url
          + "? Files there that look like a table's data files can be deleted by VACUUM.")) {
        throw LakeErrors.cancelled();
      }
      var l = lake.createExternalLocation(name, url, comment, ifNotExists);
      return result(List.of("name", "url", "comment"), List.of(java.util.Arrays.asList(l.name(), l.path().toString(), l.comment())),
          "external location " + l.name() + " is " + l.path(), Map.of());
    }

    private StatementResult drop() {
      if (at("EXTERNAL") && peek(1).is("LOCATION")) {
        p += 2;
        boolean ifExists = ifExists();
        String name = ident();
        end();
        boolean dropped = lake.dropExternalLocation(name, ifExists);
        return result(List.of(), List.of(), dropped ? "dropped external location " + name + " (its files stay)"
            : "external location " + name + " did not exist", Map.of());
      }
      expect("TABLE");
      boolean ifExists = ifExists();
      TableId id = tableName();
      end();
      boolean dropped = lake.drop(id, ifExists);
      return result(List.of(), List.of(), dropped ? "dropped " + id : id + " did not exist", Map.of());
    }

    private StatementResult locations(List<dev.lakehouse.workbench.lake.ExternalLocation> ls) {
      List<List<Object>> rows = new ArrayList<>();
      for (var l : ls) {
        rows.add(java.util.Arrays.asList(l.name(), l.path().toString(), l.comment(), l.createdAt().toString()));
      }
      return result(List.of("name", "url", "comment", "created_at"), rows,
          rows.size() + (rows.size() == 1 ? " external location" : " external locations"), Map.of());
    }

    private StatementResult use() {
      accept("SCHEMA");
      accept("DATABASE");
      String s = ident();
      end();
      TableId.of(s, "x");
      currentSchema = s.toLowerCase(Locale.ROOT);
      return result(List.of(), List.of(), "using schema " + currentSchema, Map.of());
    }

    // ---- RESTORE / ALTER / OPTIMIZE / VACUUM / SET

    private StatementResult restore() {
      accept("TABLE");
      TableId id = tableName();
      accept("TO");
      TimeTravel at = timeTravel();
      if (at.isLatest()) {
        throw unexpected("expected VERSION AS OF n or TIMESTAMP AS OF '...'");
      }
      end();
      return committed(lake.restore(id, at), List.of(), null, "RESTORE " + id);
    }

    private StatementResult alter() {
      expect("TABLE");
      TableId id = tableName();
      if (accept("ADD")) {
        if (accept("CONSTRAINT")) {
          String name = ident();
          expect("CHECK");
          expectSym("(");
          int from = p;
          int to = scanTo();
          if (to <= from) {
            throw unexpected("expected a condition");
          }
          String expr = source.substring(t.get(from).start(), t.get(to - 1).end());
          p = to;
          expectSym(")");
          end();
          return committed(lake.addConstraint(id, name, expr), List.of(), null, "ALTER TABLE " + id);
        }
        if (!accept("COLUMNS")) {
          expect("COLUMN");
        }
        List<ColumnDef> cols = new ArrayList<>();
        boolean paren = acceptSym("(");
        do {
          cols.add(columnDef());
        } while (acceptSym(","));
        if (paren) {
          expectSym(")");
        }
        end();
        return committed(lake.addColumns(id, cols), List.of(), null, "ALTER TABLE " + id);
      }
      if (accept("SET")) {
        expect("TBLPROPERTIES");
        Map<String, String> props = properties();
        end();
        return committed(lake.setProperties(id, props), List.of(), null, "ALTER TABLE " + id);
      }
      if (accept("RENAME")) {
        if (at("TO")) {
          throw LakeErrors.unsupported("ALTER TABLE ... RENAME TO (renaming a table)",
              "create the new name with CREATE TABLE new AS SELECT * FROM " + id + ", then DROP TABLE " + id);
        }
        expect("COLUMN");
        String col = ident();
        expect("TO");
        String to = ident();
        end();
        return committed(lake.renameColumn(id, col, to), List.of(), null, "ALTER TABLE " + id);
      }
      if (accept("DROP")) {
        if (accept("COLUMN") || accept("COLUMNS")) {
          return dropColumns(id);
        }
        expect("CONSTRAINT");
        boolean ifExists = ifExists();
        String name = ident();
        end();
        return committed(lake.dropConstraint(id, name, ifExists), List.of(), null, "ALTER TABLE " + id);
      }
      if (accept("ALTER") || accept("CHANGE")) {
        accept("COLUMN");
        String col = ident();
        if (accept("COMMENT")) {
          String text = string();
          end();
          return committed(lake.setColumnComment(id, col, text), List.of(), null, "ALTER TABLE " + id);
        }
        boolean nullable;
        if (accept("SET")) {
          nullable = false;
        } else {
          expect("DROP");
          nullable = true;
        }
        expect("NOT");
        expect("NULL");
        end();
        return committed(lake.setNullable(id, col, nullable), List.of(), null, "ALTER TABLE " + id);
      }
      throw LakeErrors.unsupported("ALTER TABLE " + peek().text(),
          "use ALTER TABLE ... ADD COLUMNS, RENAME COLUMN, DROP COLUMN, SET TBLPROPERTIES, ADD/DROP CONSTRAINT or ALTER COLUMN ... SET/DROP NOT NULL or COMMENT");
    }

    /** {@code ALTER TABLE t DROP COLUMN[S] [IF EXISTS] a[, b]} or {@code (a, b)}, after DROP COLUMN[S]. */
    private StatementResult dropColumns(TableId id) {
      boolean ifExists = ifExists();
      List<String> cols = new ArrayList<>();
      boolean paren = acceptSym("(");
      do {
        cols.add(ident());
      } while (acceptSym(","));
      if (paren) {
        expectSym(")");
      }
      end();
      return committed(lake.dropColumns(id, cols, ifExists), List.of(), null, "ALTER TABLE " + id);
    }

    private StatementResult optimize() {
      TableId id = tableName();
      List<ScanFilter> filters = List.of();
      String predicate = null;
      if (accept("WHERE")) {
        int start = p;
        int to = scanTo("ZORDER");
        filters = QueryRewriter.filters(t, start, to);
        predicate = source.substring(t.get(start).start(), t.get(to - 1).end());
        p = to;
      }
      List<String> zorder = new ArrayList<>();
      if (accept("ZORDER")) {
        expect("BY");
        boolean paren = acceptSym("(");
        do {
          zorder.add(ident());
        } while (acceptSym(","));
        if (paren) {
          expectSym(")");
        }
      }
      end();
      CommitResult c = lake.optimize(id, filters, predicate, zorder);
      Map<String, Object> m = new LinkedHashMap<>();
      c.metrics().forEach((k, v) -> m.put(k, numberOrText(v)));
      StatementResult r = committed(c, List.of("path", "metrics"), List.of(lake.describe(id).location(), m), "OPTIMIZE " + id);
      if (c.metrics().getOrDefault("numAddedFiles", "0").equals("0")) {
        return result(r.columns(), r.rows(), "OPTIMIZE " + id + ": nothing to compact", r.metrics());
      }
      return r;
    }

    private StatementResult vacuum() {
      TableId id = tableName();
      Double hours = null;
      boolean dryRun = false;
      while (peek().type() != Type.EOF) {
        if (accept("RETAIN")) {
          hours = decimal();
          expect("HOURS");
        } else if (accept("DRY")) {
          expect("RUN");
          dryRun = true;
        } else {
          throw unexpected("expected RETAIN n HOURS or DRY RUN");
        }
      }
      Lake.VacuumResult v = lake.vacuum(id, hours, dryRun, flag(RETENTION_CHECK));
      List<List<Object>> rows = new ArrayList<>();
      v.files().forEach(f -> rows.add(List.of(f)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("numFiles", (long) v.files().size());
      m.put("bytes", v.bytes());
      m.put("dryRun", v.dryRun());
      return result(List.of("path"), rows, (dryRun ? "VACUUM DRY RUN " + id + ": would delete " : "VACUUM " + id + ": deleted ")
          + v.files().size() + " files", m);
    }

    private StatementResult set() {
      if (peek().type() == Type.EOF) {
        List<List<Object>> rows = new ArrayList<>();
        conf.forEach((k, v) -> rows.add(List.of(k, v)));
        return result(List.of("key", "value"), rows, rows.size() + " settings", Map.of());
      }
      int start = p;
      while (peek().type() != Type.EOF && !peek().sym("=")) {
        p++;
      }
      String key = source.substring(t.get(start).start(), t.get(p - 1).end()).trim();
      if (key.equalsIgnoreCase("TIME ZONE") || key.toUpperCase(Locale.ROOT).startsWith("TIME ZONE")) {
        throw LakeErrors.unsupported("SET TIME ZONE", "times here are always UTC");
      }
      if (!acceptSym("=")) {
        return result(List.of("key", "value"), List.of(java.util.Arrays.asList(key, conf.get(key))), key + " = " + conf.get(key), Map.of());
      }
      String value = p < t.size() - 1 ? source.substring(t.get(p).start(), t.get(t.size() - 2).end()).trim() : "";
      if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
        value = value.substring(1, value.length() - 1);
      }
      setConf(key, value);
      return result(List.of("key", "value"), List.of(List.of(key, value)), key + " = " + value, Map.of());
    }
  }

  private static Object numberOrText(String v) {
    if (v != null && v.matches("-?\\d{1,18}")) {
      return Long.parseLong(v);
    }
    return v;
  }

  /** A TIMESTAMP AS OF value: a date, a date-time (UTC unless it says otherwise) or yyyyMMddHHmmssSSS. */
  static Instant parseTimestamp(String text) {
    String s = text.trim();
    try {
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (s.matches("\\d{17}")) {
        return LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")).toInstant(ZoneOffset.UTC);
      }
      String iso = s.replace(' ', 'T');
      if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
        return OffsetDateTime.parse(iso).toInstant();
      }
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw LakeErrors.badTimestamp(text);
    }
  }
}
