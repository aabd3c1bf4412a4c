package io.goalrank.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.goalrank.engine.vector.GeneratorWeights;
import io.goalrank.engine.vector.Kernels;
import io.goalrank.engine.vector.Tensor;
import io.goalrank.engine.vector.UnsupportedModelException;
import io.goalrank.engine.vector.VectorGenerator;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the engine that serves a generator, and says which engines a checkpoint supports. Both engines start from
 * the same checkpoint: DJL loads and checks it ({@code Checkpoint.readWeights}); the Java engine reads the same file
 * in plain Java ({@link DjlParams}) and takes every parameter by name, so PyTorch never loads for it. A random
 * generator ({@link #random}) is still initialised by DJL, so both engines get the same weights for a seed.
 */
public final class Engines {
  /** The checkpoint kinds that are generators: what either engine serves. */
  private static final List<String> GENERATOR_KINDS = List.of("generator", "conditioned-generator");

  private Engines() {}

  /** Loads a generator directory into the given engine, on its default threads. */
  public static RankingEngine load(Path dir, EngineKind kind) throws IOException {
    return load(dir, EngineSettings.of(kind));
  }

  /** Loads a generator directory into the engine of {@code settings}, on its threads. */
  public static RankingEngine load(Path dir, EngineSettings settings) throws IOException {
    if (settings.kind() == EngineKind.DJL) {
      return djlEngine(Models.loadGenerator(dir), settings);
    }
    Checkpoint cp = Checkpoint.read(dir);
    Optional<String> refused = javaUnsupported(cp);
    if (refused.isPresent()) {
      throw new UnsupportedModelException(dir + ": the Java engine cannot serve this model: " + refused.get());
    }
    try {
      return javaEngine(cp, dir, Kernels.best(), settings.threads().orElse(VectorGenerator.defaultThreads()));
    } catch (UnsupportedModelException e) {
      throw new UnsupportedModelException(dir + ": the Java engine cannot serve this model: " + e.getMessage());
    }
  }

  /**
   * The Java engine on a checkpoint's weights, read in plain Java ({@link DjlParams}): the block is built for its
   * layout but never initialised, so neither DJL's engine nor PyTorch's native library is loaded.
   */
  static JavaEngine javaEngine(Checkpoint cp, Path dir, Kernels kernels, int threads) throws IOException {
    Block block;
    try {
      block = cp.newBlock();
    } catch (IllegalArgumentException e) {
      throw new IOException(dir + ": " + e.getMessage(), e);
    }
    if (!(block instanceof PointerGenerator g)) {
      throw new IOException(dir + " holds a '" + cp.kind() + "' model, not a GoalRank generator");
    }
    Map<String, Tensor> params = DjlParams.read(dir.resolve(Checkpoint.WEIGHTS), g);
    GeneratorWeights weights = GeneratorWeights.of(cp.config(), params);
    if (weights.objectives() != g.objectives()) {
      throw new UnsupportedModelException("the checkpoint records " + g.objectives() + " objectives, its "
          + "parameters " + weights.objectives());
    }
    return new JavaEngine(new VectorGenerator(weights, kernels, threads));
  }

  /** An untrained generator (random weights from {@code seed}) in the given engine: load tests and benchmarks. */
  public static RankingEngine random(ModelConfig config, int objectives, long seed, EngineKind kind) {
    return random(config, objectives, seed, EngineSettings.of(kind));
  }

  /** As {@link #random(ModelConfig, int, long, EngineKind)} on the engine and threads of {@code settings}. */
  public static RankingEngine random(ModelConfig config, int objectives, long seed, EngineSettings settings) {
    NetworkTrainer<PointerGenerator> net = new NetworkTrainer<>(new PointerGenerator(config, objectives), 0f, 0f, 0f,
        seed);
    if (settings.kind() == EngineKind.DJL) {
      return djlEngine(net, settings);
    }
    try (net) {
      return javaEngine(net, settings);
    }
  }

  private static DjlEngine djlEngine(NetworkTrainer<PointerGenerator> net, EngineSettings settings) {
    settings.threads().ifPresent(DjlEngine::useThreads);
    return new DjlEngine(net);
  }

  private static JavaEngine javaEngine(NetworkTrainer<PointerGenerator> net, EngineSettings settings) {
    return javaEngine(net, Kernels.best(), settings.threads().orElse(VectorGenerator.defaultThreads()));
  }

  /** The Java engine on a copy of a DJL network's current weights, with the best kernels and a thread per core. */
  public static JavaEngine javaEngine(NetworkTrainer<PointerGenerator> net) {
    return javaEngine(net, Kernels.best(), VectorGenerator.defaultThreads());
  }

  public static JavaEngine javaEngine(NetworkTrainer<PointerGenerator> net, Kernels kernels, int threads) {
    GeneratorWeights weights = GeneratorWeights.of(net.block().config(), parameters(net.block()));
    if (weights.objectives() != net.block().objectives()) {
      throw new UnsupportedModelException("the network reads " + net.block().objectives() + " objective weights, its "
          + "parameters " + weights.objectives());
    }
    return new JavaEngine(new VectorGenerator(weights, kernels, threads));
  }

  /** Every parameter of a block by its name without DJL's child-order prefixes ({@link GeneratorWeights#canonicalName}). */
  public static Map<String, Tensor> parameters(Block block) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      var array = p.getValue().getArray();
      long[] shape = array.getShape().getShape();
      int[] dims = new int[shape.length];
      for (int i = 0; i < shape.length; i++) {
        dims[i] = Math.toIntExact(shape[i]);
      }
      String name = GeneratorWeights.canonicalName(p.getKey());
      if (out.put(name, new Tensor(dims, array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
          .toFloatArray())) != null) {
        throw new UnsupportedModelException("two parameters are named '" + name + "'");
      }
    }
    return out;
  }

  /**
   * Why the Java engine refuses a checkpoint, judged from {@code model.json} alone (kind and config); empty when it
   * can run it. Loading also refuses any parameter it does not know ({@link GeneratorWeights}).
   */
  public static Optional<String> javaUnsupported(Checkpoint cp) {
    if (!GENERATOR_KINDS.contains(cp.kind())) {
      return Optional.of("its kind is '" + cp.kind() + "'; the Java engine runs GoalRank generators only (kinds "
          + String.join(", ", GENERATOR_KINDS) + ")");
    }
    if (cp.config().decoderLayers() < 1) {
      return Optional.of("it has no decoder layers");
    }
    if ((cp.config().numItems() + 1L) * cp.config().hidden() > Integer.MAX_VALUE - 8) {
      return Optional.of("its item table (" + (cp.config().numItems() + 1L) + " x " + cp.config().hidden()
          + ") does not fit in one Java array");
    }
    return Optional.empty();
  }

  /** The engines that serve a checkpoint, for {@code goalrank info}: one line per engine, supported or why not. */
  public static List<String> describeSupport(Checkpoint cp) {
    List<String> lines = new ArrayList<>();
    if (!GENERATOR_KINDS.contains(cp.kind())) {
      lines.add("none: a '" + cp.kind() + "' model is not a generator, and only generators are served");
      return lines;
    }
    lines.add("djl: yes");
    lines.add("java: " + javaUnsupported(cp).map(why -> "no (" + why + ")").orElse("yes"));
    return lines;
  }
}
