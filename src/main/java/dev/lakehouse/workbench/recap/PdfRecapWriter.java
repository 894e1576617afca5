package dev.lakehouse.workbench.recap;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A recap as PDF: the same XHTML page as {@link HtmlRecapWriter}, laid out by openhtmltopdf on
 * PDFBox. The learner's text arrives here already escaped, so it prints as text.
 */
public final class PdfRecapWriter {

  public PdfRecapWriter() {
    // openhtmltopdf logs its progress to java.util.logging at INFO; the command line's stderr is for errors
    XRLog.setLoggingEnabled(false);
  }

  public byte[] write(String xhtml) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml, null);
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw RecapException.renderFailed("PDF", e);
    }
  }
}
