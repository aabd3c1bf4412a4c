package io.goalrank.bench;

import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.util.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link RankingPolicy}s on fixed requests, split into calls of {@code batchSize} requests. Every request in
 * a call waits for the whole call, so its latency is the call's wall time; throughput is requests over the total
 * time of all calls. The first {@code warmup} calls are run and discarded (JIT, allocator, thread pool).
 *
 * @param latency per-call (= per-request) latency
 * @param throughput requests per second
 */
public record PolicyTiming(String policy, int batchSize, LatencyStats latency, double throughput) {

  public static PolicyTiming measure(String label, RankingPolicy policy, RequestBatch requests, int listLength,
      int batchSize, int warmup) {
    return measureInterleaved(List.of(label), List.of(policy), requests, listLength, batchSize, warmup).get(0);
  }

  /**
   * Times several policies on the same calls, taking turns call by call (and rotating who goes first), so load
   * from other processes that drifts during the run slows every policy alike and their ratios stay fair.
   */
  public static List<PolicyTiming> measureInterleaved(List<String> labels, List<? extends RankingPolicy> policies,
      RequestBatch requests, int listLength, int batchSize, int warmup) {
    int calls = requests.size() / batchSize;
    if (calls < 1) {
      throw new IllegalArgumentException(requests.size() + " requests cannot fill one call of " + batchSize);
    }
    int p = policies.size();
    for (int k = 0; k < warmup; k++) {
      int from = (k % calls) * batchSize;
      for (RankingPolicy policy : policies) {
        policy.rank(SyntheticRequests.slice(requests, from, from + batchSize), listLength);
      }
    }
    long[][] nanos = new long[p][calls];
    long[] total = new long[p];
    try (Progress bar = Progress.start("timing b=" + batchSize, calls)) {
      for (int k = 0; k < calls; k++) {
        RequestBatch call = SyntheticRequests.slice(requests, k * batchSize, (k + 1) * batchSize);
        for (int j = 0; j < p; j++) {
          int i = (j + k) % p;
          long t0 = System.nanoTime();
          policies.get(i).rank(call, listLength);
          nanos[i][k] = System.nanoTime() - t0;
          total[i] += nanos[i][k];
        }
        bar.step();
      }
    }
    List<PolicyTiming> out = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      out.add(new PolicyTiming(labels.get(i), batchSize, LatencyStats.ofNanos(nanos[i]),
          (double) calls * batchSize / (total[i] / 1e9)));
    }
    return out;
  }
}
