package io.goalrank.engine.vector;

import io.goalrank.engine.vector.GeneratorWeights.Layer;
import io.goalrank.engine.vector.GeneratorWeights.Linear;
import io.goalrank.engine.vector.GeneratorWeights.Norm;
import io.goalrank.model.BatchTensors;
import io.goalrank.policy.GeneratorPolicy;

/**
 * One thread's greedy decode of one request at a time: the generator's serving forward (encoder with history
 * cross-attention, objective conditioning, decoder with a key/value cache, pointer head) on the Java heap. Every
 * intermediate lives in buffers this object owns and reuses, grown only when a request has more candidates than any
 * before it, so a request allocates nothing but its answer. Not thread-safe: one per worker thread.
 *
 * <p>The math is {@code PointerGenerator}'s fast inference path, step for step: pre-norm layers, LayerNorm with
 * epsilon 1e-5 and biased variance, exact-erf GELU, attention scores scaled by 1/√(d/heads) (folded into the query
 * weights), pointer logits scaled by 1/√d (folded into the key weights), chosen candidates blocked with
 * {@link BatchTensors#BLOCKED}, the log-softmax and argmax of {@link GeneratorPolicy}. A request is decoded alone:
 * what the batched DJL pass pads (history positions with a −1e9 mask, whose softmax weight is exactly 0) this pass
 * simply does not have.
 */
final class GreedyDecoder {
  private final GeneratorWeights w;
  private final Kernels k;
  private final int d;
  private final int heads;
  private final int dh;
  private final int ffn;
  private final int steps;
  private final int decoderLayers;
  private final int historyCapacity;

  // per-request buffers; the N-sized ones grow to the largest candidate count seen
  private int capacity;
  private float[] x;
  private float[] normed;
  private float[] qkv;
  private float[] attended;
  private float[] projected;
  private float[] hidden;
  private float[] scores;
  private float[] logits;
  private float[] retriever;
  private boolean[] chosen;
  private float[][] crossKv;
  private float[] pointerKeys;
  private float[] candidates;
  // fixed-size buffers
  private final float[] history;
  private final float[] historyKv;
  private final float[] user;
  private final float[] token;
  private final float[] row;
  private final float[] rowQkv;
  private final float[] rowAttended;
  private final float[] rowProjected;
  private final float[] rowHidden;
  private final float[] query;
  private final float[] objectiveQueries;
  private final float[] objectiveHidden;
  private final float[] objectiveShift;
  private final float[] objectiveScale;
  private final float[][] selfKeys;
  private final float[][] selfValues;

  GreedyDecoder(GeneratorWeights weights, Kernels kernels) {
    w = weights;
    k = kernels;
    d = w.config.hidden();
    heads = w.config.heads();
    dh = d / heads;
    ffn = w.config.ffn();
    steps = w.config.listLength();
    decoderLayers = w.decoderLayers.size();
    historyCapacity = Math.max(1, w.config.maxHistory());
    history = new float[historyCapacity * d];
    historyKv = new float[historyCapacity * 2 * d];
    user = new float[d];
    token = new float[d];
    row = new float[d];
    rowQkv = new float[3 * d];
    rowAttended = new float[d];
    rowProjected = new float[d];
    rowHidden = new float[Math.max(ffn, d)];
    query = new float[d];
    objectiveQueries = new float[Math.max(1, w.objectives) * d];
    objectiveHidden = new float[d];
    objectiveShift = new float[d];
    objectiveScale = new float[d];
    selfKeys = new float[decoderLayers][steps * d];
    selfValues = new float[decoderLayers][steps * d];
    crossKv = new float[decoderLayers][];
    grow(64);
  }

  private void grow(int n) {
    if (n <= capacity) {
      return;
    }
    capacity = Math.max(n, capacity * 2);
    int c = capacity;
    x = new float[c * d];
    normed = new float[c * d];
    qkv = new float[c * 3 * d];
    attended = new float[c * d];
    projected = new float[c * d];
    hidden = new float[c * ffn];
    scores = new float[Math.max(c, Math.max(historyCapacity, steps))];
    logits = new float[c];
    retriever = new float[c];
    chosen = new boolean[c];
    pointerKeys = new float[c * d];
    candidates = new float[c * d];
    for (int l = 0; l < decoderLayers; l++) {
      crossKv[l] = new float[c * 2 * d];
    }
  }

  /**
   * Decodes one request greedily into {@code list} (candidate slots) and {@code probabilities} (π of each pick at
   * its step).
   *
   * @param historyItems item indices, oldest first (the last {@code maxHistory} are read)
   * @param historyPositive 1/0 feedback per history item
   * @param candidateItems item indices of the N candidates
   * @param retrieverScores the candidates' stage-1 scores, or null; required when the model reads them
   * @param objectiveWeights the request's objective weights for a conditioned model, else ignored
   */
  void decode(int request, int[] historyItems, byte[] historyPositive, int[] candidateItems, float[] retrieverScores,
      float[] objectiveWeights, int[] list, float[] probabilities) {
    decode(request, historyItems, historyPositive, candidateItems, retrieverScores, objectiveWeights, list,
        probabilities, null);
  }

  /** As above; {@code stepLogits}, when given ({@code [L·N]}), receives every step's logits (parity tests). */
  void decode(int request, int[] historyItems, byte[] historyPositive, int[] candidateItems, float[] retrieverScores,
      float[] objectiveWeights, int[] list, float[] probabilities, float[] stepLogits) {
    int n = candidateItems.length;
    if (steps > n) {
      throw new IllegalArgumentException("list length " + steps + " exceeds " + n + " candidates");
    }
    grow(n);
    int t = encodeHistory(historyItems, historyPositive);
    encodeCandidates(request, candidateItems, retrieverScores, n, t);
    if (w.objectives > 0) {
      condition(objectiveWeights, n);
    }
    for (int l = 0; l < decoderLayers; l++) {
      k.linear(candidates, 0, n, d, w.decoderLayers.get(l).crossKv().wt(), w.decoderLayers.get(l).crossKv().bias(),
          2 * d, crossKv[l], 0);
    }
    k.linear(candidates, 0, n, d, w.pointerKey.wt(), w.pointerKey.bias(), d, pointerKeys, 0);
    java.util.Arrays.fill(chosen, 0, n, false);
    for (int s = 0; s < steps; s++) {
      if (s == 0) {
        // the start token: user state + start embedding + position 0, added in PointerGenerator's order
        for (int i = 0; i < d; i++) {
          token[i] = user[i] + w.start[i] + w.steps[i];
        }
      } else {
        int pick = list[s - 1];
        for (int i = 0; i < d; i++) {
          token[i] = candidates[pick * d + i] + w.steps[s * d + i];
        }
      }
      for (int l = 0; l < decoderLayers; l++) {
        decoderLayer(l, s, n);
      }
      pointerLogits(objectiveWeights, n);
      if (stepLogits != null) {
        System.arraycopy(logits, 0, stepLogits, s * n, n);
      }
      GeneratorPolicy.logSoftmaxRow(logits, 0, n, 1f);
      int pick = GeneratorPolicy.argmax(logits, 0, n);
      list[s] = pick;
      probabilities[s] = (float) Math.exp(logits[pick]);
      chosen[pick] = true;
    }
  }

  /** History tokens (item + feedback embeddings) into {@link #history} and their mean into {@link #user}. */
  private int encodeHistory(int[] items, byte[] positive) {
    int take = Math.min(historyCapacity, items.length);
    int tokens = Math.max(take, 1);
    if (take == 0) {
      // no history: one padding token, unmasked, with weight 1 (BatchTensors)
      addRows(w.items, 0, w.feedback, 0, history, 0);
    }
    for (int j = 0; j < take; j++) {
      int src = items.length - take + j;
      int item = items[src] + 1;
      if (item < 1 || item >= w.items.length / d) {
        throw new IllegalArgumentException("history item index " + items[src] + " outside the model's "
            + (w.items.length / d - 1) + " items");
      }
      addRows(w.items, item, w.feedback, positive[src], history, j);
    }
    float weight = take == 0 ? 1f : 1f / take;
    java.util.Arrays.fill(row, 0f);
    for (int j = 0; j < tokens; j++) {
      for (int i = 0; i < d; i++) {
        row[i] += history[j * d + i] * weight;
      }
    }
    // the user state every step starts from: LN(W_u · mean)
    k.linear(row, 0, 1, d, w.userProjection.wt(), w.userProjection.bias(), d, rowProjected, 0);
    layerNorm(rowProjected, 0, 1, w.userNorm, user, 0);
    return tokens;
  }

  private void addRows(float[] a, int ra, float[] b, int rb, float[] out, int ro) {
    for (int i = 0; i < d; i++) {
      out[ro * d + i] = a[ra * d + i] + b[rb * d + i];
    }
  }

  private void encodeCandidates(int request, int[] items, float[] retrieverScores, int n, int historyTokens) {
    int rows = w.items.length / d;
    for (int c = 0; c < n; c++) {
      int item = items[c] + 1;
      if (item < 1 || item >= rows) {
        throw new IllegalArgumentException("candidate item index " + items[c] + " outside the model's " + (rows - 1)
            + " items");
      }
      System.arraycopy(w.items, item * d, normed, c * d, d);
    }
    k.linear(normed, 0, n, d, w.itemProjection.wt(), w.itemProjection.bias(), d, projected, 0);
    layerNorm(projected, 0, n, w.itemNorm, x, 0);
    for (int c = 0; c < n; c++) {
      k.add(user, 0, x, c * d, d);
    }
    if (w.retrieverProjection != null) {
      if (retrieverScores == null) {
        throw new IllegalArgumentException(BatchTensors.MISSING_RETRIEVER_SCORES);
      }
      BatchTensors.standardise(retrieverScores, request, n, retriever, 0);
      float[] weight = w.retrieverProjection.wt();
      float[] bias = w.retrieverProjection.bias();
      for (int c = 0; c < n; c++) {
        float z = retriever[c];
        for (int i = 0; i < d; i++) {
          x[c * d + i] += z * weight[i] + bias[i];
        }
      }
    }
    for (Layer layer : w.encoderLayers) {
      encoderLayer(layer, n, historyTokens);
    }
    layerNorm(x, 0, n, w.outputNorm, candidates, 0);
  }

  /** Candidates attend to each other (unmasked: they are a set), then to the history, then the feed-forward. */
  private void encoderLayer(Layer layer, int n, int historyTokens) {
    layerNorm(x, 0, n, layer.selfNorm(), normed, 0);
    k.linear(normed, 0, n, d, layer.selfQkv().wt(), layer.selfQkv().bias(), 3 * d, qkv, 0);
    attend(qkv, 0, 3 * d, n, qkv, d, 3 * d, qkv, 2 * d, 3 * d, n, attended, 0);
    k.linear(attended, 0, n, d, layer.selfOutput().wt(), layer.selfOutput().bias(), d, projected, 0);
    k.add(projected, 0, x, 0, n * d);

    layerNorm(x, 0, n, layer.crossNorm(), normed, 0);
    k.linear(normed, 0, n, d, layer.crossQuery().wt(), layer.crossQuery().bias(), d, qkv, 0);
    k.linear(history, 0, historyTokens, d, layer.crossKv().wt(), layer.crossKv().bias(), 2 * d, historyKv, 0);
    attend(qkv, 0, d, n, historyKv, 0, 2 * d, historyKv, d, 2 * d, historyTokens, attended, 0);
    k.linear(attended, 0, n, d, layer.crossOutput().wt(), layer.crossOutput().bias(), d, projected, 0);
    k.add(projected, 0, x, 0, n * d);

    layerNorm(x, 0, n, layer.ffnNorm(), normed, 0);
    k.linear(normed, 0, n, d, layer.ffnIn().wt(), layer.ffnIn().bias(), ffn, hidden, 0);
    k.gelu(hidden, 0, n * ffn);
    k.linear(hidden, 0, n, ffn, layer.ffnOut().wt(), layer.ffnOut().bias(), d, projected, 0);
    k.add(projected, 0, x, 0, n * d);
  }

  /**
   * FiLM on the candidates and a shift of the user state by a small MLP of the objective weights
   * ({@code PointerGenerator.condition}).
   */
  private void condition(float[] weights, int n) {
    if (weights == null || weights.length != w.objectives) {
      throw new IllegalArgumentException("expected " + w.objectives + " objective weights, got "
          + (weights == null ? "none" : weights.length));
    }
    k.linear(weights, 0, 1, w.objectives, w.objectiveIn.wt(), w.objectiveIn.bias(), d, objectiveHidden, 0);
    k.gelu(objectiveHidden, 0, d);
    k.linear(objectiveHidden, 0, 1, d, w.objectiveOut.wt(), w.objectiveOut.bias(), d, objectiveShift, 0);
    k.linear(objectiveHidden, 0, 1, d, w.objectiveFilm.wt(), w.objectiveFilm.bias(), d, objectiveScale, 0);
    for (int i = 0; i < d; i++) {
      objectiveScale[i] = (float) Math.tanh(objectiveScale[i]) + 1f;
    }
    for (int c = 0; c < n; c++) {
      for (int i = 0; i < d; i++) {
        candidates[c * d + i] *= objectiveScale[i];
      }
    }
    k.add(objectiveShift, 0, user, 0, d);
  }

  /** Step {@code s} of decoder layer {@code l} on {@link #token}: its key and value join the layer's cache. */
  private void decoderLayer(int l, int s, int n) {
    Layer layer = w.decoderLayers.get(l);
    layerNorm(token, 0, 1, layer.selfNorm(), row, 0);
    k.linear(row, 0, 1, d, layer.selfQkv().wt(), layer.selfQkv().bias(), 3 * d, rowQkv, 0);
    System.arraycopy(rowQkv, d, selfKeys[l], s * d, d);
    System.arraycopy(rowQkv, 2 * d, selfValues[l], s * d, d);
    // every cached position is earlier than this one: no mask
    attend(rowQkv, 0, 3 * d, 1, selfKeys[l], 0, d, selfValues[l], 0, d, s + 1, rowAttended, 0);
    k.linear(rowAttended, 0, 1, d, layer.selfOutput().wt(), layer.selfOutput().bias(), d, rowProjected, 0);
    k.add(rowProjected, 0, token, 0, d);

    layerNorm(token, 0, 1, layer.crossNorm(), row, 0);
    k.linear(row, 0, 1, d, layer.crossQuery().wt(), layer.crossQuery().bias(), d, query, 0);
    attend(query, 0, d, 1, crossKv[l], 0, 2 * d, crossKv[l], d, 2 * d, n, rowAttended, 0);
    k.linear(rowAttended, 0, 1, d, layer.crossOutput().wt(), layer.crossOutput().bias(), d, rowProjected, 0);
    k.add(rowProjected, 0, token, 0, d);

    layerNorm(token, 0, 1, layer.ffnNorm(), row, 0);
    k.linear(row, 0, 1, d, layer.ffnIn().wt(), layer.ffnIn().bias(), ffn, rowHidden, 0);
    k.gelu(rowHidden, 0, ffn);
    k.linear(rowHidden, 0, 1, ffn, layer.ffnOut().wt(), layer.ffnOut().bias(), d, rowProjected, 0);
    k.add(rowProjected, 0, token, 0, d);
  }

  /** The pointer head: {@code q·key_c} per candidate, chosen candidates blocked; into {@link #logits}. */
  private void pointerLogits(float[] objectiveWeights, int n) {
    layerNorm(token, 0, 1, w.decoderNorm, row, 0);
    k.linear(row, 0, 1, d, w.queryProjection.wt(), w.queryProjection.bias(), d, query, 0);
    if (w.objectives > 0) {
      // q = q_0 + Σ_k w_k·q_k, the mix summed first as PointerGenerator.pointerQueries does
      k.linear(row, 0, 1, d, w.objectiveQueries.wt(), w.objectiveQueries.bias(), w.objectives * d,
          objectiveQueries, 0);
      for (int i = 0; i < d; i++) {
        float mix = 0f;
        for (int o = 0; o < w.objectives; o++) {
          mix += objectiveQueries[o * d + i] * objectiveWeights[o];
        }
        query[i] += mix;
      }
    }
    for (int c = 0; c < n; c++) {
      float logit = k.dot(query, 0, pointerKeys, c * d, d);
      logits[c] = chosen[c] ? logit + BatchTensors.BLOCKED : logit;
    }
  }

  /**
   * Multi-head attention without masks: for each of {@code tq} query rows and each head, a softmax over the
   * {@code tk} keys' scores (the scale is already in the queries) weighs the values. Rows are read with their own
   * strides, so fused projections are used in place. Output {@code [tq, d]} at {@code out[outOff]}.
   */
  private void attend(float[] q, int qOff, int qStride, int tq, float[] keys, int kOff, int kStride, float[] values,
      int vOff, int vStride, int tk, float[] out, int outOff) {
    for (int i = 0; i < tq; i++) {
      for (int h = 0; h < heads; h++) {
        int qh = qOff + i * qStride + h * dh;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < tk; j++) {
          float s = k.dot(q, qh, keys, kOff + j * kStride + h * dh, dh);
          scores[j] = s;
          max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j < tk; j++) {
          float e = (float) Math.exp(scores[j] - max);
          scores[j] = e;
          sum += e;
        }
        float inv = (float) (1.0 / sum);
        int o = outOff + i * d + h * dh;
        java.util.Arrays.fill(out, o, o + dh, 0f);
        for (int j = 0; j < tk; j++) {
          k.axpy(scores[j] * inv, values, vOff + j * vStride + h * dh, out, o, dh);
        }
      }
    }
  }

  /** LayerNorm over each of {@code rows} rows of d: {@code (x − mean)/√(var + ε)·γ + β}, biased variance. */
  private void layerNorm(float[] in, int inOff, int rows, Norm norm, float[] out, int outOff) {
    float[] gamma = norm.gamma();
    float[] beta = norm.beta();
    for (int r = 0; r < rows; r++) {
      int a = inOff + r * d;
      double mean = 0;
      for (int i = 0; i < d; i++) {
        mean += in[a + i];
      }
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = in[a + i] - mean;
        var += c * c;
      }
      var /= d;
      float inv = (float) (1.0 / Math.sqrt(var + GeneratorWeights.EPSILON));
      int b = outOff + r * d;
      for (int i = 0; i < d; i++) {
        out[b + i] = (float) (in[a + i] - mean) * inv * gamma[i] + beta[i];
      }
    }
  }
}
