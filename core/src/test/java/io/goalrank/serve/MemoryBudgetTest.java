package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  private static final long MB = 1 << 20;

  @Test
  void reservationsWaitForRoomAndGiveUpAtTheirDeadline() throws Exception {
    MemoryBudget b = new MemoryBudget(100, 30);
    assertEquals(70, b.batchCapacity());
    assertTrue(b.reserve(50, 0));
    assertEquals(80, b.inUse());
    assertFalse(b.reserve(30, TimeUnit.MILLISECONDS.toNanos(20)), "30 more do not fit beside 50");
    assertEquals(1, b.refused());
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return b.reserve(30, TimeUnit.SECONDS.toNanos(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(50);
    assertFalse(waiting.isDone(), "waits while the first reservation holds");
    b.release(50);
    assertTrue(waiting.get(5, TimeUnit.SECONDS), "gets its bytes once they are released");
    assertEquals(60, b.inUse());
    b.release(30);
    assertEquals(30, b.inUse(), "back to the model's own bytes");
    assertThrows(IllegalStateException.class, () -> b.release(1), "more released than reserved");
    assertThrows(IllegalArgumentException.class, () -> b.reserve(71, 0), "could never fit");
  }

  @Test
  void aCapTheModelAloneFillsIsRefusedNamingTheOption() {
    var e = assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(64 * MB, 64 * MB));
    assertTrue(e.getMessage().contains("--max-native-mb 64: the model alone holds about 64 MB"), e.getMessage());
    assertFalse(MemoryBudget.unlimited(5).limited());
    assertEquals(5, MemoryBudget.unlimited(5).inUse());
  }
}
