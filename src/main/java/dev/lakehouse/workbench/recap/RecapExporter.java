package dev.lakehouse.workbench.recap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a recap to a file, step by step, telling an {@link ExportListener} how far it got and
 * stopping between steps when it asks. The file appears whole or not at all (written beside the
 * target, then moved). A Markdown recap's charts go into a folder beside it, {@code <name>-charts/}.
 */
public final class RecapExporter {

  private final RecapService service;
  private final MarkdownRecapWriter markdown = new MarkdownRecapWriter();
  private final HtmlRecapWriter html = new HtmlRecapWriter();
  private final PdfRecapWriter pdf = new PdfRecapWriter();

  public RecapExporter(RecapService service) {
    this.service = service;
  }

  /** Writes the recap of {@code scope} to {@code out} and returns {@code out}. */
  public Path export(RecapScope scope, RecapFormat format, Path out, ExportListener listener) {
    Path folder = out.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw RecapException.noFolder(out, folder);
    }
    int total = format == RecapFormat.PDF ? 6 : 5;
    int step = 0;
    step(listener, step++, total, "Reading your record");
    Recap recap = service.build(scope);
    step(listener, step++, total, "Drawing the progress chart");
    List<RecapCharts.Chart> charts = new ArrayList<>();
    charts.add(RecapCharts.progress(recap));
    step(listener, step++, total, "Drawing the activity heatmap");
    charts.add(RecapCharts.heatmap(recap));
    step(listener, step++, total, "Drawing the lab checks chart");
    charts.add(RecapCharts.checks(recap));
    step(listener, step++, total, "Writing " + out.getFileName());
    Path target = out.toAbsolutePath();
    switch (format) {
      case MD -> writeMarkdown(recap, charts, target);
      case HTML -> write(target, html.write(recap, charts).getBytes(StandardCharsets.UTF_8));
      case PDF -> {
        String page = html.write(recap, charts);
        step(listener, step++, total, "Laying out the PDF");
        write(target, pdf.write(page));
      }
    }
    listener.progress(total, total, "Recap written to " + out);
    return out;
  }

  private void writeMarkdown(Recap recap, List<RecapCharts.Chart> charts, Path target) {
    String stem = target.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path folder = target.resolveSibling(stem + "-charts");
    Map<String, String> links = new LinkedHashMap<>();
    Map<String, String> captions = new LinkedHashMap<>();
    try {
      Files.createDirectories(folder);
      for (RecapCharts.Chart c : charts) {
        write(folder.resolve(c.id() + ".png"), c.png());
        links.put(c.id(), folder.getFileName() + "/" + c.id() + ".png");
        captions.put(c.id(), c.caption());
      }
    } catch (IOException e) {
      throw RecapException.cannotWrite(folder, e);
    }
    write(target, markdown.write(recap, links, captions).getBytes(StandardCharsets.UTF_8));
  }

  private static void step(ExportListener listener, int done, int total, String message) {
    if (listener.cancelled()) {
      throw RecapException.cancelledByUser();
    }
    listener.progress(done, total, message);
  }

  private static void write(Path target, byte[] bytes) {
    Path tmp = null;
    try {
      tmp = target.resolveSibling("." + target.getFileName() + ".part");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temp file is hidden and harmless; the error that matters is reported below
        }
      }
      throw RecapException.cannotWrite(target, e);
    }
  }
}
