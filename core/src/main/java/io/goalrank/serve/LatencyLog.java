package io.goalrank.serve;

import io.goalrank.bench.LatencyStats;
import java.util.EnumMap;
import java.util.Map;

/**
 * The service's own timing of its most recent answers, split by {@link Phase}, in a ring of fixed size: what
 * {@code GET /health?last=K} reports as percentiles. A load test run on the same machine measures the HTTP round trip
 * from its side, including the time its own threads wait for a core; this is the time inside the service and where
 * it went, so the two together say where a tail comes from. Thread-safe; recording is a few locked stores, cheap
 * beside a forward pass.
 */
public final class LatencyLog {

  /** Where an answer's time inside the service went; the last three add up to the first. */
  public enum Phase {
    /** From the handler's start to the answer handed to Jetty. */
    IN_SERVICE("in_service"),
    /** Reading and checking the request, then waiting in the queue until its batch started. */
    QUEUED("queued"),
    /** The forward pass of its batch (every request of the batch waits for the whole of it). */
    BATCH("batch"),
    /** From the batch's end until a responder had written the answer into Jetty's response. */
    ANSWER("answer");

    private final String jsonName;

    Phase(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }
  }

  private static final Phase[] PHASES = Phase.values();

  private final long[][] ring; // [phase][slot]
  private final int capacity;
  private long recorded;

  /** @param capacity answers kept: the largest {@code K} a caller may ask about */
  public LatencyLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.ring = new long[PHASES.length][capacity];
  }

  /**
   * Records one answer from its four instants ({@link System#nanoTime()}).
   *
   * @param start the handler started
   * @param batchStart its batch's forward pass started
   * @param batchEnd that forward pass ended
   * @param answered the answer was handed to Jetty
   */
  public synchronized void record(long start, long batchStart, long batchEnd, long answered) {
    int slot = (int) (recorded % capacity);
    ring[Phase.IN_SERVICE.ordinal()][slot] = answered - start;
    ring[Phase.QUEUED.ordinal()][slot] = batchStart - start;
    ring[Phase.BATCH.ordinal()][slot] = batchEnd - batchStart;
    ring[Phase.ANSWER.ordinal()][slot] = answered - batchEnd;
    recorded++;
  }

  /** Answers recorded since the start, also those no longer kept. */
  public synchronized long recorded() {
    return recorded;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Percentiles of each phase over the last {@code k} recorded answers (fewer when fewer were recorded). Each
   * phase's percentiles are its own: the p99 answer of one phase need not be the p99 answer of another.
   *
   * @throws IllegalArgumentException when {@code k} is below 1 or above the capacity
   */
  public Map<Phase, LatencyStats> last(int k) {
    if (k < 1 || k > capacity) {
      throw new IllegalArgumentException("last must be between 1 and " + capacity + ", got " + k);
    }
    long[][] copy;
    synchronized (this) {
      int n = (int) Math.min(k, recorded);
      copy = new long[PHASES.length][n];
      for (int i = 0; i < n; i++) {
        int slot = (int) ((recorded - 1 - i) % capacity);
        for (Phase p : PHASES) {
          copy[p.ordinal()][i] = ring[p.ordinal()][slot];
        }
      }
    }
    Map<Phase, LatencyStats> out = new EnumMap<>(Phase.class);
    for (Phase p : PHASES) {
      out.put(p, LatencyStats.ofNanos(copy[p.ordinal()]));
    }
    return out;
  }
}
