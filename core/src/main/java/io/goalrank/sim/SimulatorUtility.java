package io.goalrank.sim;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;
import io.goalrank.data.IdIndex;

/**
 * The simulator's TRUE list utility {@code U(u, l)} (see {@link Simulator}) as a {@link ListUtility} over a
 * prepared dataset built from a simulated log: slots → candidate items → raw ids → simulator ids. The id maps
 * are resolved once at construction.
 */
public final class SimulatorUtility implements ListUtility, io.goalrank.core.HasArgmax {
  private final Simulator sim;
  private final SimIdMap ids;
  private final IdIndex userIds;
  private final IdIndex itemIds;

  /**
   * @param userIds the dataset's user index (raw ids {@code "u<id>"})
   * @param itemIds the dataset's item index (raw ids {@code "i<id>"})
   */
  public SimulatorUtility(Simulator sim, IdIndex userIds, IdIndex itemIds) {
    this.sim = sim;
    this.ids = new SimIdMap(sim, userIds, itemIds);
    this.userIds = userIds;
    this.itemIds = itemIds;
  }

  /** The greedy maximisation of the true utility ({@link TrueUtilityOracle}, Table 1's oracle row). */
  @Override
  public io.goalrank.core.RankingPolicy greedyPolicy() {
    return new TrueUtilityOracle(sim, userIds, itemIds);
  }

  @Override
  public String name() {
    return "true-utility";
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    if (lists.length != batch.size()) {
      throw new IllegalArgumentException("Got lists for " + lists.length + " requests, batch has " + batch.size());
    }
    float[][] out = new float[lists.length][];
    for (int b = 0; b < lists.length; b++) {
      int user = ids.user(batch.users()[b]);
      int[] cands = batch.candidates()[b];
      out[b] = new float[lists[b].length];
      for (int k = 0; k < lists[b].length; k++) {
        int[] slots = lists[b][k];
        int[] simItems = new int[slots.length];
        for (int t = 0; t < slots.length; t++) {
          simItems[t] = ids.item(cands[slots[t]]);
        }
        out[b][k] = (float) sim.trueUtility(user, simItems);
      }
    }
    return out;
  }
}
