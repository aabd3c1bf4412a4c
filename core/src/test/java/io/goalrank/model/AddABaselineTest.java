package io.goalrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.goalrank.data.PreparedDataset;
import io.goalrank.experiment.Row;
import io.goalrank.experiment.Table1;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.train.ScorerTraining;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "how to add a baseline" recipe of docs/ARCHITECTURE.md, done: one {@link ScorerBlock} class (here
 * {@link ItemBias}, a learnt bias per item) and one {@link ModelKinds} line (here {@code ModelKinds.register},
 * closed after the test). Nothing else changes: it trains through {@link ScorerTraining}, saves and loads by its
 * kind, gets a Table 1 row and joins the G-n pool and its description.
 */
class AddABaselineTest {
  /** The block: each candidate's logit is its item's learnt bias. */
  static final class ItemBias extends ScorerBlock {
    private final ModelConfig config;
    private final Table bias;

    ItemBias(ModelConfig config) {
      this.config = config;
      bias = addChildBlock("bias", new Table(config.numItems() + 1, 1, 0.05f));
    }

    @Override
    public ModelConfig config() {
      return config;
    }

    @Override
    public NDArray logits(ParameterStore ps, BatchTensors t, boolean training) {
      NDArray c = t.candidates();
      return bias.lookup(ps, c, training).reshape(c.getShape());
    }
  }

  private static final String G5 = "5 generators (DNN, PRM, DLCM, Seq2Slate, EG-Rerank in turn; each model's greedy "
      + "list first, then samples at temperatures 0.5-2), one list each; the reward model picks the best";

  @Test
  void oneBlockAndOneLineMakeATrainedLoadableTable1Baseline(@TempDir Path dir) throws Exception {
    PreparedDataset data = io.goalrank.workflow.TypedProvenanceTest.dataset()
        .withConfig(SimulatorConfig.PROVENANCE, null);
    assertEquals(G5, row(rows(data), "g-5").description(), "the G-n description is the pool's, as before");
    try (var registration = ModelKinds.register(new ModelKind("item-bias", ModelKind.Role.SCORER,
        c -> new ItemBias(c.config()), 9, "Item bias: a learnt logit per item, BCE, greedy top-6"))) {
      List<Row<?>> rows = rows(data);
      assertEquals("Item bias: a learnt logit per item, BCE, greedy top-6", row(rows, "item-bias").description());
      assertTrue(row(rows, "g-5").description().startsWith("5 generators (DNN, PRM, DLCM, ITEM-BIAS, Seq2Slate"));

      ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 4, 3);
      ScorerTraining.fit(data, config, new ScorerTraining.Options("item-bias", 1, 1, 2, 1e-2f, 0f, 9, dir), Map.of())
          .network().close();
      try (NetworkTrainer<ScoringNetwork> loaded = Models.loadScorer(dir)) {
        assertInstanceOf(ItemBias.class, loaded.block());
      }
    }
    assertFalse(ModelKinds.scorerNames().contains("item-bias"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Row<?>> rows(PreparedDataset data) {
    return (List) Table1.rows(data, 1, 4, List.of(5), "default", 8);
  }

  private static Row<?> row(List<Row<?>> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
  }
}
