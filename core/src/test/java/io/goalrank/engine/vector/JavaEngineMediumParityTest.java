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
 * {@link JavaEngineParityTest} on the {@code medium} preset (hidden 256, 4 heads, 3+3 layers, ffn 1024: more heads
 * than the small preset and an FFN four times wider), 50 candidates as the service sees them.
 */
class JavaEngineMediumParityTest {
  private static final int ITEMS = 500;
  private static final int N = 50;
  private static final int MAX_HISTORY = 30;

  @TempDir Path dir;

  @ParameterizedTest(name = "batch {0}, trained {1}, objectives {2}, retriever {3}, kernels {4}")
  @CsvSource({"32,false,0,false,best", "1,true,3,true,best", "2,true,0,true,scalar"})
  void mediumPresetMatchesDjl(int b, boolean trained, int objectives, boolean retriever, String kernels)
      throws Exception {
    ModelConfig c = ModelConfig.preset("medium", ITEMS, MAX_HISTORY, 6).withDropout(0f)
        .withRetrieverScores(retriever);
    try (NetworkTrainer<PointerGenerator> net = EngineFixtures.network(c, objectives, trained ? 4 : 0, dir, 43)) {
      GeneratorWeights weights = EngineFixtures.weights(net, c, trained, dir);
      RequestBatch batch = EngineFixtures.requests(b, N, ITEMS, MAX_HISTORY, retriever, 2000 + b);
      double worst = EngineFixtures.assertParity(net, weights, EngineFixtures.kernels(kernels), batch,
          EngineFixtures.objectiveWeights(b, objectives));
      assertTrue(worst < EngineFixtures.TOLERANCE, "largest logit difference " + worst);
    }
  }
}
