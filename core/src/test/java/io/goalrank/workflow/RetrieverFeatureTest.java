package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.NegativeSampling;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;

/**
 * Why the retriever score is not read with retriever negatives: there the targets forced into the retriever's top N
 * have the lowest scores, so the score finds them better from the bottom than MF order does from the top; with
 * popularity-matched negatives it is an ordinary preference signal.
 */
class RetrieverFeatureTest {

  private static PreparedDataset data(NegativeSampling negatives) {
    long seed = 3;
    return Workflow.simulate(SimulatorConfig.builder().users(400).items(200).seed(seed).build(),
        ProtocolConfig.builder().optCoreK(10).optNegatives(negatives).optSeed(seed).build(),
        new MfRetriever.Options(16, 5, 4096, 5e-3f, 1e-5f, seed));
  }

  @Test
  void withRetrieverNegativesTheLowestScoresAreTheTargets() {
    PreparedDataset data = data(NegativeSampling.RETRIEVER);
    RetrieverFeature.Diagnosis d = RetrieverFeature.diagnose(data);
    assertTrue(d.requests() > 20, "requests " + d.requests());
    assertTrue(d.leaks() && d.lowestHit() > d.highestHit() + 0.2, d.toString());
    assertFalse(RetrieverFeature.AUTO.resolve(data), "AUTO leaves the leaking feature off");
    var e = assertThrows(IllegalArgumentException.class, () -> RetrieverFeature.ON.resolve(data));
    assertTrue(e.getMessage().contains("gives the targets away"), e.getMessage());
  }

  @Test
  void withMatchedNegativesTheScoreIsAPreferenceAndIsRead() {
    PreparedDataset data = data(NegativeSampling.MATCHED);
    RetrieverFeature.Diagnosis d = RetrieverFeature.diagnose(data);
    assertFalse(d.leaks(), d.toString());
    assertTrue(RetrieverFeature.AUTO.resolve(data));
    assertTrue(RetrieverFeature.ON.resolve(data));
    assertFalse(RetrieverFeature.OFF.resolve(data));
  }
}
