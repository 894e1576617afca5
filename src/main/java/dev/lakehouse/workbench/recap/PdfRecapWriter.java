package dev.lakehouse.workbench.recap;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * A recap as PDF: the same XHTML page as {@link HtmlRecapWriter}, laid out by openhtmltopdf on
 * PDFBox. The learner's text arrives here already escaped, so it prints as text.
 *
 * <p>PDF's built-in fonts cover Latin-1 only, so dashes, curly quotes, ✓ or non-Latin names would
 * print as '#'. When the system has a Unicode TrueType font (DejaVu, Noto, Liberation, Arial), it is
 * embedded under the family names the page asks for first.
 */
public final class PdfRecapWriter {

  /** Candidate system fonts: family name used by the page's CSS, then the files to try in order. */
  private static final List<List<String>> FONTS = List.of(
      List.of(HtmlRecapWriter.SANS, "400",
          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
          "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
          "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
          "/Library/Fonts/Arial Unicode.ttf", "C:/Windows/Fonts/arial.ttf"),
      List.of(HtmlRecapWriter.SANS, "700",
          "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
          "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
          "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
          "C:/Windows/Fonts/arialbd.ttf"),
      List.of(HtmlRecapWriter.MONO, "400",
          "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
          "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
          "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
          "C:/Windows/Fonts/consola.ttf"));

  public PdfRecapWriter() {
    // openhtmltopdf logs its progress to java.util.logging at INFO; the command line's stderr is for errors
    XRLog.setLoggingEnabled(false);
  }

  public byte[] write(String xhtml) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      for (List<String> font : FONTS) {
        font.stream().skip(2).map(File::new).filter(File::isFile).findFirst().ifPresent(file ->
            builder.useFont(file, font.get(0), Integer.parseInt(font.get(1)), BaseRendererBuilder.FontStyle.NORMAL, true));
      }
      builder.withHtmlContent(PrintableText.of(xhtml), null);
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw RecapException.renderFailed("PDF", e);
    }
  }
}
