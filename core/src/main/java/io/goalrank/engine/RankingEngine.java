package io.goalrank.engine;

import io.goalrank.model.ModelConfig;
import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import io.goalrank.core.RequestBatch;
import java.util.function.IntPredicate;

/**
 * What serves a trained GoalRank generator: greedy lists for a batch of requests. The seam between the ranking
 * service (and {@code goalrank rank}) and the engine that runs the network: {@link DjlEngine} (DJL/PyTorch, the
 * training engine and the reference) or {@link JavaEngine} (the same forward on the Java heap).
 */
public interface RankingEngine extends AutoCloseable {
  EngineKind kind();

  /** A line for start-up messages: the engine and how it computes (e.g. its kernels and threads). */
  String describe();

  ModelConfig config();

  /** Length of the objective-weight vector the generator is conditioned on (0: not conditioned). */
  int objectives();

  /** Scalars in the network. */
  long parameterCount();

  /** Threads one {@link #greedy} call runs on (the Java engine's decoding threads, or PyTorch's intra-op threads). */
  int threads();

  /**
   * Whether several threads may call {@link #greedy} at once, so the service may run more than one batch worker
   * ({@code serve --workers}).
   */
  boolean threadSafe();

  /**
   * The native memory this engine holds for the model and for a batch ({@code serve --max-native-mb} budgets it);
   * {@link NativeMemory#NONE} for an engine that keeps everything on the Java heap.
   */
  default NativeMemory nativeMemory() {
    return NativeMemory.NONE;
  }

  /**
   * Greedy lists of {@code config().listLength()} candidate slots with the probability of each pick at its step.
   *
   * @param objectiveWeights per request, {@code [B][objectives()]}, for a conditioned generator; null otherwise
   */
  GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights);

  /**
   * As {@link #greedy(RequestBatch, float[][])}, stopping work for requests whose answers are no longer wanted
   * (their client timed out): an engine that can stop checks {@code cancelled} between pieces of work and leaves
   * the rows of the requests it dropped null. The default cannot stop (a native forward pass runs to its end).
   *
   * @param cancelled whether request {@code r} of the batch is no longer wanted; may turn true at any time
   */
  default GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights, IntPredicate cancelled) {
    return greedy(batch, objectiveWeights);
  }

  @Override
  void close();
}
