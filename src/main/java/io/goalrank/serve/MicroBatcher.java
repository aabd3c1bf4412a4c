package io.goalrank.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Collects concurrent requests into batches for one worker thread, so N waiting requests cost one forward pass
 * instead of N.
 *
 * <p>The worker takes the oldest waiting item, then keeps taking until the batch holds {@code maxBatch} items or
 * {@code maxDelay} has passed since that first item, and runs the batch function once. The queue is bounded:
 * {@link #submit} fails fast with {@link Overloaded} when it is full, so overload becomes an immediate 503
 * rather than an ever-growing wait. All model calls happen on the worker thread, which is why the model needs no
 * locking.
 *
 * <p>{@link #close} stops accepting work, lets the worker finish everything already queued, then joins it.
 *
 * @param <I> request type
 * @param <O> result type; the batch function returns one result per input, in order
 */
public final class MicroBatcher<I, O> implements AutoCloseable {
  /** Thrown by {@link #submit} when the queue is full or the batcher is closing. */
  public static final class Overloaded extends RuntimeException {
    Overloaded(String message) {
      super(message);
    }
  }

  private record Pending<I, O>(I input, CompletableFuture<O> result) {}

  private final BlockingQueue<Pending<I, O>> queue;
  private final Function<List<I>, List<O>> batchFunction;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final Thread worker;
  private volatile boolean accepting = true;
  private volatile long batches;
  private volatile long items;

  public MicroBatcher(Function<List<I>, List<O>> batchFunction, int queueCapacity, int maxBatch, long maxDelayMicros) {
    if (queueCapacity < 1 || maxBatch < 1 || maxDelayMicros < 0) {
      throw new IllegalArgumentException("need queueCapacity >= 1, maxBatch >= 1, maxDelay >= 0; got "
          + queueCapacity + ", " + maxBatch + ", " + maxDelayMicros);
    }
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.batchFunction = batchFunction;
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelayMicros * 1000L;
    this.worker = new Thread(this::work, "goalrank-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues one request; the future completes on the worker thread. */
  public CompletableFuture<O> submit(I input) {
    if (!accepting) {
      throw new Overloaded("the service is shutting down");
    }
    Pending<I, O> p = new Pending<>(input, new CompletableFuture<>());
    if (!queue.offer(p)) {
      throw new Overloaded("request queue is full (" + (queue.size() + queue.remainingCapacity()) + " waiting)");
    }
    return p.result();
  }

  /** Batches run so far and items they held, for {@code GET /health}. */
  public long batches() {
    return batches;
  }

  public long items() {
    return items;
  }

  public int queued() {
    return queue.size();
  }

  private void work() {
    List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
    while (accepting || !queue.isEmpty()) {
      try {
        Pending<I, O> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxDelayNanos;
        while (batch.size() < maxBatch) {
          // take what is already waiting without sleeping; wait only while the first item's delay allows
          Pending<I, O> next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || (next = queue.poll(left, TimeUnit.NANOSECONDS)) == null) {
              break;
            }
          }
          batch.add(next);
        }
        run(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
    // only reached on interrupt with work left: fail it rather than leave callers waiting
    for (Pending<I, O> p; (p = queue.poll()) != null; ) {
      p.result().completeExceptionally(new Overloaded("the service stopped"));
    }
  }

  private void run(List<Pending<I, O>> batch) {
    try {
      List<O> out = batchFunction.apply(batch.stream().map(Pending::input).toList());
      if (out.size() != batch.size()) {
        throw new IllegalStateException("batch function returned " + out.size() + " results for " + batch.size());
      }
      // Count before completing: a caller that has its answer must see its batch in the statistics.
      batches++;
      items += batch.size();
      for (int k = 0; k < batch.size(); k++) {
        batch.get(k).result().complete(out.get(k));
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    accepting = false;
    try {
      worker.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
    }
  }
}
