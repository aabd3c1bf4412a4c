package io.goalrank.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.Split;
import io.goalrank.group.GroupBuilder;
import io.goalrank.group.GroupContext;
import io.goalrank.group.GroupSpec;
import io.goalrank.objective.Objectives;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import io.goalrank.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validation score of objective-trained models: lists that are better on the weighted objective than the
 * fixed auxiliary group score higher, the score is linear in the weights, and the group never holds generator
 * samples.
 */
class ObjectiveValidationTest {

  /** Relevance for the test: the fraction of labelled positives in the list. */
  private static final ListUtility POSITIVES = io.goalrank.eval.EvalFixtures.positiveFraction();

  @Test
  void betterListsScoreHigherAndTheScoreIsLinearInTheWeights() throws Exception {
    long seed = 5;
    PreparedDataset data = Workflow.simulate(
        SimulatorConfig.builder().users(200).items(120).interactionsPerUser(30, 40).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(10).optSeed(seed).build(),
        new MfRetriever.Options(8, 2, 4096, 5e-3f, 1e-5f, seed));
    int l = Workflow.listLength(data);
    Objectives objectives = Objectives.of(data, POSITIVES);
    GroupBuilder auxiliary = new GroupBuilder(GroupSpec.parse("random:4,popularity:1,mf-order:1"),
        GroupContext.builder(l).optItemCounts(data.itemCounts()).build());
    ObjectiveValidation validation = new ObjectiveValidation(data, data.indices(Split.VALID), objectives,
        auxiliary, l, seed);

    // positives first: the best list under relevance alone
    ObjectiveValidation.Decoder oracle = (batch, w) -> {
      int[][] out = new int[batch.size()][l];
      for (int b = 0; b < batch.size(); b++) {
        Integer[] slots = new Integer[batch.numCandidates()];
        for (int i = 0; i < slots.length; i++) {
          slots[i] = i;
        }
        float[] labels = batch.labels()[b];
        java.util.Arrays.sort(slots, (x, y) -> Float.compare(labels[y], labels[x]));
        for (int t = 0; t < l; t++) {
          out[b][t] = slots[t];
        }
      }
      return out;
    };
    ObjectiveValidation.Decoder random = (batch, w) -> new RandomPolicy(99).rank(batch, l).lists();
    float[] relevance = Objectives.relevanceOnly();
    float[] twice = {2f, 0f, 0f};
    double[] o = validation.score(oracle, List.of(relevance, twice));
    double[] r = validation.score(random, List.of(relevance));
    assertTrue(o[0] > r[0] + 1.0, "positives-first " + o[0] + " vs random " + r[0]);
    assertEquals(2 * o[0], o[1], 1e-4, "doubling every weight must double the score");

    var withGenerator = assertThrows(IllegalArgumentException.class, () -> new ObjectiveValidation(data,
        data.indices(Split.VALID), objectives, new GroupBuilder(GroupSpec.parse("random:2,generator:2"),
            GroupContext.builder(l).optItemCounts(data.itemCounts()).build()), l, seed));
    assertTrue(withGenerator.getMessage().contains("generator"), withGenerator.getMessage());
  }

  @Test
  void theAuxiliaryPartDropsGeneratorSamplesAndKeepsAtLeastTwoLists() {
    assertEquals(GroupSpec.parse("random:2,dnn-pl:5"),
        GroupSpec.parse("random:2,dnn-pl:5,generator:10").auxiliaryPart());
    assertEquals(GroupSpec.parse("random:4"), GroupSpec.parse("generator:8").auxiliaryPart());
    List<float[]> anchors = ObjectiveValidation.weightsFor(null, 2f);
    assertEquals(Objectives.NAMES.size(), anchors.size());
    assertEquals(2f, anchors.get(1)[1]);
    assertEquals(2f, anchors.get(2)[2]);
  }
}
