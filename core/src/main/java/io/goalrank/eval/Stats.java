package io.goalrank.eval;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.TTest;

/** Means, standard deviations and the paired t-test used to compare policies. */
public final class Stats {
  private Stats() {}

  /** Arithmetic mean; NaN for an empty array. */
  public static double mean(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  /** Mean over the non-NaN entries (AUC is NaN where undefined); NaN when none is left. */
  public static double meanIgnoringNaN(double[] xs) {
    double s = 0;
    int n = 0;
    for (double x : xs) {
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** Sample standard deviation (n − 1 denominator); NaN for fewer than two values. */
  public static double std(double[] xs) {
    if (xs.length < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (xs.length - 1));
  }

  /**
   * Two-sided p-value of the paired t-test of {@code a} against {@code b}. Pairs where either value is NaN are
   * dropped. NaN when fewer than two pairs remain. When every difference is the same the test statistic is
   * undefined; we return 1 if that difference is 0 (identical) and 0 otherwise (a constant shift).
   */
  public static double pairedTTest(double[] a, double[] b) {
    double[][] xy = pairs(a, b);
    if (xy[0].length < 2) {
      return Double.NaN;
    }
    if (constantDifference(xy)) {
      return xy[0][0] == xy[1][0] ? 1.0 : 0.0;
    }
    return new TTest().pairedTTest(xy[0], xy[1]);
  }

  /**
   * The paired t statistic of {@code a} against {@code b}: mean(a − b) / (sd(a − b) / √n), over the pairs where
   * neither value is NaN. NaN when fewer than two pairs remain; when every difference is the same it is 0 for
   * identical samples and ±∞ for a constant shift (matching {@link #pairedTTest}'s p of 1 and 0).
   */
  public static double pairedTStatistic(double[] a, double[] b) {
    double[][] xy = pairs(a, b);
    if (xy[0].length < 2) {
      return Double.NaN;
    }
    if (constantDifference(xy)) {
      double d = xy[0][0] - xy[1][0];
      return d == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, d);
    }
    return new TTest().pairedT(xy[0], xy[1]);
  }

  /** Number of pairs where neither value is NaN. */
  public static int pairCount(double[] a, double[] b) {
    return pairs(a, b)[0].length;
  }

  private static double[][] pairs(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("Paired samples differ in length: " + a.length + " vs " + b.length);
    }
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        pairs.add(new double[] {a[i], b[i]});
      }
    }
    double[] x = new double[pairs.size()];
    double[] y = new double[pairs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = pairs.get(i)[0];
      y[i] = pairs.get(i)[1];
    }
    return new double[][] {x, y};
  }

  private static boolean constantDifference(double[][] xy) {
    double[] x = xy[0];
    double[] y = xy[1];
    for (int i = 1; i < x.length; i++) {
      if ((x[i] - y[i]) != (x[0] - y[0])) {
        return false;
      }
    }
    return true;
  }
}
