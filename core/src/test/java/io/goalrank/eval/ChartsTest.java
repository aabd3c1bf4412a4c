package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  private static void assertPng(Path p) throws Exception {
    assertTrue(Files.size(p) > 0, p + " is empty");
    BufferedImage img = ImageIO.read(p.toFile());
    assertNotNull(img, p + " is not a decodable image");
    assertEquals(800, img.getWidth());
    assertEquals(500, img.getHeight());
  }

  @Test
  void theDemosResultChartsHaveOneBarPerPolicyAndSkipAMissingMetric(@TempDir Path dir) throws Exception {
    List<EvaluationResult> results = List.of(
        new EvaluationResult("mf-order", Map.of("N@6", 0.30, "true-utility", 1.62), Map.of(), 170, 0, 1),
        new EvaluationResult("goalrank", Map.of("N@6", 0.31, "true-utility", 1.63), Map.of(), 170, 0, 1));
    List<Path> written = Charts.resultCharts(dir, results, List.of("true-utility", "N@6", "absent"));
    assertEquals(List.of(dir.resolve("results-true-utility.png"), dir.resolve("results-N@6.png")), written);
    for (Path p : written) {
      assertPng(p);
    }
  }

  @Test
  void barChartWithErrorBarsAtTheExactPath(@TempDir Path dir) throws Exception {
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("goalrank", 0.62);
    means.put("mf-order", 0.50);
    means.put("random", 0.10);
    Path png = dir.resolve("sub/bars.png");
    Charts.barChart(png, "N@6", means, Map.of("goalrank", 0.01, "mf-order", 0.02));
    assertPng(png);
    assertFalse(Files.exists(dir.resolve("sub/bars.png.png")));
    // a name without the extension is still written exactly there
    Path odd = dir.resolve("bars-no-ext");
    Charts.barChart(odd, "N@6", means, null);
    assertPng(odd);
    assertFalse(Files.exists(dir.resolve("bars-no-ext.png")));
  }

  @Test
  void lineChartLogXWithAndWithoutErrors(@TempDir Path dir) throws Exception {
    Map<String, double[][]> series = new LinkedHashMap<>();
    series.put("goalrank", new double[][] {{1e3, 1e4, 1e5}, {0.5, 0.6, 0.65}, {0.01, 0.01, 0.02}});
    series.put("baseline", new double[][] {{1e3, 1e4, 1e5}, {0.45, 0.5, 0.52}});
    Path png = dir.resolve("scaling.png");
    Charts.lineChart(png, "Scaling", "parameters", "N@6", series, true);
    assertPng(png);
    Map<String, double[][]> bad = Map.of("x", new double[][] {{0, 1}, {1, 2}});
    assertThrows(IllegalArgumentException.class,
        () -> Charts.lineChart(dir.resolve("bad.png"), "t", "x", "y", bad, true));
    Charts.lineChart(dir.resolve("lin.png"), "t", "x", "y", bad, false);
    assertPng(dir.resolve("lin.png"));
  }
}
