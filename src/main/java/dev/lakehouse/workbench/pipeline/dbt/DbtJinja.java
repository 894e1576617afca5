package dev.lakehouse.workbench.pipeline.dbt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's Jinja on HubSpot's jinjava (decision 0021): {@code ref}, {@code source}, {@code config},
 * {@code var}, {@code env_var}, {@code log}, {@code this}, {@code is_incremental()}, the project's
 * {@code {% macro %}}s and {@code {% test %}}s. Unknown names are errors, as with dbt.
 */
final class DbtJinja {

  /** What one rendering needs and records. */
  static final class Render {
    final Node node;
    final Function<String, String> refResolver;
    final Function<String, String> sourceResolver;
    final boolean incremental;
    final Map<String, Object> vars;
    final List<String> ephemerals = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Render(Node node, Function<String, String> ref, Function<String, String> source, boolean incremental,
        Map<String, Object> vars) {
      this.node = node;
      this.refResolver = ref;
      this.sourceResolver = source;
      this.incremental = incremental;
      this.vars = vars;
    }
  }

  private static final ThreadLocal<Render> CURRENT = new ThreadLocal<>();
  private static final Pattern TEST_OPEN = Pattern.compile("\\{%(-?)\\s*test\\s+(\\w+)\\s*\\(");
  private static final Pattern TEST_CLOSE = Pattern.compile("\\{%(-?)\\s*endtest\\s*(-?)%}");

  private final Jinjava jinjava;
  private final Map<String, MacroFunction> macros = new LinkedHashMap<>();
  /** Macro name to the file that defines it. */
  final Map<String, String> macroFiles = new LinkedHashMap<>();

  DbtJinja(Map<String, String> macroSources) {
    jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
    Context g = jinjava.getGlobalContext();
    fn(g, "ref", "ref");
    fn(g, "source", "source");
    fn(g, "config", "config");
    fn(g, "var", "var");
    fn(g, "env_var", "envVar");
    fn(g, "log", "log");
    g.registerFunction(new ELFunctionDefinition("", "is_incremental", DbtJinja.class, "isIncremental"));
    for (Map.Entry<String, String> e : macroSources.entrySet()) {
      JinjavaInterpreter in = interpreter();
      String src = generic(e.getValue());
      JinjavaInterpreter.pushCurrent(in);
      try {
        in.render(src);
      } finally {
        JinjavaInterpreter.popCurrent();
      }
      fail(e.getKey(), in.getErrorsCopy());
      for (MacroFunction m : in.getContext().getGlobalMacros().values()) {
        macros.put(m.getName(), m);
        macroFiles.put(m.getName(), e.getKey());
      }
    }
  }

  /**
   * An interpreter whose context is a child of the global one. jinjava's own {@code newInterpreter()}
   * copies the global context, registering every built-in tag, filter and function again (most of
   * a model's compile time); a child sees them through its parent, and what a template defines stays
   * in the child.
   */
  private JinjavaInterpreter interpreter() {
    return new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext()), jinjava.getGlobalConfig());
  }

  boolean hasMacro(String name) {
    return macros.containsKey(name);
  }

  private static void fn(Context g, String name, String method) {
    g.registerFunction(new ELFunctionDefinition("", name, DbtJinja.class, method, Object[].class));
  }

  /** dbt compiles {@code {% test x(...) %}} as a macro named {@code test_x}. */
  static String generic(String src) {
    String s = TEST_OPEN.matcher(src).replaceAll(m -> Matcher.quoteReplacement("{%" + m.group(1) + " macro test_" + m.group(2) + "("));
    return TEST_CLOSE.matcher(s).replaceAll(m -> Matcher.quoteReplacement("{%" + m.group(1) + " endmacro " + m.group(2) + "%}"));
  }

  /** Renders {@code template} (from {@code file}) for one node; errors name the file and line. */
  String render(String file, String template, Render r, Map<String, Object> bindings) {
    JinjavaInterpreter in = interpreter();
    macros.values().forEach(in.getContext()::addGlobalMacro);
    Map<String, Object> b = new HashMap<>(bindings);
    in.getContext().putAll(b);
    Render before = CURRENT.get();
    CURRENT.set(r);
    JinjavaInterpreter.pushCurrent(in);
    try {
      String out = in.render(template);
      fail(file, in.getErrorsCopy());
      return out;
    } catch (com.hubspot.jinjava.interpret.UnknownTokenException e) {
      String tok = e.getToken();
      throw DbtErrors.bad(DbtErrors.at(file, e.getLineNumber()), "unknown name '" + tok + "'",
          "define it with {% set " + tok + " = ... %}, pass it with var(), or fix the spelling");
    } catch (DbtCallException e) {
      throw DbtErrors.bad(file, e.what, e.fix);
    } catch (com.hubspot.jinjava.interpret.InterpretException e) {
      throw DbtErrors.bad(DbtErrors.at(file, e.getLineNumber()), "Jinja error, " + firstLine(String.valueOf(e.getMessage())),
          "fix the template on that line");
    } finally {
      JinjavaInterpreter.popCurrent();
      CURRENT.set(before);
    }
  }

  private void fail(String file, List<TemplateError> errors) {
    for (TemplateError e : errors) {
      if (e.getSeverity() != TemplateError.ErrorType.FATAL) {
        continue;
      }
      String msg = e.getMessage() == null ? "template error" : e.getMessage();
      Throwable cause = e.getException();
      while (cause != null) {
        if (cause instanceof com.hubspot.jinjava.interpret.FatalTemplateErrorsException
            || cause instanceof DbtCallException) {
          break;
        }
        cause = cause.getCause();
      }
      if (cause instanceof DbtCallException d) {
        throw DbtErrors.bad(DbtErrors.at(file, e.getLineno()), d.what, d.fix);
      }
      String where = DbtErrors.at(file, e.getLineno());
      Matcher fnm = Pattern.compile("[Cc]ould not resolve function '?([\\w.:]+)'?").matcher(msg);
      Matcher unk = Pattern.compile("[Uu]nknown token found:\\s*([\\w.]+)").matcher(msg);
      if (fnm.find()) {
        String name = fnm.group(1).replaceFirst("^:", "");
        throw DbtErrors.bad(where, "unknown macro '" + name + "'",
            "define it with {% macro " + name + "(...) %} in macros/, or fix the name"
                + (macros.isEmpty() ? "" : " (known: " + String.join(", ", macros.keySet()) + ")"));
      }
      if (unk.find()) {
        throw DbtErrors.bad(where, "unknown name '" + unk.group(1) + "'",
            "define it with {% set " + unk.group(1) + " = ... %}, pass it with var(), or fix the spelling");
      }
      if (e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR || msg.toLowerCase().contains("syntax")
          || msg.contains("Unclosed") || msg.contains("unclosed") || msg.contains("Unknown tag")) {
        throw DbtErrors.bad(where, "Jinja syntax error, " + firstLine(msg),
            "close every {{ with }} and every {% if/for/macro %} with its {% end... %}");
      }
      throw DbtErrors.bad(where, "Jinja error, " + firstLine(msg), "fix the template on that line");
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String l = nl < 0 ? s : s.substring(0, nl);
    return l.length() > 200 ? l.substring(0, 200) + "…" : l;
  }

  /** An error raised by one of our functions, carried through jinjava unchanged. */
  static final class DbtCallException extends RuntimeException {
    final String what;
    final String fix;

    DbtCallException(String what, String fix) {
      super(what);
      this.what = what;
      this.fix = fix;
    }
  }

  // ---- functions (static: jinjava calls them through EL)

  private static Render current() {
    Render r = CURRENT.get();
    if (r == null) {
      throw new DbtCallException("ref/source/config used outside a model", "call them inside a model or a macro a model calls");
    }
    return r;
  }

  private static List<Object> positional(Object[] args) {
    List<Object> out = new ArrayList<>();
    if (args != null) {
      for (Object a : args) {
        if (!(a instanceof NamedParameter)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  private static Map<String, Object> named(Object[] args) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (args != null) {
      for (Object a : args) {
        if (a instanceof NamedParameter p) {
          out.put(p.getName(), p.getValue());
        }
      }
    }
    return out;
  }

  public static String ref(Object... args) {
    List<Object> p = positional(args);
    if (p.isEmpty()) {
      throw new DbtCallException("ref() needs a model name", "write {{ ref('model_name') }}");
    }
    String name = String.valueOf(p.get(p.size() - 1));
    Render r = current();
    if (!r.node.refs.contains(name)) {
      r.node.refs.add(name);
    }
    String rel = r.refResolver.apply(name);
    if (rel.startsWith("__dbt__cte__") && !r.ephemerals.contains(name)) {
      r.ephemerals.add(name);
    }
    return rel;
  }

  public static String source(Object... args) {
    List<Object> p = positional(args);
    if (p.size() != 2) {
      throw new DbtCallException("source() needs a source and a table name", "write {{ source('shop', 'orders') }}");
    }
    Render r = current();
    List<String> pair = List.of(String.valueOf(p.get(0)), String.valueOf(p.get(1)));
    if (!r.node.sources.contains(pair)) {
      r.node.sources.add(pair);
    }
    return r.sourceResolver.apply(pair.get(0) + "." + pair.get(1));
  }

  public static String config(Object... args) {
    Render r = current();
    named(args).forEach((k, v) -> DbtProject.setConfig(r.node, k, v));
    for (Object o : positional(args)) {
      if (o instanceof Map<?, ?> m) {
        m.forEach((k, v) -> DbtProject.setConfig(r.node, String.valueOf(k), v));
      }
    }
    return "";
  }

  public static Object var(Object... args) {
    List<Object> p = positional(args);
    Render r = current();
    String name = String.valueOf(p.isEmpty() ? "" : p.get(0));
    if (r.vars.containsKey(name)) {
      return r.vars.get(name);
    }
    if (p.size() > 1) {
      return p.get(1);
    }
    throw new DbtCallException("var('" + name + "') has no value",
        "set it under vars: in dbt_project.yml, pass --vars '{" + name + ": ...}', or give a default: var('" + name + "', 0)");
  }

  public static Object envVar(Object... args) {
    List<Object> p = positional(args);
    String name = String.valueOf(p.isEmpty() ? "" : p.get(0));
    String v = System.getenv(name);
    if (v != null) {
      return v;
    }
    if (p.size() > 1) {
      return p.get(1);
    }
    throw new DbtCallException("env_var('" + name + "') is not set", "set the environment variable or give a default: env_var('" + name + "', 'x')");
  }

  public static String log(Object... args) {
    List<Object> p = positional(args);
    Render r = CURRENT.get();
    if (r != null && !p.isEmpty()) {
      r.log.add(String.valueOf(p.get(0)));
    }
    return "";
  }

  public static boolean isIncremental() {
    Render r = current();
    return r.incremental;
  }
}
