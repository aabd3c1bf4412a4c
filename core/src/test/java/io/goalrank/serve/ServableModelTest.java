package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a saved generator needs to be served: its weights, model.json and an items.txt of its own items. */
class ServableModelTest {
  private static final ModelConfig CONFIG = ModelConfig.preset("tiny", 12, 5, 3);

  private static void save(Path dir, int ids) throws IOException {
    try (var net = new NetworkTrainer<>(new PointerGenerator(CONFIG), 0f, 0f, 0f, 1)) {
      new Checkpoint("generator", CONFIG, Map.of()).save(dir, net.block(),
          IntStream.range(0, ids).mapToObj(i -> "item-" + i).toList());
    }
  }

  @Test
  void aGeneratorSavedWithItsItemIdsLoadsAndOneWithAnotherDatasetsIdsIsRefused(@TempDir Path tmp) throws Exception {
    Path good = tmp.resolve("good");
    save(good, CONFIG.numItems());
    try (Ranker ranker = Ranker.load(good, 100)) {
      assertEquals("generator", ranker.info().kind());
    }
    Path other = tmp.resolve("other"); // saving refuses a mismatch; this is an items.txt copied in afterwards
    save(other, CONFIG.numItems());
    Checkpoint.saveItems(other, IntStream.range(0, CONFIG.numItems() + 3).mapToObj(i -> "x" + i).toList());
    var e = assertThrows(IOException.class, () -> Ranker.load(other, 100));
    assertTrue(e.getMessage().contains(Checkpoint.ITEMS) && e.getMessage().contains("15"), e.getMessage());
  }
}
