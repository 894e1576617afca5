package dev.lakehouse.workbench.sql.spark;

import dev.lakehouse.workbench.lake.LakeErrors;
import dev.lakehouse.workbench.lake.LakeException;
import java.util.Locale;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.parser.SqlBaseParser;

/**
 * Spark's own SQL grammar (the ANTLR parser Spark publishes), set up as Spark sets it up: keywords
 * case-insensitive, SLL prediction first and full LL only when SLL fails, double quotes for strings.
 * A syntax error becomes one line naming the position and the text near it.
 */
public final class SparkParser {

  private SparkParser() {}

  /** A query: SELECT, WITH, VALUES, FROM ..., TABLE t or a parenthesised query. */
  public static SqlBaseParser.QueryContext query(String sql) {
    return parse(sql, p -> {
      SqlBaseParser.SingleStatementContext st = p.singleStatement();
      if (!(st.statement() instanceof SqlBaseParser.StatementDefaultContext)) {
        throw new ParseCancellationException("not a query");
      }
      return ((SqlBaseParser.StatementDefaultContext) st.statement()).query();
    });
  }

  /** Any one statement Spark's grammar knows (CTAS, INSERT, MERGE, UPDATE, a query, ...), as its tree. */
  public static SqlBaseParser.SingleStatementContext statement(String sql) {
    return parse(sql, SqlBaseParser::singleStatement);
  }

  /** One expression, as in a WHERE, a SET assignment or a MERGE condition. */
  public static SqlBaseParser.ExpressionContext expression(String sql) {
    return parse(sql, p -> p.singleExpression().namedExpression().expression());
  }

  interface Rule<T extends ParserRuleContext> {
    T run(SqlBaseParser p);
  }

  static <T extends ParserRuleContext> T parse(String sql, Rule<T> rule) {
    SqlBaseLexer lexer = new SqlBaseLexer(new UpperCaseStream(CharStreams.fromString(sql)));
    lexer.removeErrorListeners();
    lexer.addErrorListener(new Thrower(sql));
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    SqlBaseParser parser = new SqlBaseParser(tokens);
    parser.legacy_setops_precedence_enabled = false;
    parser.legacy_exponent_literal_as_decimal_enabled = false;
    parser.SQL_standard_keyword_behavior = false;
    parser.double_quoted_identifiers = false;
    parser.removeErrorListeners();
    try {
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      return rule.run(parser);
    } catch (ParseCancellationException e) {
      tokens.seek(0);
      parser.reset();
      parser.addErrorListener(new Thrower(sql));
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      T out = rule.run(parser);
      if (tokens.LA(1) != Token.EOF) {
        Token k = tokens.LT(1);
        throw syntax(sql, k.getLine(), k.getCharPositionInLine(), k.getText(), "unexpected text after the statement");
      }
      return out;
    }
  }

  static LakeException syntax(String sql, int line, int col, String near, String detail) {
    return LakeErrors.syntaxError(detail, line, col + 1, near == null || near.equals("<EOF>") ? null : near);
  }

  private static final class Thrower extends BaseErrorListener {
    private final String sql;

    Thrower(String sql) {
      this.sql = sql;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> r, Object offending, int line, int col, String msg, RecognitionException e) {
      String near = offending instanceof Token ? ((Token) offending).getText() : null;
      String detail;
      if (near == null || near.equals("<EOF>")) {
        detail = "the statement ended too soon";
      } else if (msg.startsWith("extraneous input") || msg.startsWith("mismatched input") || msg.startsWith("no viable")) {
        detail = "Spark SQL does not expect '" + near + "' here";
      } else {
        detail = msg.replaceAll("expecting \\{.*\\}", "").trim();
      }
      throw syntax(sql, line, col, near, detail);
    }
  }

  /** Upper-cases what the lexer sees (keywords are case-insensitive); token text keeps the original case. */
  static final class UpperCaseStream implements CharStream {
    private final CharStream in;

    UpperCaseStream(CharStream in) {
      this.in = in;
    }

    @Override public String getText(Interval interval) { return in.getText(interval); }
    @Override public void consume() { in.consume(); }
    @Override public int LA(int i) {
      int c = in.LA(i);
      return c <= 0 ? c : Character.toUpperCase(c);
    }
    @Override public int mark() { return in.mark(); }
    @Override public void release(int marker) { in.release(marker); }
    @Override public int index() { return in.index(); }
    @Override public void seek(int index) { in.seek(index); }
    @Override public int size() { return in.size(); }
    @Override public String getSourceName() { return in.getSourceName(); }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
