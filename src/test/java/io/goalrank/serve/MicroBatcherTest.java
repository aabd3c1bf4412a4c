package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

  @Test
  void concurrentRequestsShareBatchesAndGetTheirOwnResults() throws Exception {
    List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var batcher = new MicroBatcher<Integer, Integer>(in -> {
      sizes.add(in.size());
      return in.stream().map(x -> x * 10).toList();
    }, 1000, 8, 20_000)) {
      List<CompletableFuture<Integer>> out = new ArrayList<>();
      for (int k = 0; k < 100; k++) {
        out.add(batcher.submit(k));
      }
      for (int k = 0; k < 100; k++) {
        assertEquals(k * 10, out.get(k).get(5, TimeUnit.SECONDS));
      }
      assertEquals(100, sizes.stream().mapToInt(Integer::intValue).sum());
      assertTrue(sizes.stream().allMatch(s -> s <= 8), "max batch respected: " + sizes);
      assertTrue(sizes.size() < 100, "requests waiting together were batched: " + sizes);
      assertEquals(sizes.size(), batcher.batches());
    }
  }

  @Test
  void aFullQueueFailsFastAndCloseAnswersWhatWasQueued() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    var batcher = new MicroBatcher<Integer, Integer>(in -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return in;
    }, 1, 1, 0);
    CompletableFuture<Integer> first = batcher.submit(1);
    assertTrue(entered.await(5, TimeUnit.SECONDS));
    CompletableFuture<Integer> queued = batcher.submit(2);
    assertThrows(MicroBatcher.Overloaded.class, () -> batcher.submit(3));
    Thread closer = new Thread(batcher::close);
    closer.start();
    Thread.sleep(50);
    assertThrows(MicroBatcher.Overloaded.class, () -> batcher.submit(4), "closing refuses new work");
    release.countDown();
    closer.join(5000);
    assertEquals(1, first.get(1, TimeUnit.SECONDS));
    assertEquals(2, queued.get(1, TimeUnit.SECONDS), "close drains the queue");
  }

  @Test
  void aFailingBatchFailsItsRequestsOnly() throws Exception {
    try (var batcher = new MicroBatcher<Integer, Integer>(in -> {
      if (in.contains(-1)) {
        throw new IllegalStateException("boom");
      }
      return in;
    }, 10, 1, 0)) {
      var bad = batcher.submit(-1);
      var good = batcher.submit(5);
      assertThrows(java.util.concurrent.ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
      assertEquals(5, good.get(5, TimeUnit.SECONDS));
    }
  }
}
