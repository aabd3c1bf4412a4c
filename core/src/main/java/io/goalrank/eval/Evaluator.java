package io.goalrank.eval;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.Split;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link RankingPolicy} over labelled requests and computes the {@link MetricName} metrics and, for each
 * {@link ListUtility}, the mean utility of the policy's lists.
 *
 * <p>Requests without a positive label are excluded from every column, utilities included, so that all columns
 * describe the same requests and two results over the same data pair up request by request. Every list the
 * policy returns is checked (length L, distinct slots in range) and a violation names the policy and request.
 */
public final class Evaluator {
  private final int listLength;
  private final int k;
  private final int batchSize;
  private final List<ListUtility> utilities;
  private final boolean progress;

  /**
   * @param listLength L, the length every list must have
   * @param k the metric cut-off (usually L)
   * @param batchSize requests per policy call when evaluating a dataset split
   * @param utilities list utilities to average over the policy's lists (may be empty)
   * @param progress whether to draw a progress bar on {@code System.err}
   */
  public Evaluator(int listLength, int k, int batchSize, List<ListUtility> utilities, boolean progress) {
    if (listLength <= 0 || k <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException("listLength, k and batchSize must be positive");
    }
    this.listLength = listLength;
    this.k = k;
    this.batchSize = batchSize;
    this.utilities = List.copyOf(utilities);
    this.progress = progress;
  }

  /** The paper's setting: L = K = 6, no utilities, no progress bar. */
  public static Evaluator defaults(int batchSize) {
    return new Evaluator(ListMetrics.DEFAULT_K, ListMetrics.DEFAULT_K, batchSize, List.of(), false);
  }

  /** The column labels results of this evaluator carry, in table order. */
  public List<String> columns() {
    return MetricName.columns(k, utilities.stream().map(ListUtility::name).toList());
  }

  /** Evaluates {@code policy} on the requests of {@code split}. */
  public EvaluationResult evaluate(RankingPolicy policy, PreparedDataset data, Split split) {
    return evaluate(policy, data.batches(data.indices(split), batchSize));
  }

  /** Evaluates {@code policy} on the given labelled batches, in order. */
  public EvaluationResult evaluate(RankingPolicy policy, List<RequestBatch> batches) {
    return evaluate(policy, batches.iterator(), batches.stream().mapToInt(RequestBatch::size).sum());
  }

  /**
   * Evaluates {@code policy} on labelled batches read one at a time (e.g. streamed from a sharded request set,
   * {@code ShardedRequests.batches}), so only the batch being ranked and one row of metrics per request are held.
   *
   * @param total the number of requests, for the progress bar only
   */
  public EvaluationResult evaluate(RankingPolicy policy, java.util.Iterator<RequestBatch> batchStream, int total) {
    Objects.requireNonNull(policy, "policy");
    long start = System.nanoTime();
    List<String> cols = columns();
    Iterable<RequestBatch> batches = () -> batchStream;
    List<double[]> rows = new ArrayList<>(total); // one row of column values per evaluated request
    int excluded = 0;
    int offset = 0;
    // util.Progress: a bar on a terminal, plain lines when standard error is redirected
    try (io.goalrank.util.Progress bar = progress ? io.goalrank.util.Progress.start(policy.name(), total) : null) {
      for (RequestBatch batch : batches) {
        if (!batch.hasLabels()) {
          throw new IllegalArgumentException("Cannot evaluate " + policy.name() + ": batch has no labels");
        }
        RankedLists out = policy.rank(batch, listLength);
        check(policy, batch, out, offset);
        float[][] utilityScores = new float[utilities.size()][];
        for (int u = 0; u < utilities.size(); u++) {
          utilityScores[u] = utilities.get(u).scoreOne(batch, out.lists());
        }
        for (int b = 0; b < batch.size(); b++) {
          float[] labels = batch.labels()[b];
          if (ListMetrics.positives(labels) == 0) {
            excluded++;
            continue;
          }
          float[] scores = out.scores() == null ? null : out.scores()[b];
          ListMetrics.Values v = ListMetrics.all(offset + b, out.lists()[b], labels, scores, k);
          double[] row = new double[cols.size()];
          for (MetricName m : MetricName.values()) {
            row[m.ordinal()] = v.get(m);
          }
          for (int u = 0; u < utilities.size(); u++) {
            row[MetricName.values().length + u] = utilityScores[u][b];
          }
          rows.add(row);
        }
        offset += batch.size();
        if (bar != null) {
          bar.stepBy(batch.size());
        }
      }
    }
    Map<String, double[]> perRequest = new LinkedHashMap<>();
    Map<String, Double> means = new LinkedHashMap<>();
    for (int c = 0; c < cols.size(); c++) {
      double[] column = new double[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        column[r] = rows.get(r)[c];
      }
      perRequest.put(cols.get(c), column);
      means.put(cols.get(c), Stats.meanIgnoringNaN(column));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EvaluationResult(policy.name(), means, perRequest, rows.size(), excluded, seconds);
  }

  private void check(RankingPolicy policy, RequestBatch batch, RankedLists out, int offset) {
    String who = "Policy '" + policy.name() + "'";
    if (out == null || out.lists() == null || out.lists().length != batch.size()) {
      throw new IllegalStateException(who + " returned " + (out == null || out.lists() == null ? "no lists"
          : out.lists().length + " lists") + " for a batch of " + batch.size());
    }
    int n = batch.numCandidates();
    for (int b = 0; b < batch.size(); b++) {
      String request = "request " + (offset + b) + " (id " + batch.requestIds()[b] + ")";
      int[] list = out.lists()[b];
      if (list == null || list.length != listLength) {
        throw new IllegalStateException(who + " returned a list of length " + (list == null ? "null" : list.length)
            + " for " + request + ", expected " + listLength);
      }
      try {
        ListMetrics.validate(-1, list, n);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(who + " returned an invalid list for " + request + ": " + e.getMessage(), e);
      }
      if (out.scores() != null && (out.scores()[b] == null || out.scores()[b].length != n)) {
        throw new IllegalStateException(who + " returned scores of the wrong size for " + request);
      }
    }
  }
}
