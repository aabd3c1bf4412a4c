package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreadPlanTest {

  @Test
  void theDefaultSplitKeepsWorkersTimesEngineThreadsWithinTheCores() {
    for (int cores = 1; cores <= 64; cores++) {
      for (int workers = 1; workers <= cores; workers++) {
        ThreadPlan plan = new ThreadPlan(workers, ThreadPlan.defaultEngineThreads(workers, cores), cores);
        assertFalse(plan.oversubscribed(), plan.describe());
        assertTrue(plan.warning().isEmpty(), plan.describe());
      }
    }
    assertEquals(2, ThreadPlan.defaultEngineThreads(1, 2));
    assertEquals(1, ThreadPlan.defaultEngineThreads(2, 2));
    assertEquals(1, ThreadPlan.defaultEngineThreads(3, 2), "at least one engine thread per worker");
    assertEquals(4, ThreadPlan.defaultEngineThreads(2, 9));
  }

  @Test
  void moreThreadsThanCoresAreNamedInAWarning() {
    ThreadPlan fits = new ThreadPlan(1, 2, 2);
    assertEquals("1 worker × 2 engine threads = 2 threads on 2 cores", fits.describe());
    ThreadPlan over = new ThreadPlan(2, 2, 2);
    assertTrue(over.oversubscribed());
    String w = over.warning().orElseThrow();
    assertTrue(w.contains("2 workers × 2 engine threads = 4 threads on 2 cores"), w);
    assertTrue(w.contains("--workers × --engine-threads at most 2"), w);
    assertTrue(new ThreadPlan(3, 1, 2).warning().isPresent(), "more workers than cores");
    assertThrows(IllegalArgumentException.class, () -> new ThreadPlan(0, 1, 2));
  }
}
