package io.goalrank.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct lists of each request's group, packed for one teacher-forced pass. A group often holds the same
 * list more than once (a deterministic heuristic and a peaked generator sample agree); its log-probability is
 * computed once and gathered back to every copy. Requests are padded to the largest distinct count in the batch
 * with copies of their first list, which nothing reads back.
 *
 * <p>Everything the pass indexes by is precomputed here as flat Java arrays: the rows of the earlier picks in the
 * {@code [B·N, d]} candidate table, the picks themselves, and the additive mask of items chosen before each step.
 */
final class PackedLists {
  private final int requests;
  private final int distinct;
  private final int length;
  private final int candidates;
  /** {@code [B][G'][L]} distinct lists, padded. */
  private final int[][][] lists;
  /** {@code [B·G]}: the packed slot of every original list. */
  private final long[] slotOfList;

  private PackedLists(int requests, int distinct, int length, int candidates, int[][][] lists, long[] slotOfList) {
    this.requests = requests;
    this.distinct = distinct;
    this.length = length;
    this.candidates = candidates;
    this.lists = lists;
    this.slotOfList = slotOfList;
  }

  /**
   * @param flat {@code [B, G, L]} candidate slots, row-major
   * @throws IllegalArgumentException for a slot outside {@code [0, n)}
   */
  static PackedLists of(long[] flat, int b, int g, int l, int n) {
    if (flat.length != (long) b * g * l) {
      throw new IllegalArgumentException("expected " + b * g * l + " slots, got " + flat.length);
    }
    List<List<int[]>> perRequest = new ArrayList<>(b);
    long[] slotOfList = new long[b * g];
    int most = 1;
    for (int r = 0; r < b; r++) {
      Map<List<Integer>, Integer> seen = new HashMap<>();
      List<int[]> unique = new ArrayList<>();
      for (int k = 0; k < g; k++) {
        int[] list = new int[l];
        Integer[] key = new Integer[l];
        for (int t = 0; t < l; t++) {
          long slot = flat[(r * g + k) * l + t];
          if (slot < 0 || slot >= n) {
            throw new IllegalArgumentException("list " + k + " of request " + r + " points at slot " + slot
                + ", outside 0.." + (n - 1));
          }
          list[t] = (int) slot;
          key[t] = (int) slot;
        }
        Integer at = seen.putIfAbsent(Arrays.asList(key), unique.size());
        if (at == null) {
          at = unique.size();
          unique.add(list);
        }
        slotOfList[r * g + k] = at;
      }
      most = Math.max(most, unique.size());
      perRequest.add(unique);
    }
    int[][][] lists = new int[b][most][];
    for (int r = 0; r < b; r++) {
      List<int[]> unique = perRequest.get(r);
      for (int k = 0; k < most; k++) {
        lists[r][k] = unique.get(k < unique.size() ? k : 0);
      }
    }
    return new PackedLists(b, most, l, n, lists, slotOfList);
  }

  /** G', the largest number of distinct lists of one request. */
  int distinct() {
    return distinct;
  }

  /** {@code [B·G]}: which packed list of its request each original list is. */
  long[] slotOfList() {
    return slotOfList;
  }

  /** {@code [B·G']}: the pick at step {@code t}. */
  long[] column(int t) {
    long[] out = new long[requests * distinct];
    for (int r = 0; r < requests; r++) {
      for (int k = 0; k < distinct; k++) {
        out[r * distinct + k] = lists[r][k][t];
      }
    }
    return out;
  }

  /** {@code [B·G'·(L−1)]}: rows {@code r·N + l_t} of the picks at steps 0..L−2, the inputs of steps 1..L−1. */
  long[] previousRows() {
    long[] out = new long[requests * distinct * (length - 1)];
    int i = 0;
    for (int r = 0; r < requests; r++) {
      for (int k = 0; k < distinct; k++) {
        for (int t = 0; t < length - 1; t++) {
          out[i++] = (long) r * candidates + lists[r][k][t];
        }
      }
    }
    return out;
  }

  /** {@code [B·G'·(L−1)]}: the picks at steps 1..L−1. */
  long[] laterPicks() {
    long[] out = new long[requests * distinct * (length - 1)];
    int i = 0;
    for (int r = 0; r < requests; r++) {
      for (int k = 0; k < distinct; k++) {
        for (int t = 1; t < length; t++) {
          out[i++] = lists[r][k][t];
        }
      }
    }
    return out;
  }

  /** {@code [B·G'·(L−1)·N]}: at step t = 1..L−1, {@link BatchTensors#BLOCKED} on the items picked before t. */
  float[] blockedBefore() {
    float[] out = new float[requests * distinct * (length - 1) * candidates];
    for (int r = 0; r < requests; r++) {
      for (int k = 0; k < distinct; k++) {
        for (int t = 1; t < length; t++) {
          int base = (((r * distinct) + k) * (length - 1) + (t - 1)) * candidates;
          for (int before = 0; before < t; before++) {
            out[base + lists[r][k][before]] = BatchTensors.BLOCKED;
          }
        }
      }
    }
    return out;
  }
}
