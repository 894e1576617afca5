package dev.lakehouse.workbench.sql.spark;

/** Spark's datetime patterns ({@code yyyy-MM-dd HH:mm:ss}) as the engine's strftime/strptime formats. */
final class SparkDatetime {

  private SparkDatetime() {}

  static String format(String pattern, String fn) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        int e = i + 1;
        StringBuilder lit = new StringBuilder();
        while (e < n) {
          if (pattern.charAt(e) == '\'') {
            if (e + 1 < n && pattern.charAt(e + 1) == '\'') {
              lit.append('\'');
              e += 2;
              continue;
            }
            break;
          }
          lit.append(pattern.charAt(e));
          e++;
        }
        if (e == i + 1 && lit.length() == 0) {
          out.append('\'');
        } else {
          out.append(lit.toString().replace("%", "%%"));
        }
        i = e + 1;
        continue;
      }
      if (!Character.isLetter(c)) {
        out.append(c == '%' ? "%%" : String.valueOf(c));
        i++;
        continue;
      }
      int run = 1;
      while (i + run < n && pattern.charAt(i + run) == c) {
        run++;
      }
      out.append(letter(c, run, pattern, fn));
      i += run;
    }
    return out.toString();
  }

  private static String letter(char c, int run, String pattern, String fn) {
    switch (c) {
      case 'y': case 'u': return run == 2 ? "%y" : "%Y";
      case 'M': case 'L': return run == 1 ? "%-m" : run == 2 ? "%m" : run == 3 ? "%b" : "%B";
      case 'd': return run == 1 ? "%-d" : "%d";
      case 'D': return run == 3 ? "%j" : "%-j";
      case 'H': return run == 1 ? "%-H" : "%H";
      case 'h': return run == 1 ? "%-I" : "%I";
      case 'm': return run == 1 ? "%-M" : "%M";
      case 's': return run == 1 ? "%-S" : "%S";
      case 'S':
        if (run == 3) {
          return "%g";
        }
        if (run == 6) {
          return "%f";
        }
        if (run == 9) {
          return "%n";
        }
        break;
      case 'a': return "%p";
      case 'E': return run <= 3 ? "%a" : "%A";
      case 'z': case 'V': return "%Z";
      case 'Z': case 'X': case 'x': return "%z";
      default:
        break;
    }
    throw SparkErrors.unsupportedArgument(fn, "the pattern letter '" + String.valueOf(c).repeat(run) + "' (in '" + pattern + "')",
        "use y, M, d, H, h, m, s, SSS, a, E and quoted text");
  }
}
