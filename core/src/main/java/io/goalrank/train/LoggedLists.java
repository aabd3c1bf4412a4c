package io.goalrank.train;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.PreparedDataset;

/**
 * The "logged" list of a request as Seq2Slate's weak supervision sees it: the request's ground-truth items (what
 * the user was shown and interacted with), labelled positives first, each part in the log's order. Returned as
 * candidate slots, so a pointer network can be teacher-forced on it.
 */
public final class LoggedLists {
  private LoggedLists() {}

  /**
   * @return {@code [B][L]} candidate slots of each request's logged list
   * @throws IllegalArgumentException when a request has fewer than {@code listLength} targets among its candidates
   */
  public static int[][] of(PreparedDataset data, RequestBatch batch, int listLength) {
    int[][] out = new int[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      int r = batch.requestIds()[b];
      int[] targets = data.targets(r);
      byte[] positive = data.targetPositive(r);
      int[] candidates = batch.candidates()[b];
      int[] list = new int[listLength];
      int w = 0;
      // two passes: positives first, then the other logged items
      for (int pass = 1; pass >= 0 && w < listLength; pass--) {
        for (int t = 0; t < targets.length && w < listLength; t++) {
          if (positive[t] == pass) {
            list[w++] = slotOf(candidates, targets[t], r);
          }
        }
      }
      if (w < listLength) {
        throw new IllegalArgumentException("request " + r + " has " + w + " logged items, need " + listLength);
      }
      out[b] = list;
    }
    return out;
  }

  private static int slotOf(int[] candidates, int item, int request) {
    for (int c = 0; c < candidates.length; c++) {
      if (candidates[c] == item) {
        return c;
      }
    }
    throw new IllegalStateException("request " + request + ": target item " + item + " is not a candidate");
  }
}
