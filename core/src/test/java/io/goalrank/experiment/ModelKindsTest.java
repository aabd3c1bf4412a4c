package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.model.Checkpoint;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.ModelKind;
import io.goalrank.model.ModelKinds;
import io.goalrank.model.PointerGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model-kind registry and what reads it. The scorer baselines' order and seed offsets decide which networks a
 * run trains with which seed and who the G-n members are, so they are pinned to the values of every earlier run.
 */
class ModelKindsTest {
  private static final ModelConfig CONFIG = ModelConfig.preset("tiny", 30, 5, 3);

  @Test
  void scorerBaselinesKeepTheirOrderSeedsAndTheirPlaceInThePools() {
    assertEquals(List.of("dnn", "prm", "dlcm"), ModelKinds.scorerNames());
    assertEquals(List.of(2L, 4L, 5L),
        ModelKinds.withRole(ModelKind.Role.SCORER).stream().map(ModelKind::seedOffset).toList());
    assertEquals(List.of("dnn", "prm", "dlcm", "seq2slate", "eg-rerank"), Table1.pool());
    assertEquals(List.of("dnn", "prm", "dlcm"), ScalingAnalysis.MULTI_POOL);
    assertTrue(ModelKinds.scorer("dnn").description().startsWith("DNN: pointwise MLP scorer"));
    var e = assertThrows(IllegalArgumentException.class, () -> ModelKinds.scorer("generator"));
    assertTrue(e.getMessage().contains("dnn"), e.getMessage());
  }

  @Test
  void everyKindBuildsItsBlockAndUnknownKindsAreNamed() {
    for (String role : List.of("GENERATOR", "SCORER", "REWARD")) {
      for (ModelKind kind : ModelKinds.withRole(ModelKind.Role.valueOf(role))) {
        // what the kinds that need more than the config record: a conditioned generator's objectives, a pairwise
        // click model's category count
        var provenance = Map.of("objectives", "relevance,diversity,novelty", "categories", "4");
        assertTrue(new Checkpoint(kind.name(), CONFIG, provenance).newBlock() != null, kind.name());
      }
    }
    assertTrue(new Checkpoint("conditioned-generator", CONFIG, Map.of("objectives", "a,b,c")).newBlock()
        instanceof PointerGenerator);
    assertTrue(new Checkpoint("pairwise-reward", CONFIG, Map.of("categories", "4")).newBlock()
        instanceof io.goalrank.model.PairwiseClickModel);
    var missing = assertThrows(IllegalArgumentException.class, () -> Checkpoint.newBlock("pairwise-reward", CONFIG));
    assertTrue(missing.getMessage().contains("category count"), missing.getMessage());
    var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.newBlock("mir", CONFIG));
    assertTrue(e.getMessage().contains("mir") && e.getMessage().contains("dlcm"), e.getMessage());
  }
}
