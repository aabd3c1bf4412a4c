package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.ItemCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pairwise click model: its formula, its fixed item categories, and its checkpoint. */
class PairwiseClickModelTest {
  private static final int ITEMS = 30;
  private static final int N = 10;
  private static final int L = 3;
  private static final int CATEGORIES = 4;
  private static final ModelConfig CONFIG = new ModelConfig(ITEMS, 16, 2, 1, 1, 32, 0f, 8, L);

  /** Item i has category i mod 4, and every third item also category (i + 1) mod 4. */
  private static ItemCatalog catalog() {
    List<String> titles = new ArrayList<>();
    List<int[]> categories = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      titles.add("item " + i);
      int g = i % CATEGORIES;
      int h = (g + 1) % CATEGORIES;
      categories.add(i % 3 == 0 ? new int[] {Math.min(g, h), Math.max(g, h)} : new int[] {g});
    }
    return new ItemCatalog(titles, categories, List.of("a", "b", "c", "d"));
  }

  private static long[] shown(int b, int k) {
    Random rnd = new Random(5);
    long[] shown = new long[b * k * L];
    for (int i = 0; i < shown.length; i++) {
      shown[i] = rnd.nextInt(N);
    }
    return shown;
  }

  /** A few steps on an arbitrary loss so that every table moves away from its initialisation. */
  private static void stir(NetworkTrainer<PairwiseClickModel> net, RequestBatch batch, long[] shown) {
    for (int k = 0; k < 5; k++) {
      net.step(s -> net.block().clickLogits(net.parameterStore(), BatchTensors.of(s, batch, 8),
          s.create(shown, new Shape(4, 2, L)), true).mul(s.create(new float[] {1f, -2f, 3f})).mean());
    }
  }

  private static float[] itemCategories(PairwiseClickModel block) {
    for (var p : block.getParameters()) {
      if (p.getKey().contains("itemCategories")) {
        return p.getValue().getArray().toFloatArray();
      }
    }
    throw new AssertionError("no itemCategories parameter");
  }

  @Test
  void aClickIsExaminationTimesAttractionWithTheCentredCategoryPairsAbove() {
    RequestBatch batch = PointerGeneratorTest.batch(4, N, ITEMS, 3);
    long[] shown = shown(4, 2);
    ItemCatalog catalog = catalog();
    try (NetworkTrainer<PairwiseClickModel> net =
            new NetworkTrainer<>(PairwiseClickModel.of(CONFIG, catalog), 1e-2f, 0f, 5f, 1);
        NDManager m = NDManager.newBaseManager()) {
      stir(net, batch, shown);
      BatchTensors t = BatchTensors.of(m, batch, 8);
      PairwiseClickModel block = net.block();
      float[] p = ai.djl.nn.Activation.sigmoid(
          block.clickLogits(net.parameterStore(), t, m.create(shown, new Shape(4, 2, L)), false)).toFloatArray();
      float[] s = ((CandidateScorer) child(block, "scorer")).logits(net.parameterStore(), t, false)
          .toFloatArray();
      float[] e = ((Table) child(block, "examination")).weights().toFloatArray();
      float[] q = ((Table) child(block, "query")).weights().toFloatArray();
      float[] c = ((Table) child(block, "context")).weights().toFloatArray();
      int r = CONFIG.hidden();
      double[][] effect = new double[CATEGORIES][CATEGORIES];
      double mean = 0;
      for (int g = 0; g < CATEGORIES; g++) {
        for (int h = 0; h < CATEGORIES; h++) {
          for (int x = 0; x < r; x++) {
            effect[g][h] += 25.0 * q[g * r + x] * c[h * r + x]; // both tables read at 5 times their weights
          }
          mean += effect[g][h] / (CATEGORIES * CATEGORIES);
        }
      }
      double interactions = 0;
      for (int b = 0; b < 4; b++) {
        for (int k = 0; k < 2; k++) {
          for (int pos = 0; pos < L; pos++) {
            int at = (b * 2 + k) * L + pos;
            int slot = (int) shown[at];
            int item = batch.candidates()[b][slot];
            double attraction = s[b * N + slot];
            for (int j = 0; j < pos; j++) {
              int above = batch.candidates()[b][(int) shown[(b * 2 + k) * L + j]];
              for (int g : catalog.categories().get(item)) {
                for (int h : catalog.categories().get(above)) {
                  double dot = effect[g][h] - mean;
                  attraction += dot;
                  interactions += Math.abs(dot);
                }
              }
            }
            // the examination at 10 times its weight, from a prior of 3
            double expected = sigmoid(3 + 10.0 * e[pos]) * sigmoid(attraction);
            assertEquals(expected, p[at], 1e-5, "b" + b + " list " + k + " position " + pos);
          }
        }
      }
      assertTrue(interactions > 1e-3, "the category tables moved, so the pairs above matter: " + interactions);
    }
  }

  @Test
  void theClosedFormGreedyListIsTheGreedyListOfTheWholeListReward() {
    RequestBatch batch = PointerGeneratorTest.batch(6, N, ITEMS, 3);
    try (NetworkTrainer<PairwiseClickModel> net =
            new NetworkTrainer<>(PairwiseClickModel.of(CONFIG, catalog()), 1e-2f, 0f, 5f, 1);
        NDManager m = NDManager.newBaseManager()) {
      stir(net, PointerGeneratorTest.batch(4, N, ITEMS, 3), shown(4, 2));
      // pair effects as large as the scores, so that the prefix changes which candidate comes next
      Random rnd = new Random(11);
      for (var p : net.block().getParameters()) {
        if (p.getKey().contains("query") || p.getKey().contains("context")) {
          var array = p.getValue().getArray();
          float[] w = new float[(int) array.size()];
          for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * rnd.nextGaussian());
          }
          array.set(w);
        }
      }
      BatchTensors t = BatchTensors.of(m, batch, 8);
      int[][] fast = net.block().greedyLists(net.parameterStore(), t, L);
      float[] s = ((CandidateScorer) child(net.block(), "scorer")).logits(net.parameterStore(), t, false)
          .toFloatArray();
      // the rule the closed form replaces: append every unused candidate, take the highest expected clicks
      int size = batch.size();
      int[][] chosen = new int[size][L];
      boolean[][] used = new boolean[size][N];
      for (int k = 0; k < L; k++) {
        long[] lists = new long[size * N * (k + 1)];
        for (int b = 0; b < size; b++) {
          for (int c = 0; c < N; c++) {
            int at = (b * N + c) * (k + 1);
            for (int j = 0; j < k; j++) {
              lists[at + j] = chosen[b][j];
            }
            lists[at + k] = c;
          }
        }
        float[] reward = ai.djl.nn.Activation.sigmoid(net.block().clickLogits(net.parameterStore(), t,
            m.create(lists, new Shape(size, N, k + 1)), false)).sum(new int[] {2}).toFloatArray();
        for (int b = 0; b < size; b++) {
          int best = -1;
          for (int c = 0; c < N; c++) {
            if (!used[b][c] && (best < 0 || reward[b * N + c] > reward[b * N + best])) {
              best = c;
            }
          }
          chosen[b][k] = best;
          used[b][best] = true;
        }
      }
      int reordered = 0;
      for (int b = 0; b < size; b++) {
        assertArrayEquals(chosen[b], fast[b], "request " + b);
        int[] byScore = io.goalrank.core.TopK.select(java.util.Arrays.copyOfRange(s, b * N, (b + 1) * N), L);
        reordered += java.util.Arrays.equals(byScore, chosen[b]) ? 0 : 1;
      }
      assertTrue(reordered > 0, "the pairs above changed at least one greedy list from the top-L by score");
    }
  }

  @Test
  void withAClickRateAboveOneHalfTheAttractionStillLearnsWhichItemsAreClicked() {
    // real slates hold only items the user consumed: 59% of ML-1M's slate positions are clicks. Here items of even
    // id are clicked 9 times in 10 wherever they are shown, the others every second time: a rate of about 0.7
    int requests = 8;
    int lists = 24;
    RequestBatch batch = PointerGeneratorTest.batch(requests, N, ITEMS, 3);
    long[] shown = new long[requests * lists * L];
    float[] clicks = new float[shown.length];
    boolean[] even = new boolean[shown.length];
    Random rnd = new Random(3);
    for (int i = 0; i < shown.length; i++) {
      shown[i] = rnd.nextInt(N);
      even[i] = batch.candidates()[i / (lists * L)][(int) shown[i]] % 2 == 0;
      clicks[i] = rnd.nextDouble() < (even[i] ? 0.9 : 0.5) ? 1f : 0f;
    }
    try (NetworkTrainer<PairwiseClickModel> net =
            new NetworkTrainer<>(PairwiseClickModel.of(CONFIG, catalog()), 1e-2f, 0f, 5f, 1);
        NDManager m = NDManager.newBaseManager()) {
      for (int step = 0; step < 100; step++) {
        net.step(s -> {
          var logits = net.block().clickLogits(net.parameterStore(), BatchTensors.of(s, batch, 8),
              s.create(shown, new Shape(requests, lists, L)), true);
          var y = s.create(clicks, new Shape(requests, lists, L));
          // binary cross-entropy on logits: softplus(z) − y·z
          return ai.djl.nn.Activation.softPlus(logits).sub(logits.mul(y)).mean();
        });
      }
      float[] p = ai.djl.nn.Activation.sigmoid(net.block().clickLogits(net.parameterStore(),
          BatchTensors.of(m, batch, 8), m.create(shown, new Shape(requests, lists, L)), false)).toFloatArray();
      double evenP = 0;
      double oddP = 0;
      int evens = 0;
      for (int i = 0; i < p.length; i++) {
        if (even[i]) {
          evenP += p[i];
          evens++;
        } else {
          oddP += p[i];
        }
      }
      evenP /= evens;
      oddP /= p.length - evens;
      // a saturated attraction (every item's σ(a) at 1) leaves the examination alone to fit the rate: no gap
      assertTrue(evenP - oddP > 0.2, "clicks are told apart by item: " + evenP + " against " + oddP);
    }
  }

  @Test
  void theItemCategoriesAreSavedWithTheWeightsAndNeverTrained(@TempDir Path dir) throws Exception {
    RequestBatch batch = PointerGeneratorTest.batch(4, N, ITEMS, 3);
    long[] shown = shown(4, 2);
    try (NetworkTrainer<PairwiseClickModel> net =
            new NetworkTrainer<>(PairwiseClickModel.of(CONFIG, catalog()), 1e-2f, 1e-2f, 5f, 1);
        NDManager m = NDManager.newBaseManager()) {
      float[] before = itemCategories(net.block());
      assertEquals(1f, before[(3 + 1) * CATEGORIES + 3], "item 3 (id 4) has category 3");
      assertEquals(1f, before[(3 + 1) * CATEGORIES], "and, as every third item, category 0");
      assertEquals(0f, before[(3 + 1) * CATEGORIES + 1]);
      stir(net, batch, shown);
      assertArrayEquals(before, itemCategories(net.block()), "data, not a weight: Adam and weight decay skip it");

      Checkpoint saved = new Checkpoint("pairwise-reward", CONFIG, net.block().architecture());
      saved.save(dir, net.block());
      BatchTensors t = BatchTensors.of(m, batch, 8);
      float[] expected = net.block().clickLogits(net.parameterStore(), t, m.create(shown, new Shape(4, 2, L)), false)
          .toFloatArray();
      Checkpoint read = Checkpoint.read(dir);
      try (NetworkTrainer<PairwiseClickModel> loaded =
          new NetworkTrainer<>((PairwiseClickModel) read.newBlock(), 0f, 0f, 0f, 9)) {
        loaded.loadWeights(dir);
        assertEquals(CATEGORIES, loaded.block().categories());
        assertArrayEquals(before, itemCategories(loaded.block()));
        float[] again = loaded.block().clickLogits(loaded.parameterStore(), t, m.create(shown, new Shape(4, 2, L)),
            false).toFloatArray();
        assertArrayEquals(expected, again, 1e-6f);
      }
    }
  }

  @Test
  void aCatalogueWithoutCategoriesIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> PairwiseClickModel.of(CONFIG, ItemCatalog.empty()));
    assertTrue(e.getMessage().contains("item categories"), e.getMessage());
    List<int[]> bad = new ArrayList<>(catalog().categories());
    bad.set(7, new int[] {CATEGORIES});
    var model = new PairwiseClickModel(CONFIG, CATEGORIES);
    var out = assertThrows(IllegalArgumentException.class, () -> model.setItemCategories(bad));
    assertTrue(out.getMessage().contains("item 7"), out.getMessage());
  }

  /** A child block by name (DJL prefixes children's names with their index). */
  private static ai.djl.nn.Block child(ai.djl.nn.Block block, String name) {
    for (var p : block.getChildren()) {
      if (p.getKey().endsWith(name)) {
        return p.getValue();
      }
    }
    throw new AssertionError("no child " + name);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
