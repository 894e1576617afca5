package dev.lakehouse.workbench.sql;

import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.ScanPlan;
import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.lake.TimeTravel;
import dev.lakehouse.workbench.sql.Tokens.Token;
import dev.lakehouse.workbench.sql.Tokens.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a range of tokens (a query or an expression) into DuckDB SQL: backquoted names become
 * double-quoted, Spark's double-quoted strings single-quoted, and every table reference after FROM or
 * JOIN ({@code t}, {@code s.t}, {@code delta.`/path`}, with {@code VERSION AS OF n},
 * {@code TIMESTAMP AS OF '...'} or {@code t@v3}) is replaced by a scan of that version's files.
 */
final class QueryRewriter {

  /** Resolves a table reference to the scan of its files. */
  interface Resolver {
    TableId table(List<Token> nameParts);

    ScanPlan scan(TableId table, TimeTravel at, List<ScanFilter> filters);

    TimeTravel timestamp(String text);

    /** A TIMESTAMP AS OF expression, already in the engine's SQL, evaluated once. */
    TimeTravel timestampOf(String engineSql);

    /** The Change Data Feed of a table ({@code table_changes}), versions {@code from} to {@code to} (null: latest). */
    default ScanPlan changes(TableId table, TimeTravel from, TimeTravel to) {
      throw dev.lakehouse.workbench.lake.LakeErrors.unsupported("table_changes here", "query the table itself");
    }
  }

  private static final Set<String> NOT_ALIAS = Set.of("WHERE", "GROUP", "ORDER", "LIMIT", "JOIN", "LEFT", "RIGHT",
      "INNER", "FULL", "CROSS", "ON", "USING", "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", "QUALIFY",
      "NATURAL", "LATERAL", "VERSION", "TIMESTAMP", "SEMI", "ANTI", "OUTER", "WHEN", "SET", "PIVOT", "UNPIVOT",
      "TABLESAMPLE", "FOR", "OFFSET", "SORT", "CLUSTER", "DISTRIBUTE", "POSITIONAL", "ASOF", "MINUS");

  private static final Set<String> CLAUSE_END = Set.of("WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION",
      "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "ON", "USING", "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS",
      "NATURAL", "SEMI", "ANTI", "POSITIONAL", "ASOF", "OFFSET", "SELECT");

  private final List<Token> tokens;
  private final Resolver resolver;
  private final Set<String> cteNames = new HashSet<>();
  private final List<ScanPlan> scans = new ArrayList<>();
  private final Set<String> qualifiers = new HashSet<>();

  /** Lets {@code schema.table.column} refer to a statement's target table (whose alias is its name). */
  QueryRewriter target(TableId id) {
    if (!id.isPath()) {
      qualifiers.add(id.schema() + "." + id.name());
    }
    return this;
  }

  /** A version number after VERSION AS OF or {@code @v}: a whole number from 0, else a syntax error. */
  private static long version(Token at, String digits) {
    if (digits.matches("\\d{1,18}")) {
      return Long.parseLong(digits);
    }
    throw LakeErrors.badVersion(at.text());
  }

  QueryRewriter(List<Token> tokens, Resolver resolver) {
    this.tokens = tokens;
    this.resolver = resolver;
    for (int k = 1; k + 2 < tokens.size(); k++) {
      Token prev = tokens.get(k - 1);
      if ((tokens.get(k).type() == Type.WORD || tokens.get(k).type() == Type.QIDENT) && tokens.get(k + 1).is("AS")
          && tokens.get(k + 2).sym("(") && (prev.is("WITH") || prev.is("RECURSIVE") || prev.sym(","))) {
        cteNames.add(tokens.get(k).text().toLowerCase(Locale.ROOT));
      }
    }
  }

  List<ScanPlan> scans() {
    return scans;
  }

  /** DuckDB SQL for tokens [from, to). */
  String render(int from, int to) {
    boolean single = countTableKeywords(from, to) == 1;
    StringBuilder sb = new StringBuilder();
    Deque<Boolean> inFrom = new ArrayDeque<>();
    Deque<String> openers = new ArrayDeque<>();
    inFrom.push(false);
    openers.push("");
    int i = from;
    while (i < to) {
      Token t = tokens.get(i);
      if (t.sym("(")) {
        inFrom.push(false);
        openers.push(i > from ? tokens.get(i - 1).text().toUpperCase(Locale.ROOT) : "");
      } else if (t.sym(")")) {
        if (inFrom.size() > 1) {
          inFrom.pop();
          openers.pop();
        }
      } else if (t.type() == Type.WORD && CLAUSE_END.contains(t.upper())) {
        inFrom.pop();
        inFrom.push(false);
      }
      if (i + 3 < to && t.type() != Type.SYM && tokens.get(i + 1).sym(".") && tokens.get(i + 3).sym(".")
          && qualifiers.contains((t.text() + "." + tokens.get(i + 2).text()).toLowerCase(Locale.ROOT))) {
        i += 2;
        continue;
      }
      boolean inFunction = Set.of("EXTRACT", "SUBSTRING", "TRIM", "POSITION", "OVERLAY", "DATE_PART").contains(openers.peek());
      boolean refFollows = !inFunction && (t.is("FROM") || t.is("JOIN") || (t.sym(",") && inFrom.peek()));
      append(sb, t);
      i++;
      if (refFollows) {
        if (t.is("FROM")) {
          inFrom.pop();
          inFrom.push(true);
        }
        i = tableRef(sb, i, to, single && inFrom.size() == 1);
      }
    }
    return sb.toString();
  }

  private int countTableKeywords(int from, int to) {
    int n = 0;
    for (int k = from; k < to; k++) {
      Token t = tokens.get(k);
      if (t.is("FROM") || t.is("JOIN")) {
        n++;
      }
    }
    return n;
  }

  private static void append(StringBuilder sb, Token t) {
    if (sb.length() > 0) {
      sb.append(' ');
    }
    switch (t.type()) {
      case QIDENT:
        sb.append('"').append(t.text().replace("\"", "\"\"")).append('"');
        break;
      case STRING:
        sb.append('\'').append(t.text().replace("'", "''")).append('\'');
        break;
      case SYM:
        sb.append(t.text().equals("==") ? "=" : t.text());
        break;
      case EOF:
        break;
      default:
        sb.append(t.text());
    }
  }

  /** If a table name starts at i, appends its scan and returns the index after it; else returns i. */
  private int tableRef(StringBuilder sb, int i, int to, boolean topLevelSingle) {
    if (i >= to) {
      return i;
    }
    Token first = tokens.get(i);
    if (first.type() != Type.WORD && first.type() != Type.QIDENT) {
      return i;
    }
    if (first.type() == Type.WORD && (first.is("LATERAL") || first.is("UNNEST") || first.is("VALUES"))) {
      return i;
    }
    List<Token> parts = new ArrayList<>();
    parts.add(first);
    int j = i + 1;
    while (j + 1 < to && tokens.get(j).sym(".") && (tokens.get(j + 1).type() == Type.WORD || tokens.get(j + 1).type() == Type.QIDENT)) {
      parts.add(tokens.get(j + 1));
      j += 2;
    }
    if (j < to && tokens.get(j).sym("(")) {
      return i; // a table function such as range(10)
    }
    if (parts.size() == 1 && cteNames.contains(first.text().toLowerCase(Locale.ROOT))) {
      return i;
    }
    TimeTravel at = TimeTravel.LATEST;
    if (j + 1 < to && tokens.get(j).sym("@")) {
      String v = tokens.get(j + 1).text();
      at = v.toLowerCase(Locale.ROOT).startsWith("v") ? TimeTravel.version(version(tokens.get(j + 1), v.substring(1)))
          : resolver.timestamp(v);
      j += 2;
    } else if (j + 3 < to && (tokens.get(j).is("VERSION") || tokens.get(j).is("TIMESTAMP")) && tokens.get(j + 1).is("AS")
        && tokens.get(j + 2).is("OF")) {
      Token v = tokens.get(j + 3);
      at = tokens.get(j).is("VERSION") ? TimeTravel.version(version(v, v.text())) : resolver.timestamp(v.text());
      j += 4;
    } else if (j + 4 < to && tokens.get(j).is("FOR") && (tokens.get(j + 1).is("SYSTEM_VERSION") || tokens.get(j + 1).is("SYSTEM_TIME"))) {
      Token v = tokens.get(j + 4);
      at = tokens.get(j + 1).is("SYSTEM_VERSION") ? TimeTravel.version(version(v, v.text())) : resolver.timestamp(v.text());
      j += 5;
    }
    TableId id = resolver.table(parts);
    // alias
    int k = j;
    String alias = null;
    if (k < to && tokens.get(k).is("AS")) {
      k++;
    }
    if (k < to && (tokens.get(k).type() == Type.QIDENT || tokens.get(k).type() == Type.WORD && !NOT_ALIAS.contains(tokens.get(k).upper()))) {
      alias = tokens.get(k).text();
      k++;
    } else {
      k = j;
    }
    List<ScanFilter> filters = topLevelSingle ? filtersAfter(k, to) : List.of();
    ScanPlan plan = resolver.scan(id, at, filters);
    scans.add(plan);
    sb.append(" (").append(plan.sql()).append(") AS ");
    sb.append('"').append((alias != null ? alias : id.isPath() ? "t" : id.name()).replace("\"", "\"\"")).append('"');
    return k;
  }

  /** Simple conjuncts of the WHERE that follows a single table: used to skip files. */
  private List<ScanFilter> filtersAfter(int k, int to) {
    if (k >= to || !tokens.get(k).is("WHERE")) {
      return List.of();
    }
    return filters(tokens, k + 1, to);
  }

  static List<ScanFilter> filters(List<Token> tokens, int from, int to) {
    List<List<Token>> conjuncts = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    int depth = 0;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (t.sym("(") || t.is("CASE")) {
        depth++;
      } else if (t.sym(")") || t.is("END")) {
        depth--;
      }
      if (depth < 0) {
        break;
      }
      if (depth == 0 && t.type() == Type.WORD && (CLAUSE_END.contains(t.upper()) && !t.is("ON") || t.is("ZORDER"))) {
        break;
      }
      if (depth == 0 && t.is("OR")) {
        return List.of();
      }
      if (depth == 0 && t.is("AND")) {
        conjuncts.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(t);
      }
    }
    conjuncts.add(cur);
    List<ScanFilter> out = new ArrayList<>();
    for (List<Token> c : conjuncts) {
      ScanFilter f = simple(c);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** {@code [q.]col op literal} or {@code literal op [q.]col}, else null. */
  static ScanFilter simple(List<Token> c) {
    int opAt = -1;
    for (int i = 0; i < c.size(); i++) {
      Token t = c.get(i);
      if (t.type() == Type.SYM && Set.of("=", "==", "<", "<=", ">", ">=", "<>", "!=").contains(t.text())) {
        if (opAt >= 0) {
          return null;
        }
        opAt = i;
      }
    }
    if (opAt < 0) {
      return null;
    }
    String op = c.get(opAt).text().equals("==") ? "=" : c.get(opAt).text();
    String col = column(c.subList(0, opAt));
    String lit = literal(c.subList(opAt + 1, c.size()));
    if (col != null && lit != null) {
      return new ScanFilter(col, op, lit);
    }
    col = column(c.subList(opAt + 1, c.size()));
    lit = literal(c.subList(0, opAt));
    if (col != null && lit != null) {
      String flipped = op.equals("<") ? ">" : op.equals(">") ? "<" : op.equals("<=") ? ">=" : op.equals(">=") ? "<=" : op;
      return new ScanFilter(col, flipped, lit);
    }
    return null;
  }

  private static String column(List<Token> ts) {
    if (ts.size() == 1 && (ts.get(0).type() == Type.WORD || ts.get(0).type() == Type.QIDENT)) {
      return ts.get(0).text();
    }
    if (ts.size() == 3 && ts.get(1).sym(".") && ts.get(2).type() != Type.SYM) {
      return ts.get(2).text();
    }
    return null;
  }

  private static String literal(List<Token> ts) {
    if (ts.size() == 1 && (ts.get(0).type() == Type.NUMBER || ts.get(0).type() == Type.STRING)) {
      return ts.get(0).text();
    }
    if (ts.size() == 2 && ts.get(0).sym("-") && ts.get(1).type() == Type.NUMBER) {
      return "-" + ts.get(1).text();
    }
    if (ts.size() == 2 && ts.get(0).is("DATE") && ts.get(1).type() == Type.STRING) {
      return ts.get(1).text();
    }
    return null;
  }
}
