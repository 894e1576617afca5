package dev.lakehouse.workbench.recap;

import java.util.Locale;

/**
 * Text made safe for a printed page. Unicode non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, the last
 * two of every plane) and control characters XML forbids are dropped: one of them in a note would
 * otherwise stop the whole PDF. Emoji, which the embedded text fonts do not draw (they printed as
 * '#'), become their Unicode name in brackets, e.g. {@code [rocket]}; joiners, variation selectors and
 * skin-tone modifiers that only shape an emoji are dropped, and a flag becomes {@code [flag FR]}.
 */
final class PrintableText {

  private PrintableText() {}

  static String of(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isNonCharacter(cp) || cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' || cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      if (cp == 0x200D || cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0x1F3FB && cp <= 0x1F3FF || cp == 0x20E3) {
        continue;
      }
      if (isRegionalIndicator(cp)) {
        int next = i < s.length() ? s.codePointAt(i) : -1;
        if (isRegionalIndicator(next)) {
          i += Character.charCount(next);
          out.append("[flag ").append((char) ('A' + cp - 0x1F1E6)).append((char) ('A' + next - 0x1F1E6)).append(']');
        }
        continue;
      }
      if (isEmoji(cp)) {
        String name = Character.getName(cp);
        out.append('[').append(name == null ? "emoji" : name.toLowerCase(Locale.ROOT)).append(']');
        continue;
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  static boolean isNonCharacter(int cp) {
    return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  /** Pictographs beyond the Basic Multilingual Plane's symbol blocks, which text fonts lack. */
  private static boolean isEmoji(int cp) {
    return cp >= 0x1F000 && cp <= 0x1FAFF;
  }
}
