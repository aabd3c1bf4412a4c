package io.goalrank.bench;

import io.goalrank.core.RequestBatch;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random ranking requests over a catalogue, for benchmarks that must run without data: each request has
 * {@code candidates} distinct random items and a history of random length up to {@code maxHistory}. Seeded, so
 * every run (and every policy in one run) sees the same requests.
 */
public final class SyntheticRequests {
  private SyntheticRequests() {}

  public static RequestBatch batch(int size, int numItems, int candidates, int maxHistory, long seed) {
    if (candidates > numItems) {
      throw new IllegalArgumentException(candidates + " candidates from " + numItems + " items");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] hist = new int[size][];
    byte[][] pos = new byte[size][];
    int[][] cands = new int[size][];
    int[] ids = new int[size];
    for (int r = 0; r < size; r++) {
      ids[r] = r;
      int h = 1 + rnd.nextInt(maxHistory);
      hist[r] = rnd.ints(h, 0, numItems).toArray();
      pos[r] = new byte[h];
      for (int k = 0; k < h; k++) {
        pos[r][k] = (byte) rnd.nextInt(2);
      }
      cands[r] = rnd.ints(0, numItems).distinct().limit(candidates).toArray();
    }
    return new RequestBatch(ids, new int[size], hist, pos, cands, null, null);
  }

  /** Rows {@code from..to-1} of a batch as a batch. */
  public static RequestBatch slice(RequestBatch b, int from, int to) {
    return new RequestBatch(java.util.Arrays.copyOfRange(b.requestIds(), from, to),
        java.util.Arrays.copyOfRange(b.users(), from, to), java.util.Arrays.copyOfRange(b.history(), from, to),
        java.util.Arrays.copyOfRange(b.historyPositive(), from, to),
        java.util.Arrays.copyOfRange(b.candidates(), from, to), null, null);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** Row {@code row} as a JSON body for {@code POST /v1/rank}, naming items by {@code itemIds} (index → raw id). */
  public static String json(RequestBatch b, int row, List<String> itemIds) {
    var node = JSON.createObjectNode().put("user", "u" + b.requestIds()[row]);
    var hist = node.putArray("history");
    var pos = node.putArray("history_positive");
    for (int k = 0; k < b.history()[row].length; k++) {
      hist.add(itemIds.get(b.history()[row][k]));
      pos.add(b.historyPositive()[row][k]);
    }
    var cands = node.putArray("candidates");
    for (int c : b.candidates()[row]) {
      cands.add(itemIds.get(c));
    }
    return node.toString();
  }
}
