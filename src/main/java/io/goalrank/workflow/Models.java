package io.goalrank.workflow;

import io.goalrank.model.Checkpoint;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.model.ScoringNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads saved networks by kind, with messages that say what a directory holds when it is the wrong one. */
public final class Models {
  public static final String ITEMS_FILE = "items.txt";

  private Models() {}

  public static NetworkTrainer<PointerGenerator> loadGenerator(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    int objectives = switch (cp.kind()) {
      case "generator" -> 0;
      case "conditioned-generator" -> io.goalrank.objective.Objectives.NAMES.size();
      default -> throw new IOException(dir + " holds a '" + cp.kind() + "' model, not a GoalRank generator");
    };
    var net = new NetworkTrainer<>(new PointerGenerator(cp.config(), objectives), 0f, 0f, 0f, 0);
    net.loadWeights(dir);
    return net;
  }

  public static NetworkTrainer<ScoringNetwork> loadScorer(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    if (cp.kind().endsWith("generator")) {
      throw new IOException(dir + " holds a generator, not a per-candidate scorer");
    }
    var net = new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock(cp.kind(), cp.config()), 0f, 0f, 0f, 0);
    net.loadWeights(dir);
    return net;
  }

  /** Saves the raw item ids in index order next to a model, so serving can map ids without the dataset. */
  public static void saveItems(Path dir, List<String> rawIds) throws IOException {
    Path tmp = Files.createTempFile(dir, ITEMS_FILE, ".tmp");
    Files.write(tmp, rawIds);
    Files.move(tmp, dir.resolve(ITEMS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static List<String> loadItems(Path dir) throws IOException {
    Path f = dir.resolve(ITEMS_FILE);
    if (!Files.isRegularFile(f)) {
      throw new IOException(dir + ": no " + ITEMS_FILE + " (train with `goalrank train`, which writes it)");
    }
    return Files.readAllLines(f);
  }
}
