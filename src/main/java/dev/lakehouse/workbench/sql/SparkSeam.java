package dev.lakehouse.workbench.sql;

import dev.lakehouse.workbench.common.WorkbenchException;
import dev.lakehouse.workbench.lake.ColumnDef;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.QueryResult;
import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.ScanPlan;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.sql.Tokens.Token;
import dev.lakehouse.workbench.sql.Tokens.Type;
import dev.lakehouse.workbench.sql.spark.SparkErrors;
import dev.lakehouse.workbench.sql.spark.SparkTranslator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Where a statement's query or expression becomes the engine's SQL: Spark's parser and translator
 * ({@link SparkTranslator}) with table references resolved to scans, and where the engine's errors
 * become Spark SQL messages.
 */
final class SparkSeam {

  /** The engine's SQL of a query or expression, the scans it reads, and whether it may return nested values. */
  record Rendered(String sql, boolean nested, List<ScanPlan> scans) {}

  private SparkSeam() {}

  private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Loads Spark's grammar on a background thread (its ATN is large; the first parse in a JVM pays
   * for it), so it overlaps with opening the lake and the engine. Safe to call more than once.
   */
  static void warmUp() {
    if (WARMING.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          SparkTranslator.query("SELECT a, count(*) FROM t WHERE b = 'x' GROUP BY a ORDER BY a", new SparkTranslator.Tables() {
            @Override
            public String scan(List<String> parts, List<Boolean> quoted, TimeTravel at, List<ScanFilter> filters) {
              return "SELECT 1";
            }

            @Override
            public TimeTravel timestamp(String text) {
              return TimeTravel.LATEST;
            }
          });
        } catch (RuntimeException e) {
          // only a warm-up: a real parse reports its own errors
        }
      }, "spark-sql-grammar");
      t.setDaemon(true);
      t.start();
    }
  }

  static Rendered render(String source, List<Token> t, int from, int to, QueryRewriter.Resolver resolver, TableId target) {
    return render(source, t, from, to, resolver, target == null ? List.of() : List.of(target));
  }

  /**
   * Renders tokens {@code from..to}; {@code named} are the tables whose "schema.table" may qualify a
   * column (the target of UPDATE/DELETE, both sides of MERGE), as Spark allows {@code shop.orders.id}.
   */
  static Rendered render(String source, List<Token> t, int from, int to, QueryRewriter.Resolver resolver, List<TableId> named) {
    String text = sparkText(source, t, from, to);
    List<ScanPlan> scans = new ArrayList<>();
    SparkTranslator.Tables tables = new SparkTranslator.Tables() {
      @Override
      public String scan(List<String> parts, List<Boolean> quoted, TimeTravel at, List<ScanFilter> filters) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
          tokens.add(new Token(quoted.get(i) ? Type.QIDENT : Type.WORD, parts.get(i), t.get(from).start(), t.get(from).start()));
        }
        ScanPlan plan = resolver.scan(resolver.table(tokens), at, filters);
        scans.add(plan);
        return plan.sql();
      }

      @Override
      public TimeTravel timestamp(String value) {
        return resolver.timestamp(value);
      }

      @Override
      public TimeTravel timestampOf(String engineSql) {
        return resolver.timestampOf(engineSql);
      }

      @Override
      public String changes(List<String> parts, List<Boolean> quoted, TimeTravel v1, TimeTravel v2) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
          tokens.add(new Token(quoted.get(i) ? Type.QIDENT : Type.WORD, parts.get(i), t.get(from).start(), t.get(from).start()));
        }
        ScanPlan plan = resolver.changes(resolver.table(tokens), v1, v2);
        scans.add(plan);
        return plan.sql();
      }
    };
    Set<String> qualifiers = new java.util.HashSet<>();
    for (TableId n : named) {
      if (!n.isPath()) {
        qualifiers.add((n.schema() + "." + n.name()).toLowerCase(Locale.ROOT));
      }
    }
    if (isQuery(t, from, to)) {
      SparkTranslator.Translation tr = SparkTranslator.query(text, tables);
      return new Rendered(tr.sql(), tr.nested(), scans);
    }
    return new Rendered(SparkTranslator.expression(text, tables, qualifiers), false, scans);
  }

  /** A CHECK constraint's Spark SQL as an engine expression over the table's columns; no subqueries. */
  static String checkExpression(String sparkText) {
    return SparkTranslator.expression(sparkText, new SparkTranslator.Tables() {
      @Override
      public String scan(List<String> parts, List<Boolean> quoted, TimeTravel at, List<ScanFilter> filters) {
        throw LakeErrors.unsupported("a table reference in a CHECK constraint", "use only the table's own columns");
      }

      @Override
      public TimeTravel timestamp(String value) {
        return TimeTravel.LATEST;
      }
    });
  }

  private static boolean isQuery(List<Token> t, int from, int to) {
    int i = from;
    while (i < to && t.get(i).sym("(")) {
      i++;
    }
    if (i >= to) {
      return false;
    }
    Token k = t.get(i);
    return k.is("SELECT") || k.is("WITH") || k.is("VALUES") || k.is("FROM") || (k.is("TABLE") && i == from);
  }

  /** The statement's text for [from, to), with Delta's {@code t@v3} written as Spark's VERSION AS OF. */
  static String sparkText(String source, List<Token> t, int from, int to) {
    int start = t.get(from).start();
    int end = t.get(to - 1).end();
    StringBuilder sb = new StringBuilder();
    int pos = start;
    for (int i = from + 1; i + 1 < to; i++) {
      Token at = t.get(i);
      Token prev = t.get(i - 1);
      Token v = t.get(i + 1);
      if (at.sym("@") && (prev.type() == Type.WORD || prev.type() == Type.QIDENT) && at.start() == prev.end()
          && (v.type() == Type.WORD || v.type() == Type.NUMBER) && v.start() == at.end()) {
        sb.append(source, pos, at.start());
        String val = v.text();
        if (val.matches("(?i)v\\d+")) {
          sb.append(" VERSION AS OF ").append(val.substring(1));
        } else {
          sb.append(" TIMESTAMP AS OF '").append(val).append('\'');
        }
        pos = v.end();
        i++;
      }
    }
    sb.append(source, pos, end);
    return sb.toString();
  }

  /** Runs a translated query; arrays, maps and structs come back written as Spark shows them. */
  static QueryResult run(Lake lake, Rendered r) {
    try {
      if (!r.nested()) {
        return lake.query(r.sql());
      }
      List<ColumnDef> cols = lake.describeQuery(r.sql());
      boolean any = false;
      StringJoiner sel = new StringJoiner(", ");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < cols.size(); i++) {
        String type = cols.get(i).type().toLowerCase(Locale.ROOT);
        String ref = "#" + (i + 1);
        names.add(cols.get(i).name());
        if (type.startsWith("map")) {
          any = true;
          sel.add("'{' || array_to_string(list_transform(map_entries(" + ref + "), lambda e: CAST(to_json(e.key) AS VARCHAR) || ':' || "
              + "coalesce(CAST(to_json(e.value) AS VARCHAR), 'null')), ',') || '}'");
        } else if (type.endsWith("[]") || type.startsWith("struct") || type.startsWith("array")) {
          any = true;
          sel.add("CAST(to_json(" + ref + ") AS VARCHAR)");
        } else {
          sel.add(ref);
        }
      }
      if (!any) {
        return lake.query(r.sql());
      }
      QueryResult q = lake.query("SELECT " + sel + " FROM (" + r.sql() + ") AS \"__spark_result\"");
      return new QueryResult(List.copyOf(names), q.types(), q.rows());
    } catch (WorkbenchException e) {
      throw engineError(e);
    }
  }

  /** An engine failure in Spark's terms; other errors pass unchanged. */
  static WorkbenchException engineError(WorkbenchException e) {
    if (e.kind() == WorkbenchException.Kind.FAILURE) {
      return e; // damage or the machine: the lake already said which file of which version
    }
    Throwable c = e.getCause();
    while (c != null && !(c instanceof SQLException)) {
      c = c.getCause();
    }
    return c == null || !SparkErrors.isEngineText(e.getMessage()) && !SparkErrors.isEngineText(c.getMessage()) ? e : SparkErrors.fromEngine(c);
  }
}
