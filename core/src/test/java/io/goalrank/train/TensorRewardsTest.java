package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.model.CandidateScorer;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.reward.RewardModel;
import io.goalrank.reward.TensorListUtility;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training step reads the reward model's list rewards on the tensor side ({@link TensorListUtility}); they must
 * be bit for bit what {@code score} gave through Java arrays before, so the same seed trains the same model.
 */
class TensorRewardsTest {
  @Test
  void tensorRewardsAreExactlyTheArrayRewards() {
    PreparedDataset data = Workflow.simulate(SimulatorConfig.builder().users(120).items(100)
            .interactionsPerUser(20, 30).seed(4).build(), ProtocolConfig.builder().optCoreK(5).optSeed(4).build(),
        new MfRetriever.Options(8, 1, 4096, 5e-3f, 1e-5f, 4));
    ModelConfig config = ModelConfig.preset("tiny", data.numItems(), 20, 6);
    RequestBatch batch = data.batch(Arrays.copyOf(data.indices(Split.TRAIN), 8));
    int b = batch.size();
    int g = 5;
    int l = 6;
    int[][][] lists = new int[b][g][];
    long[] flat = new long[b * g * l];
    Random rnd = new Random(9);
    for (int r = 0; r < b; r++) {
      for (int k = 0; k < g; k++) {
        lists[r][k] = rnd.ints(0, batch.numCandidates()).distinct().limit(l).toArray();
        for (int t = 0; t < l; t++) {
          flat[(r * g + k) * l + t] = lists[r][k][t];
        }
      }
    }
    try (NetworkTrainer<CandidateScorer> scorer = new NetworkTrainer<>(new CandidateScorer(config), 1e-3f, 0f, 5f, 1);
        NetworkTrainer<ListRewardNetwork> list = new NetworkTrainer<>(new ListRewardNetwork(config), 1e-3f, 0f, 5f,
            2)) {
      RewardModel[] models = {RewardModel.pointwise(scorer).cachedOn(data), RewardModel.pointwise(scorer),
          RewardModel.pointwise(scorer).withNoise(0.3f, 11), RewardModel.listAware(list)};
      for (RewardModel model : models) {
        TensorListUtility tensors = assertInstanceOf(TensorListUtility.class, model);
        float[][] arrays = model.score(batch, lists);
        try (NDManager m = NDManager.newBaseManager()) {
          float[] onTensors = tensors.listReward(m, batch, m.create(flat, new Shape(b, g, l))).toFloatArray();
          for (int r = 0; r < b; r++) {
            assertArrayEquals(arrays[r], Arrays.copyOfRange(onTensors, r * g, (r + 1) * g), 0f,
                "request " + r + " of " + (model.isListAware() ? "list-aware" : "pointwise") + " r̂");
          }
        }
      }
    }
  }
}
