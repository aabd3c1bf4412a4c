package io.goalrank.engine.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
      RequestBatch batch = EngineFixtures.requests(40, 12, c.numItems(), c.maxHistory(), false, 3);
      GreedyLists all = g.greedy(batch, null);
      // one thread: groups of 32 and 8; requests 8..15 of the first are cancelled from the start and skipped, and
      // the others of their group decode without them, to the same answers
      GreedyLists some = g.greedy(batch, null, r -> r >= 8 && r < 16);
      for (int r = 0; r < 40; r++) {
        if (r >= 8 && r < 16) {
          assertNull(some.lists()[r], "request " + r + " was cancelled");
          assertNull(some.stepProbabilities()[r]);
        } else {
          assertArrayEquals(all.lists()[r], some.lists()[r], "request " + r);
          assertArrayEquals(all.stepProbabilities()[r], some.stepProbabilities()[r], 0f, "request " + r);
        }
      }
      // a request cancelled after its encoding, while others of its group are wanted, is decoded with them
      AtomicInteger asked = new AtomicInteger();
      GreedyLists late = g.greedy(batch, null, r -> r == 3 && asked.getAndIncrement() > 0);
      assertArrayEquals(all.lists()[3], late.lists()[3]);
      // cancelled midway: everything turns cancelled at the last check a whole decode makes (before the second
      // group's last step); that group stops there, the first group's answers are the usual ones
      AtomicInteger counted = new AtomicInteger();
      g.greedy(batch, null, r -> counted.incrementAndGet() < 0);
      int checksOfAWholeDecode = counted.get();
      AtomicInteger checks = new AtomicInteger();
      GreedyLists midway = g.greedy(batch, null, r -> checks.incrementAndGet() >= checksOfAWholeDecode);
      for (int r = 0; r < 40; r++) {
        if (r < 32) {
          assertArrayEquals(all.lists()[r], midway.lists()[r], "the first group ran to the end, " + r);
        } else {
          assertNull(midway.lists()[r], "the second group stopped, " + r);
        }
      }
    }
  }
}
