package io.goalrank.bench;

import java.util.Arrays;

/**
 * Percentiles of measured latencies (nearest-rank: p-th percentile is the smallest value with at least p% of the
 * samples at or below it), in milliseconds.
 */
public record LatencyStats(int count, double p50, double p99, double mean, double max) {

  public static LatencyStats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    double sum = 0;
    for (long v : s) {
      sum += v;
    }
    return new LatencyStats(s.length, percentile(s, 50) / 1e6, percentile(s, 99) / 1e6, sum / s.length / 1e6,
        s[s.length - 1] / 1e6);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** p99 over p50: the tail ratio the serving target bounds. */
  public double tailRatio() {
    return p99 / p50;
  }
}
