package dev.lakehouse.workbench.common;

/** Escaping for HTML and XHTML pages the app writes (lessons, recaps). */
public final class Html {

  private Html() {}

  /**
   * Escapes text for element content and attribute values, and drops the control characters XML
   * forbids, so text a learner typed can never become markup.
   */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
