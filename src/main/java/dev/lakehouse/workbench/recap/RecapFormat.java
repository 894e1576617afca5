package dev.lakehouse.workbench.recap;

import java.util.Locale;

/** The formats a recap is exported in. */
public enum RecapFormat {
  MD("md"),
  HTML("html"),
  PDF("pdf");

  private final String extension;

  RecapFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** {@code md}, {@code html} or {@code pdf}, any case. */
  public static RecapFormat parse(String s) {
    for (RecapFormat f : values()) {
      if (f.extension.equals(s.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw RecapException.badFormat(s);
  }
}
