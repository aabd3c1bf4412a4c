package io.goalrank.workflow;

import io.goalrank.model.Checkpoint;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Loads saved networks by kind, with messages that say what a directory holds when it is the wrong one. */
public final class Models {
  public static final String ITEMS_FILE = Checkpoint.ITEMS;

  private Models() {}

  public static NetworkTrainer<PointerGenerator> loadGenerator(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    int objectives = switch (cp.kind()) {
      case "generator" -> 0;
      case "conditioned-generator" -> io.goalrank.objective.Objectives.NAMES.size();
      default -> throw new IOException(dir + " holds a '" + cp.kind() + "' model, not a GoalRank generator");
    };
    return withWeights(new NetworkTrainer<>(new PointerGenerator(cp.config(), objectives), 0f, 0f, 0f, 0), dir);
  }

  public static NetworkTrainer<ScoringNetwork> loadScorer(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    if (cp.kind().endsWith("generator")) {
      throw new IOException(dir + " holds a generator, not a per-candidate scorer");
    }
    return withWeights(new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock(cp.kind(), cp.config()), 0f, 0f,
        0f, 0), dir);
  }

  /** Loads the weights of {@code dir} into {@code net}; a bad file closes it (its native memory) before failing. */
  private static <B extends ai.djl.nn.Block> NetworkTrainer<B> withWeights(NetworkTrainer<B> net, Path dir)
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
