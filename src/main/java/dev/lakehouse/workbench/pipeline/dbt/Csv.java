package dev.lakehouse.workbench.pipeline.dbt;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV (quoted fields, doubled quotes), enough for dbt seeds. */
final class Csv {

  private Csv() {}

  static List<List<String>> read(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        row.add(f.toString());
        f.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || f.length() > 0) {
          row.add(f.toString());
          rows.add(row);
        }
        row = new ArrayList<>();
        f.setLength(0);
        any = false;
      } else {
        f.append(c);
        any = true;
      }
    }
    if (any || f.length() > 0) {
      row.add(f.toString());
      rows.add(row);
    }
    return rows;
  }
}
