package io.goalrank.engine;

import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import io.goalrank.core.RequestBatch;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The DJL engine: {@link GeneratorPolicy}'s greedy decode on the network DJL trained, by the process's decoding
 * ({@code --decode}). Owns the network. Not thread-safe (nor is DJL's decode on one network): the micro-batcher's
 * single worker calls it.
 */
public final class DjlEngine implements RankingEngine {
  private final NetworkTrainer<PointerGenerator> net;
  private final GeneratorPolicy policy;

  public DjlEngine(NetworkTrainer<PointerGenerator> net) {
    this.net = net;
    this.policy = new GeneratorPolicy("goalrank", net, 1f);
  }

  public NetworkTrainer<PointerGenerator> network() {
    return net;
  }

  /** The network as a policy (lists and AUC scores), decoding by the process default. */
  public GeneratorPolicy policy() {
    return policy;
  }

  @Override
  public EngineKind kind() {
    return EngineKind.DJL;
  }

  @Override
  public String describe() {
    return "djl (" + ai.djl.engine.Engine.getInstance().getEngineName() + " "
        + ai.djl.engine.Engine.getInstance().getVersion() + ", " + io.goalrank.model.Decoding.defaultMode()
            .name().toLowerCase(java.util.Locale.ROOT) + " decoding, " + threads() + " PyTorch thread"
        + (threads() == 1 ? "" : "s") + ")";
  }

  @Override
  public ModelConfig config() {
    return net.block().config();
  }

  @Override
  public int objectives() {
    return net.block().objectives();
  }

  @Override
  public long parameterCount() {
    return net.parameterCount();
  }

  /** PyTorch's intra-op threads: what one forward pass spreads over. */
  @Override
  public int threads() {
    return JniUtils.getNumThreads();
  }

  /**
   * Sets PyTorch's intra-op threads for the whole process ({@code torch.set_num_threads}), which every DJL network in
   * it then uses; for a service that splits the cores between its workers and the engine.
   */
  public static void useThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("PyTorch threads must be positive: " + n);
    }
    JniUtils.setNumThreads(n);
  }

  /** No: the decode of one network shares its parameter store and decoder caches, so one batch runs at a time. */
  @Override
  public boolean threadSafe() {
    return false;
  }

  /** PyTorch's tensors: the parameters and derived weights, and each batch's arrays ({@link DjlMemory}). */
  @Override
  public NativeMemory nativeMemory() {
    return new DjlMemory(config(), objectives(), parameterCount());
  }

  @Override
  public GreedyLists greedy(RequestBatch batch, float[][] objectiveWeights) {
    GeneratorPolicy p = objectives() > 0 ? policy.withObjectiveWeights(objectiveWeights) : policy;
    return p.greedy(batch, config().listLength());
  }

  @Override
  public void close() {
    net.close();
  }
}
