package io.goalrank.engine.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.core.RequestBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java engine gives the DJL engine's logits (within 1e-4) and exactly its greedy lists, on the {@code small}
 * preset (the paper's size: hidden 128, 2 heads, 2+2 layers): random and trained-saved-loaded weights, batch 1 and
 * 32, with and without objective conditioning and retriever scores, on the scalar kernels and on the best ones
 * (vector where the JVM has the module). Trained checkpoints are read from disk the way {@code serve --engine java}
 * reads them.
 */
class JavaEngineParityTest {
  private static final int ITEMS = 400;
  private static final int N = 40;
  private static final int MAX_HISTORY = 20;

  @TempDir Path dir;

  @ParameterizedTest(name = "batch {0}, trained {1}, objectives {2}, retriever {3}, kernels {4}")
  @CsvSource({"1,false,0,false,best", "32,false,0,false,best", "1,false,0,false,scalar", "1,true,0,false,best",
      "32,true,0,false,scalar", "32,true,3,true,best", "1,true,3,true,scalar", "32,false,3,false,best",
      "32,true,0,true,best"})
  void smallPresetMatchesDjl(int b, boolean trained, int objectives, boolean retriever, String kernels)
      throws Exception {
    ModelConfig c = ModelConfig.preset("small", ITEMS, MAX_HISTORY, 6).withDropout(0f).withRetrieverScores(retriever);
    try (NetworkTrainer<PointerGenerator> net = EngineFixtures.network(c, objectives, trained ? 8 : 0, dir, 41)) {
      GeneratorWeights weights = EngineFixtures.weights(net, c, trained, dir);
      RequestBatch batch = EngineFixtures.requests(b, N, ITEMS, MAX_HISTORY, retriever, 1000 + b);
      double worst = EngineFixtures.assertParity(net, weights, EngineFixtures.kernels(kernels), batch,
          EngineFixtures.objectiveWeights(b, objectives));
      assertTrue(worst < EngineFixtures.TOLERANCE, "largest logit difference " + worst);
    }
  }
}
