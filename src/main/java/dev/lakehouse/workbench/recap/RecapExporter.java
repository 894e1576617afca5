package dev.lakehouse.workbench.recap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 *
 * <p>It never destroys what it should not: a target inside the data folder (the lake, the progress
 * database), anything that is not a regular file (a device, a folder, a symbolic link) is refused, and
 * an existing file is replaced only when the caller says so. The temporary file is created exclusively,
 * under a random name, so a planted link cannot redirect the write.
 */
public final class RecapExporter {

  private final RecapService service;
  private final Path protectedFolder;
  private final MarkdownRecapWriter markdown = new MarkdownRecapWriter();
  private final HtmlRecapWriter html = new HtmlRecapWriter();
  private final PdfRecapWriter pdf = new PdfRecapWriter();

  public RecapExporter(RecapService service) {
    this(service, null);
  }

  /** An exporter that refuses to write anywhere inside {@code protectedFolder} (the data folder). */
  public RecapExporter(RecapService service, Path protectedFolder) {
    this.service = service;
    this.protectedFolder = protectedFolder == null ? null : real(protectedFolder);
  }

  /** Writes the recap of {@code scope} to {@code out}, a new file, and returns {@code out}. */
  public Path export(RecapScope scope, RecapFormat format, Path out, ExportListener listener) {
    return export(scope, format, out, false, listener);
  }

  /** Whether a regular file is already at {@code out} (the app asks before replacing it). */
  public static boolean exists(Path out) {
    return Files.exists(out, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Checks that a recap may be written to {@code out}: its folder exists, it is outside the data
   * folder, and it is nothing but a regular file, which {@code replace} allows to be replaced.
   */
  public void checkTarget(Path out, boolean replace) {
    Path target = real(out);
    if (protectedFolder != null && target.startsWith(protectedFolder)) {
      throw RecapException.insideDataFolder(out, protectedFolder);
    }
    Path folder = out.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw RecapException.noFolder(out, folder);
    }
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
        throw RecapException.notARegularFile(out, Files.isSymbolicLink(out) ? "a symbolic link"
            : Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "a device or another special file");
      }
      if (!replace) {
        throw RecapException.exists(out);
      }
    }
  }

  /** The path with the real path of its folder (links resolved), so a link cannot hide the data folder. */
  private static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    try {
      return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
    } catch (IOException e) {
      return abs;
    }
  }

  /** Writes the recap, replacing an existing regular file at {@code out} only when {@code replace}. */
  public Path export(RecapScope scope, RecapFormat format, Path out, boolean replace, ExportListener listener) {
    checkTarget(out, replace);
    int total = format == RecapFormat.PDF ? 7 : 6;
    int step = 0;
    step(listener, step++, total, "Reading your record");
    Recap recap = service.build(scope);
    step(listener, step++, total, "Watching the tables you monitor");
    List<TableWatch> watched = service.health(scope);
    step(listener, step++, total, "Drawing the progress chart");
    List<RecapCharts.Chart> charts = new ArrayList<>();
    charts.add(RecapCharts.progress(recap));
    step(listener, step++, total, "Drawing the activity heatmap");
    charts.add(RecapCharts.heatmap(recap));
    step(listener, step++, total, "Drawing the lab checks chart");
    charts.add(RecapCharts.checks(recap));
    for (TableWatch w : watched) {
      charts.add(RecapCharts.health(w));
      RecapCharts.Chart pass = RecapCharts.passRates(w);
      if (pass != null) {
        charts.add(pass);
      }
    }
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
      if (Files.isSymbolicLink(folder) || Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder)) {
        throw RecapException.notARegularFile(folder, "not a plain folder for the charts");
      }
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
      // exclusive and random: never an existing file, never a link planted at a predictable name
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
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
