package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.train.ScorerTraining;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GruListScorerTest {
  static final ModelConfig CONFIG = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 8, 4);

  static float[][] logits(NetworkTrainer<? extends ScoringNetwork> net, RequestBatch batch) {
    try (NDManager m = net.manager().newSubManager()) {
      NDArray out = net.block().logits(net.parameterStore(), BatchTensors.of(m, batch, 8), false);
      assertEquals(new Shape(batch.size(), batch.numCandidates()), out.getShape());
      float[] flat = out.toFloatArray();
      float[][] rows = new float[batch.size()][batch.numCandidates()];
      for (int b = 0; b < rows.length; b++) {
        System.arraycopy(flat, b * rows[b].length, rows[b], 0, rows[b].length);
      }
      return rows;
    }
  }

  @Test
  void scoresEveryCandidateLearnsFromLabelsAndSurvivesACheckpoint(@TempDir Path dir) throws Exception {
    RequestBatch unlabelled = PointerGeneratorTest.batch(4, 9, 40, 5);
    java.util.Random rnd = new java.util.Random(3);
    float[][] labels = new float[4][9];
    float[] flat = new float[36];
    for (int b = 0; b < 4; b++) {
      for (int i = 0; i < 9; i++) {
        labels[b][i] = rnd.nextInt(3) == 0 ? 1f : 0f;
        flat[b * 9 + i] = labels[b][i];
      }
    }
    RequestBatch batch = new RequestBatch(unlabelled.requestIds(), unlabelled.users(), unlabelled.history(),
        unlabelled.historyPositive(), unlabelled.candidates(), labels, null);
    float[][] before;
    try (NetworkTrainer<ScoringNetwork> net =
        new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock("dlcm", CONFIG), 1e-2f, 0f, 5f, 2)) {
      assertTrue(net.block() instanceof GruListScorer);
      float first = Float.NaN;
      float last = Float.NaN;
      for (int s = 0; s < 15; s++) {
        float loss = net.step(m -> ScorerTraining.bce(
            net.block().logits(net.parameterStore(), BatchTensors.of(m, batch, 8), true),
            m.create(flat, new Shape(4, 9))));
        if (s == 0) {
          first = loss;
        }
        last = loss;
      }
      assertTrue(last < first, "BCE " + first + " -> " + last);
      before = logits(net, batch);
      new Checkpoint("dlcm", CONFIG, Map.of()).save(dir, net.block());
    }
    Checkpoint read = Checkpoint.read(dir);
    assertEquals("dlcm", read.kind());
    try (NetworkTrainer<ScoringNetwork> loaded =
        new NetworkTrainer<>((ScoringNetwork) Checkpoint.newBlock(read.kind(), read.config()), 1e-3f, 0f, 5f, 9)) {
      loaded.loadWeights(dir);
      float[][] after = logits(loaded, batch);
      for (int b = 0; b < before.length; b++) {
        assertArrayEquals(before[b], after[b], 1e-6f, "request " + b);
      }
    }
  }

  @Test
  void theGruReadsCandidatesInOrder() {
    // DLCM is order-aware: permuting the candidate slots changes a candidate's logit (a pointwise model's would not).
    RequestBatch batch = PointerGeneratorTest.batch(2, 6, 40, 8);
    int[][] reversed = new int[2][6];
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 6; i++) {
        reversed[b][i] = batch.candidates()[b][5 - i];
      }
    }
    RequestBatch rev = new RequestBatch(batch.requestIds(), batch.users(), batch.history(), batch.historyPositive(),
        reversed, null, null);
    try (NetworkTrainer<GruListScorer> net = new NetworkTrainer<>(new GruListScorer(CONFIG), 1e-3f, 0f, 5f, 4)) {
      float[][] a = logits(net, batch);
      float[][] r = logits(net, rev);
      double diff = 0;
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < 6; i++) {
          diff += Math.abs(a[b][i] - r[b][5 - i]);
        }
      }
      assertTrue(diff > 1e-4, "logits did not depend on order: " + diff);
    }
  }
}
