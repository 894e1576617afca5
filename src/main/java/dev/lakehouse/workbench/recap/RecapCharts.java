package dev.lakehouse.workbench.recap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The recap's charts, drawn by JFreeChart into PNG images (headless: no window, no toolkit).
 * Each is a pure function of the {@link Recap}.
 */
public final class RecapCharts {

  /** One chart: a file-name-safe id, a caption and the PNG bytes. */
  public record Chart(String id, String caption, byte[] png) {}

  private static final int WIDTH = 720;
  /** The heatmap shows at least this many dates, the length of the plan plus a few. */
  private static final int MIN_HEATMAP_DAYS = 35;
  private static final int HEIGHT = 260;
  private static final Color ACCENT = new Color(0x1f, 0x6f, 0xeb);
  private static final Color GRID = new Color(0xd0, 0xd7, 0xde);
  private static final Color ALERT = new Color(0xd1, 0x24, 0x2f);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private RecapCharts() {}

  /** Days done, cumulative, by plan day order of completion date. */
  public static Chart progress(Recap r) {
    TreeMap<LocalDate, Integer> doneOn = new TreeMap<>();
    for (RecapDay d : r.days()) {
      if (d.done() && d.doneAt() != null) {
        doneOn.merge(d.doneAt().atZone(r.zone()).toLocalDate(), 1, Integer::sum);
      }
    }
    XYSeries series = new XYSeries("days done");
    LocalDate first = doneOn.isEmpty() ? null : doneOn.firstKey();
    int total = 0;
    series.add(0, 0);
    for (Map.Entry<LocalDate, Integer> e : doneOn.entrySet()) {
      total += e.getValue();
      series.add(ChronoUnit.DAYS.between(first, e.getKey()) + 1, total);
    }
    XYPlot plot = new XYPlot(new XYSeriesCollection(series),
        new NumberAxis(first == null ? "days since the first day done" : "days since " + first.minusDays(1)),
        new NumberAxis("plan days done"), new XYStepRenderer());
    ((NumberAxis) plot.getRangeAxis()).setRange(0, Math.max(1, r.days().size()));
    plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot.getRenderer().setSeriesPaint(0, ACCENT);
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(2.5f));
    return new Chart("progress", "Progress: plan days done over the calendar",
        png(chart("Progress over the days", plot)));
  }

  /** A calendar heatmap: one cell per date (columns are weeks, rows Monday to Sunday), darker = more activity. */
  public static Chart heatmap(Recap r) {
    Map<LocalDate, Integer> activity = r.activity();
    LocalDate end = r.generatedAt().atZone(r.zone()).toLocalDate();
    LocalDate start = activity.isEmpty() ? end.minusDays(27) : ((TreeMap<LocalDate, Integer>) new TreeMap<>(activity)).firstKey();
    if (start.isAfter(end.minusDays(MIN_HEATMAP_DAYS - 1))) {
      start = end.minusDays(MIN_HEATMAP_DAYS - 1);
    }
    start = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    int weeks = (int) (ChronoUnit.DAYS.between(start, end) / 7) + 1;
    int n = weeks * 7;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      LocalDate d = start.plusDays(i);
      x[i] = i / 7;
      y[i] = 6 - (i % 7);
      z[i] = d.isAfter(end) ? -1 : activity.getOrDefault(d, 0);
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("activity", new double[][] {x, y, z});
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(0.9);
    renderer.setBlockHeight(0.9);
    LookupPaintScale scale = new LookupPaintScale(-1, 1000, Color.WHITE);
    scale.add(-1, Color.WHITE);
    scale.add(0, new Color(0xeb, 0xed, 0xf0));
    scale.add(1, new Color(0x9b, 0xe9, 0xa8));
    scale.add(4, new Color(0x40, 0xc4, 0x63));
    scale.add(10, new Color(0x30, 0xa1, 0x4e));
    scale.add(20, new Color(0x21, 0x6e, 0x39));
    renderer.setPaintScale(scale);
    List<String> weekLabels = new ArrayList<>();
    for (int w = 0; w < weeks; w++) {
      weekLabels.add(start.plusWeeks(w).toString().substring(5));
    }
    SymbolAxis xAxis = new SymbolAxis("week of", weekLabels.toArray(String[]::new));
    SymbolAxis yAxis = new SymbolAxis(null, new String[] {"Sun", "Sat", "Fri", "Thu", "Wed", "Tue", "Mon"});
    xAxis.setGridBandsVisible(false);
    yAxis.setGridBandsVisible(false);
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    return new Chart("heatmap", "Study activity per date (events in the log)",
        png(chart("Study activity", plot)));
  }

  /** Lab checks passed and total per plan day that has lab evidence. */
  public static Chart checks(Recap r) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RecapDay d : r.days()) {
      int passed = 0;
      int total = 0;
      for (LabEvidence e : d.evidence()) {
        passed += e.checksPassed();
        total += e.checksTotal();
      }
      data.addValue(passed, "checks passed", "Day " + d.day());
      data.addValue(total - passed, "checks not passed", "Day " + d.day());
    }
    CategoryPlot plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(),
        new NumberAxis("checks"), new org.jfree.chart.renderer.category.StackedBarRenderer());
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setLowerBound(0);
    ((NumberAxis) plot.getRangeAxis()).setUpperBound(Math.max(1, plot.getRangeAxis().getUpperBound()));
    plot.getDomainAxis().setCategoryLabelPositions(
        org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, new Color(0x2d, 0xa4, 0x4e));
    renderer.setSeriesPaint(1, new Color(0xcf, 0x22, 0x2e));
    return new Chart("checks", "Lab checks passed per day", png(chart("Lab checks passed", plot)));
  }

  /**
   * A watched table's health as the observability view draws it: rows per batch day against the
   * expected band (shaded), alerted days in red, and below it how many hours late each batch landed.
   */
  public static Chart health(TableWatch w) {
    XYSeries rows = new XYSeries("rows");
    XYSeries alerted = new XYSeries("alerted");
    org.jfree.data.xy.YIntervalSeries band = new org.jfree.data.xy.YIntervalSeries("expected band");
    XYSeries onTime = new XYSeries("hours late");
    XYSeries late = new XYSeries("late (alerted)");
    for (TableWatch.Day d : w.days()) {
      double x = d.day().atTime(12, 0).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      long n = d.rows() == null ? 0 : d.rows();
      rows.add(x, n);
      if (d.volumeAlert()) {
        alerted.add(x, n);
      }
      if (d.low() != null && d.high() != null) {
        band.add(x, (d.low() + d.high()) / 2, d.low(), d.high());
      }
      (d.freshnessAlert() ? late : onTime).add(x, d.lagHours());
    }
    org.jfree.chart.axis.DateAxis dates = new org.jfree.chart.axis.DateAxis("batch day");
    dates.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
    dates.setDateFormatOverride(utc(new java.text.SimpleDateFormat("MM-dd", java.util.Locale.ROOT)));
    org.jfree.chart.plot.CombinedDomainXYPlot plot = new org.jfree.chart.plot.CombinedDomainXYPlot(dates);
    plot.setGap(8);

    XYPlot volume = new XYPlot();
    volume.setRangeAxis(new NumberAxis("rows"));
    org.jfree.chart.renderer.xy.XYLineAndShapeRenderer line = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
    line.setSeriesPaint(0, ACCENT);
    line.setSeriesStroke(0, new BasicStroke(2f));
    line.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    volume.setDataset(1, new XYSeriesCollection(rows));
    volume.setRenderer(1, line);
    org.jfree.chart.renderer.xy.XYLineAndShapeRenderer dots = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(false, true);
    dots.setSeriesPaint(0, ALERT);
    dots.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
    volume.setDataset(0, new XYSeriesCollection(alerted));
    volume.setRenderer(0, dots);
    org.jfree.chart.renderer.xy.DeviationRenderer shade = new org.jfree.chart.renderer.xy.DeviationRenderer(true, false);
    shade.setSeriesPaint(0, new Color(0x8c, 0x95, 0x9f));
    shade.setSeriesFillPaint(0, new Color(0x8c, 0x95, 0x9f));
    shade.setAlpha(0.25f);
    shade.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
    org.jfree.data.xy.YIntervalSeriesCollection bands = new org.jfree.data.xy.YIntervalSeriesCollection();
    bands.addSeries(band);
    volume.setDataset(2, bands);
    volume.setRenderer(2, shade);
    // the band first, then the rows, the alerted days on top
    volume.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);

    XYPlot lateness = new XYPlot();
    lateness.setRangeAxis(new NumberAxis("hours late"));
    XYSeriesCollection bars = new XYSeriesCollection();
    bars.addSeries(onTime);
    bars.addSeries(late);
    bars.setIntervalWidth(0.8 * 86_400_000);
    org.jfree.chart.renderer.xy.XYBarRenderer bar = new org.jfree.chart.renderer.xy.XYBarRenderer();
    bar.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    bar.setShadowVisible(false);
    bar.setSeriesPaint(0, new Color(0x8c, 0x95, 0x9f));
    bar.setSeriesPaint(1, ALERT);
    lateness.setDataset(bars);
    lateness.setRenderer(bar);
    for (XYPlot p : List.of(volume, lateness)) {
      p.setBackgroundPaint(Color.WHITE);
      p.setDomainGridlinePaint(GRID);
      p.setRangeGridlinePaint(GRID);
    }
    plot.add(volume, 3);
    plot.add(lateness, 1);
    long alertedDays = w.days().stream().filter(d -> d.volumeAlert() || d.freshnessAlert()).count();
    String title = "Health of " + w.table();
    JFreeChart c = chart(title, plot);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, c, WIDTH, 380);
      return new Chart("health-" + w.table().replaceAll("[^A-Za-z0-9]+", "-"), w.table() + ": rows per batch day against "
          + "the expected band, and hours late; " + alertedDays + (alertedDays == 1 ? " day" : " days") + " alerted ("
          + w.monitors() + ")", out.toByteArray());
    } catch (IOException | RuntimeException e) {
      throw RecapException.renderFailed("chart '" + title + "'", e);
    }
  }

  /** The pass rate of each recorded validation run of a watched table; null when it has none. */
  public static Chart passRates(TableWatch w) {
    if (w.passRates().isEmpty()) {
      return null;
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (TableWatch.Pass p : w.passRates()) {
      data.addValue(p.percent(), "pass rate", p.label());
    }
    CategoryPlot plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(), new NumberAxis("% of expectations passed"),
        new org.jfree.chart.renderer.category.LineAndShapeRenderer(true, true));
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 105);
    plot.getRenderer().setSeriesPaint(0, new Color(0x2d, 0xa4, 0x4e));
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
    plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    return new Chart("quality-" + w.table().replaceAll("[^A-Za-z0-9]+", "-"),
        w.table() + ": pass rate of each recorded validation", png(chart("Validation pass rate of " + w.table(), plot)));
  }

  private static java.text.DateFormat utc(java.text.DateFormat f) {
    f.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
    return f;
  }

  /** All three, in the order the recap shows them. */
  public static List<Chart> all(Recap r) {
    return List.of(progress(r), heatmap(r), checks(r));
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
    JFreeChart c = new JFreeChart(title, TITLE, plot, plot instanceof CategoryPlot);
    c.setBackgroundPaint(Color.WHITE);
    c.setTitle(new TextTitle(title, TITLE));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(GRID);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
    } else if (plot instanceof CategoryPlot cp) {
      cp.setRangeGridlinePaint(GRID);
    }
    return c;
  }

  private static byte[] png(JFreeChart chart) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw RecapException.renderFailed("chart '" + chart.getTitle().getText() + "'", e);
    }
  }
}
