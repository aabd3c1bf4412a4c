package io.goalrank.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in metric columns of result tables. Labels carry the cut-off ({@code H@6} for K = 6); list
 * utilities ({@code reward}, {@code true-utility}) add further columns named by {@link
 * io.goalrank.core.ListUtility#name()}. Every column is "higher is better".
 */
public enum MetricName {
  HIT_ANY("H@%d"),
  HIT_RATIO("H@%dr"),
  NDCG("N@%d"),
  MAP("M@%d"),
  F1("F1@%d"),
  AUC("AUC");

  private final String pattern;

  MetricName(String pattern) {
    this.pattern = pattern;
  }

  /** The table label at cut-off {@code k}, e.g. {@code N@6}. */
  public String label(int k) {
    return pattern.contains("%d") ? String.format(pattern, k) : pattern;
  }

  /** The label at the paper's K = 6. */
  public String label() {
    return label(ListMetrics.DEFAULT_K);
  }

  /** The ordered column labels: the built-in metrics at {@code k}, then {@code extras} (utility names). */
  public static List<String> columns(int k, List<String> extras) {
    List<String> out = new ArrayList<>();
    for (MetricName m : values()) {
      out.add(m.label(k));
    }
    out.addAll(extras);
    return out;
  }
}
