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
    if (a.length != b.length) {
      throw new IllegalArgumentException("Paired samples differ in length: " + a.length + " vs " + b.length);
    }
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        pairs.add(new double[] {a[i], b[i]});
      }
    }
    if (pairs.size() < 2) {
      return Double.NaN;
    }
    double[] x = new double[pairs.size()];
    double[] y = new double[pairs.size()];
    boolean constant = true;
    for (int i = 0; i < x.length; i++) {
      x[i] = pairs.get(i)[0];
      y[i] = pairs.get(i)[1];
      constant &= (x[i] - y[i]) == (x[0] - y[0]);
    }
    if (constant) {
      return x[0] == y[0] ? 1.0 : 0.0;
    }
    return new TTest().pairedTTest(x, y);
  }
}
