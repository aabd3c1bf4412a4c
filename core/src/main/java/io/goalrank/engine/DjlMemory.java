package io.goalrank.engine;

import io.goalrank.model.ModelConfig;

/**
 * The DJL engine's native memory, counted from the {@link ModelConfig}: what {@code serve --max-native-mb} budgets.
 *
 * <p><b>What a batch counts.</b> The fast greedy decode ({@code GeneratorPolicy.greedy}) creates every array of a
 * batch in one sub-manager and frees them together when the batch ends, so its peak is the sum of every array the
 * pass creates: the encoder's per-layer activations (projections, both attentions' scores and softmax, the
 * feed-forward's hidden layer, norms and residuals), the history's keys and values, the decoder's per-layer
 * candidate keys/values and pointer keys, its key/value cache (concatenated anew at every step), every step's rows,
 * scores and logits, and the weights the encoder fuses per call. The formula was fitted exactly (to the float) to
 * that sum, measured through DJL's managed-array list, over 17 configurations and 8 batch shapes each (hidden,
 * heads, layers, ffn and list length varied one at a time); {@code DjlMemoryTest} re-measures it on random shapes
 * and fails when the estimate is below the measurement or more than 25 % above it. Views share their base's memory
 * but are counted as if they were copies, so the estimate is on the high side. The objective-conditioning and
 * retriever-score inputs add a margin of their own (a few rows of d per candidate and step).
 *
 * <p><b>What it does not count:</b> PyTorch's allocator slack and caching, its thread pools' scratch space, the
 * JNI handles, and everything on the Java heap. The model's own bytes are its parameters plus the decoder's derived
 * weights (fused projections, scaled pointer keys, step rows), which stay as long as the model is served.
 */
public record DjlMemory(ModelConfig config, int objectives, long parameters) implements NativeMemory {

  @Override
  public long modelBytes() {
    long d = config.hidden();
    long derived = config.decoderLayers() * (4 * d * d + 4 * d) + d * d + d + config.listLength() * d;
    return 4 * (parameters + derived);
  }

  @Override
  public long batchBytes(int requests, int candidates, int history) {
    double d = config.hidden();
    double heads = config.heads();
    double ffn = config.ffn();
    double e = config.encoderLayers();
    double dl = config.decoderLayers();
    double l = config.listLength();
    double b = requests;
    double n = candidates;
    double h = Math.max(1, history);
    // weights the encoder derives on every call (exact for one encoder layer, a little high for more)
    double floats = e * (9 * d * d + 10 * d + 2);
    // per request: the decoder's rows at every step, its self-attention cache grown step by step, the start token
    floats += b * (dl * (1.5 * d * l * (l + 1) + heads * l * (l + 1) + 2 * ffn * l + 24 * d * l - 2 * d)
        + 5 * d * l + 2 * l + 4 * d - 2);
    // per candidate: encoder activations, decoder keys/values and pointer keys, cross-attention scores and logits
    floats += b * n * (e * (31 * d + 2 * ffn) + dl * (7 * d + 2 * l * heads) + 3 * l + 10 * d);
    floats += b * n * n * 2 * e * heads; // candidate self-attention scores and their softmax
    floats += b * n * h * 3 * e * heads; // history cross-attention scores, masked, softmax
    floats += b * h * ((5 + 9 * e) * d + 6); // history tokens, their keys and values
    if (objectives > 0) { // FiLM on the candidates, the shifted user state, the per-objective query mix
      floats += b * n * 4 * d + b * l * (objectives + 3) * d * 2 + 4 * d * d;
    }
    if (config.readsRetrieverScores()) { // scores, their z-scores and projection
      floats += b * n * (2 * d + 4);
    }
    return (long) Math.ceil(4 * floats);
  }
}
