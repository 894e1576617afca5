package dev.lakehouse.workbench.sql.spark;

import dev.lakehouse.workbench.lake.ScanFilter;
import dev.lakehouse.workbench.lake.TimeTravel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.*;

/**
 * Turns Spark's parse tree of a query or an expression into DuckDB SQL that returns what Spark
 * returns: Spark's built-in functions through {@link SparkFunctions}, Spark's null ordering, Spark's
 * column names ({@code count(1)}, {@code CAST(x AS STRING)}), LEFT SEMI/ANTI joins, LATERAL VIEW,
 * VALUES tables and range(). Table references become scans through {@link Tables}.
 */
public final class SparkTranslator {

  /** Resolves a table reference ({@code s.t}, {@code delta.`/path`}) at a version to the SQL of its scan. */
  public interface Tables {
    /**
     * @param parts the name's parts as written, unquoted
     * @param quoted whether each part was `quoted`
     */
    String scan(List<String> parts, List<Boolean> quoted, TimeTravel at, List<ScanFilter> filters);

    TimeTravel timestamp(String text);

    /**
     * A TIMESTAMP AS OF given as an expression ({@code current_timestamp() - INTERVAL 1 HOUR}):
     * {@code engineSql} is its translation, evaluated once before the scan.
     */
    default TimeTravel timestampOf(String engineSql) {
      throw SparkErrors.unsupportedSyntax("TIMESTAMP AS OF an expression", "write TIMESTAMP AS OF '2024-05-01 13:45:00'");
    }

    /**
     * The Change Data Feed of a table ({@code table_changes('s.t', from[, to])}), versions or
     * timestamps; {@code to} null means the latest version.
     */
    default String changes(List<String> parts, List<Boolean> quoted, TimeTravel from, TimeTravel to) {
      throw SparkErrors.unknownTableFunction("table_changes");
    }
  }

  /** DuckDB SQL, and whether its result may hold arrays, maps or structs (shown the way Spark shows them). */
  public record Translation(String sql, boolean nested) {}

  final Tables tables;
  private final Set<String> qualifiers = new HashSet<>();
  private final java.util.Map<String, String> substitutions = new java.util.HashMap<>();
  private final Deque<Set<String>> ctes = new ArrayDeque<>();
  boolean nested;
  /** The grouped expressions of the query being translated (for grouping_id()). */
  List<String> groupingColumns = new ArrayList<>();

  private SparkTranslator(Tables tables) {
    this.tables = tables;
    ctes.push(new HashSet<>());
  }

  /** A query (SELECT, WITH, VALUES, TABLE t, a parenthesised query) in Spark SQL as DuckDB SQL. */
  public static Translation query(String sparkSql, Tables tables) {
    SparkTranslator t = new SparkTranslator(tables);
    String sql = t.query(SparkParser.query(sparkSql));
    return new Translation(sql, t.nested);
  }

  /** One Spark SQL expression (a WHERE, an assignment, a MERGE condition) as DuckDB SQL. */
  public static String expression(String sparkSql, Tables tables) {
    return expression(sparkSql, tables, Set.of());
  }

  /**
   * Like {@link #expression(String, Tables)}; {@code qualifiers} ("schema.table", lower case) name the
   * statement's target table, whose columns may be written {@code schema.table.column}.
   */
  public static String expression(String sparkSql, Tables tables, Set<String> qualifiers) {
    SparkTranslator t = new SparkTranslator(tables);
    t.qualifiers.addAll(qualifiers);
    return t.expr(SparkParser.expression(sparkSql));
  }

  // ------------------------------------------------------------------ queries

  String query(QueryContext q) {
    StringBuilder sb = new StringBuilder();
    Set<String> scope = new HashSet<>(ctes.peek());
    ctes.push(scope);
    try {
      if (q.ctes() != null) {
        sb.append("WITH ");
        if (q.ctes().RECURSIVE() != null) {
          sb.append("RECURSIVE ");
        }
        StringJoiner j = new StringJoiner(", ");
        for (NamedQueryContext nq : q.ctes().namedQuery()) {
          String name = ident(nq.name);
          scope.add(name.toLowerCase(Locale.ROOT));
          String cols = nq.columnAliases != null ? "(" + identList(nq.columnAliases) + ")" : "";
          j.add(quote(name) + cols + " AS (" + query(nq.query()) + ")");
        }
        sb.append(j).append(' ');
      }
      sb.append(queryTerm(q.queryTerm()));
      sb.append(organization(q.queryOrganization()));
      return sb.toString();
    } finally {
      ctes.pop();
    }
  }

  private String organization(QueryOrganizationContext o) {
    if (o == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    List<SortItemContext> order = !o.order.isEmpty() ? o.order : !o.sort.isEmpty() ? o.sort : List.of();
    if (!order.isEmpty()) {
      sb.append(" ORDER BY ").append(sortItems(order));
    } else if (!o.clusterBy.isEmpty()) {
      StringJoiner j = new StringJoiner(", ");
      o.clusterBy.forEach(e -> j.add(expr(e) + " ASC NULLS FIRST"));
      sb.append(" ORDER BY ").append(j);
    }
    if (o.windowClause() != null) {
      sb.append(' ').append(windowClause(o.windowClause()));
    }
    if (o.limit != null) {
      sb.append(" LIMIT ").append(expr(o.limit));
    } else if (o.LIMIT() != null) {
      sb.append(" LIMIT ALL");
    }
    if (o.offset != null) {
      sb.append(" OFFSET ").append(expr(o.offset));
    }
    return sb.toString();
  }

  /** Spark sorts NULLs first when ascending and last when descending; DuckDB sorts them last. */
  String sortItems(List<SortItemContext> items) {
    StringJoiner j = new StringJoiner(", ");
    for (SortItemContext s : items) {
      boolean desc = s.DESC() != null;
      String nulls = s.nullOrder != null ? (s.FIRST() != null ? "NULLS FIRST" : "NULLS LAST") : desc ? "NULLS LAST" : "NULLS FIRST";
      j.add((items.size() == 1 && isAll(s.expression()) ? "ALL" : expr(s.expression())) + (desc ? " DESC " : " ASC ") + nulls);
    }
    return j.toString();
  }

  private String windowClause(WindowClauseContext w) {
    StringJoiner j = new StringJoiner(", ");
    for (NamedWindowContext n : w.namedWindow()) {
      j.add(quote(ident(n.name)) + " AS " + windowSpec(n.windowSpec()));
    }
    return "WINDOW " + j;
  }

  String windowSpec(WindowSpecContext w) {
    if (w instanceof WindowRefContext) {
      return quote(ident(((WindowRefContext) w).name));
    }
    WindowDefContext d = (WindowDefContext) w;
    StringBuilder sb = new StringBuilder("(");
    if (d.partition != null && !d.partition.isEmpty()) {
      StringJoiner j = new StringJoiner(", ");
      d.partition.forEach(e -> j.add(expr(e)));
      sb.append("PARTITION BY ").append(j).append(' ');
    }
    if (!d.sortItem().isEmpty()) {
      sb.append("ORDER BY ").append(sortItems(d.sortItem())).append(' ');
    }
    if (d.windowFrame() != null) {
      sb.append(generic(d.windowFrame()));
    }
    return sb.toString().trim() + ")";
  }

  private String queryTerm(QueryTermContext t) {
    if (t instanceof QueryTermDefaultContext) {
      return queryPrimary(((QueryTermDefaultContext) t).queryPrimary());
    }
    if (t instanceof SetOperationContext) {
      SetOperationContext s = (SetOperationContext) t;
      String op = s.operator.getType() == SqlBaseLexer.SETMINUS ? "EXCEPT" : s.operator.getText().toUpperCase(Locale.ROOT);
      String q = s.setQuantifier() != null ? " " + s.setQuantifier().getText().toUpperCase(Locale.ROOT) : "";
      return queryTerm(s.left) + " " + op + q + " " + queryTerm(s.right);
    }
    throw SparkErrors.unsupportedSyntax("this form of query (" + firstWords(t) + ")", "write it as SELECT ... FROM ...");
  }

  private String queryPrimary(QueryPrimaryContext p) {
    if (p instanceof QueryPrimaryDefaultContext) {
      return querySpec(((QueryPrimaryDefaultContext) p).querySpecification());
    }
    if (p instanceof SubqueryContext) {
      return "(" + query(((SubqueryContext) p).query()) + ")";
    }
    if (p instanceof InlineTableDefault1Context) {
      return "SELECT * FROM " + inlineTable(((InlineTableDefault1Context) p).inlineTable());
    }
    if (p instanceof TableContext) {
      return "SELECT * FROM " + tableRef(((TableContext) p).identifierReference(), null, null, List.of());
    }
    throw SparkErrors.unsupportedSyntax("this form of query (" + firstWords(p) + ")", "write it as SELECT ... FROM ...");
  }

  private String querySpec(QuerySpecificationContext qs) {
    if (!(qs instanceof RegularQuerySpecificationContext)) {
      throw SparkErrors.unsupportedSyntax("SELECT TRANSFORM", "use Spark SQL functions instead of a script");
    }
    RegularQuerySpecificationContext r = (RegularQuerySpecificationContext) qs;
    StringBuilder sb = new StringBuilder("SELECT ");
    List<String> outerGrouping = groupingColumns;
    groupingColumns = new ArrayList<>();
    String groupBy = r.aggregationClause() != null ? groupBy(r.aggregationClause()) : null;
    SelectClauseContext sel = r.selectClause();
    if (sel.setQuantifier() != null) {
      sb.append(sel.setQuantifier().getText().toUpperCase(Locale.ROOT)).append(' ');
    }
    sb.append(selectList(sel.namedExpressionSeq()));
    List<ScanFilter> filters = List.of();
    if (r.fromClause() != null) {
      FromClauseContext f = r.fromClause();
      if (r.whereClause() != null && f.relation().size() == 1 && f.relation(0).relationExtension().isEmpty()
          && f.relation(0).relationPrimary() instanceof TableNameContext && f.lateralView().isEmpty()) {
        filters = ScanFilters.of(r.whereClause().booleanExpression());
      }
      sb.append(" FROM ").append(from(f, filters));
      for (LateralViewContext lv : r.lateralView()) {
        sb.append(lateralView(lv));
      }
    }
    if (r.whereClause() != null) {
      sb.append(" WHERE ").append(expr(r.whereClause().booleanExpression()));
    }
    if (groupBy != null) {
      sb.append(" GROUP BY ").append(groupBy);
    }
    groupingColumns = outerGrouping;
    if (r.havingClause() != null) {
      sb.append(" HAVING ").append(expr(r.havingClause().booleanExpression()));
    }
    if (r.windowClause() != null) {
      sb.append(' ').append(windowClause(r.windowClause()));
    }
    return sb.toString();
  }

  private String selectList(NamedExpressionSeqContext seq) {
    StringJoiner j = new StringJoiner(", ");
    for (NamedExpressionContext ne : seq.namedExpression()) {
      j.add(selectItem(ne));
    }
    return j.toString();
  }

  private String selectItem(NamedExpressionContext ne) {
    ExpressionContext e = ne.expression();
    String alias = ne.name != null ? ident(ne.name) : null;
    FunctionCallContext gen = generator(e);
    if (gen != null) {
      return generatorColumns(gen, alias == null ? List.of() : List.of(alias), ne.identifierList());
    }
    String sql = expr(e);
    if (alias != null) {
      return sql + " AS " + quote(alias);
    }
    if (ne.identifierList() != null) {
      throw SparkErrors.unsupportedSyntax("AS (a, b) after a non-generator expression", "name one column with AS name");
    }
    PrimaryExpressionContext p = primary(e);
    if (p instanceof StarContext || p instanceof ColumnReferenceContext || p instanceof DereferenceContext) {
      return sql;
    }
    return sql + " AS " + quote(SparkNames.of(e));
  }

  /** explode/posexplode/inline as a whole select item, else null. */
  private static FunctionCallContext generator(ExpressionContext e) {
    PrimaryExpressionContext p = primary(e);
    if (p instanceof FunctionCallContext) {
      String n = functionName(((FunctionCallContext) p).functionName());
      if (n.equals("explode") || n.equals("explode_outer") || n.equals("posexplode") || n.equals("posexplode_outer")
          || n.equals("inline") || n.equals("inline_outer")) {
        return (FunctionCallContext) p;
      }
    }
    return null;
  }

  private String generatorColumns(FunctionCallContext gen, List<String> alias, IdentifierListContext names) {
    String n = functionName(gen.functionName());
    List<String> cols = new ArrayList<>(alias);
    if (names != null) {
      for (ErrorCapturingIdentifierContext i : names.identifierSeq().ident) {
        cols.add(ident(i));
      }
    }
    if (gen.argument.size() != 1) {
      throw SparkErrors.wrongArguments(n, "one array or map");
    }
    nested = true;
    FunctionArgumentContext fa = gen.argument.get(0);
    ExpressionContext arg = fa.expression() != null ? fa.expression() : fa.namedArgumentExpression().value;
    String a = expr(arg);
    boolean map = SparkFunctions.isMapExpression(arg);
    boolean pos = n.startsWith("posexplode");
    if (n.startsWith("inline")) {
      return "unnest(" + a + ", recursive := false) AS " + quote(cols.isEmpty() ? "col" : cols.get(0));
    }
    List<String> out = new ArrayList<>();
    if (pos) {
      out.add("generate_subscripts(" + (map ? "map_keys(" + a + ")" : a) + ", 1) - 1 AS " + quote(col(cols, 0, "pos")));
    }
    int at = pos ? 1 : 0;
    if (map) {
      out.add("unnest(map_keys(" + a + ")) AS " + quote(col(cols, at, "key")));
      out.add("unnest(map_values(" + a + ")) AS " + quote(col(cols, at + 1, "value")));
    } else {
      out.add("unnest(" + a + ") AS " + quote(col(cols, at, "col")));
    }
    return String.join(", ", out);
  }

  private static String col(List<String> names, int i, String dflt) {
    return i < names.size() ? names.get(i) : dflt;
  }

  private String lateralView(LateralViewContext lv) {
    String fn = lv.qualifiedName().getText().toLowerCase(Locale.ROOT);
    List<ExpressionContext> args = lv.expression();
    if (args.size() != 1 || !(fn.equals("explode") || fn.equals("posexplode") || fn.equals("explode_outer")
        || fn.equals("posexplode_outer") || fn.equals("inline") || fn.equals("inline_outer"))) {
      throw SparkErrors.unsupportedSyntax("LATERAL VIEW " + fn, "use LATERAL VIEW explode(...) or posexplode(...)");
    }
    nested = true;
    String a = expr(args.get(0));
    boolean map = SparkFunctions.isMapExpression(args.get(0));
    List<String> cols = new ArrayList<>();
    for (IdentifierContext c : lv.colName) {
      cols.add(ident(c));
    }
    boolean pos = fn.startsWith("posexplode");
    List<String> items = new ArrayList<>();
    if (pos) {
      items.add("generate_subscripts(" + (map ? "map_keys(" + a + ")" : a) + ", 1) - 1 AS " + quote(col(cols, 0, "pos")));
    }
    int at = pos ? 1 : 0;
    if (fn.startsWith("inline")) {
      items.add("unnest(" + a + ", recursive := false)");
    } else if (map) {
      items.add("unnest(map_keys(" + a + ")) AS " + quote(col(cols, at, "key")));
      items.add("unnest(map_values(" + a + ")) AS " + quote(col(cols, at + 1, "value")));
    } else {
      items.add("unnest(" + a + ") AS " + quote(col(cols, at, "col")));
    }
    String table = lv.tblName != null ? quote(ident(lv.tblName)) : quote("__lateral");
    String sub = "(SELECT " + String.join(", ", items) + ") AS " + table;
    return lv.OUTER() != null || fn.endsWith("_outer") ? " LEFT JOIN LATERAL " + sub + " ON true" : ", LATERAL " + sub;
  }

  private String groupBy(AggregationClauseContext a) {
    if (a.groupingExpressionsWithGroupingAnalytics.size() == 1 && a.groupingExpressionsWithGroupingAnalytics.get(0).expression() != null
        && isAll(a.groupingExpressionsWithGroupingAnalytics.get(0).expression())) {
      return "ALL";
    }
    if (!a.groupingExpressionsWithGroupingAnalytics.isEmpty()) {
      StringJoiner j = new StringJoiner(", ");
      for (GroupByClauseContext g : a.groupingExpressionsWithGroupingAnalytics) {
        j.add(g.groupingAnalytics() != null ? groupingAnalytics(g.groupingAnalytics()) : grouped(expr(g.expression())));
      }
      return j.toString();
    }
    if (a.groupingExpressions.size() == 1 && isAll(a.groupingExpressions.get(0).expression()) && a.kind == null) {
      return "ALL";
    }
    StringJoiner j = new StringJoiner(", ");
    for (NamedExpressionContext ne : a.groupingExpressions) {
      j.add(grouped(expr(ne.expression())));
    }
    if (a.kind != null) {
      String k = a.kind.getText().toUpperCase(Locale.ROOT);
      if (k.equals("SETS")) {
        return "GROUPING SETS (" + groupingSets(a.groupingSet()) + ")";
      }
      return k + " (" + j + ")";
    }
    return j.toString();
  }

  private String groupingAnalytics(GroupingAnalyticsContext g) {
    if (g.SETS() != null) {
      StringJoiner j = new StringJoiner(", ");
      for (GroupingElementContext e : g.groupingElement()) {
        j.add(e.groupingAnalytics() != null ? groupingAnalytics(e.groupingAnalytics()) : groupingSet(e.groupingSet()));
      }
      return "GROUPING SETS (" + j + ")";
    }
    return (g.ROLLUP() != null ? "ROLLUP" : "CUBE") + " (" + groupingSets(g.groupingSet()) + ")";
  }

  private String groupingSets(List<GroupingSetContext> sets) {
    StringJoiner j = new StringJoiner(", ");
    sets.forEach(s -> j.add(groupingSet(s)));
    return j.toString();
  }

  private String groupingSet(GroupingSetContext s) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    s.expression().forEach(e -> j.add(grouped(expr(e))));
    return j.toString();
  }

  private String grouped(String sql) {
    if (!groupingColumns.contains(sql)) {
      groupingColumns.add(sql);
    }
    return sql;
  }

  // ------------------------------------------------------------------ FROM

  private String from(FromClauseContext f, List<ScanFilter> filters) {
    StringJoiner j = new StringJoiner(", ");
    for (RelationContext r : f.relation()) {
      j.add((r.LATERAL() != null ? "LATERAL " : "") + relation(r, filters));
    }
    String out = j.toString();
    if (f.pivotClause() != null) {
      out = pivot(out, f.pivotClause());
    }
    if (f.unpivotClause() != null) {
      throw SparkErrors.unsupportedSyntax("UNPIVOT", "use UNION ALL of one SELECT per column");
    }
    for (LateralViewContext lv : f.lateralView()) {
      out += lateralView(lv);
    }
    return out;
  }

  private String relation(RelationContext r, List<ScanFilter> filters) {
    StringBuilder sb = new StringBuilder(relationPrimary(r.relationPrimary(), filters));
    for (RelationExtensionContext ext : r.relationExtension()) {
      if (ext.pivotClause() != null) {
        String inner = sb.toString();
        sb.setLength(0);
        sb.append(pivot(inner, ext.pivotClause()));
        continue;
      }
      if (ext.unpivotClause() != null) {
        throw SparkErrors.unsupportedSyntax("UNPIVOT", "use UNION ALL of one SELECT per column");
      }
      JoinRelationContext jr = ext.joinRelation();
      sb.append(' ');
      if (jr.NATURAL() != null) {
        sb.append("NATURAL ");
      }
      sb.append(joinType(jr.joinType())).append(" JOIN ");
      if (jr.LATERAL() != null) {
        sb.append("LATERAL ");
      }
      sb.append(relationPrimary(jr.right, List.of()));
      JoinCriteriaContext c = jr.joinCriteria();
      if (c != null) {
        if (c.ON() != null) {
          sb.append(" ON ").append(expr(c.booleanExpression()));
        } else {
          sb.append(" USING (").append(identList(c.identifierList())).append(')');
        }
      }
    }
    return sb.toString();
  }

  private static String joinType(JoinTypeContext t) {
    if (t == null) {
      return "INNER";
    }
    if (t.SEMI() != null) {
      return "SEMI";
    }
    if (t.ANTI() != null) {
      return "ANTI";
    }
    if (t.CROSS() != null) {
      return "CROSS";
    }
    if (t.LEFT() != null) {
      return "LEFT";
    }
    if (t.RIGHT() != null) {
      return "RIGHT";
    }
    if (t.FULL() != null) {
      return "FULL";
    }
    return "INNER";
  }

  private String relationPrimary(RelationPrimaryContext p, List<ScanFilter> filters) {
    if (p instanceof TableNameContext) {
      TableNameContext t = (TableNameContext) p;
      String ref = tableRef(t.identifierReference(), t.temporalClause(), t.tableAlias(), filters);
      return sample(ref, t.sample());
    }
    if (p instanceof AliasedQueryContext) {
      AliasedQueryContext a = (AliasedQueryContext) p;
      return sample("(" + query(a.query()) + ")" + alias(a.tableAlias(), "__subquery"), a.sample());
    }
    if (p instanceof AliasedRelationContext) {
      AliasedRelationContext a = (AliasedRelationContext) p;
      return sample("(SELECT * FROM " + relation(a.relation(), List.of()) + ")" + alias(a.tableAlias(), "__subquery"), a.sample());
    }
    if (p instanceof InlineTableDefault2Context) {
      return inlineTable(((InlineTableDefault2Context) p).inlineTable());
    }
    if (p instanceof TableValuedFunctionContext) {
      return tableFunction(((TableValuedFunctionContext) p).functionTable());
    }
    throw SparkErrors.unsupportedSyntax("this table reference (" + firstWords(p) + ")", "name a table or a subquery");
  }

  private String alias(TableAliasContext a, String dflt) {
    if (a == null || a.strictIdentifier() == null) {
      return dflt == null ? "" : " AS " + quote(dflt);
    }
    String cols = a.identifierList() != null ? "(" + identList(a.identifierList()) + ")" : "";
    return " AS " + quote(strict(a.strictIdentifier())) + cols;
  }

  private String sample(String ref, SampleContext s) {
    if (s == null) {
      return ref;
    }
    SampleMethodContext m = s.sampleMethod();
    String seed = s.seed != null ? " REPEATABLE (" + s.seed.getText() + ")" : "";
    if (m instanceof SampleByPercentileContext) {
      SampleByPercentileContext pc = (SampleByPercentileContext) m;
      return "(SELECT * FROM " + ref + " USING SAMPLE " + pc.percentage.getText() + " PERCENT (bernoulli" + (s.seed != null ? ", " + s.seed.getText() : "") + "))"
          + " AS " + quote(refAlias(ref));
    }
    if (m instanceof SampleByRowsContext) {
      return "(SELECT * FROM " + ref + " LIMIT " + expr(((SampleByRowsContext) m).expression()) + ") AS " + quote(refAlias(ref));
    }
    throw SparkErrors.unsupportedSyntax("TABLESAMPLE (BUCKET ...)" + seed, "use TABLESAMPLE (n PERCENT) or (n ROWS)");
  }

  private static String refAlias(String ref) {
    int i = ref.lastIndexOf(" AS \"");
    if (i < 0) {
      return "__sample";
    }
    String a = ref.substring(i + 5);
    int e = a.indexOf('"');
    return e < 0 ? "__sample" : a.substring(0, e);
  }

  private String tableRef(IdentifierReferenceContext ref, TemporalClauseContext temporal, TableAliasContext alias,
      List<ScanFilter> filters) {
    if (ref.multipartIdentifier() == null) {
      throw SparkErrors.unsupportedSyntax("IDENTIFIER(...)", "name the table directly");
    }
    List<String> parts = new ArrayList<>();
    List<Boolean> quoted = new ArrayList<>();
    for (ErrorCapturingIdentifierContext part : ref.multipartIdentifier().parts) {
      parts.add(ident(part));
      quoted.add(part.getStart().getType() == SqlBaseLexer.BACKQUOTED_IDENTIFIER);
    }
    if (parts.size() == 1 && temporal == null && ctes.peek().contains(parts.get(0).toLowerCase(Locale.ROOT))) {
      return quote(parts.get(0)) + alias(alias, null);
    }
    TimeTravel at = TimeTravel.LATEST;
    if (temporal != null) {
      if (temporal.version() != null) {
        String v = temporal.version().INTEGER_VALUE() != null ? temporal.version().INTEGER_VALUE().getText()
            : SparkLiterals.string(temporal.version().stringLit());
        try {
          at = TimeTravel.version(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
          throw SparkErrors.badVersion(v);
        }
      } else {
        at = SparkLiterals.hasString(temporal.timestamp) ? tables.timestamp(SparkLiterals.timestampText(temporal.timestamp))
            : tables.timestampOf(expr(temporal.timestamp));
      }
    }
    String scan = tables.scan(parts, quoted, at, filters);
    String name = parts.size() == 2 && parts.get(0).equalsIgnoreCase("delta") && quoted.get(1) ? "t" : parts.get(parts.size() - 1);
    return "(" + scan + ")" + alias(alias, name);
  }

  private String inlineTable(InlineTableContext t) {
    StringJoiner rows = new StringJoiner(", ");
    int width = 0;
    for (ExpressionContext e : t.expression()) {
      PrimaryExpressionContext p = primary(e);
      if (p instanceof RowConstructorContext) {
        List<NamedExpressionContext> cells = ((RowConstructorContext) p).namedExpression();
        StringJoiner r = new StringJoiner(", ", "(", ")");
        cells.forEach(c -> r.add(expr(c.expression())));
        rows.add(r.toString());
        width = cells.size();
      } else {
        rows.add("(" + expr(e) + ")");
        width = 1;
      }
    }
    String name = "inline_table";
    String cols;
    if (t.tableAlias() != null && t.tableAlias().strictIdentifier() != null) {
      name = strict(t.tableAlias().strictIdentifier());
    }
    if (t.tableAlias() != null && t.tableAlias().identifierList() != null) {
      cols = identList(t.tableAlias().identifierList());
    } else {
      StringJoiner c = new StringJoiner(", ");
      for (int i = 1; i <= width; i++) {
        c.add(quote("col" + i));
      }
      cols = c.toString();
    }
    return "(VALUES " + rows + ") AS " + quote(name) + "(" + cols + ")";
  }

  private String tableFunction(FunctionTableContext f) {
    String n = functionName(f.funcName);
    List<String> args = new ArrayList<>();
    for (FunctionTableArgumentContext a : f.functionTableArgument()) {
      if (a.functionArgument() == null || a.functionArgument().expression() == null) {
        throw SparkErrors.unsupportedSyntax("a TABLE argument", "pass values to " + n + "()");
      }
      args.add(expr(a.functionArgument().expression()));
    }
    String alias = alias(f.tableAlias(), n);
    if (n.equals("range")) {
      if (args.isEmpty() || args.size() > 4) {
        throw SparkErrors.wrongArguments("range", "range(end), range(start, end) or range(start, end, step)");
      }
      String r = args.size() == 1 ? "range(CAST(" + args.get(0) + " AS BIGINT))"
          : "range(CAST(" + args.get(0) + " AS BIGINT), CAST(" + args.get(1) + " AS BIGINT)"
              + (args.size() >= 3 ? ", CAST(" + args.get(2) + " AS BIGINT)" : "") + ")";
      return "(SELECT range AS id FROM " + r + ")" + alias;
    }
    if (n.equals("table_changes")) {
      return tableChanges(f) + alias;
    }
    if (n.equals("explode") || n.equals("posexplode")) {
      nested = true;
      return "(SELECT " + (n.equals("posexplode") ? "generate_subscripts(" + args.get(0) + ", 1) - 1 AS pos, " : "")
          + "unnest(" + args.get(0) + ") AS col)" + alias;
    }
    throw SparkErrors.unknownTableFunction(n);
  }

  /** {@code table_changes('s.t', v1[, v2])}: the table name as a string, versions as integers. */
  private String tableChanges(FunctionTableContext f) {
    List<FunctionTableArgumentContext> args = f.functionTableArgument();
    String usage = "table_changes('schema.table', startVersion[, endVersion]) (or start and end timestamps as strings)";
    if (args.size() < 2 || args.size() > 3) {
      throw SparkErrors.wrongArguments("table_changes", usage);
    }
    String name = constantText(args.get(0).functionArgument().expression());
    if (name == null || name.isBlank()) {
      throw SparkErrors.wrongArguments("table_changes", usage);
    }
    List<String> parts = new ArrayList<>();
    List<Boolean> quoted = new ArrayList<>();
    for (String part : name.split("\\.(?=(?:[^`]*`[^`]*`)*[^`]*$)")) {
      String p = part.trim();
      boolean q = p.length() >= 2 && p.startsWith("`") && p.endsWith("`");
      parts.add(q ? p.substring(1, p.length() - 1).replace("``", "`") : p);
      quoted.add(q);
    }
    TimeTravel from = bound(args.get(1).functionArgument().expression(), usage);
    TimeTravel to = args.size() == 3 ? bound(args.get(2).functionArgument().expression(), usage) : null;
    return "(" + tables.changes(parts, quoted, from, to) + ")";
  }

  /** A start or end of table_changes: a version number, or a timestamp given as a string. */
  private TimeTravel bound(ExpressionContext e, String usage) {
    String ts = constantText(e);
    if (ts != null) {
      return tables.timestamp(ts);
    }
    String text = e.getText().trim();
    try {
      return TimeTravel.version(Long.parseLong(text.endsWith("L") ? text.substring(0, text.length() - 1) : text));
    } catch (NumberFormatException x) {
      throw SparkErrors.wrongArguments("table_changes", usage);
    }
  }

  /** The value of a string literal argument, or null when it is not one. */
  private static String constantText(ExpressionContext e) {
    PrimaryExpressionContext p = primary(e);
    if (p instanceof ConstantDefaultContext && ((ConstantDefaultContext) p).constant() instanceof StringLiteralContext) {
      return SparkLiterals.string((StringLiteralContext) ((ConstantDefaultContext) p).constant());
    }
    return null;
  }

  private String pivot(String source, PivotClauseContext p) {
    StringJoiner aggs = new StringJoiner(", ");
    for (NamedExpressionContext ne : p.aggregates.namedExpression()) {
      aggs.add(expr(ne.expression()) + (ne.name != null ? " AS " + quote(ident(ne.name)) : ""));
    }
    PivotColumnContext pc = p.pivotColumn();
    String column;
    if (pc.identifiers.size() == 1) {
      column = quote(ident(pc.identifiers.get(0)));
    } else {
      throw SparkErrors.unsupportedSyntax("PIVOT over several columns", "pivot over one column");
    }
    StringJoiner vals = new StringJoiner(", ");
    for (PivotValueContext v : p.pivotValues) {
      vals.add(expr(v.expression()) + (v.errorCapturingIdentifier() != null ? " AS " + quote(ident(v.errorCapturingIdentifier())) : ""));
    }
    return "(SELECT * FROM " + source + " PIVOT (" + aggs + " FOR " + column + " IN (" + vals + "))) AS " + quote("__pivot");
  }

  // ------------------------------------------------------------------ expressions

  /** DuckDB SQL of any expression node. */
  String expr(ParseTree n) {
    if (n instanceof TerminalNode) {
      return terminal((TerminalNode) n);
    }
    if (n instanceof QueryContext) {
      return query((QueryContext) n);
    }
    if (n instanceof ExpressionContext) {
      return expr(((ExpressionContext) n).booleanExpression());
    }
    if (n instanceof PredicatedContext) {
      PredicatedContext p = (PredicatedContext) n;
      String v = expr(p.valueExpression());
      return p.predicate() == null ? v : predicate(v, p.predicate());
    }
    if (n instanceof LogicalBinaryContext) {
      LogicalBinaryContext l = (LogicalBinaryContext) n;
      return expr(l.left) + " " + l.operator.getText().toUpperCase(Locale.ROOT) + " " + expr(l.right);
    }
    if (n instanceof LogicalNotContext) {
      return "NOT " + expr(((LogicalNotContext) n).booleanExpression());
    }
    if (n instanceof ExistsContext) {
      return "EXISTS (" + query(((ExistsContext) n).query()) + ")";
    }
    if (n instanceof ArithmeticBinaryContext) {
      ArithmeticBinaryContext a = (ArithmeticBinaryContext) n;
      String l = expr(a.left);
      String r = expr(a.right);
      switch (a.operator.getType()) {
        case SqlBaseLexer.DIV:
          return "CAST(trunc(" + l + " / " + nonZero(r) + ") AS BIGINT)";
        case SqlBaseLexer.HAT:
          return "xor(" + l + ", " + r + ")";
        case SqlBaseLexer.SLASH:
          return "(CAST(" + l + " AS DOUBLE) / " + nonZero(r) + ")";
        case SqlBaseLexer.PERCENT:
          return "(" + l + " % " + nonZero(r) + ")";
        default:
          return "(" + l + " " + a.operator.getText() + " " + r + ")";
      }
    }
    if (n instanceof ArithmeticUnaryContext) {
      ArithmeticUnaryContext u = (ArithmeticUnaryContext) n;
      return u.operator.getText() + expr(u.valueExpression());
    }
    if (n instanceof ComparisonContext) {
      ComparisonContext c = (ComparisonContext) n;
      String op = c.comparisonOperator().getText();
      op = op.equals("==") ? "=" : op.equals("<=>") ? "IS NOT DISTINCT FROM" : op.equals("!=") ? "<>" : op;
      return "(" + expr(c.left) + " " + op + " " + expr(c.right) + ")";
    }
    if (n instanceof ConstantDefaultContext) {
      return SparkLiterals.constant(this, ((ConstantDefaultContext) n).constant());
    }
    if (n instanceof ColumnReferenceContext) {
      String name = ident(((ColumnReferenceContext) n).identifier());
      String sub = substitutions.get(name.toLowerCase(Locale.ROOT));
      return sub != null ? sub : quote(name);
    }
    if (n instanceof DereferenceContext) {
      DereferenceContext d = (DereferenceContext) n;
      if (!qualifiers.isEmpty() && d.base instanceof DereferenceContext && ((DereferenceContext) d.base).base instanceof ColumnReferenceContext) {
        DereferenceContext q = (DereferenceContext) d.base;
        String name = ident(((ColumnReferenceContext) q.base).identifier()) + "." + ident(q.fieldName);
        if (qualifiers.contains(name.toLowerCase(Locale.ROOT))) {
          return quote(ident(q.fieldName)) + "." + quote(ident(d.fieldName));
        }
      }
      return expr(d.base) + "." + quote(ident(d.fieldName));
    }
    if (n instanceof StarContext) {
      StarContext s = (StarContext) n;
      return s.qualifiedName() != null ? qualified(s.qualifiedName()) + ".*" : "*";
    }
    if (n instanceof ParenthesizedExpressionContext) {
      return "(" + expr(((ParenthesizedExpressionContext) n).expression()) + ")";
    }
    if (n instanceof SubqueryExpressionContext) {
      return "(" + query(((SubqueryExpressionContext) n).query()) + ")";
    }
    if (n instanceof FunctionCallContext) {
      return SparkFunctions.call(this, (FunctionCallContext) n);
    }
    if (n instanceof FirstContext || n instanceof LastContext || n instanceof Any_valueContext) {
      ParserRuleContext c = (ParserRuleContext) n;
      ExpressionContext e = c.getRuleContext(ExpressionContext.class, 0);
      boolean ignore = c.getToken(SqlBaseLexer.IGNORE, 0) != null;
      String f = n instanceof LastContext ? "last" : "first";
      String a = expr(e);
      return f + "(" + a + ")" + (ignore ? " FILTER (WHERE " + a + " IS NOT NULL)" : "");
    }
    if (n instanceof CastContext) {
      CastContext c = (CastContext) n;
      String cast = c.TRY_CAST() != null ? "TRY_CAST" : "CAST";
      return cast + "(" + expr(c.expression()) + " AS " + SparkTypes.toDuck(c.dataType()) + ")";
    }
    if (n instanceof CastByColonContext) {
      CastByColonContext c = (CastByColonContext) n;
      return "CAST(" + expr(c.primaryExpression()) + " AS " + SparkTypes.toDuck(c.dataType()) + ")";
    }
    if (n instanceof StructContext) {
      nested = true;
      return SparkFunctions.struct(this, ((StructContext) n).argument);
    }
    if (n instanceof SubscriptContext) {
      SubscriptContext s = (SubscriptContext) n;
      String idx = expr(s.index);
      boolean text = s.index.getText().startsWith("'") || s.index.getText().startsWith("\"");
      return text ? expr(s.value) + "[" + idx + "]" : expr(s.value) + "[(" + idx + ") + 1]";
    }
    if (n instanceof LambdaContext) {
      LambdaContext l = (LambdaContext) n;
      StringJoiner ps = new StringJoiner(", ");
      l.identifier().forEach(i -> ps.add(quote(ident(i))));
      return "lambda " + ps + ": " + expr(l.expression());
    }
    if (n instanceof CurrentLikeContext) {
      String k = ((CurrentLikeContext) n).name.getText().toLowerCase(Locale.ROOT);
      switch (k) {
        case "current_date":
          return "current_date";
        case "current_timestamp":
          return "CAST(current_timestamp AS TIMESTAMP)";
        default:
          return "'learner'";
      }
    }
    if (n instanceof ExtractContext) {
      ExtractContext x = (ExtractContext) n;
      return SparkFunctions.datePart(this, ident(x.field), expr(x.source));
    }
    if (n instanceof SubstringContext) {
      SubstringContext s = (SubstringContext) n;
      return SparkFunctions.substring(expr(s.str), expr(s.pos), s.len == null ? null : expr(s.len));
    }
    if (n instanceof TrimContext) {
      TrimContext t = (TrimContext) n;
      String f = t.trimOption == null || t.BOTH() != null ? "trim" : t.LEADING() != null ? "ltrim" : "rtrim";
      return f + "(" + expr(t.srcStr) + (t.trimStr != null ? ", " + expr(t.trimStr) : "") + ")";
    }
    if (n instanceof PositionContext) {
      PositionContext p = (PositionContext) n;
      return "strpos(" + expr(p.str) + ", " + expr(p.substr) + ")";
    }
    if (n instanceof SearchedCaseContext || n instanceof SimpleCaseContext) {
      return generic((ParserRuleContext) n);
    }
    if (n instanceof RowConstructorContext) {
      StringJoiner j = new StringJoiner(", ", "(", ")");
      ((RowConstructorContext) n).namedExpression().forEach(x -> j.add(expr(x.expression())));
      return j.toString();
    }
    if (n instanceof ValueExpressionDefaultContext) {
      return expr(((ValueExpressionDefaultContext) n).primaryExpression());
    }
    if (n instanceof IdentifierContext) {
      return quote(ident((IdentifierContext) n));
    }
    if (n instanceof TimestampaddContext || n instanceof TimestampdiffContext || n instanceof OverlayContext
        || n instanceof CollateContext) {
      throw SparkErrors.unsupportedSyntax(firstWords((ParserRuleContext) n), "use date_add, datediff or substring");
    }
    return generic((ParserRuleContext) n);
  }

  private String predicate(String v, PredicateContext p) {
    boolean not = p.errorCapturingNot() != null;
    switch (p.kind.getType()) {
      case SqlBaseLexer.BETWEEN:
        return v + (not ? " NOT" : "") + " BETWEEN " + expr(p.lower) + " AND " + expr(p.upper);
      case SqlBaseLexer.IN:
        if (p.query() != null) {
          return v + (not ? " NOT" : "") + " IN (" + query(p.query()) + ")";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        p.expression().forEach(e -> j.add(expr(e)));
        return v + (not ? " NOT" : "") + " IN " + j;
      case SqlBaseLexer.RLIKE:
        return (not ? "NOT " : "") + "regexp_matches(" + v + ", " + expr(p.pattern) + ")";
      case SqlBaseLexer.LIKE:
      case SqlBaseLexer.ILIKE:
        if (p.quantifier != null) {
          throw SparkErrors.unsupportedSyntax("LIKE " + p.quantifier.getText(), "combine LIKE conditions with OR / AND");
        }
        return v + (not ? " NOT " : " ") + p.kind.getText().toUpperCase(Locale.ROOT) + " " + expr(p.pattern)
            + " ESCAPE " + SparkLiterals.quoteString(p.escapeChar != null ? SparkLiterals.string(p.escapeChar) : "\\");
      case SqlBaseLexer.NULL:
        return v + " IS" + (not ? " NOT" : "") + " NULL";
      case SqlBaseLexer.TRUE:
      case SqlBaseLexer.FALSE:
      case SqlBaseLexer.UNKNOWN:
        return v + " IS" + (not ? " NOT" : "") + " " + p.kind.getText().toUpperCase(Locale.ROOT);
      case SqlBaseLexer.DISTINCT:
        return v + " IS" + (not ? " NOT" : "") + " DISTINCT FROM " + expr(p.right);
      default:
        return v + " " + generic(p);
    }
  }

  /** Children in order, each translated; the fallback for nodes whose DuckDB form is Spark's. */
  String generic(ParserRuleContext c) {
    if (c == null) {
      throw SparkErrors.unsupportedSyntax("this expression", "write it in a simpler form");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.getChildCount(); i++) {
      String s = expr(c.getChild(i));
      if (s.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  private String terminal(TerminalNode t) {
    Token k = t.getSymbol();
    switch (k.getType()) {
      case SqlBaseLexer.BACKQUOTED_IDENTIFIER:
        return quote(SparkLiterals.backquoted(k.getText()));
      case SqlBaseLexer.STRING_LITERAL:
      case SqlBaseLexer.DOUBLEQUOTED_STRING:
        return SparkLiterals.quoteString(SparkLiterals.unescape(k.getText()));
      case SqlBaseLexer.EQ:
        return "=";
      case SqlBaseLexer.NSEQ:
        return "IS NOT DISTINCT FROM";
      case SqlBaseLexer.NEQJ:
        return "<>";
      case SqlBaseLexer.BANG:
        return "NOT";
      case Token.EOF:
        return "";
      default:
        return k.getText();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Translates with a name standing for other SQL (a lambda's 0-based index). */
  String withSubstitution(String name, String sql, java.util.function.Supplier<String> body) {
    String key = name.toLowerCase(Locale.ROOT);
    String old = substitutions.put(key, sql);
    try {
      return body.get();
    } finally {
      if (old == null) {
        substitutions.remove(key);
      } else {
        substitutions.put(key, old);
      }
    }
  }

  /** GROUP BY ALL / ORDER BY ALL: the word ALL where a column would be. */
  private static boolean isAll(ExpressionContext e) {
    PrimaryExpressionContext p = primary(e);
    return p instanceof ColumnReferenceContext && p.getText().equalsIgnoreCase("all");
  }

  static PrimaryExpressionContext primary(ExpressionContext e) {
    BooleanExpressionContext b = e.booleanExpression();
    if (b instanceof PredicatedContext && ((PredicatedContext) b).predicate() == null) {
      ValueExpressionContext v = ((PredicatedContext) b).valueExpression();
      if (v instanceof ValueExpressionDefaultContext) {
        return ((ValueExpressionDefaultContext) v).primaryExpression();
      }
    }
    return null;
  }

  static String functionName(FunctionNameContext f) {
    if (f.qualifiedName() != null) {
      List<IdentifierContext> ids = f.qualifiedName().identifier();
      return ident(ids.get(ids.size() - 1)).toLowerCase(Locale.ROOT);
    }
    return f.getText().toLowerCase(Locale.ROOT);
  }

  private String qualified(QualifiedNameContext q) {
    StringJoiner j = new StringJoiner(".");
    q.identifier().forEach(i -> j.add(quote(ident(i))));
    return j.toString();
  }

  private static String identList(IdentifierListContext l) {
    StringJoiner j = new StringJoiner(", ");
    for (ErrorCapturingIdentifierContext i : l.identifierSeq().ident) {
      j.add(quote(ident(i)));
    }
    return j.toString();
  }

  static String ident(ErrorCapturingIdentifierContext c) {
    return ident(c.identifier());
  }

  static String ident(IdentifierContext c) {
    if (c.strictIdentifier() != null) {
      return strict(c.strictIdentifier());
    }
    return c.getText();
  }

  static String strict(StrictIdentifierContext s) {
    if (s instanceof QuotedIdentifierAlternativeContext) {
      return SparkLiterals.backquoted(s.getText());
    }
    return s.getText();
  }

  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String text(ParserRuleContext c) {
    if (c.start == null || c.stop == null || c.stop.getStopIndex() < c.start.getStartIndex()) {
      return c.getText();
    }
    return c.start.getInputStream().getText(Interval.of(c.start.getStartIndex(), c.stop.getStopIndex()));
  }

  private static String firstWords(ParserRuleContext c) {
    String t = text(c).replaceAll("\\s+", " ");
    return t.length() > 40 ? t.substring(0, 40) + "…" : t;
  }

  /**
   * A divisor as Spark 4 (ANSI mode, Databricks' default) treats it: dividing by zero is an error
   * ({@code DIVIDE_BY_ZERO}), where DuckDB would answer Infinity or NULL. {@code try_divide} keeps NULL.
   */
  static String nonZero(String divisor) {
    return "(CASE WHEN (" + divisor + ") = 0 THEN error('Division by zero') ELSE (" + divisor + ") END)";
  }

}
