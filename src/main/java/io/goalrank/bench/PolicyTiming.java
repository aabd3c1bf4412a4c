package io.goalrank.bench;

import io.goalrank.policy.RankingPolicy;
import io.goalrank.policy.RequestBatch;
import io.goalrank.util.Progress;

/**
 * Times a {@link RankingPolicy} on fixed requests, split into calls of {@code batchSize} requests. Every request
 * in a call waits for the whole call, so its latency is the call's wall time; throughput is requests over the
 * total time of all calls. The first {@code warmup} calls are run and discarded (JIT, allocator, thread pool).
 *
 * @param latency per-call (= per-request) latency
 * @param throughput requests per second
 */
public record PolicyTiming(String policy, int batchSize, LatencyStats latency, double throughput) {

  public static PolicyTiming measure(String label, RankingPolicy policy, RequestBatch requests, int listLength,
      int batchSize, int warmup) {
    int calls = requests.size() / batchSize;
    if (calls < 1) {
      throw new IllegalArgumentException(requests.size() + " requests cannot fill one call of " + batchSize);
    }
    for (int k = 0; k < warmup; k++) {
      int from = (k % calls) * batchSize;
      policy.rank(SyntheticRequests.slice(requests, from, from + batchSize), listLength);
    }
    long[] nanos = new long[calls];
    long total = 0;
    try (Progress bar = Progress.start(label + " b=" + batchSize, calls)) {
      for (int k = 0; k < calls; k++) {
        RequestBatch call = SyntheticRequests.slice(requests, k * batchSize, (k + 1) * batchSize);
        long t0 = System.nanoTime();
        policy.rank(call, listLength);
        nanos[k] = System.nanoTime() - t0;
        total += nanos[k];
        bar.step();
      }
    }
    return new PolicyTiming(label, batchSize, LatencyStats.ofNanos(nanos), (double) calls * batchSize / (total / 1e9));
  }
}
