package io.goalrank.serve;

/**
 * Settings of the ranking service. Build with {@link #builder()}; the compact constructor rejects nonsense.
 *
 * @param host interface to bind ({@code 127.0.0.1} by default: expose on purpose with {@code 0.0.0.0})
 * @param port TCP port, 0 for any free one
 * @param maxBatch most requests decoded in one forward pass
 * @param maxDelayMicros longest the first request of a batch waits for company
 * @param queueCapacity requests that may wait; one more gets 503
 * @param maxBodyBytes largest accepted request body
 * @param maxCandidates most candidates in one request
 * @param timeoutMillis a queued request that has no answer by then gets 503; one still queued then is not computed
 * @param workers batch worker threads; more than one needs a thread-safe engine (the Java engine)
 * @param maxBatchCost most cost (candidates × history items read, summed over its requests) one forward pass may
 *     carry: a costlier batch is run in parts; {@link Long#MAX_VALUE} for no limit beyond {@code maxBatch}
 * @param maxNativeBytes most native memory the model and its running batches may hold, by the engine's estimate
 *     ({@link io.goalrank.engine.NativeMemory}); {@link Long#MAX_VALUE} for no cap
 */
public record ServerConfig(String host, int port, int maxBatch, long maxDelayMicros, int queueCapacity,
    int maxBodyBytes, int maxCandidates, long timeoutMillis, int workers, long maxBatchCost, long maxNativeBytes) {

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    if (maxBatch < 1 || queueCapacity < 1 || maxBodyBytes < 2 || maxCandidates < 1 || timeoutMillis < 1
        || maxDelayMicros < 0 || workers < 1 || maxBatchCost < 1 || maxNativeBytes < 1) {
      throw new IllegalArgumentException("invalid server settings: " + this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: 127.0.0.1:8080, batch 32, 2 ms delay, queue 256, 64 KiB bodies, 1000 candidates, 10 s timeout, one
   * worker, no batch cost limit, no native memory cap.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBatch = 32;
    private long maxDelayMicros = 2_000;
    private int queueCapacity = 256;
    private int maxBodyBytes = 64 * 1024;
    private int maxCandidates = 1000;
    private long timeoutMillis = 10_000;
    private int workers = 1;
    private long maxBatchCost = Long.MAX_VALUE;
    private long maxNativeBytes = Long.MAX_VALUE;

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder maxBatch(int v) {
      maxBatch = v;
      return this;
    }

    public Builder maxDelayMicros(long v) {
      maxDelayMicros = v;
      return this;
    }

    public Builder queueCapacity(int v) {
      queueCapacity = v;
      return this;
    }

    public Builder maxBodyBytes(int v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder maxCandidates(int v) {
      maxCandidates = v;
      return this;
    }

    public Builder timeoutMillis(long v) {
      timeoutMillis = v;
      return this;
    }

    public Builder workers(int v) {
      workers = v;
      return this;
    }

    public Builder maxBatchCost(long v) {
      maxBatchCost = v;
      return this;
    }

    /** The native memory cap in bytes ({@code --max-native-mb} × 2^20). */
    public Builder maxNativeBytes(long v) {
      maxNativeBytes = v;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(host, port, maxBatch, maxDelayMicros, queueCapacity, maxBodyBytes, maxCandidates,
          timeoutMillis, workers, maxBatchCost, maxNativeBytes);
    }
  }
}
