package io.goalrank.engine;

/**
 * How much native (off-heap) memory an engine holds: for the model itself, and for one forward pass over a batch of
 * requests that share a candidate count. The ranking service reserves the batch estimate from its budget
 * ({@code serve --max-native-mb}) before the pass runs and releases it after. An estimate, not a measurement: see
 * {@link DjlMemory} for what it counts.
 */
public interface NativeMemory {
  /** An engine that keeps everything on the Java heap (the Java engine): nothing native to count. */
  NativeMemory NONE = new NativeMemory() {
    @Override
    public long modelBytes() {
      return 0;
    }

    @Override
    public long batchBytes(int requests, int candidates, int history) {
      return 0;
    }
  };

  /** Native bytes the loaded model holds for as long as it is served. */
  long modelBytes();

  /**
   * Native bytes one greedy decode of {@code requests} requests of {@code candidates} candidates holds at its peak.
   *
   * @param history history positions each request is padded to (the longest read in the batch; at least 1)
   */
  long batchBytes(int requests, int candidates, int history);
}
