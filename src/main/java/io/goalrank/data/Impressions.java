package io.goalrank.data;

import java.util.Objects;

/**
 * Logged impressions of the final ranking stage: for some requests, the lists that were shown (candidate slots,
 * top first) and which positions were clicked. This is the feedback a list-aware reward model learns from; the
 * candidate labels of {@link PreparedDataset} say which items a user liked, not how a list of them did.
 *
 * @param lists {@code [rows][K][L]} candidate slots per dataset row, or a null row for requests never shown
 * @param clicks {@code [rows][K][L]} 1 where the user clicked that position, aligned with {@code lists}
 */
public record Impressions(int[][][] lists, float[][][] clicks) {

  public Impressions {
    Objects.requireNonNull(lists, "lists");
    Objects.requireNonNull(clicks, "clicks");
    if (lists.length != clicks.length) {
      throw new IllegalArgumentException("lists has " + lists.length + " rows, clicks " + clicks.length);
    }
    for (int r = 0; r < lists.length; r++) {
      if ((lists[r] == null) != (clicks[r] == null)
          || (lists[r] != null && lists[r].length != clicks[r].length)) {
        throw new IllegalArgumentException("row " + r + ": lists and clicks differ in shape");
      }
    }
  }

  /** Whether request {@code row} has impressions. */
  public boolean has(int row) {
    return row >= 0 && row < lists.length && lists[row] != null;
  }

  /** Rows of {@code rows} that have impressions, in order. */
  public int[] withImpressions(int[] rows) {
    return java.util.Arrays.stream(rows).filter(this::has).toArray();
  }

  /** Impressions per request (the same for every row that has any). */
  public int perRequest() {
    for (int[][] row : lists) {
      if (row != null) {
        return row.length;
      }
    }
    return 0;
  }

  /** Mean clicks per shown list: the true utility of the logging policy as the log measured it. */
  public double meanClicksPerList() {
    double sum = 0;
    long shown = 0;
    for (float[][] row : clicks) {
      if (row == null) {
        continue;
      }
      for (float[] list : row) {
        for (float c : list) {
          sum += c;
        }
        shown++;
      }
    }
    return shown == 0 ? 0 : sum / shown;
  }
}
