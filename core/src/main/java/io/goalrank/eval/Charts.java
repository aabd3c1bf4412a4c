package io.goalrank.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * PNG charts for reports (XChart, headless). Files are written exactly at the given path, atomically: the
 * chart is encoded to a stream, because {@code BitmapEncoder.saveBitmap(chart, String, ...)} appends ".png" to
 * names that lack it.
 */
public final class Charts {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private Charts() {}

  /** A bar per policy (in map order) with optional error bars; {@code stds} may be null or miss entries. */
  public static void barChart(Path png, String title, Map<String, Double> means, Map<String, Double> stds)
      throws IOException {
    headless();
    if (means.isEmpty()) {
      throw new IllegalArgumentException("No bars to draw");
    }
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
    List<String> names = new ArrayList<>(means.keySet());
    List<Double> ys = new ArrayList<>();
    List<Double> errs = new ArrayList<>();
    boolean anyErr = false;
    for (String n : names) {
      ys.add(means.get(n));
      Double e = stds == null ? null : stds.get(n);
      boolean has = e != null && !e.isNaN();
      anyErr |= has;
      errs.add(has ? e : 0.0);
    }
    if (anyErr) {
      chart.addSeries(title, names, ys, errs);
    } else {
      chart.addSeries(title, names, ys);
    }
    chart.getStyler().setLegendVisible(false);
    // XChart drops category labels that would overlap; upright labels keep every bar named (Table 1 has ~18)
    if (names.size() > 8) {
      chart.getStyler().setXAxisLabelRotation(90);
      chart.getStyler().setXAxisMaxLabelCount(names.size());
      chart.getStyler().setXAxisTickMarkSpacingHint(10);
    }
    save(chart, png);
  }

  /**
   * Bar charts of one run's results table, one per metric: {@code dir/results-<metric>.png} (e.g.
   * {@code results-N@6.png}), a bar per policy in table order. A metric no policy has is skipped, as is a policy
   * whose mean is undefined (NaN).
   *
   * @return the files written, in {@code metrics} order
   */
  public static List<Path> resultCharts(Path dir, List<EvaluationResult> results, List<String> metrics)
      throws IOException {
    List<Path> written = new ArrayList<>();
    for (String metric : metrics) {
      Map<String, Double> means = new LinkedHashMap<>();
      int requests = 0;
      for (EvaluationResult r : results) {
        Double v = r.means().get(metric);
        if (v != null && !v.isNaN()) {
          means.put(r.policy(), v);
          requests = Math.max(requests, r.evaluated());
        }
      }
      if (!means.isEmpty()) {
        Path png = dir.resolve("results-" + metric + ".png");
        barChart(png, metric + ", mean over " + requests + " requests", means, null);
        written.add(png);
      }
    }
    return written;
  }

  /**
   * One line per series: {@code name → {xs, ys}} or {@code {xs, ys, yErr}}. With {@code logX} the x axis is
   * logarithmic (all xs must then be positive).
   */
  public static void lineChart(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series,
      boolean logX) throws IOException {
    headless();
    if (series.isEmpty()) {
      throw new IllegalArgumentException("No series to draw");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).build();
    chart.getStyler().setXAxisLogarithmic(logX);
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      double[][] s = e.getValue();
      if (s.length < 2 || s[0].length != s[1].length || (s.length > 2 && s[2] != null && s[2].length != s[0].length)) {
        throw new IllegalArgumentException("Series " + e.getKey() + " needs xs, ys (and yErr) of equal length");
      }
      if (logX) {
        for (double x : s[0]) {
          if (!(x > 0)) {
            throw new IllegalArgumentException("Series " + e.getKey() + " has x = " + x + " on a log axis");
          }
        }
      }
      if (s.length > 2 && s[2] != null) {
        chart.addSeries(e.getKey(), s[0], s[1], s[2]);
      } else {
        chart.addSeries(e.getKey(), s[0], s[1]);
      }
    }
    save(chart, png);
  }

  private static void save(IChart chart, Path png) throws IOException {
    AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
  }

  private static void headless() {
    System.setProperty("java.awt.headless", "true");
  }
}
