package io.goalrank.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import io.goalrank.engine.vector.VectorGenerator;
import io.goalrank.model.ModelConfig;
import org.junit.jupiter.api.Test;

/** {@code serve --engine-threads}: each engine runs a batch on the threads it is given, and says so. */
class EngineSettingsTest {
  private static final ModelConfig CONFIG = new ModelConfig(30, 16, 2, 1, 1, 32, 0f, 10, 6);

  @Test
  void theJavaEngineDecodesOnTheThreadsItIsGivenAndIsThreadSafe() {
    try (RankingEngine three = Engines.random(CONFIG, 0, 1, EngineSettings.of(EngineKind.JAVA).withThreads(3));
        RankingEngine byDefault = Engines.random(CONFIG, 0, 1, EngineSettings.of(EngineKind.JAVA))) {
      assertEquals(3, three.threads());
      assertTrue(three.describe().contains("3 threads"), three.describe());
      assertTrue(three.threadSafe());
      assertEquals(VectorGenerator.defaultThreads(), byDefault.threads());
    }
  }

  @Test
  void theDjlEngineSetsPyTorchsThreadsAndTakesOneBatchAtATime() {
    int before = JniUtils.getNumThreads();
    int asked = before == 1 ? 2 : 1;
    try (RankingEngine djl = Engines.random(CONFIG, 0, 1, EngineSettings.of(EngineKind.DJL).withThreads(asked))) {
      assertEquals(asked, djl.threads());
      assertEquals(asked, JniUtils.getNumThreads(), "a process-wide setting");
      assertTrue(djl.describe().contains(asked + " PyTorch thread"), djl.describe());
      assertFalse(djl.threadSafe());
    } finally {
      DjlEngine.useThreads(before); // other tests in this JVM keep their threads
    }
    assertThrows(IllegalArgumentException.class, () -> EngineSettings.of(EngineKind.DJL).withThreads(0));
  }
}
