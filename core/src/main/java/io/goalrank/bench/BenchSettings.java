package io.goalrank.bench;

import java.nio.file.Path;

/**
 * What {@code goalrank bench} measures. Build with {@link #builder()}.
 *
 * @param size model size preset shared by every system (equal hidden size)
 * @param modelDir a trained generator to time instead of a random one, or null
 * @param rewardDir a trained reward model to use as the evaluator, or null
 * @param items catalogue size of random models
 * @param candidates N per request
 * @param singleRequests requests timed one per call (batch 1)
 * @param batchSize requests per call in the batched runs
 * @param batches batched calls timed
 * @param warmup discarded calls before each timing
 * @param geSamples K, lists the G-E generator samples per request
 * @param multiGenerators G of the multi-G-E system
 * @param multiLists lists each multi-G-E generator samples per request
 * @param multiKind {@code scorer} or {@code pointer} generators in multi-G-E
 * @param trainBatch requests per measured training step
 * @param trainGroup lists per request in a training step (|B|)
 * @param trainSteps timed training steps per decoding (0 skips the training comparison and MFU)
 * @param trainWarmup untimed training steps per decoding before them (allocator, autograd graph, JIT)
 * @param peakSeconds seconds of matmul per size for the peak
 */
public record BenchSettings(String size, Path modelDir, Path rewardDir, int items, int candidates,
    int singleRequests, int batchSize, int batches, int warmup, int geSamples, int multiGenerators, int multiLists,
    String multiKind, int trainBatch, int trainGroup, int trainSteps, int trainWarmup, double peakSeconds, long seed) {

  public BenchSettings {
    if (items < candidates || candidates < 6 || singleRequests < 1 || batchSize < 1 || batches < 1 || warmup < 0
        || geSamples < 1 || multiGenerators < 1 || multiLists < 1 || trainBatch < 1 || trainGroup < 1
        || trainSteps < 0 || trainWarmup < 0 || peakSeconds <= 0) {
      throw new IllegalArgumentException("invalid bench settings: " + this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: small (hidden 128), 1000 items, 50 candidates, 200 single requests, 20 batches of 32, K=10, G-20;
   * training steps of 128 requests x 20 lists, 10 timed after 2 warm-up steps.
   */
  public static final class Builder {
    private String size = "small";
    private Path modelDir;
    private Path rewardDir;
    private int items = 1000;
    private int candidates = 50;
    private int singleRequests = 200;
    private int batchSize = 32;
    private int batches = 20;
    private int warmup = 5;
    private int geSamples = 10;
    private int multiGenerators = 20;
    private int multiLists = 1;
    private String multiKind = "scorer";
    private int trainBatch = 128;
    private int trainGroup = 20;
    private int trainSteps = 10;
    private int trainWarmup = 2;
    private double peakSeconds = 1.0;
    private long seed = 999;

    public Builder size(String v) { size = v; return this; }
    public Builder modelDir(Path v) { modelDir = v; return this; }
    public Builder rewardDir(Path v) { rewardDir = v; return this; }
    public Builder items(int v) { items = v; return this; }
    public Builder candidates(int v) { candidates = v; return this; }
    public Builder singleRequests(int v) { singleRequests = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder batches(int v) { batches = v; return this; }
    public Builder warmup(int v) { warmup = v; return this; }
    public Builder geSamples(int v) { geSamples = v; return this; }
    public Builder multiGenerators(int v) { multiGenerators = v; return this; }
    public Builder multiLists(int v) { multiLists = v; return this; }
    public Builder multiKind(String v) { multiKind = v; return this; }
    public Builder trainBatch(int v) { trainBatch = v; return this; }
    public Builder trainGroup(int v) { trainGroup = v; return this; }
    public Builder trainSteps(int v) { trainSteps = v; return this; }
    public Builder trainWarmup(int v) { trainWarmup = v; return this; }
    public Builder peakSeconds(double v) { peakSeconds = v; return this; }
    public Builder seed(long v) { seed = v; return this; }

    public BenchSettings build() {
      return new BenchSettings(size, modelDir, rewardDir, items, candidates, singleRequests, batchSize, batches,
          warmup, geSamples, multiGenerators, multiLists, multiKind, trainBatch, trainGroup, trainSteps, trainWarmup,
          peakSeconds, seed);
    }
  }
}
