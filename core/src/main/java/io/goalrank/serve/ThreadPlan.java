package io.goalrank.serve;

import java.util.Optional;

/**
 * How the service splits the cores: {@code workers} batch threads, each running its batch on {@code engineThreads}
 * engine threads (the Java engine's decoding threads, or PyTorch's intra-op threads). By default their product is at
 * most the cores, so the service does not fight itself (or a neighbour) for them.
 *
 * @param workers batch worker threads ({@code --workers})
 * @param engineThreads threads one batch runs on ({@code --engine-threads})
 * @param cores processors this JVM may use
 */
public record ThreadPlan(int workers, int engineThreads, int cores) {

  public ThreadPlan {
    if (workers < 1 || engineThreads < 1 || cores < 1) {
      throw new IllegalArgumentException("workers, engine threads and cores must be positive: " + workers + ", "
          + engineThreads + ", " + cores);
    }
  }

  /** Engine threads per worker when the user gives none: the cores shared out, at least one. */
  public static int defaultEngineThreads(int workers, int cores) {
    return Math.max(1, cores / workers);
  }

  /** The processors this JVM may use (its affinity mask and container limit). */
  public static int availableCores() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return workers * engineThreads;
  }

  public boolean oversubscribed() {
    return threads() > cores;
  }

  /** For the start-up line, e.g. {@code 1 worker × 2 engine threads = 2 threads on 2 cores}. */
  public String describe() {
    return workers + " worker" + (workers == 1 ? "" : "s") + " × " + engineThreads + " engine thread"
        + (engineThreads == 1 ? "" : "s") + " = " + threads() + " thread" + (threads() == 1 ? "" : "s") + " on "
        + cores + " core" + (cores == 1 ? "" : "s");
  }

  /** A warning when there are more busy threads than cores: they then take turns and every batch is slower. */
  public Optional<String> warning() {
    if (!oversubscribed()) {
      return Optional.empty();
    }
    return Optional.of("warning: " + describe() + ": more threads than cores, so they take turns and every batch "
        + "gets slower; keep --workers × --engine-threads at most " + cores);
  }
}
