package io.goalrank.engine;

import java.util.OptionalInt;

/**
 * Which engine serves a generator and on how many threads one batch runs ({@code --engine}, {@code --engine-threads}).
 *
 * @param kind the engine
 * @param threads threads per batch: the Java engine's decoding threads, or PyTorch's intra-op threads for DJL (a
 *     process-wide setting); empty: the engine's default (a thread per core for Java, PyTorch's current count, which
 *     the launcher sets from {@code nproc} or {@code GOALRANK_THREADS}, for DJL)
 */
public record EngineSettings(EngineKind kind, OptionalInt threads) {

  public EngineSettings {
    if (threads.isPresent() && threads.getAsInt() < 1) {
      throw new IllegalArgumentException("engine threads must be positive: " + threads.getAsInt());
    }
  }

  /** The engine on its default threads. */
  public static EngineSettings of(EngineKind kind) {
    return new EngineSettings(kind, OptionalInt.empty());
  }

  public EngineSettings withThreads(int n) {
    return new EngineSettings(kind, OptionalInt.of(n));
  }
}
