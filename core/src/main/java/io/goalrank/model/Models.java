package io.goalrank.model;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads saved networks, building each block as {@link ModelKinds} says for the kind its {@code model.json} names,
 * with messages that say what a directory holds when it is the wrong one. Serving, the benchmarks, the experiments
 * and the CLI all load models here.
 */
public final class Models {
  public static final String ITEMS_FILE = Checkpoint.ITEMS;

  private Models() {}

  /** A generator ({@code generator}, or {@code conditioned-generator} with its objective count) with its weights. */
  public static NetworkTrainer<PointerGenerator> loadGenerator(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    if (!(kindOf(dir, cp).role() == ModelKind.Role.GENERATOR && newBlock(dir, cp) instanceof PointerGenerator g)) {
      throw new IOException(dir + " holds a '" + cp.kind() + "' model, not a GoalRank generator");
    }
    return withWeights(new NetworkTrainer<>(g, 0f, 0f, 0f, 0), dir);
  }

  /** A per-candidate scorer (a scorer baseline, or a pointwise reward model's network) with its weights. */
  public static NetworkTrainer<ScoringNetwork> loadScorer(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    if (kindOf(dir, cp).role() == ModelKind.Role.GENERATOR) {
      throw new IOException(dir + " holds a generator, not a per-candidate scorer");
    }
    if (!(newBlock(dir, cp) instanceof ScoringNetwork s)) {
      throw new IOException(dir + " holds a '" + cp.kind() + "' model, not a per-candidate scorer");
    }
    return withWeights(new NetworkTrainer<>(s, 0f, 0f, 0f, 0), dir);
  }

  private static ModelKind kindOf(Path dir, Checkpoint cp) throws IOException {
    try {
      return ModelKinds.get(cp.kind());
    } catch (IllegalArgumentException e) {
      throw new IOException(dir + ": " + e.getMessage(), e);
    }
  }

  private static Block newBlock(Path dir, Checkpoint cp) throws IOException {
    try {
      return cp.newBlock();
    } catch (IllegalArgumentException e) {
      throw new IOException(dir + ": " + e.getMessage(), e);
    }
  }

  /** Loads the weights of {@code dir} into {@code net}; a bad file closes it (its native memory) before failing. */
  private static <B extends Block> NetworkTrainer<B> withWeights(NetworkTrainer<B> net, Path dir)
      throws IOException {
    try {
      net.loadWeights(dir);
      return net;
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  /**
   * Saves the raw item ids in index order next to a model, so serving can map ids without the dataset. The trainers
   * already do this for every generator they save ({@link Checkpoint#save(Path, ai.djl.nn.Block, List)}).
   */
  public static void saveItems(Path dir, List<String> rawIds) throws IOException {
    Checkpoint.saveItems(dir, rawIds);
  }

  public static List<String> loadItems(Path dir) throws IOException {
    return Checkpoint.readItems(dir);
  }
}
