package io.goalrank.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's interactions in time order, with repeated items collapsed to their latest occurrence (a ranked list
 * must not hold an item twice, and the latest feedback is the one that describes the user now).
 *
 * @param user user index
 * @param items item indices, oldest first
 * @param positive 1 where the feedback was positive
 */
public record Timeline(int user, int[] items, byte[] positive) {

  public int length() {
    return items.length;
  }

  /** Every user's timeline; ties in time keep file order. */
  public static List<Timeline> of(Interactions data, float positiveThreshold) {
    int n = data.size();
    Integer[] order = new Integer[n];
    for (int r = 0; r < n; r++) {
      order[r] = r;
    }
    // Sort by (user, time, row) so ties keep the reader's order.
    Arrays.sort(order, (a, b) -> {
      int c = Integer.compare(data.users()[a], data.users()[b]);
      if (c != 0) {
        return c;
      }
      c = Long.compare(data.timestamps()[a], data.timestamps()[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    List<Timeline> out = new ArrayList<>(data.numUsers());
    int start = 0;
    while (start < n) {
      int user = data.users()[order[start]];
      int end = start;
      while (end < n && data.users()[order[end]] == user) {
        end++;
      }
      // Walk backwards so the latest occurrence of each item wins.
      Map<Integer, Boolean> seen = new HashMap<>();
      int[] itemsRev = new int[end - start];
      byte[] posRev = new byte[end - start];
      int m = 0;
      for (int k = end - 1; k >= start; k--) {
        int row = order[k];
        int item = data.items()[row];
        if (seen.putIfAbsent(item, Boolean.TRUE) == null) {
          itemsRev[m] = item;
          posRev[m] = (byte) (data.ratings()[row] >= positiveThreshold ? 1 : 0);
          m++;
        }
      }
      int[] items = new int[m];
      byte[] pos = new byte[m];
      for (int k = 0; k < m; k++) {
        items[k] = itemsRev[m - 1 - k];
        pos[k] = posRev[m - 1 - k];
      }
      out.add(new Timeline(user, items, pos));
      start = end;
    }
    return out;
  }
}
