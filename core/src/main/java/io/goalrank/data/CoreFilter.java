package io.goalrank.data;

/**
 * Iterative k-core filtering: drops users and items with fewer than k interactions, and repeats, because dropping
 * an item can push a user below k and the other way round, until every remaining user and item has at least k.
 */
public final class CoreFilter {
  private CoreFilter() {}

  public static Interactions apply(Interactions data, int k) {
    if (k <= 1) {
      return data;
    }
    boolean[] keep = new boolean[data.size()];
    java.util.Arrays.fill(keep, true);
    boolean changed = true;
    while (changed) {
      int[] userCount = new int[data.numUsers()];
      int[] itemCount = new int[data.numItems()];
      for (int r = 0; r < data.size(); r++) {
        if (keep[r]) {
          userCount[data.users()[r]]++;
          itemCount[data.items()[r]]++;
        }
      }
      changed = false;
      for (int r = 0; r < data.size(); r++) {
        if (keep[r] && (userCount[data.users()[r]] < k || itemCount[data.items()[r]] < k)) {
          keep[r] = false;
          changed = true;
        }
      }
    }
    return data.select(keep);
  }
}
