package io.goalrank.group;

import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the group B of candidate lists for each request of a batch from the auxiliary policies M and the
 * current generator, as in the paper's §3.3: {@code B_u = {l ~ π_θ} ∪ {lists from M}}. Identical lists are kept
 * once (the mask marks the copies), so a policy that repeats itself does not get extra weight in π_ref.
 *
 * <p>Each entry of the {@link GroupSpec} names a {@link GroupSource} of {@link GroupSources}, created once here from
 * the {@link GroupContext}; a source whose context lacks what it needs fails now, naming the spec and the source.
 */
public final class GroupBuilder {
  private final GroupSpec spec;
  private final Map<String, GroupSource> sources = new LinkedHashMap<>();

  /** The lists of a group and which of them count (1) or are duplicates (0). */
  public record Group(int[][][] lists, float[][] mask) {
    public int size() {
      return lists[0].length;
    }
  }

  public GroupBuilder(GroupSpec spec, GroupContext context) {
    this.spec = spec;
    for (String name : spec.counts().keySet()) {
      try {
        sources.put(name, GroupSources.create(name, context));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("group spec " + spec + ": source " + name + " " + e.getMessage(), e);
      }
    }
  }

  public GroupSpec spec() {
    return spec;
  }

  /**
   * The group of every request of {@code batch}: each source's lists in spec order, copies masked.
   *
   * @param generator the generator being trained (its {@code generator} samples), or null for a group without it
   */
  public Group build(RequestBatch batch, SamplingPolicy generator, long seed) {
    int b = batch.size();
    int g = spec.size();
    int[][][] lists = new int[b][g][];
    int w = 0;
    for (var entry : spec.counts().entrySet()) {
      int count = entry.getValue();
      int[][][] part = sources.get(entry.getKey()).propose(batch, generator, count, seed);
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
}
