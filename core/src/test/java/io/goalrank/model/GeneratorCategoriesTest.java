package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;
import io.goalrank.engine.Engines;
import io.goalrank.engine.vector.GeneratorWeights;
import io.goalrank.engine.vector.UnsupportedModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generator that reads item categories (--generator-categories): the input, its checkpoint, the engine seam. */
class GeneratorCategoriesTest {
  private static final int ITEMS = 30;
  private static final ModelConfig PLAIN = new ModelConfig(ITEMS, 16, 2, 1, 1, 32, 0f, 8, 3);
  private static final ModelConfig CONFIG = PLAIN.withItemCategories(3);

  private static ItemCatalog catalog(int shift) {
    List<String> titles = new ArrayList<>();
    List<int[]> categories = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      titles.add("item " + i);
      categories.add(new int[] {(i + shift) % 3});
    }
    return new ItemCatalog(titles, categories, List.of("a", "b", "c"));
  }

  private static float[] encodings(NetworkTrainer<PointerGenerator> net, RequestBatch batch) {
    try (NDManager m = NDManager.newBaseManager()) {
      return net.block().encode(net.parameterStore(), BatchTensors.of(m, batch, 8), false).candidates()
          .toFloatArray();
    }
  }

  @Test
  void theCandidatesEncodingsDependOnTheirCategories() {
    RequestBatch batch = PointerGeneratorTest.batch(2, 10, ITEMS, 4);
    // the same seed gives the same weights; only the item-to-category table differs
    try (var a = new NetworkTrainer<>(PointerGenerator.forTraining(CONFIG, 0, catalog(0)), 0f, 0f, 0f, 7);
        var b = new NetworkTrainer<>(PointerGenerator.forTraining(CONFIG, 0, catalog(0)), 0f, 0f, 0f, 7);
        var c = new NetworkTrainer<>(PointerGenerator.forTraining(CONFIG, 0, catalog(1)), 0f, 0f, 0f, 7)) {
      assertArrayEquals(encodings(a, batch), encodings(b, batch), 1e-6f);
      float[] x = encodings(a, batch);
      float[] y = encodings(c, batch);
      double diff = 0;
      for (int i = 0; i < x.length; i++) {
        diff = Math.max(diff, Math.abs(x[i] - y[i]));
      }
      assertTrue(diff > 1e-3, "other categories, other encodings: " + diff);
    }
  }

  @Test
  void theCategoriesAreSavedWithTheGeneratorAndNeverTrained(@TempDir Path dir) throws Exception {
    RequestBatch batch = PointerGeneratorTest.batch(3, 10, ITEMS, 5);
    float[] before;
    try (var net = new NetworkTrainer<>(PointerGenerator.forTraining(CONFIG, 0, catalog(1)), 1e-2f, 1e-2f, 5f, 3)) {
      float[] table = multiHot(net.block());
      for (int k = 0; k < 3; k++) {
        net.step(m -> net.block().encode(net.parameterStore(), BatchTensors.of(m, batch, 8), true).candidates()
            .sum());
      }
      assertArrayEquals(table, multiHot(net.block()), "data, not a weight");
      assertEquals(1f, table[(0 + 1) * 3 + 1], "item 0 (id 1) has category (0 + 1) mod 3");
      before = encodings(net, batch);
      new Checkpoint("generator", CONFIG, Map.of()).save(dir, net.block());
    }
    assertEquals(CONFIG, Checkpoint.read(dir).config());
    try (NetworkTrainer<PointerGenerator> loaded = Models.loadGenerator(dir)) {
      assertArrayEquals(before, encodings(loaded, batch), 1e-6f);
    }
  }

  @Test
  void aCatalogueWithAnotherCategoryCountIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> PointerGenerator.forTraining(PLAIN.withItemCategories(4), 0, catalog(0)));
    assertTrue(e.getMessage().contains("reads 4 item categories"), e.getMessage());
    var none = assertThrows(IllegalArgumentException.class,
        () -> PointerGenerator.forTraining(CONFIG, 0, ItemCatalog.empty()));
    assertTrue(none.getMessage().contains("has 0"), none.getMessage());
  }

  @Test
  void theJavaEngineRefusesAGeneratorThatReadsCategories() {
    try (var net = new NetworkTrainer<>(PointerGenerator.forTraining(CONFIG, 0, catalog(0)), 0f, 0f, 0f, 1)) {
      var e = assertThrows(UnsupportedModelException.class,
          () -> GeneratorWeights.of(CONFIG, Engines.parameters(net.block())));
      assertTrue(e.getMessage().contains("item categories") && e.getMessage().contains("--engine djl"),
          e.getMessage());
    }
  }

  private static float[] multiHot(PointerGenerator block) {
    for (var p : block.getParameters()) {
      if (p.getKey().contains("itemCategories")) {
        return p.getValue().getArray().toFloatArray();
      }
    }
    throw new AssertionError("no item-category table");
  }
}
