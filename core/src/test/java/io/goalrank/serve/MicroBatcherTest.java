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
  void anItemThatWaitedThroughTheLastBatchStartsWithoutWaitingForCompanyAgain() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    long[] startedNanos = new long[9];
    try (var batcher = MicroBatcher.<Integer, Integer>builder(items -> {
      startedNanos[items.get(0)] = System.nanoTime();
      if (items.get(0) == 0) {
        firstRunning.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return items;
    }).maxBatch(8).maxDelayMicros(1_000_000).build()) {
      // a full first batch starts at once (a lone first item would wait out the whole delay and slow the test)
      List<CompletableFuture<Integer>> firstBatch = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        firstBatch.add(batcher.submit(i));
      }
      assertTrue(firstRunning.await(10, TimeUnit.SECONDS), "the first batch started");
      CompletableFuture<Integer> late = batcher.submit(8);
      Thread.sleep(1_100); // longer than maxDelay, while the worker is busy
      long released = System.nanoTime();
      release.countDown();
      for (int i = 0; i < 8; i++) {
        assertEquals(i, firstBatch.get(i).get(10, TimeUnit.SECONDS));
      }
      assertEquals(8, late.get(10, TimeUnit.SECONDS));
      long waited = startedNanos[8] - released;
      assertTrue(waited < 500_000_000L, "started " + waited / 1e6 + " ms after the worker was free; a fresh "
          + "delay would be 1000 ms");
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

  /** A batch function that holds its first call until released, and records every batch it is given. */
  private static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<List<Integer>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();

    List<Integer> apply(List<Integer> in) {
      batches.add(List.copyOf(in));
      if (batches.size() == 1) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return in;
    }
  }

  @Test
  void requestsPastTheirDeadlineAreNotComputedAndABatchOfThemIsNeverStarted() throws Exception {
    Gate gate = new Gate();
    var batcher = MicroBatcher.<Integer, Integer>builder(gate::apply).maxBatch(8).timeoutMillis(100).build();
    CompletableFuture<Integer> running = batcher.submit(0);
    assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
    List<CompletableFuture<Integer>> late = List.of(batcher.submit(1), batcher.submit(2), batcher.submit(3));
    Thread.sleep(250); // their deadline passes while the worker is busy
    gate.release.countDown();
    for (CompletableFuture<Integer> f : late) {
      var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof MicroBatcher.Expired, "" + e.getCause());
      assertTrue(e.getCause().getMessage().contains("no answer within 100 ms"), e.getCause().getMessage());
    }
    assertEquals(0, running.get(5, TimeUnit.SECONDS), "a batch that started runs to the end");
    batcher.close();
    assertEquals(List.of(List.of(0)), gate.batches, "the expired requests never reached the batch function");
    assertEquals(1, batcher.batches());
    assertEquals(3, batcher.expired());
  }

  @Test
  void aRequestWhoseCallerHasGivenUpIsDroppedFromItsBatch() throws Exception {
    Gate gate = new Gate();
    try (var batcher = MicroBatcher.<Integer, Integer>builder(gate::apply).maxBatch(8).build()) {
      batcher.submit(0);
      assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
      CompletableFuture<Integer> abandoned = batcher.submit(1);
      CompletableFuture<Integer> wanted = batcher.submit(2);
      abandoned.cancel(false); // as RankServer's own timeout completes it
      gate.release.countDown();
      assertEquals(2, wanted.get(5, TimeUnit.SECONDS));
      assertEquals(List.of(List.of(0), List.of(2)), gate.batches);
      assertEquals(1, batcher.expired());
    }
  }

  @Test
  void aBatchOverTheCostLimitRunsInPartsInOrderAndAnItemOverTheLimitRunsAlone() throws Exception {
    Gate gate = new Gate();
    try (var batcher = MicroBatcher.<Integer, Integer>builder(gate::apply).maxBatch(32)
        .cost(Integer::longValue, 10).build()) {
      batcher.submit(0);
      assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
      List<CompletableFuture<Integer>> out = new ArrayList<>();
      for (int cost : new int[] {4, 4, 4, 4, 4, 12, 3}) {
        out.add(batcher.submit(cost));
      }
      gate.release.countDown(); // the worker takes all seven as one batch, then splits it by cost
      for (CompletableFuture<Integer> f : out) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertEquals(List.of(List.of(0), List.of(4, 4), List.of(4, 4), List.of(4), List.of(12), List.of(3)),
          gate.batches);
    }
  }

  @Test
  void severalWorkersRunBatchesAtTheSameTime() throws Exception {
    var together = new java.util.concurrent.CyclicBarrier(2);
    try (var batcher = MicroBatcher.<Integer, Integer>builder(in -> {
      try {
        together.await(5, TimeUnit.SECONDS); // only passes when two batches are running at once
      } catch (Exception e) {
        throw new IllegalStateException("batches did not run at the same time", e);
      }
      return in;
    }).maxBatch(1).workers(2).build()) {
      assertEquals(2, batcher.workers());
      var a = batcher.submit(1);
      var b = batcher.submit(2);
      assertEquals(1, a.get(10, TimeUnit.SECONDS));
      assertEquals(2, b.get(10, TimeUnit.SECONDS));
    }
  }

  /** Each item needs its value in bytes; a part needs the sum. */
  private static long sumBytes(List<Integer> items) {
    return items.stream().mapToLong(Integer::longValue).sum();
  }

  @Test
  void aBatchThatFindsNoRoomInTheMemoryBudgetFailsUncomputedAndEveryReservationIsReleased() throws Exception {
    Gate gate = new Gate();
    MemoryBudget budget = new MemoryBudget(100, 10); // 90 bytes for batches
    try (var batcher = MicroBatcher.<Integer, Integer>builder(gate::apply).maxBatch(1).workers(2).timeoutMillis(300)
        .memory(MicroBatcherTest::sumBytes, budget).build()) {
      CompletableFuture<Integer> first = batcher.submit(60);
      assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
      assertEquals(70, budget.inUse(), "the model and the running batch");
      // the second worker takes this one, but 60 more bytes do not fit beside the first batch's 60
      CompletableFuture<Integer> second = batcher.submit(60);
      var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> second.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof MicroBatcher.OutOfMemoryBudget, "" + e.getCause());
      assertTrue(e.getCause().getMessage().contains("--max-native-mb"), e.getCause().getMessage());
      assertEquals(1, budget.refused());
      assertEquals(List.of(List.of(60)), gate.batches, "the refused batch never ran");
      gate.release.countDown();
      assertEquals(60, first.get(5, TimeUnit.SECONDS));
      assertEquals(25, batcher.submit(25).get(5, TimeUnit.SECONDS), "room again once the first batch ended");
      assertEquals(10, budget.inUse(), "only the model is left");
      // one item that could never fit is refused at once
      var never = assertThrows(MicroBatcher.OutOfMemoryBudget.class, () -> batcher.submit(91));
      assertTrue(never.getMessage().contains("send fewer candidates"), never.getMessage());
    }
  }

  @Test
  void aBatchOverTheMemoryBudgetRunsInPartsThatFit() throws Exception {
    Gate gate = new Gate();
    try (var batcher = MicroBatcher.<Integer, Integer>builder(gate::apply).maxBatch(32)
        .memory(MicroBatcherTest::sumBytes, new MemoryBudget(50, 0)).build()) {
      batcher.submit(1);
      assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
      List<CompletableFuture<Integer>> out = new ArrayList<>();
      for (int bytes : new int[] {20, 20, 20, 50, 10}) {
        out.add(batcher.submit(bytes));
      }
      gate.release.countDown();
      for (CompletableFuture<Integer> f : out) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertEquals(List.of(List.of(1), List.of(20, 20), List.of(20), List.of(50), List.of(10)), gate.batches);
    }
  }

  @Test
  void aCancellableBatchFunctionLearnsWhichItemsNobodyWaitsForAndTheirDroppedWorkFailsAsExpired()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch callerGaveUp = new CountDownLatch(1);
    try (var batcher = MicroBatcher.<Integer, Integer>cancellable((items, cancelled) -> {
      started.countDown();
      try {
        callerGaveUp.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      // item 0's caller gave up while the batch ran: skip its work
      return java.util.Arrays.asList(cancelled.test(0) ? null : items.get(0), cancelled.test(1) ? -1 : items.get(1));
    }).maxBatch(2).maxDelayMicros(200_000).build()) {
      CompletableFuture<Integer> abandoned = batcher.submit(7);
      CompletableFuture<Integer> wanted = batcher.submit(8);
      assertTrue(started.await(5, TimeUnit.SECONDS));
      abandoned.completeExceptionally(new java.util.concurrent.TimeoutException("the caller's deadline"));
      callerGaveUp.countDown();
      assertEquals(8, wanted.get(5, TimeUnit.SECONDS), "the other item was still wanted");
      assertEquals(1, batcher.cancelled(), "its work was stopped");
      assertTrue(abandoned.isCompletedExceptionally(), "the caller keeps the answer it had");
    }
    // without a server's own timeout: the deadline passes while the batch runs, the function drops the item
    try (var batcher = MicroBatcher.<Integer, Integer>cancellable((items, cancelled) -> {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return java.util.stream.IntStream.range(0, items.size()).mapToObj(k -> cancelled.test(k) ? null : items.get(k))
          .toList();
    }).timeoutMillis(100).build()) {
      var e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> batcher.submit(1).get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof MicroBatcher.Expired, "" + e.getCause());
      assertTrue(e.getCause().getMessage().contains("its work was stopped"), e.getCause().getMessage());
      assertEquals(1, batcher.cancelled());
    }
  }
}
