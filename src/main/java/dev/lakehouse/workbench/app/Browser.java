package dev.lakehouse.workbench.app;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Opens a web link in the system browser, the way the desktop would. */
final class Browser {

  private Browser() {}

  static void open(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("mailto:")) {
      return;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command;
    if (os.contains("win")) {
      command = List.of("rundll32", "url.dll,FileProtocolHandler", url);
    } else if (os.contains("mac")) {
      command = List.of("open", url);
    } else {
      command = List.of("xdg-open", url);
    }
    try {
      new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      System.err.println("error: cannot open " + url + " in a browser: " + e.getMessage() + ". Copy the link instead.");
    }
  }
}
