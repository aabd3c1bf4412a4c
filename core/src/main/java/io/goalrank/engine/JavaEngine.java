package io.goalrank.engine;

import io.goalrank.engine.vector.Kernels;
import io.goalrank.engine.vector.VectorGenerator;
import io.goalrank.model.ModelConfig;
import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import io.goalrank.core.RequestBatch;
import java.util.function.IntPredicate;

/** The Java engine at the seam: a {@link VectorGenerator}. Thread-safe. */
public final class JavaEngine implements RankingEngine {
  private final VectorGenerator generator;

  public JavaEngine(VectorGenerator generator) {
    this.generator = generator;
  }

  public VectorGenerator generator() {
    return generator;
  }

  @Override
  public EngineKind kind() {
    return EngineKind.JAVA;
  }

  @Override
  public String describe() {
    return "java (" + Kernels.explain(generator.kernels()) + ", " + generator.threads() + " thread"
        + (generator.threads() == 1 ? "" : "s") + ")";
  }

  @Override
  public ModelConfig config() {
    return generator.weights().config();
  }

  @Override
  public int objectives() {
    return generator.weights().objectives();
  }

  @Override
  public long parameterCount() {
    return generator.weights().parameterCount();
  }

  @Override
  public int threads() {
    return generator.threads();
  }

  /** Yes: the weights are shared and read-only, and each thread decodes on its own buffers. */
  @Override
  public boolean threadSafe() {
    return true;
  }

  @Override
  public GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights) {
    return generator.greedy(batch, objectiveWeights);
  }

  /** Stops a request's work between encoder layers and decoder steps once it is cancelled ({@link VectorGenerator}). */
  @Override
  public GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights, IntPredicate cancelled) {
    return generator.greedy(batch, objectiveWeights, cancelled);
  }

  @Override
  public void close() {
    generator.close();
  }
}
