package io.goalrank.engine.vector;

import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import io.goalrank.core.RequestBatch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * A GoalRank generator served on the Java heap: greedy decoding of a batch, its requests spread over worker threads
 * (one per core: the calling thread plus {@code threads − 1} pool threads) in groups of up to
 * {@link GreedyDecoder#MAX_GROUP} decoded in lockstep, each thread with its own reusable {@link GreedyDecoder}. The
 * weights are immutable and shared. Thread-safe.
 */
public final class VectorGenerator implements AutoCloseable {
  private final GeneratorWeights weights;
  private final Kernels kernels;
  private final int threads;
  private final ExecutorService pool;
  private final ThreadLocal<GreedyDecoder> decoders;

  /**
   * @param threads requests decoded at once; {@link #defaultThreads()} sizes it to the cores
   */
  public VectorGenerator(GeneratorWeights weights, Kernels kernels, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    this.weights = weights;
    this.kernels = kernels;
    this.threads = threads;
    this.decoders = ThreadLocal.withInitial(() -> new GreedyDecoder(weights, kernels));
    AtomicInteger id = new AtomicInteger();
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "goalrank-java-engine-" + id.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The cores this JVM may use. */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public GeneratorWeights weights() {
    return weights;
  }

  public Kernels kernels() {
    return kernels;
  }

  public int threads() {
    return threads;
  }

  /**
   * Greedy lists for every request of the batch, with the probability of each pick at its step.
   *
   * @param objectiveWeights {@code [B][K]} for a conditioned generator, else null
   */
  public GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights) {
    return greedy(batch, objectiveWeights, r -> false);
  }

  /**
   * As {@link #greedy(RequestBatch, float[][])}; a request already {@code cancelled} when its encoding would start
   * is skipped, and a group whose requests are all cancelled stops at the next encoder layer or decoder step; their
   * rows of the answer are null. A request cancelled after its encoding, while others of its group are still wanted,
   * is decoded to the end with them.
   */
  public GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights, IntPredicate cancelled) {
    int b = batch.size();
    if (weights.objectives > 0 && (objectiveWeights == null || objectiveWeights.length != b)) {
      throw new IllegalArgumentException("this generator is objective-conditioned: give objective weights for each of "
          + b + " requests");
    }
    int l = weights.config.listLength();
    int[][] lists = new int[b][l];
    float[][] probabilities = new float[b][l];
    int n = 1;
    for (int[] c : batch.candidates()) {
      n = Math.max(n, c.length);
    }
    int group = groupSize(b, threads, n);
    int groups = (b + group - 1) / group;
    int helpers = pool == null ? 0 : Math.min(threads, groups) - 1;
    if (helpers == 0) {
      for (int r = 0; r < b; r += group) {
        decoders.get().decode(batch, objectiveWeights, r, Math.min(group, b - r), lists, probabilities, null,
            cancelled);
      }
      return new GreedyLists(lists, probabilities);
    }
    // groups are claimed one at a time by the caller and the helpers, so an uneven batch still balances
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(helpers);
    Runnable work = () -> {
      try {
        GreedyDecoder decoder = decoders.get();
        for (int r; (r = next.getAndAdd(group)) < b && failure.get() == null; ) {
          decoder.decode(batch, objectiveWeights, r, Math.min(group, b - r), lists, probabilities, null,
              cancelled);
        }
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      }
    };
    for (int h = 0; h < helpers; h++) {
      pool.execute(() -> {
        try {
          work.run();
        } finally {
          done.countDown();
        }
      });
    }
    work.run();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding", e);
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new GreedyLists(lists, probabilities);
  }

  /** Most candidates summed over a group: 8 requests of {@code serve}'s default {@code --max-candidates} 1000. */
  static final int GROUP_CANDIDATES = 8_000;

  /**
   * Requests per lockstep group for {@code requests} of up to {@code candidates} candidates on {@code threads}.
   * Groups of up to {@link GreedyDecoder#MAX_GROUP} stream each decoder weight once per step for all their requests;
   * the size spreads the batch evenly over the threads first: 32 requests on 2 threads are 2 groups of 16, 24
   * requests 2 of 12, 3 requests 2 groups (2 + 1). Each request of a group keeps its candidates' keys and values
   * through the decode, and the thread's decoder keeps those buffers afterwards, so large requests get smaller groups
   * (at most {@link #GROUP_CANDIDATES} candidates, but the cap never below 8 requests): no more heap than groups of 8
   * before, while 32 requests of 50 candidates stay one group.
   */
  static int groupSize(int requests, int threads, int candidates) {
    int byMemory = Math.max(8, GROUP_CANDIDATES / Math.max(1, candidates));
    int max = Math.min(GreedyDecoder.MAX_GROUP, byMemory);
    return Math.max(1, Math.min(max, (requests + threads - 1) / threads));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
