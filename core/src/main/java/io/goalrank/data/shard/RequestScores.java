package io.goalrank.data.shard;

import java.util.Arrays;
import java.util.Objects;

/**
 * What frozen models say about one request, computed offline once (docs/SHARDS.md, "Score files"): the reward
 * model's click probability per candidate and a few auxiliary lists with their list rewards, so training need not
 * keep a float[N] per request on the heap or recompute them every epoch.
 *
 * @param id the request's id in its set
 * @param probabilities the reward model's click probability per candidate slot
 * @param lists the auxiliary lists (candidate slots, top first), in the order of the score file's list names
 * @param listRewards the reward model's reward r̂ of each list
 */
public record RequestScores(long id, float[] probabilities, int[][] lists, float[] listRewards) {

  public RequestScores {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(lists, "lists");
    Objects.requireNonNull(listRewards, "listRewards");
    if (lists.length != listRewards.length) {
      throw new IllegalArgumentException("request " + id + ": " + lists.length + " lists but " + listRewards.length
          + " list rewards");
    }
    for (int[] list : lists) {
      for (int slot : list) {
        if (slot < 0 || slot >= probabilities.length) {
          throw new IllegalArgumentException("request " + id + ": a list holds slot " + slot + ", outside the "
              + probabilities.length + " candidates");
        }
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestScores s && id == s.id && Arrays.equals(probabilities, s.probabilities)
        && Arrays.deepEquals(lists, s.lists) && Arrays.equals(listRewards, s.listRewards);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(probabilities), Arrays.deepHashCode(lists));
  }

  @Override
  public String toString() {
    return "RequestScores[id=" + id + ", candidates=" + probabilities.length + ", lists=" + Arrays.deepToString(lists)
        + ", listRewards=" + Arrays.toString(listRewards) + "]";
  }
}
