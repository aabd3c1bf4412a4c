package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.goalrank.bench.LatencyStats;
import io.goalrank.serve.LatencyLog.Phase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyLogTest {
  private static final long MS = 1_000_000L;

  /** An answer of {@code ms} milliseconds in all: 1 ms queued, then {@code ms - 2} of batch and 1 ms answering. */
  private static void answer(LatencyLog log, long ms) {
    long start = 1_000 * MS * ms; // any origin: only differences count
    log.record(start, start + MS, start + (ms - 1) * MS, start + ms * MS);
  }

  @Test
  void reportsTheLastAnswersOnlyOnceTheRingWrapsAround() {
    LatencyLog log = new LatencyLog(4);
    for (long ms = 3; ms <= 8; ms++) {
      answer(log, ms);
    }
    assertEquals(6, log.recorded());
    Map<Phase, LatencyStats> all = log.last(4); // 5, 6, 7, 8 ms: 3 and 4 were overwritten
    LatencyStats inService = all.get(Phase.IN_SERVICE);
    assertEquals(4, inService.count());
    assertEquals(6.0, inService.p50(), 1e-9);
    assertEquals(8.0, inService.max(), 1e-9);
    assertEquals(6.5, inService.mean(), 1e-9);
    assertEquals(1.0, all.get(Phase.QUEUED).max(), 1e-9);
    assertEquals(4.5, all.get(Phase.BATCH).mean(), 1e-9);
    assertEquals(1.0, all.get(Phase.ANSWER).p99(), 1e-9);
    LatencyStats two = log.last(2).get(Phase.IN_SERVICE); // 7 and 8 ms
    assertEquals(7.0, two.p50(), 1e-9);
    assertEquals(7.5, two.mean(), 1e-9);
  }

  @Test
  void asksForMoreThanRecordedGetsWhatThereIs() {
    LatencyLog log = new LatencyLog(8);
    answer(log, 2);
    answer(log, 4);
    LatencyStats s = log.last(8).get(Phase.IN_SERVICE);
    assertEquals(2, s.count());
    assertEquals(3.0, s.mean(), 1e-9);
    assertEquals(0, new LatencyLog(3).last(3).get(Phase.BATCH).count());
  }

  @Test
  void refusesAWindowItDoesNotKeep() {
    LatencyLog log = new LatencyLog(4);
    assertThrows(IllegalArgumentException.class, () -> log.last(0));
    assertThrows(IllegalArgumentException.class, () -> log.last(5));
    assertThrows(IllegalArgumentException.class, () -> new LatencyLog(0));
  }
}
