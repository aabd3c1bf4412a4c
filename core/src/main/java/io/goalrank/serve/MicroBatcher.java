package io.goalrank.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;

/**
 * Collects concurrent requests into batches for a few worker threads (one by default), so N waiting requests cost one
 * forward pass instead of N.
 *
 * <p>A worker takes the oldest waiting item, then keeps taking until the batch holds {@code maxBatch} items or
 * {@code maxDelay} has passed since that first item arrived (under load it arrived while the previous batch ran, and
 * its batch starts at once with what is queued). It then runs the batch function on consecutive parts of the
 * batch whose summed cost stays within {@code maxBatchCost} (one part unless a cost limit is set; an item costlier
 * than the limit runs alone). The queue is bounded: {@link #submit} fails fast with {@link Overloaded} when it is
 * full, so overload becomes an immediate 503 rather than an ever-growing wait.
 *
 * <p><b>Deadlines.</b> With a timeout, an item that has waited that long, or whose future is already complete (the
 * caller gave up), is dropped just before its part starts and fails with {@link Expired}: it is never computed, and
 * a part whose items have all expired is never started. Once its part has started, a batch function built with
 * {@link #cancellable} is told which items are no longer wanted and may stop their work and return null for them
 * (they fail with {@link Expired}, counted by {@link #cancelled()}); otherwise the item runs to the end (a native
 * forward pass cannot be stopped midway), the caller's own timeout answers the client then, and the result is
 * discarded.
 *
 * <p><b>Memory.</b> With a {@link MemoryBudget}, a part also keeps its estimated bytes within what the budget leaves
 * for batches, and reserves them before it runs and releases them after; a part that cannot get its bytes before
 * its oldest item's deadline fails with {@link OutOfMemoryBudget}, uncomputed. An item that alone needs more than the
 * budget leaves is refused by {@link #submit}.
 *
 * <p>Every call of the batch function happens on a worker thread; with one worker the model needs no locking, with
 * more the batch function must be thread-safe. {@link #close} stops accepting work, lets the workers finish
 * everything already queued, then joins them. Build with {@link #builder}.
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

  /** Fails an item whose deadline passed before its batch started: it was not computed. */
  public static final class Expired extends RuntimeException {
    Expired(String message) {
      super(message);
    }
  }

  /** Fails a part that found no room in the memory budget in time, or refuses an item that could never fit. */
  public static final class OutOfMemoryBudget extends RuntimeException {
    OutOfMemoryBudget(String message) {
      super(message);
    }
  }

  private record Pending<I, O>(I input, CompletableFuture<O> result, long submittedNanos, long cost) {}

  private final BlockingQueue<Pending<I, O>> queue;
  private final BiFunction<List<I>, IntPredicate, List<O>> batchFunction;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final long timeoutNanos;
  private final ToLongFunction<I> cost;
  private final long maxBatchCost;
  private final ToLongFunction<List<I>> bytes;
  private final MemoryBudget budget;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean accepting = true;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();

  /** One worker, no deadlines and no cost limit. */
  public MicroBatcher(Function<List<I>, List<O>> batchFunction, int queueCapacity, int maxBatch, long maxDelayMicros) {
    this(builder(batchFunction).queueCapacity(queueCapacity).maxBatch(maxBatch).maxDelayMicros(maxDelayMicros));
  }

  private MicroBatcher(Builder<I, O> b) {
    if (b.queueCapacity < 1 || b.maxBatch < 1 || b.maxDelayMicros < 0 || b.workers < 1 || b.timeoutMillis < 1
        || b.maxBatchCost < 1) {
      throw new IllegalArgumentException("need queueCapacity >= 1, maxBatch >= 1, maxDelay >= 0, workers >= 1, "
          + "timeout >= 1 ms, maxBatchCost >= 1; got " + b.queueCapacity + ", " + b.maxBatch + ", "
          + b.maxDelayMicros + ", " + b.workers + ", " + b.timeoutMillis + ", " + b.maxBatchCost);
    }
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.batchFunction = b.batchFunction;
    this.maxBatch = b.maxBatch;
    this.maxDelayNanos = b.maxDelayMicros * 1000L;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(b.timeoutMillis); // saturates: no overflow for "never"
    this.cost = b.cost;
    this.maxBatchCost = b.maxBatchCost;
    this.bytes = b.bytes;
    this.budget = b.budget;
    for (int w = 0; w < b.workers; w++) {
      Thread t = new Thread(this::work, b.workers == 1 ? "goalrank-batcher" : "goalrank-batcher-" + (w + 1));
      t.setDaemon(true);
      workers.add(t);
    }
    workers.forEach(Thread::start);
  }

  public static <I, O> Builder<I, O> builder(Function<List<I>, List<O>> batchFunction) {
    return new Builder<>((items, cancelled) -> batchFunction.apply(items));
  }

  /**
   * A batcher whose batch function is told which items are no longer wanted: {@code cancelled.test(k)} turns true
   * once item {@code k}'s caller has its answer (its deadline passed) or its deadline has passed, and stays true.
   * The function may then skip their work and return null for them.
   */
  public static <I, O> Builder<I, O> cancellable(BiFunction<List<I>, IntPredicate, List<O>> batchFunction) {
    return new Builder<>(batchFunction);
  }

  /** Queues one request; the future completes on a worker thread. */
  public CompletableFuture<O> submit(I input) {
    if (!accepting) {
      throw new Overloaded("the service is shutting down");
    }
    long c = cost.applyAsLong(input);
    if (c < 0) {
      throw new IllegalArgumentException("negative cost " + c + " for " + input);
    }
    long need = bytes.applyAsLong(List.of(input));
    if (need > budget.batchCapacity()) {
      throw new OutOfMemoryBudget("the request needs about " + MemoryBudget.mb(need) + " MB of native memory, more "
          + "than the " + MemoryBudget.mb(budget.batchCapacity()) + " MB the budget (--max-native-mb) leaves for "
          + "batches beside the model; send fewer candidates or a shorter history");
    }
    Pending<I, O> p = new Pending<>(input, new CompletableFuture<>(), System.nanoTime(), c);
    if (!queue.offer(p)) {
      throw new Overloaded("request queue is full (" + (queue.size() + queue.remainingCapacity()) + " waiting)");
    }
    return p.result();
  }

  /** Batches run so far and items they held, for {@code GET /health}. */
  public long batches() {
    return batches.get();
  }

  public long items() {
    return items.get();
  }

  /** Items dropped uncomputed because their deadline passed while they waited. */
  public long expired() {
    return expired.get();
  }

  /** Items whose work a cancellable batch function stopped midway, their deadline having passed. */
  public long cancelled() {
    return cancelled.get();
  }

  public int queued() {
    return queue.size();
  }

  public int workers() {
    return workers.size();
  }

  /** The native memory budget the batches reserve from (unlimited and counting nothing unless one was given). */
  public MemoryBudget budget() {
    return budget;
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
        // the first item's delay counts from its arrival: one that already waited while the previous batch ran
        // starts now with whatever is queued, instead of keeping the engine idle for another maxDelay
        long deadline = first.submittedNanos() + maxDelayNanos;
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
        runInParts(batch);
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

  /**
   * Runs the batch as consecutive parts of summed cost at most {@code maxBatchCost}. Each part is formed just before
   * it starts, of items still waiting for an answer, so an item that expires while an earlier part runs is dropped
   * too.
   */
  private void runInParts(List<Pending<I, O>> batch) {
    List<Pending<I, O>> part = new ArrayList<>(batch.size());
    int next = 0;
    while (next < batch.size()) {
      long now = System.nanoTime();
      long partCost = 0;
      part.clear();
      for (; next < batch.size(); next++) {
        Pending<I, O> p = batch.get(next);
        if (abandoned(p, now)) {
          continue;
        }
        // written so as not to overflow: partCost <= maxBatchCost while the part holds more than one item
        if (!part.isEmpty() && p.cost() > maxBatchCost - partCost) {
          break;
        }
        part.add(p);
        // a part's bytes need not be the sum of its items' (a batch pads to its longest history): ask the estimate
        if (part.size() > 1 && budget.limited() && partBytes(part) > budget.batchCapacity()) {
          part.remove(part.size() - 1);
          break;
        }
        partCost += p.cost();
      }
      if (!part.isEmpty()) {
        runReserved(part);
      }
    }
  }

  /** Whether an item's answer is no longer wanted: it is past its deadline or its caller already has an answer. */
  private boolean unwanted(Pending<I, O> p) {
    return p.result().isDone() || System.nanoTime() - p.submittedNanos() >= timeoutNanos;
  }

  /** Whether an item is past its deadline or already answered (and fails it if need be): then it is not computed. */
  private boolean abandoned(Pending<I, O> p, long now) {
    boolean late = now - p.submittedNanos() >= timeoutNanos;
    if (!late && !p.result().isDone()) {
      return false;
    }
    expired.incrementAndGet();
    p.result().completeExceptionally(new Expired("no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
        + " ms: the request waited in the queue past its deadline and was not ranked (overloaded)"));
    return true;
  }

  private long partBytes(List<Pending<I, O>> part) {
    return bytes.applyAsLong(part.stream().map(Pending::input).toList());
  }

  /** Runs a part inside its memory reservation, waiting for room until its oldest item's deadline. */
  private void runReserved(List<Pending<I, O>> part) {
    long need = partBytes(part);
    long waited = System.nanoTime() - part.get(0).submittedNanos();
    boolean reserved;
    try {
      reserved = budget.reserve(need, Math.max(0, timeoutNanos - waited));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      part.forEach(p -> p.result().completeExceptionally(new Overloaded("the service stopped")));
      return;
    }
    if (!reserved) {
      OutOfMemoryBudget e = new OutOfMemoryBudget("no native memory free in time: the batch needs about "
          + MemoryBudget.mb(need) + " MB, and " + MemoryBudget.mb(budget.inUse()) + " MB of the "
          + MemoryBudget.mb(budget.capacity()) + " MB budget (--max-native-mb) are held by the model and running "
          + "batches; the request was not ranked (overloaded)");
      part.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    // released before the answers go out, so a caller that has its answer sees the memory free again
    run(part, () -> budget.release(need));
  }

  /** Runs a part and answers its items; {@code done} runs once, after the batch function and before any answer. */
  private void run(List<Pending<I, O>> batch, Runnable done) {
    List<O> out;
    try {
      out = batchFunction.apply(batch.stream().map(Pending::input).toList(), k -> unwanted(batch.get(k)));
    } catch (RuntimeException | Error e) {
      done.run();
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    done.run();
    try {
      if (out.size() != batch.size()) {
        throw new IllegalStateException("batch function returned " + out.size() + " results for " + batch.size());
      }
      // Count before completing: a caller that has its answer must see its batch in the statistics.
      batches.incrementAndGet();
      items.addAndGet(batch.size());
      for (int k = 0; k < batch.size(); k++) {
        Pending<I, O> p = batch.get(k);
        if (out.get(k) == null && unwanted(p)) { // dropped midway by a cancellable batch function
          cancelled.incrementAndGet();
          p.result().completeExceptionally(new Expired("no answer within " + TimeUnit.NANOSECONDS.toMillis(
              timeoutNanos) + " ms: the request's deadline passed while its batch ran, and its work was stopped"));
        } else {
          p.result().complete(out.get(k));
        }
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    accepting = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread t : workers) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
  }

  /**
   * Settings of a batcher. Defaults: queue 256, batch 32, no delay, one worker, no timeout, no cost (every item costs
   * 0, so batches are limited by {@code maxBatch} only).
   */
  public static final class Builder<I, O> {
    private final BiFunction<List<I>, IntPredicate, List<O>> batchFunction;
    private int queueCapacity = 256;
    private int maxBatch = 32;
    private long maxDelayMicros;
    private int workers = 1;
    private long timeoutMillis = Long.MAX_VALUE;
    private ToLongFunction<I> cost = item -> 0;
    private long maxBatchCost = Long.MAX_VALUE;
    private ToLongFunction<List<I>> bytes = items -> 0;
    private MemoryBudget budget = MemoryBudget.unlimited(0);

    private Builder(BiFunction<List<I>, IntPredicate, List<O>> batchFunction) {
      this.batchFunction = batchFunction;
    }

    public Builder<I, O> queueCapacity(int v) {
      queueCapacity = v;
      return this;
    }

    public Builder<I, O> maxBatch(int v) {
      maxBatch = v;
      return this;
    }

    /** Longest the first item of a batch waits for company. */
    public Builder<I, O> maxDelayMicros(long v) {
      maxDelayMicros = v;
      return this;
    }

    /** Threads that take batches from the queue; more than one needs a thread-safe batch function. */
    public Builder<I, O> workers(int v) {
      workers = v;
      return this;
    }

    /** An item that has waited this long before its batch starts is dropped uncomputed ({@link Expired}). */
    public Builder<I, O> timeoutMillis(long v) {
      timeoutMillis = v;
      return this;
    }

    /** Each item's cost, and the most a batch may sum to: a costlier batch is run in parts. */
    public Builder<I, O> cost(ToLongFunction<I> itemCost, long maxBatchCost) {
      this.cost = itemCost;
      this.maxBatchCost = maxBatchCost;
      return this;
    }

    /**
     * The native bytes a part of a batch needs (a function of the whole part: padding may make it more than the sum
     * of its items'), and the budget every part reserves them from while it runs.
     */
    public Builder<I, O> memory(ToLongFunction<List<I>> partBytes, MemoryBudget budget) {
      this.bytes = partBytes;
      this.budget = budget;
      return this;
    }

    public MicroBatcher<I, O> build() {
      return new MicroBatcher<>(this);
    }
  }
}
