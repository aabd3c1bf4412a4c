package io.goalrank.engine.vector;

import io.goalrank.engine.vector.GeneratorWeights.Layer;
import io.goalrank.engine.vector.GeneratorWeights.Linear;
import io.goalrank.engine.vector.GeneratorWeights.Norm;
import io.goalrank.model.BatchTensors;
import io.goalrank.policy.GeneratorPolicy;
import java.util.function.IntPredicate;

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
 *
 * <p><b>Groups.</b> Up to {@link #MAX_GROUP} requests decode in lockstep: each is encoded on its own (the encoder is
 * already matrix-matrix over its N candidates), then every decoder step runs the group's rows together, one row per
 * request, so each Linear streams its weights once per step for the whole group instead of once per request (the
 * decoder's matrix-vector products are bound by memory traffic at batch 1). Attention, the pointer scores and the
 * picks stay per request. A row's arithmetic does not depend on the other rows ({@link Kernels#linear} computes
 * every output the same way whatever the row count), so a request gets the same answer alone or in a group.
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

  /**
   * Most requests decoded in lockstep: a whole default batch (32) on one thread, half of it on each of two, so each
   * decoder Linear streams its weights once per step for all of them and the kernels' six-row register tiles fill.
   */
  static final int MAX_GROUP = 32;

  // the encoder's work buffers, shared by the requests of a group (encoded one after another); N-sized, grown to the
  // largest candidate count seen
  private int capacity;
  private float[] x;
  private float[] normed;
  private float[] qkv;
  private float[] attended;
  private float[] projected;
  private float[] hidden;
  private float[] scores;
  /** Query rows per pair of attention matrix products: bounds {@link #scoreRows} for any candidate count. */
  private static final int QUERY_CHUNK = 48;
  /**
   * Keys are padded with zero columns to a multiple of this in {@link #keysT}: the score product's last columns then
   * fill the kernels' register tiles (two 8-float vectors) instead of a one-column-at-a-time tail.
   */
  private static final int KEY_PAD = 16;
  private float[] scoreRows;
  private float[] keysT;
  /** Whether the kernels lay weights out anew: then attention packs its keys and values the same way. */
  private final boolean packs;
  private float[] keysPacked;
  private float[] valuesPacked;
  private float[] retriever;
  private final float[] history;
  /** The history tokens' keys and values of every encoder layer: {@code [tokens, historyWidth]}. */
  private final float[] historyKv;
  /** Columns of {@link #historyKv}: 2d per encoder layer. */
  private final int historyWidth;
  /** Columns of a slot's {@code memory}: 2d per decoder layer, then d of pointer keys. */
  private final int memoryWidth;
  private final float[] row;
  private final float[] rowProjected;
  private final float[] objectiveHidden;
  private final float[] objectiveShift;
  private final float[] objectiveScale;
  // the decoder's rows, one per request of the group: [MAX_GROUP, width]
  private final float[] tokens;
  private final float[] rows;
  private final float[] rowsQkv;
  private final float[] rowsAttended;
  private final float[] rowsProjected;
  private final float[] rowsHidden;
  private final float[] queries;
  private final float[] objectiveQueries;
  private final Slot[] slots = new Slot[MAX_GROUP];
  // the group being decoded and whether its requests are still wanted (checked between pieces of work)
  private static final IntPredicate NEVER = r -> false;
  private IntPredicate cancelled = NEVER;
  private int groupFrom;
  private int groupCount;

  /** What one request of a group keeps from its encoding through its decode, and where its answers go. */
  private final class Slot {
    int n;
    int capacity;
    float[] candidates;
    /**
     * The candidates' keys and values of every decoder layer's cross-attention, then their pointer keys:
     * {@code [n, memoryWidth]} ({@link GeneratorWeights#candidateKv}).
     */
    float[] memory;
    float[] logits;
    boolean[] chosen;
    final float[] user = new float[d];
    final float[][] selfKeys = new float[decoderLayers][steps * d];
    final float[][] selfValues = new float[decoderLayers][steps * d];
    float[] objectiveWeights;
    int[] list;
    float[] probabilities;
    float[] stepLogits;

    void grow(int size) {
      if (size <= capacity) {
        return;
      }
      capacity = Math.max(size, capacity * 2);
      int c = capacity;
      candidates = new float[c * d];
      memory = new float[c * memoryWidth];
      logits = new float[c];
      chosen = new boolean[c];
    }
  }

  GreedyDecoder(GeneratorWeights weights, Kernels kernels) {
    w = weights.packedFor(kernels);
    k = kernels;
    packs = kernels.packs();
    d = w.config.hidden();
    heads = w.config.heads();
    dh = d / heads;
    ffn = w.config.ffn();
    steps = w.config.listLength();
    decoderLayers = w.decoderLayers.size();
    historyCapacity = Math.max(1, w.config.maxHistory());
    history = new float[historyCapacity * d];
    historyWidth = w.historyKv.out();
    memoryWidth = w.candidateKv.out();
    historyKv = new float[historyCapacity * historyWidth];
    row = new float[d];
    rowProjected = new float[d];
    objectiveHidden = new float[d];
    objectiveShift = new float[d];
    objectiveScale = new float[d];
    int g = MAX_GROUP;
    tokens = new float[g * d];
    rows = new float[g * d];
    rowsQkv = new float[g * 3 * d];
    rowsAttended = new float[g * d];
    rowsProjected = new float[g * d];
    rowsHidden = new float[g * Math.max(ffn, d)];
    queries = new float[g * d];
    objectiveQueries = new float[g * Math.max(1, w.objectives) * d];
    for (int j = 0; j < g; j++) {
      slots[j] = new Slot();
    }
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
    int keysMax = padded(Math.max(c, Math.max(historyCapacity, steps)));
    scores = new float[keysMax];
    scoreRows = new float[QUERY_CHUNK * keysMax];
    keysT = new float[dh * keysMax];
    if (packs) {
      keysPacked = new float[dh * keysMax];
      valuesPacked = new float[keysMax * dh];
    }
    retriever = new float[c];
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
    groupFrom = request;
    groupCount = 1;
    encode(0, request, historyItems, historyPositive, candidateItems, retrieverScores, objectiveWeights, list,
        probabilities, stepLogits);
    decodeGroup(1);
  }

  /**
   * Decodes requests {@code from .. from+count-1} of a batch as one group ({@code count ≤ MAX_GROUP}) into their rows
   * of {@code lists} and {@code probabilities}; {@code stepLogits}, when given, receives each one's logits.
   */
  void decode(io.goalrank.core.RequestBatch batch, float[][] objectiveWeights, int from, int count, int[][] lists,
      float[][] probabilities, float[][] stepLogits) {
    decode(batch, objectiveWeights, from, count, lists, probabilities, stepLogits, r -> false);
  }

  /**
   * As above, without the work of requests nobody waits for: a request already {@code cancelled} when its turn to
   * be encoded comes is skipped (its rows of {@code lists} and {@code probabilities} set to null) and the others
   * decode without it; once every request of the group is cancelled (checked between encoder layers and before
   * each decoder step) the group stops and all its rows are set to null.
   */
  void decode(io.goalrank.core.RequestBatch batch, float[][] objectiveWeights, int from, int count, int[][] lists,
      float[][] probabilities, float[][] stepLogits, IntPredicate cancelled) {
    if (count < 1 || count > MAX_GROUP) {
      throw new IllegalArgumentException("a group holds 1 to " + MAX_GROUP + " requests: " + count);
    }
    groupFrom = from;
    groupCount = count;
    this.cancelled = cancelled;
    try {
      float[][] retrieverScores = batch.retrieverScores();
      int live = 0; // the slots hold the wanted requests only, in order: the decoder's rows are theirs
      for (int j = 0; j < count; j++) {
        int r = from + j;
        if (cancelled != NEVER && cancelled.test(r)) {
          lists[r] = null;
          probabilities[r] = null;
          continue;
        }
        encode(live++, r, batch.history()[r], batch.historyPositive()[r], batch.candidates()[r],
            retrieverScores == null ? null : retrieverScores[r], objectiveWeights == null ? null : objectiveWeights[r],
            lists[r], probabilities[r], stepLogits == null ? null : stepLogits[r]);
      }
      if (live > 0) {
        decodeGroup(live);
      }
    } catch (Cancelled e) {
      for (int j = 0; j < count; j++) {
        lists[from + j] = null;
        probabilities[from + j] = null;
      }
      release(count);
    } finally {
      this.cancelled = NEVER;
    }
  }

  /** Thrown inside a group's decode once all its requests are cancelled; caught where the group started. */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false); // control flow, not an error: no stack trace
    }
  }

  /** Stops the group when every one of its requests is cancelled. */
  private void checkCancelled() {
    if (cancelled == NEVER) {
      return;
    }
    for (int j = 0; j < groupCount; j++) {
      if (!cancelled.test(groupFrom + j)) {
        return;
      }
    }
    throw new Cancelled();
  }

  /** Encodes one request into slot {@code j}: its candidates, the decoder's keys and values, the user state. */
  private void encode(int j, int request, int[] historyItems, byte[] historyPositive, int[] candidateItems,
      float[] retrieverScores, float[] objectiveWeights, int[] list, float[] probabilities, float[] stepLogits) {
    int n = candidateItems.length;
    if (steps > n) {
      throw new IllegalArgumentException("list length " + steps + " exceeds " + n + " candidates");
    }
    grow(n);
    Slot slot = slots[j];
    slot.grow(n);
    slot.n = n;
    slot.objectiveWeights = objectiveWeights;
    slot.list = list;
    slot.probabilities = probabilities;
    slot.stepLogits = stepLogits;
    int t = encodeHistory(historyItems, historyPositive, slot.user);
    encodeCandidates(request, candidateItems, retrieverScores, n, t, slot);
    if (w.objectives > 0) {
      condition(objectiveWeights, n, slot);
    }
    k.linear(slot.candidates, 0, n, d, w.candidateKv.wt(), w.candidateKv.bias(), memoryWidth, slot.memory, 0);
    java.util.Arrays.fill(slot.chosen, 0, n, false);
  }

  /** The decoder's steps for slots {@code 0..g-1}, in lockstep: one row per request through every Linear. */
  private void decodeGroup(int g) {
    for (int s = 0; s < steps; s++) {
      checkCancelled();
      for (int j = 0; j < g; j++) {
        Slot slot = slots[j];
        int o = j * d;
        if (s == 0) {
          // the start token: user state + start embedding + position 0, added in PointerGenerator's order
          for (int i = 0; i < d; i++) {
            tokens[o + i] = slot.user[i] + w.start[i] + w.steps[i];
          }
        } else {
          int pick = slot.list[s - 1];
          for (int i = 0; i < d; i++) {
            tokens[o + i] = slot.candidates[pick * d + i] + w.steps[s * d + i];
          }
        }
      }
      for (int l = 0; l < decoderLayers; l++) {
        decoderLayer(l, s, g);
      }
      pointerLogits(g);
      for (int j = 0; j < g; j++) {
        Slot slot = slots[j];
        int n = slot.n;
        if (slot.stepLogits != null) {
          System.arraycopy(slot.logits, 0, slot.stepLogits, s * n, n);
        }
        GeneratorPolicy.logSoftmaxRow(slot.logits, 0, n, 1f);
        int pick = GeneratorPolicy.argmax(slot.logits, 0, n);
        slot.list[s] = pick;
        slot.probabilities[s] = (float) Math.exp(slot.logits[pick]);
        slot.chosen[pick] = true;
      }
    }
    release(g);
  }

  /** Drops the slots' references to the caller's arrays. */
  private void release(int g) {
    for (int j = 0; j < g; j++) {
      slots[j].list = null;
      slots[j].probabilities = null;
      slots[j].stepLogits = null;
      slots[j].objectiveWeights = null;
    }
  }

  /** History tokens (item + feedback embeddings) into {@link #history} and the user state into {@code user}. */
  private int encodeHistory(int[] items, byte[] positive, float[] user) {
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

  private void encodeCandidates(int request, int[] items, float[] retrieverScores, int n, int historyTokens,
      Slot slot) {
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
      k.add(slot.user, 0, x, c * d, d);
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
    // every layer's keys and values of the history at once: the same tokens feed each layer's cross-attention
    k.linear(history, 0, historyTokens, d, w.historyKv.wt(), w.historyKv.bias(), historyWidth, historyKv, 0);
    for (int l = 0; l < w.encoderLayers.size(); l++) {
      checkCancelled(); // a large request's encoder is most of its work: stop between layers
      encoderLayer(w.encoderLayers.get(l), l, n, historyTokens);
    }
    layerNorm(x, 0, n, w.outputNorm, slot.candidates, 0);
  }

  /** Candidates attend to each other (unmasked: they are a set), then to the history, then the feed-forward. */
  private void encoderLayer(Layer layer, int l, int n, int historyTokens) {
    layerNorm(x, 0, n, layer.selfNorm(), normed, 0);
    k.linear(normed, 0, n, d, layer.selfQkv().wt(), layer.selfQkv().bias(), 3 * d, qkv, 0);
    attend(qkv, 0, 3 * d, n, qkv, d, 3 * d, qkv, 2 * d, 3 * d, n, attended, 0);
    k.linear(attended, 0, n, d, layer.selfOutput().wt(), layer.selfOutput().bias(), d, projected, 0);
    k.add(projected, 0, x, 0, n * d);

    layerNorm(x, 0, n, layer.crossNorm(), normed, 0);
    k.linear(normed, 0, n, d, layer.crossQuery().wt(), layer.crossQuery().bias(), d, qkv, 0);
    attend(qkv, 0, d, n, historyKv, 2 * d * l, historyWidth, historyKv, 2 * d * l + d, historyWidth, historyTokens,
        attended, 0);
    k.linear(attended, 0, n, d, layer.crossOutput().wt(), layer.crossOutput().bias(), d, projected, 0);
    k.add(projected, 0, x, 0, n * d);

    feedForward(layer, x, n, normed, hidden, projected);
  }

  /**
   * The feed-forward sublayer on the first {@code count} rows of {@code a}, in place ({@code a += ffnOut(gelu(ffnIn(
   * norm(a))))}); the encoder and the decoder each pass their own scratch buffers.
   */
  private void feedForward(Layer layer, float[] a, int count, float[] normed, float[] hidden, float[] projected) {
    layerNorm(a, 0, count, layer.ffnNorm(), normed, 0);
    k.linear(normed, 0, count, d, layer.ffnIn().wt(), layer.ffnIn().bias(), ffn, hidden, 0);
    geluRows(hidden, count, ffn);
    k.linear(hidden, 0, count, ffn, layer.ffnOut().wt(), layer.ffnOut().bias(), d, projected, 0);
    k.add(projected, 0, a, 0, count * d);
  }

  /**
   * GELU row by row: the vector kernels compute a row's last {@code width mod lanes} values in scalar code, so
   * applying it per row keeps each value's arithmetic independent of how many rows there are.
   */
  private void geluRows(float[] a, int count, int width) {
    for (int r = 0; r < count; r++) {
      k.gelu(a, r * width, width);
    }
  }

  /**
   * FiLM on the candidates and a shift of the user state by a small MLP of the objective weights
   * ({@code PointerGenerator.condition}).
   */
  private void condition(float[] weights, int n, Slot slot) {
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
    float[] candidates = slot.candidates;
    for (int c = 0; c < n; c++) {
      for (int i = 0; i < d; i++) {
        candidates[c * d + i] *= objectiveScale[i];
      }
    }
    k.add(objectiveShift, 0, slot.user, 0, d);
  }

  /**
   * Step {@code s} of decoder layer {@code l} on the group's {@link #tokens} (one row per request): each row's key
   * and value join its request's cache.
   */
  private void decoderLayer(int l, int s, int g) {
    Layer layer = w.decoderLayers.get(l);
    layerNorm(tokens, 0, g, layer.selfNorm(), rows, 0);
    k.linear(rows, 0, g, d, layer.selfQkv().wt(), layer.selfQkv().bias(), 3 * d, rowsQkv, 0);
    for (int j = 0; j < g; j++) {
      Slot slot = slots[j];
      System.arraycopy(rowsQkv, j * 3 * d + d, slot.selfKeys[l], s * d, d);
      System.arraycopy(rowsQkv, j * 3 * d + 2 * d, slot.selfValues[l], s * d, d);
      // every cached position is earlier than this one: no mask
      attend(rowsQkv, j * 3 * d, 3 * d, 1, slot.selfKeys[l], 0, d, slot.selfValues[l], 0, d, s + 1, rowsAttended,
          j * d);
    }
    k.linear(rowsAttended, 0, g, d, layer.selfOutput().wt(), layer.selfOutput().bias(), d, rowsProjected, 0);
    k.add(rowsProjected, 0, tokens, 0, g * d);

    layerNorm(tokens, 0, g, layer.crossNorm(), rows, 0);
    k.linear(rows, 0, g, d, layer.crossQuery().wt(), layer.crossQuery().bias(), d, queries, 0);
    for (int j = 0; j < g; j++) {
      Slot slot = slots[j];
      attend(queries, j * d, d, 1, slot.memory, 2 * d * l, memoryWidth, slot.memory, 2 * d * l + d, memoryWidth,
          slot.n, rowsAttended, j * d);
    }
    k.linear(rowsAttended, 0, g, d, layer.crossOutput().wt(), layer.crossOutput().bias(), d, rowsProjected, 0);
    k.add(rowsProjected, 0, tokens, 0, g * d);

    feedForward(layer, tokens, g, rows, rowsHidden, rowsProjected);
  }

  /** The pointer head: {@code q·key_c} per candidate, chosen candidates blocked; into each slot's logits. */
  private void pointerLogits(int g) {
    layerNorm(tokens, 0, g, w.decoderNorm, rows, 0);
    k.linear(rows, 0, g, d, w.queryProjection.wt(), w.queryProjection.bias(), d, queries, 0);
    int kd = w.objectives * d;
    if (w.objectives > 0) {
      k.linear(rows, 0, g, d, w.objectiveQueries.wt(), w.objectiveQueries.bias(), kd, objectiveQueries, 0);
    }
    for (int j = 0; j < g; j++) {
      Slot slot = slots[j];
      int q = j * d;
      if (w.objectives > 0) {
        // q = q_0 + Σ_k w_k·q_k, the mix summed first as PointerGenerator.pointerQueries does
        float[] weights = slot.objectiveWeights;
        for (int i = 0; i < d; i++) {
          float mix = 0f;
          for (int o = 0; o < w.objectives; o++) {
            mix += objectiveQueries[j * kd + o * d + i] * weights[o];
          }
          queries[q + i] += mix;
        }
      }
      int keys = 2 * d * decoderLayers;
      for (int c = 0; c < slot.n; c++) {
        float logit = k.dot(queries, q, slot.memory, c * memoryWidth + keys, d);
        slot.logits[c] = slot.chosen[c] ? logit + BatchTensors.BLOCKED : logit;
      }
    }
  }

  /**
   * Multi-head attention without masks: for each of {@code tq} query rows and each head, a softmax over the
   * {@code tk} keys' scores (the scale is already in the queries) weighs the values. Rows are read with their own
   * strides, so fused projections are used in place. Output {@code [tq, d]} at {@code out[outOff]}.
   *
   * <p>Many query rows (the encoder: N candidates) run as two matrix products per head, scores = Q·Kᵀ over the head's
   * keys transposed once into {@link #keysT}, then P·V, in chunks of {@link #QUERY_CHUNK} rows, so both get the
   * kernels' register tiles instead of one dot product and one axpy per (query, key) pair. A few rows (a decoder step)
   * take one dot product per key, which needs no transposed copy.
   */
  private void attend(float[] q, int qOff, int qStride, int tq, float[] keys, int kOff, int kStride, float[] values,
      int vOff, int vStride, int tk, float[] out, int outOff) {
    for (int h = 0; h < heads; h++) {
      int kh = kOff + h * dh;
      if (tq < 4) {
        for (int i = 0; i < tq; i++) {
          int qh = qOff + i * qStride + h * dh;
          for (int j = 0; j < tk; j++) {
            scores[j] = k.dot(q, qh, keys, kh + j * kStride, dh);
          }
          k.softmax(scores, 0, tk);
          k.gemm(scores, 0, tk, 1, tk, values, vOff + h * dh, vStride, dh, null, out, outOff + i * d + h * dh, d);
        }
        continue;
      }
      int tp = padded(tk);
      for (int i = 0; i < dh; i++) {
        for (int j = 0; j < tk; j++) {
          keysT[i * tp + j] = keys[kh + j * kStride + i];
        }
        java.util.Arrays.fill(keysT, i * tp + tk, (i + 1) * tp, 0f);
      }
      if (packs) {
        // both products on the kernels' packed layout, as every Linear: its register tiles stream a panel front to
        // back with the row stride a constant (the bits are those of the plain products)
        k.pack(keysT, 0, tp, dh, tp, keysPacked);
        k.pack(values, vOff + h * dh, vStride, tk, dh, valuesPacked);
      }
      for (int i0 = 0; i0 < tq; i0 += QUERY_CHUNK) {
        int rowsNow = Math.min(QUERY_CHUNK, tq - i0);
        // scores of the padding columns are computed and ignored: softmax and P·V read the first tk
        if (packs) {
          k.linear(q, qOff + i0 * qStride + h * dh, qStride, rowsNow, dh, keysPacked, null, tp, scoreRows, 0, tp);
        } else {
          k.gemm(q, qOff + i0 * qStride + h * dh, qStride, rowsNow, dh, keysT, 0, tp, tp, null, scoreRows, 0, tp);
        }
        for (int i = 0; i < rowsNow; i++) {
          k.softmax(scoreRows, i * tp, tk);
        }
        if (packs) {
          k.linear(scoreRows, 0, tp, rowsNow, tk, valuesPacked, null, dh, out, outOff + i0 * d + h * dh, d);
        } else {
          k.gemm(scoreRows, 0, tp, rowsNow, tk, values, vOff + h * dh, vStride, dh, null, out,
              outOff + i0 * d + h * dh, d);
        }
      }
    }
  }

  /** {@code n} rounded up to a multiple of {@link #KEY_PAD}. */
  private static int padded(int n) {
    return (n + KEY_PAD - 1) / KEY_PAD * KEY_PAD;
  }

  /** LayerNorm over each of {@code rows} rows of d ({@link Kernels#layerNorm}), epsilon 1e-5. */
  private void layerNorm(float[] in, int inOff, int rows, Norm norm, float[] out, int outOff) {
    k.layerNorm(in, inOff, rows, d, norm.gamma(), norm.beta(), GeneratorWeights.EPSILON, out, outOff);
  }
}
