package io.goalrank.engine.vector;

import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import io.goalrank.core.RequestBatch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A GoalRank generator served on the Java heap: greedy decoding of a batch, its requests spread over worker threads
 * (one per core: the calling thread plus {@code threads − 1} pool threads), each thread with its own reusable
 * {@link GreedyDecoder}. The weights are immutable and shared. Thread-safe.
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
    int b = batch.size();
    if (weights.objectives > 0 && (objectiveWeights == null || objectiveWeights.length != b)) {
      throw new IllegalArgumentException("this generator is objective-conditioned: give objective weights for each of "
          + b + " requests");
    }
    int l = weights.config.listLength();
    int[][] lists = new int[b][l];
    float[][] probabilities = new float[b][l];
    int helpers = pool == null ? 0 : Math.min(threads, b) - 1;
    if (helpers == 0) {
      for (int r = 0; r < b; r++) {
        decode(batch, objectiveWeights, r, lists, probabilities);
      }
      return new GreedyLists(lists, probabilities);
    }
    // requests are claimed one at a time by the caller and the helpers, so an uneven batch still balances
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(helpers);
    Runnable work = () -> {
      try {
        for (int r; (r = next.getAndIncrement()) < b && failure.get() == null; ) {
          decode(batch, objectiveWeights, r, lists, probabilities);
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

  private void decode(RequestBatch batch, float[][] objectiveWeights, int r, int[][] lists, float[][] probabilities) {
    float[][] retriever = batch.retrieverScores();
    decoders.get().decode(r, batch.history()[r], batch.historyPositive()[r], batch.candidates()[r],
        retriever == null ? null : retriever[r], objectiveWeights == null ? null : objectiveWeights[r], lists[r],
        probabilities[r]);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
