package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.engine.EngineKind;
import io.goalrank.engine.EngineSettings;
import io.goalrank.engine.Engines;
import io.goalrank.engine.RankingEngine;
import io.goalrank.model.ModelConfig;
import org.junit.jupiter.api.Test;

/** {@code serve}'s warm-up decodes requests every model kind accepts, on both engines, and none when told 0 ms. */
class EngineWarmUpTest {
  @Test
  void warmsUpPlainConditionedAndRetrieverReadingModelsOnBothEngines() {
    ModelConfig plain = new ModelConfig(40, 16, 2, 1, 1, 32, 0f, 10, 6);
    for (EngineKind kind : EngineKind.values()) {
      for (int objectives : new int[] {0, io.goalrank.objective.Objectives.NAMES.size()}) {
        for (ModelConfig c : new ModelConfig[] {plain, plain.withRetrieverScores(true)}) {
          try (RankingEngine engine = Engines.random(c, objectives, 5, EngineSettings.of(kind))) {
            EngineWarmUp.Report r = EngineWarmUp.run(engine, 32, 50);
            String what = kind + ", " + objectives + " objectives, retriever scores " + c.readsRetrieverScores();
            assertTrue(r.calls() >= 2, what + ": " + r);
            assertTrue(r.requests() >= 1 + 16, "one batch of one and one of 16: " + what + ": " + r);
          }
        }
      }
    }
    try (RankingEngine engine = Engines.random(plain, 0, 5, EngineSettings.of(EngineKind.JAVA))) {
      assertEquals(new EngineWarmUp.Report(0, 0, 0), EngineWarmUp.run(engine, 32, 0));
    }
  }
}
