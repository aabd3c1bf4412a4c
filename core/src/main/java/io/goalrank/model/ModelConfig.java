package io.goalrank.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a GoalRank network (generator or reward model). Presets span the paper's scaling range; {@code
 * small} is the paper's Table 1 size (hidden 128, 2 layers, 2 heads).
 *
 * @param numItems items in the catalogue (embedding rows; index 0 is reserved for padding)
 * @param hidden model width d
 * @param heads attention heads
 * @param encoderLayers Transformer layers over the candidates
 * @param decoderLayers Transformer layers in the pointer decoder (generator only)
 * @param ffn feed-forward width
 * @param dropout dropout rate during training
 * @param maxHistory history items read per request
 * @param listLength L, items per emitted list
 * @param readsRetrieverScores whether each candidate's stage-1 retriever score (z-scored within the request) is an
 *     input feature, as the initial ranking is in PRM-style re-rankers; off in the paper's setting, where candidates
 *     are an unordered set
 * @param itemCategories how many item categories (genres, topics) the encoder reads as a feature of each candidate
 *     ({@link ItemCategories}); 0, the default, reads none
 */
public record ModelConfig(
    int numItems, int hidden, int heads, int encoderLayers, int decoderLayers, int ffn, float dropout,
    int maxHistory, int listLength, boolean readsRetrieverScores, int itemCategories) {

  /** Named sizes, smallest first: {hidden, heads, encoder layers, decoder layers, ffn}. */
  public static final Map<String, int[]> PRESETS;

  static {
    Map<String, int[]> p = new LinkedHashMap<>();
    p.put("tiny", new int[] {32, 2, 1, 1, 64});
    p.put("small", new int[] {128, 2, 2, 2, 256});
    p.put("medium", new int[] {256, 4, 3, 3, 1024});
    p.put("large", new int[] {512, 8, 4, 4, 2048});
    p.put("xlarge", new int[] {768, 12, 7, 7, 3072});
    PRESETS = java.util.Collections.unmodifiableMap(p);
  }

  public ModelConfig {
    if (numItems < 1) {
      throw new IllegalArgumentException("numItems must be positive: " + numItems);
    }
    if (hidden < 1 || heads < 1 || hidden % heads != 0) {
      throw new IllegalArgumentException("hidden (" + hidden + ") must be a positive multiple of heads (" + heads + ")");
    }
    if (encoderLayers < 0 || decoderLayers < 0 || ffn < 1) {
      throw new IllegalArgumentException("invalid layers/ffn: " + encoderLayers + "/" + decoderLayers + "/" + ffn);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0,1): " + dropout);
    }
    if (maxHistory < 1 || listLength < 1) {
      throw new IllegalArgumentException("maxHistory and listLength must be positive");
    }
    if (itemCategories < 0) {
      throw new IllegalArgumentException("itemCategories must be 0 (none) or positive: " + itemCategories);
    }
  }

  /** A network that reads no item categories. */
  public ModelConfig(int numItems, int hidden, int heads, int encoderLayers, int decoderLayers, int ffn, float dropout,
      int maxHistory, int listLength, boolean readsRetrieverScores) {
    this(numItems, hidden, heads, encoderLayers, decoderLayers, ffn, dropout, maxHistory, listLength,
        readsRetrieverScores, 0);
  }

  /** A network that does not read retriever scores (the paper's setting). */
  public ModelConfig(int numItems, int hidden, int heads, int encoderLayers, int decoderLayers, int ffn, float dropout,
      int maxHistory, int listLength) {
    this(numItems, hidden, heads, encoderLayers, decoderLayers, ffn, dropout, maxHistory, listLength, false);
  }

  /** A preset by name; see {@link #PRESETS}. */
  public static ModelConfig preset(String name, int numItems, int maxHistory, int listLength) {
    int[] p = PRESETS.get(name);
    if (p == null) {
      throw new IllegalArgumentException("Unknown model size '" + name + "'; choose one of " + PRESETS.keySet());
    }
    return new ModelConfig(numItems, p[0], p[1], p[2], p[3], p[4], 0.1f, maxHistory, listLength);
  }

  public ModelConfig withDropout(float d) {
    return new ModelConfig(numItems, hidden, heads, encoderLayers, decoderLayers, ffn, d, maxHistory, listLength,
        readsRetrieverScores, itemCategories);
  }

  public ModelConfig withRetrieverScores(boolean reads) {
    return new ModelConfig(numItems, hidden, heads, encoderLayers, decoderLayers, ffn, dropout, maxHistory,
        listLength, reads, itemCategories);
  }

  /** The same shape reading {@code categories} item categories (0: none). */
  public ModelConfig withItemCategories(int categories) {
    return new ModelConfig(numItems, hidden, heads, encoderLayers, decoderLayers, ffn, dropout, maxHistory,
        listLength, readsRetrieverScores, categories);
  }
}
