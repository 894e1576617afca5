package dev.lakehouse.workbench.sql;

import dev.lakehouse.workbench.lake.TableId;
import dev.lakehouse.workbench.sql.spark.SparkParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.AliasedQueryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.AliasedRelationContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.AssignmentContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.AssignmentListContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.ColumnReferenceContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.CreateTableContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.CtesContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.DereferenceContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.DmlStatementContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.DmlStatementNoWithContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.ExpressionContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.FromClauseContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.IdentifierListContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.IdentifierReferenceContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.InsertIntoContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.InsertIntoReplaceWhereContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.InsertIntoTableContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.InsertOverwriteTableContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.JoinRelationContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.MatchedClauseContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.MergeIntoTableContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.NamedExpressionContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.NamedQueryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.NotMatchedClauseContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.PrimaryExpressionContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.QueryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.QueryPrimaryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.QueryPrimaryDefaultContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.QueryTermContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.QueryTermDefaultContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.RegularQuerySpecificationContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.RelationContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.RelationExtensionContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.RelationPrimaryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.ReplaceTableContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.SetOperationContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.SingleInsertQueryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.StarContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.StatementContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.StatementDefaultContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.SubqueryContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.SubqueryExpressionContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.TableAliasContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.TableContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.TableNameContext;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser.UpdateTableContext;

/**
 * Column-level lineage of one statement, derived from Spark's own parse tree: for each output column
 * (of a query) or target column (of CTAS, INSERT ... SELECT, MERGE, UPDATE) the table columns it is
 * computed from. Projections only, as Unity Catalog's {@code column_lineage}: columns that only filter
 * or join (WHERE, ON) are not sources. A statement the grammar does not know yields no columns.
 */
public final class ColumnLineage {

  /** One source column of a table in the lake. */
  public record Source(TableId table, String column) {}

  /** An output or target column and the source columns it is computed from (none: a constant). */
  public record Column(String name, List<Source> sources) {}

  /** The statement's target table (null for a query) and its columns' lineage. */
  public record Result(TableId target, List<Column> columns) {
    public static final Result NONE = new Result(null, List.of());
  }

  private final String currentSchema;
  private final Function<TableId, List<String>> columnsOf;

  private ColumnLineage(String currentSchema, Function<TableId, List<String>> columnsOf) {
    this.currentSchema = currentSchema;
    this.columnsOf = columnsOf;
  }

  /**
   * The lineage of {@code statement}, resolving unqualified table names in {@code currentSchema} and
   * {@code *} through {@code columnsOf} (a table's column names, empty when it does not exist).
   */
  public static Result of(String statement, String currentSchema, Function<TableId, List<String>> columnsOf) {
    try {
      StatementContext st = SparkParser.statement(statement).statement();
      return st == null ? Result.NONE : new ColumnLineage(currentSchema, columnsOf).statement(st);
    } catch (RuntimeException e) {
      return Result.NONE; // Delta's own statements (OPTIMIZE, ...) and syntax Spark rejects carry no column lineage
    }
  }

  // ------------------------------------------------------------------ statements

  private Result statement(StatementContext st) {
    if (st instanceof StatementDefaultContext) {
      return new Result(null, query(((StatementDefaultContext) st).query(), Map.of()));
    }
    if (st instanceof CreateTableContext) {
      CreateTableContext c = (CreateTableContext) st;
      return c.query() == null ? Result.NONE
          : new Result(table(c.createTableHeader().identifierReference()), query(c.query(), Map.of()));
    }
    if (st instanceof ReplaceTableContext) {
      ReplaceTableContext c = (ReplaceTableContext) st;
      return c.query() == null ? Result.NONE
          : new Result(table(c.replaceTableHeader().identifierReference()), query(c.query(), Map.of()));
    }
    if (st instanceof DmlStatementContext) {
      DmlStatementContext d = (DmlStatementContext) st;
      return dml(d.dmlStatementNoWith(), ctes(d.ctes(), Map.of()));
    }
    return Result.NONE;
  }

  private Result dml(DmlStatementNoWithContext d, Map<String, List<Column>> ctes) {
    if (d instanceof SingleInsertQueryContext) {
      SingleInsertQueryContext s = (SingleInsertQueryContext) d;
      InsertIntoContext into = s.insertInto();
      IdentifierReferenceContext ref;
      IdentifierListContext cols = null;
      boolean byName = false;
      if (into instanceof InsertIntoTableContext) {
        InsertIntoTableContext i = (InsertIntoTableContext) into;
        ref = i.identifierReference();
        cols = i.identifierList();
        byName = i.NAME() != null;
      } else if (into instanceof InsertOverwriteTableContext) {
        InsertOverwriteTableContext i = (InsertOverwriteTableContext) into;
        ref = i.identifierReference();
        cols = i.identifierList();
        byName = i.NAME() != null;
      } else if (into instanceof InsertIntoReplaceWhereContext) {
        ref = ((InsertIntoReplaceWhereContext) into).identifierReference();
      } else {
        return Result.NONE;
      }
      TableId target = table(ref);
      List<Column> out = query(s.query(), ctes);
      if (byName) {
        return new Result(target, out);
      }
      List<String> names = cols != null ? names(cols) : columnsOf.apply(target);
      List<Column> renamed = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        renamed.add(new Column(i < names.size() ? names.get(i) : out.get(i).name(), out.get(i).sources()));
      }
      return new Result(target, renamed);
    }
    if (d instanceof MergeIntoTableContext) {
      return merge((MergeIntoTableContext) d, ctes);
    }
    if (d instanceof UpdateTableContext) {
      UpdateTableContext u = (UpdateTableContext) d;
      TableId target = table(u.identifierReference());
      Map<String, List<Column>> scope = new LinkedHashMap<>();
      scope.put(alias(u.tableAlias(), target.name()), tableColumns(target));
      Targets t = new Targets();
      assignments(u.setClause().assignmentList(), scope, ctes, t);
      return new Result(target, t.columns());
    }
    return Result.NONE;
  }

  private Result merge(MergeIntoTableContext m, Map<String, List<Column>> ctes) {
    TableId target = table(m.target);
    Map<String, List<Column>> scope = new LinkedHashMap<>();
    List<Column> targetCols = tableColumns(target);
    scope.put(alias(m.targetAlias, target.name()), targetCols);
    List<Column> sourceCols;
    String sourceName;
    if (m.source != null) {
      TableId src = table(m.source);
      sourceCols = relationColumns(m.source, src, ctes);
      sourceName = src.name();
    } else {
      sourceCols = query(m.sourceQuery, ctes);
      sourceName = "__source";
    }
    scope.put(alias(m.sourceAlias, sourceName), sourceCols);
    Targets t = new Targets();
    for (MatchedClauseContext c : m.matchedClause()) {
      if (c.matchedAction().UPDATE() == null) {
        continue; // DELETE writes no column
      }
      if (c.matchedAction().ASTERISK() != null) {
        star(targetCols, sourceCols, t);
      } else {
        assignments(c.matchedAction().assignmentList(), scope, ctes, t);
      }
    }
    for (NotMatchedClauseContext c : m.notMatchedClause()) {
      var a = c.notMatchedAction();
      if (a.ASTERISK() != null) {
        star(targetCols, sourceCols, t);
      } else if (a.columns != null) {
        for (int i = 0; i < a.columns.multipartIdentifier().size() && i < a.expression().size(); i++) {
          var key = a.columns.multipartIdentifier(i).parts;
          t.add(ident(key.get(key.size() - 1)), sources(a.expression(i), scope, ctes));
        }
      }
    }
    for (var c : m.notMatchedBySourceClause()) {
      if (c.notMatchedBySourceAction().assignmentList() != null) {
        assignments(c.notMatchedBySourceAction().assignmentList(), scope, ctes, t);
      }
    }
    return new Result(target, t.columns());
  }

  /** UPDATE SET * / INSERT *: each target column from the source column of the same name. */
  private static void star(List<Column> targetCols, List<Column> sourceCols, Targets t) {
    for (Column tc : targetCols) {
      for (Column sc : sourceCols) {
        if (sc.name().equalsIgnoreCase(tc.name())) {
          t.add(tc.name(), sc.sources());
        }
      }
    }
  }

  private void assignments(AssignmentListContext list, Map<String, List<Column>> scope, Map<String, List<Column>> ctes,
      Targets t) {
    for (AssignmentContext a : list.assignment()) {
      var key = a.key.parts;
      t.add(ident(key.get(key.size() - 1)), sources(a.value, scope, ctes));
    }
  }

  /** Target columns in first-written order, each with the union of its sources. */
  private static final class Targets {
    final Map<String, Column> byName = new LinkedHashMap<>();

    void add(String name, List<Source> sources) {
      Column c = byName.get(name.toLowerCase(Locale.ROOT));
      Set<Source> all = new LinkedHashSet<>(c == null ? List.of() : c.sources());
      all.addAll(sources);
      byName.put(name.toLowerCase(Locale.ROOT), new Column(c == null ? name : c.name(), List.copyOf(all)));
    }

    List<Column> columns() {
      return List.copyOf(byName.values());
    }
  }

  // ------------------------------------------------------------------ queries

  private Map<String, List<Column>> ctes(CtesContext c, Map<String, List<Column>> outer) {
    if (c == null) {
      return outer;
    }
    Map<String, List<Column>> all = new LinkedHashMap<>(outer);
    for (NamedQueryContext nq : c.namedQuery()) {
      List<Column> cols = query(nq.query(), all);
      if (nq.columnAliases != null) {
        cols = rename(cols, names(nq.columnAliases));
      }
      all.put(ident(nq.name).toLowerCase(Locale.ROOT), cols);
    }
    return all;
  }

  private List<Column> query(QueryContext q, Map<String, List<Column>> outer) {
    Map<String, List<Column>> ctes = ctes(q.ctes(), outer);
    return queryTerm(q.queryTerm(), ctes);
  }

  private List<Column> queryTerm(QueryTermContext t, Map<String, List<Column>> ctes) {
    if (t instanceof QueryTermDefaultContext) {
      return queryPrimary(((QueryTermDefaultContext) t).queryPrimary(), ctes);
    }
    if (t instanceof SetOperationContext) {
      SetOperationContext s = (SetOperationContext) t;
      List<Column> left = queryTerm(s.left, ctes);
      List<Column> right = queryTerm(s.right, ctes);
      List<Column> out = new ArrayList<>();
      for (int i = 0; i < left.size(); i++) {
        Set<Source> all = new LinkedHashSet<>(left.get(i).sources());
        if (i < right.size()) {
          all.addAll(right.get(i).sources());
        }
        out.add(new Column(left.get(i).name(), List.copyOf(all)));
      }
      return out;
    }
    return List.of();
  }

  private List<Column> queryPrimary(QueryPrimaryContext p, Map<String, List<Column>> ctes) {
    if (p instanceof QueryPrimaryDefaultContext) {
      var qs = ((QueryPrimaryDefaultContext) p).querySpecification();
      return qs instanceof RegularQuerySpecificationContext ? select((RegularQuerySpecificationContext) qs, ctes) : List.of();
    }
    if (p instanceof SubqueryContext) {
      return query(((SubqueryContext) p).query(), ctes);
    }
    if (p instanceof TableContext) {
      IdentifierReferenceContext ref = ((TableContext) p).identifierReference();
      return relationColumns(ref, table(ref), ctes);
    }
    return List.of(); // VALUES: constants
  }

  private List<Column> select(RegularQuerySpecificationContext r, Map<String, List<Column>> ctes) {
    Map<String, List<Column>> scope = new LinkedHashMap<>();
    FromClauseContext from = r.fromClause();
    if (from != null) {
      for (RelationContext rel : from.relation()) {
        relation(rel, scope, ctes);
      }
    }
    List<Column> out = new ArrayList<>();
    for (NamedExpressionContext ne : r.selectClause().namedExpressionSeq().namedExpression()) {
      PrimaryExpressionContext p = primary(ne.expression());
      if (p instanceof StarContext) {
        StarContext s = (StarContext) p;
        Set<String> except = new LinkedHashSet<>();
        if (s.exceptClause() != null) {
          s.exceptClause().exceptCols.multipartIdentifier().forEach(m -> except.add(ident(m.parts.get(m.parts.size() - 1))
              .toLowerCase(Locale.ROOT)));
        }
        if (s.qualifiedName() != null) {
          var parts = s.qualifiedName().identifier();
          List<Column> cols = scope.getOrDefault(ident(parts.get(parts.size() - 1)).toLowerCase(Locale.ROOT), List.of());
          cols.stream().filter(c -> !except.contains(c.name().toLowerCase(Locale.ROOT))).forEach(out::add);
        } else {
          scope.values().forEach(cols -> cols.stream().filter(c -> !except.contains(c.name().toLowerCase(Locale.ROOT)))
              .forEach(out::add));
        }
        continue;
      }
      String name;
      if (ne.name != null) {
        name = ident(ne.name);
      } else if (p instanceof ColumnReferenceContext) {
        name = ident(((ColumnReferenceContext) p).identifier());
      } else if (p instanceof DereferenceContext) {
        name = ident(((DereferenceContext) p).fieldName);
      } else {
        name = ne.expression().getText();
      }
      Map<String, List<Column>> withLateral = scope;
      if (!out.isEmpty()) { // a later item may name an earlier one (lateral column alias)
        withLateral = new LinkedHashMap<>(scope);
        withLateral.put("\u0000select", out);
      }
      out.add(new Column(name, sources(ne.expression(), withLateral, ctes)));
    }
    return out;
  }

  private void relation(RelationContext rel, Map<String, List<Column>> scope, Map<String, List<Column>> ctes) {
    relationPrimary(rel.relationPrimary(), scope, ctes);
    for (RelationExtensionContext ext : rel.relationExtension()) {
      JoinRelationContext j = ext.joinRelation();
      if (j != null) {
        relationPrimary(j.right, scope, ctes);
      }
    }
  }

  private void relationPrimary(RelationPrimaryContext p, Map<String, List<Column>> scope, Map<String, List<Column>> ctes) {
    if (p instanceof TableNameContext) {
      TableNameContext t = (TableNameContext) p;
      TableId id = table(t.identifierReference());
      List<Column> cols = relationColumns(t.identifierReference(), id, ctes);
      scope.put(alias(t.tableAlias(), id.isPath() ? "__path" : id.name()), aliased(cols, t.tableAlias()));
    } else if (p instanceof AliasedQueryContext) {
      AliasedQueryContext a = (AliasedQueryContext) p;
      scope.put(alias(a.tableAlias(), "__subquery" + scope.size()), aliased(query(a.query(), ctes), a.tableAlias()));
    } else if (p instanceof AliasedRelationContext) {
      relation(((AliasedRelationContext) p).relation(), scope, ctes);
    }
  }

  private static List<Column> aliased(List<Column> cols, TableAliasContext alias) {
    return alias != null && alias.identifierList() != null ? rename(cols, names(alias.identifierList())) : cols;
  }

  private static List<Column> rename(List<Column> cols, List<String> names) {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      out.add(new Column(i < names.size() ? names.get(i) : cols.get(i).name(), cols.get(i).sources()));
    }
    return out;
  }

  /** A relation's columns: a CTE's, or a lake table's with each column its own source. */
  private List<Column> relationColumns(IdentifierReferenceContext ref, TableId id, Map<String, List<Column>> ctes) {
    var parts = ref.multipartIdentifier() == null ? null : ref.multipartIdentifier().parts;
    if (parts != null && parts.size() == 1) {
      List<Column> cte = ctes.get(ident(parts.get(0)).toLowerCase(Locale.ROOT));
      if (cte != null) {
        return cte;
      }
    }
    return tableColumns(id);
  }

  private List<Column> tableColumns(TableId id) {
    List<Column> out = new ArrayList<>();
    for (String c : columnsOf.apply(id)) {
      out.add(new Column(c, id.isPath() ? List.of() : List.of(new Source(id, c))));
    }
    return out;
  }

  // ------------------------------------------------------------------ expressions

  /** The source columns an expression reads, resolved in the scope (alias → columns). */
  private List<Source> sources(ParseTree e, Map<String, List<Column>> scope, Map<String, List<Column>> ctes) {
    Set<Source> out = new LinkedHashSet<>();
    collect(e, scope, ctes, out);
    return List.copyOf(out);
  }

  private void collect(ParseTree n, Map<String, List<Column>> scope, Map<String, List<Column>> ctes, Set<Source> out) {
    if (n instanceof SubqueryExpressionContext) {
      query(((SubqueryExpressionContext) n).query(), ctes).forEach(c -> out.addAll(c.sources()));
      return;
    }
    if (n instanceof DereferenceContext) {
      DereferenceContext d = (DereferenceContext) n;
      if (d.base instanceof ColumnReferenceContext) {
        String qualifier = ident(((ColumnReferenceContext) d.base).identifier()).toLowerCase(Locale.ROOT);
        List<Column> cols = scope.get(qualifier);
        if (cols != null) {
          find(cols, ident(d.fieldName)).ifPresent(c -> out.addAll(c.sources()));
          return;
        }
      }
      collect(d.base, scope, ctes, out); // a struct field: its column
      return;
    }
    if (n instanceof ColumnReferenceContext) {
      String name = ident(((ColumnReferenceContext) n).identifier());
      for (Map.Entry<String, List<Column>> e : scope.entrySet()) {
        var c = find(e.getValue(), name);
        if (c.isPresent()) {
          out.addAll(c.get().sources());
          return;
        }
      }
      return; // a lambda variable or an unknown name
    }
    for (int i = 0; i < n.getChildCount(); i++) {
      collect(n.getChild(i), scope, ctes, out);
    }
  }

  private static java.util.Optional<Column> find(List<Column> cols, String name) {
    return cols.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The primary expression an expression is, when it is nothing more (a column, a star, ...), else null. */
  private static PrimaryExpressionContext primary(ExpressionContext e) {
    ParseTree n = e;
    while (n != null && !(n instanceof PrimaryExpressionContext)) {
      if (n.getChildCount() != 1) {
        return null;
      }
      n = n.getChild(0);
    }
    return (PrimaryExpressionContext) n;
  }

  // ------------------------------------------------------------------ names

  private TableId table(IdentifierReferenceContext ref) {
    if (ref.multipartIdentifier() == null) {
      return TableId.of(currentSchema, "__identifier");
    }
    List<String> parts = new ArrayList<>();
    ref.multipartIdentifier().parts.forEach(p -> parts.add(ident(p)));
    if (parts.size() == 2 && parts.get(0).equalsIgnoreCase("delta") && parts.get(1).contains("/")) {
      return TableId.atPath(parts.get(1));
    }
    String name = parts.get(parts.size() - 1);
    String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : currentSchema;
    String at = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
    return TableId.of(schema, at);
  }

  private static String alias(TableAliasContext a, String dflt) {
    return (a != null && a.strictIdentifier() != null ? ident(a.strictIdentifier()) : dflt).toLowerCase(Locale.ROOT);
  }

  private static List<String> names(IdentifierListContext l) {
    List<String> out = new ArrayList<>();
    l.identifierSeq().ident.forEach(i -> out.add(ident(i)));
    return out;
  }

  private static String ident(ParserRuleContext c) {
    String t = c.getText();
    return t.length() >= 2 && t.startsWith("`") && t.endsWith("`") ? t.substring(1, t.length() - 1).replace("``", "`") : t;
  }
}
