package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import io.goalrank.policy.GeneratorPolicy;
import io.goalrank.policy.PopularityPolicy;
import io.goalrank.policy.RandomPolicy;
import io.goalrank.policy.RetrieverOrderPolicy;
import io.goalrank.policy.ScoringPolicy;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds the group B of candidate lists for each request of a batch from the auxiliary policies M and the
 * current generator, as in the paper's §3.3: {@code B_u = {l ~ π_θ} ∪ {lists from M}}. Identical lists are kept
 * once (the mask marks the copies), so a policy that repeats itself does not get extra weight in π_ref.
 */
public final class GroupBuilder {
  private final GroupSpec spec;
  private final int listLength;
  private final RetrieverOrderPolicy retrieverOrder = new RetrieverOrderPolicy();
  private final PopularityPolicy popularity;
  private final ScoringPolicy dnn;
  private final SamplingPolicy logging;
  private final io.goalrank.data.ItemCatalog catalog;
  private final int[] itemCounts;
  private final java.util.List<SamplingPolicy> anchors;

  /** The lists of a group and which of them count (1) or are duplicates (0). */
  public record Group(int[][][] lists, float[][] mask) {
    public int size() {
      return lists[0].length;
    }
  }

  /**
   * @param itemCounts popularity of every item
   * @param dnn the light pointwise scorer (greedy and Plackett–Luce samples); may be null if the spec uses none
   * @param logging the production (logging) policy; may be null if the spec uses none
   */
  public GroupBuilder(GroupSpec spec, int listLength, int[] itemCounts, ScoringPolicy dnn, SamplingPolicy logging) {
    this(spec, listLength, itemCounts, null, dnn, logging);
  }

  /** @param catalog the items' categories, needed by {@code dnn-diverse}; may be null if the spec does not use it */
  public GroupBuilder(GroupSpec spec, int listLength, int[] itemCounts, io.goalrank.data.ItemCatalog catalog,
      ScoringPolicy dnn, SamplingPolicy logging) {
    this(spec, listLength, itemCounts, catalog, dnn, logging, java.util.List.of());
  }

  private GroupBuilder(GroupSpec spec, int listLength, int[] itemCounts, io.goalrank.data.ItemCatalog catalog,
      ScoringPolicy dnn, SamplingPolicy logging, java.util.List<? extends SamplingPolicy> anchors) {
    if ((spec.count("dnn") > 0 || spec.count("dnn-pl") > 0 || spec.count("dnn-diverse") > 0
        || spec.count("dnn-novel") > 0) && dnn == null) {
      throw new IllegalArgumentException("group spec " + spec + " uses the DNN scorer but none was given");
    }
    if (spec.count("logging") > 0 && logging == null) {
      throw new IllegalArgumentException("group spec " + spec + " uses the logging policy, which only simulated "
          + "data has");
    }
    if (spec.count("dnn-diverse") > 0 && (catalog == null || catalog.numCategories() == 0)) {
      throw new IllegalArgumentException("group spec " + spec + " uses dnn-diverse, which needs item categories; "
          + "this dataset has none");
    }
    this.catalog = catalog;
    this.itemCounts = itemCounts;
    this.anchors = java.util.List.copyOf(anchors);
    this.logging = logging;
    this.spec = spec;
    this.listLength = listLength;
    this.popularity = new PopularityPolicy(itemCounts);
    this.dnn = dnn;
  }

  /**
   * The same builder whose {@code anchors:N} source draws N lists round-robin from {@code anchors}: other trained
   * generators, e.g. single-objective models in the group of an objective-conditioned one.
   */
  public GroupBuilder withAnchors(java.util.List<? extends SamplingPolicy> anchors) {
    return new GroupBuilder(spec, listLength, itemCounts, catalog, dnn, logging, anchors);
  }

  public GroupSpec spec() {
    return spec;
  }

  public Group build(RequestBatch batch, GeneratorPolicy generator, long seed) {
    int b = batch.size();
    int g = spec.size();
    int[][][] lists = new int[b][g][];
    int w = 0;
    for (var entry : spec.counts().entrySet()) {
      int count = entry.getValue();
      int[][][] part = switch (entry.getKey()) {
        case "mf-order" -> repeat(retrieverOrder.rank(batch, listLength).lists(), count);
        case "popularity" -> repeat(popularity.rank(batch, listLength).lists(), count);
        case "dnn" -> repeat(dnn.rank(batch, listLength).lists(), count);
        case "dnn-pl" -> dnn.sample(batch, listLength, count, seed ^ 0x51L).lists();
        case "dnn-diverse" -> ObjectiveHeuristics.diverse(dnn.scores(batch), batch, catalog, count, listLength,
            seed ^ 0xD1L);
        case "dnn-novel" -> ObjectiveHeuristics.novel(dnn.scores(batch), batch, itemCounts, count, listLength,
            seed ^ 0x40L);
        case "random" -> randomLists(batch, count, seed);
        case "generator" -> generator.sample(batch, listLength, count, seed ^ 0x6E6L).lists();
        case "anchors" -> anchorLists(batch, count, seed);
        case "logging" -> logging.sample(batch, listLength, count, seed ^ 0x106L).lists();
        default -> throw new IllegalStateException(entry.getKey());
      };
      for (int r = 0; r < b; r++) {
        System.arraycopy(part[r], 0, lists[r], w, count);
      }
      w += count;
    }
    float[][] mask = new float[b][g];
    for (int r = 0; r < b; r++) {
      Set<String> seen = new HashSet<>();
      for (int k = 0; k < g; k++) {
        mask[r][k] = seen.add(Arrays.toString(lists[r][k])) ? 1f : 0f;
      }
    }
    return new Group(lists, mask);
  }

  private int[][][] anchorLists(RequestBatch batch, int count, long seed) {
    if (anchors.isEmpty()) {
      throw new IllegalStateException("group spec " + spec + " uses anchors, but no anchor policies were given");
    }
    int[][][] out = new int[batch.size()][count][];
    for (int k = 0; k < count; k++) {
      int[][][] one = anchors.get(k % anchors.size()).sample(batch, listLength, 1, seed * 7919 + k).lists();
      for (int r = 0; r < batch.size(); r++) {
        out[r][k] = one[r][0];
      }
    }
    return out;
  }

  private int[][][] randomLists(RequestBatch batch, int count, long seed) {
    int[][][] out = new int[batch.size()][count][];
    for (int k = 0; k < count; k++) {
      int[][] l = new RandomPolicy(seed * 131 + k).rank(batch, listLength).lists();
      for (int r = 0; r < batch.size(); r++) {
        out[r][k] = l[r];
      }
    }
    return out;
  }

  private static int[][][] repeat(int[][] lists, int count) {
    int[][][] out = new int[lists.length][count][];
    for (int r = 0; r < lists.length; r++) {
      for (int k = 0; k < count; k++) {
        out[r][k] = lists[r];
      }
    }
    return out;
  }
}
