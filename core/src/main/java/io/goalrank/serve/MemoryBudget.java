package io.goalrank.serve;

import java.util.concurrent.TimeUnit;

/**
 * The native memory the service may hold ({@code serve --max-native-mb}): the model's own bytes are taken once, at
 * start-up; each batch reserves its estimate ({@link io.goalrank.engine.NativeMemory#batchBytes}) before its forward
 * pass and releases it after, so batches running at once (several workers) never sum past the cap. A batch that
 * cannot get its bytes waits until others release theirs or its deadline passes. Thread-safe.
 *
 * <p>Invariant: {@code 0 ≤ inUse ≤ capacity}, and {@code inUse} is the model's bytes plus the reservations of the
 * batches running now.
 */
public final class MemoryBudget {
  private final long capacity;
  private final long modelBytes;
  private long inUse;
  private long refused;

  /**
   * @param capacity the cap in bytes, {@link Long#MAX_VALUE} for none
   * @param modelBytes what the loaded model holds, taken for good
   * @throws IllegalArgumentException when the model alone does not fit, naming the option
   */
  public MemoryBudget(long capacity, long modelBytes) {
    if (capacity < 1 || modelBytes < 0) {
      throw new IllegalArgumentException("need capacity >= 1 and modelBytes >= 0; got " + capacity + ", " + modelBytes);
    }
    if (modelBytes >= capacity) {
      throw new IllegalArgumentException("--max-native-mb " + mb(capacity) + ": the model alone holds about "
          + mb(modelBytes) + " MB of native memory, so no batch would fit; raise the cap");
    }
    this.capacity = capacity;
    this.modelBytes = modelBytes;
    this.inUse = modelBytes;
  }

  /** No cap (only the model's bytes are counted). */
  public static MemoryBudget unlimited(long modelBytes) {
    return new MemoryBudget(Long.MAX_VALUE, modelBytes);
  }

  public boolean limited() {
    return capacity != Long.MAX_VALUE;
  }

  public long capacity() {
    return capacity;
  }

  public long modelBytes() {
    return modelBytes;
  }

  /** The most one batch may reserve: the cap less the model. */
  public long batchCapacity() {
    return capacity - modelBytes;
  }

  public synchronized long inUse() {
    return inUse;
  }

  /** Batches that gave up waiting for memory (their requests got 503). */
  public synchronized long refused() {
    return refused;
  }

  /**
   * Reserves {@code bytes}, waiting at most {@code maxWaitNanos} for them to fit.
   *
   * @return whether the bytes are now reserved (then {@link #release} them)
   * @throws IllegalArgumentException for more than {@link #batchCapacity()}: that could never fit
   */
  public synchronized boolean reserve(long bytes, long maxWaitNanos) throws InterruptedException {
    if (bytes < 0 || bytes > batchCapacity()) {
      throw new IllegalArgumentException(bytes + " bytes can never fit a budget of " + batchCapacity()
          + " bytes for batches");
    }
    long start = System.nanoTime();
    while (bytes > capacity - inUse) {
      long left = maxWaitNanos - (System.nanoTime() - start);
      if (left <= 0) {
        refused++;
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    inUse += bytes;
    return true;
  }

  public synchronized void release(long bytes) {
    if (bytes < 0 || bytes > inUse - modelBytes) {
      throw new IllegalStateException("releasing " + bytes + " bytes, but batches hold " + (inUse - modelBytes));
    }
    inUse -= bytes;
    notifyAll();
  }

  static long mb(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
