package io.goalrank.engine.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.core.RequestBatch;
import io.goalrank.engine.Engines;
import io.goalrank.model.ModelConfig;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.PointerGenerator;
import io.goalrank.policy.GeneratorPolicy.GreedyLists;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 16: the Java engine stops the work of requests nobody waits for any more, and only theirs. */
class CancellationTest {
  @Test
  void cancelledGroupsStopAndTheOthersGetTheirUsualAnswers() {
    ModelConfig c = ModelConfig.preset("tiny", 60, 10, 4).withDropout(0f);
    try (var net = new NetworkTrainer<>(new PointerGenerator(c, 0), 0f, 0f, 0f, 16);
        VectorGenerator g = new VectorGenerator(GeneratorWeights.of(c, Engines.parameters(net.block())),
            Kernels.scalar(), 1)) {
      RequestBatch batch = EngineFixtures.requests(24, 12, c.numItems(), c.maxHistory(), false, 3);
      GreedyLists all = g.greedy(batch, null);
      // one thread: groups of 8; the second group (requests 8..15) is cancelled from the start
      GreedyLists some = g.greedy(batch, null, r -> r >= 8 && r < 16);
      for (int r = 0; r < 24; r++) {
        if (r >= 8 && r < 16) {
          assertNull(some.lists()[r], "request " + r + " was cancelled");
          assertNull(some.stepProbabilities()[r]);
        } else {
          assertArrayEquals(all.lists()[r], some.lists()[r], "request " + r);
          assertArrayEquals(all.stepProbabilities()[r], some.stepProbabilities()[r], 0f, "request " + r);
        }
      }
      // a request cancelled while others of its group are wanted is decoded with them
      GreedyLists one = g.greedy(batch, null, r -> r == 3);
      assertArrayEquals(all.lists()[3], one.lists()[3]);
      // cancelled midway: the predicate turns true after a few checks; the work stops at the next check
      AtomicInteger checks = new AtomicInteger();
      GreedyLists midway = g.greedy(batch, null, r -> checks.incrementAndGet() > 40);
      int stopped = 0;
      for (int r = 0; r < 24; r++) {
        if (midway.lists()[r] == null) {
          stopped++;
        } else {
          assertArrayEquals(all.lists()[r], midway.lists()[r], "a request that ran to the end, " + r);
        }
      }
      assertTrue(stopped >= 8, "groups after the cancellation stopped: " + stopped);
      assertNotNull(midway.lists()[0], "the first group ran before the cancellation");
    }
  }
}
