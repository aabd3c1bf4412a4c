package io.goalrank.data;

import java.util.Objects;

/**
 * Logged impressions of the final ranking stage: for some requests, the lists that were shown (candidate slots,
 * top first) and which positions were clicked. This is the feedback a list-aware reward model learns from; the
 * candidate labels of {@link PreparedDataset} say which items a user liked, not how a list of them did.
 *
 * @param lists {@code [rows][K][L]} candidate slots per dataset row, or a null row for requests never shown
 * @param clicks {@code [rows][K][L]} 1 where the user clicked that position, aligned with {@code lists}
 * @param logPropensities {@code [rows][K][L]} {@code log P(l_1..l_k)}, the probability that the logging policy
 *     showed each list's prefix down to that position, aligned with {@code lists}; null where the logging policy is
 *     not known (real logs)
 */
public record Impressions(int[][][] lists, float[][][] clicks, float[][][] logPropensities) {

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
      if (logPropensities != null && (lists[r] == null) != (logPropensities[r] == null)) {
        throw new IllegalArgumentException("row " + r + ": lists and propensities differ in shape");
      }
    }
  }

  /** Impressions of an unknown logging policy: no propensities. */
  public Impressions(int[][][] lists, float[][][] clicks) {
    this(lists, clicks, null);
  }

  /** Whether the logging policy's propensities are known. */
  public boolean hasPropensities() {
    return logPropensities != null;
  }

  /**
   * The logged lists of a real log as impressions: each request's ground truth, in the order the user consumed it
   * (time order; file order for ties), is one shown list, and its own feedback (rating at or above the threshold)
   * the clicks. With {@code --requests slates} every 6-item window of a timeline is such a list, as in the paper's
   * lineage (GFN4Rec's ML-1M slates); this is what lets a list-aware or position-aware reward model learn from
   * real data. Every row gets its list, whatever its split; trainers pick the rows they may use.
   */
  public static Impressions fromLoggedLists(PreparedDataset data) {
    int rows = data.size();
    int[][][] lists = new int[rows][][];
    float[][][] clicks = new float[rows][][];
    for (int r = 0; r < rows; r++) {
      int[] targets = data.targets(r);
      byte[] positive = data.targetPositive(r);
      int[] candidates = data.candidates(r);
      int[] slots = new int[targets.length];
      float[] clicked = new float[targets.length];
      for (int t = 0; t < targets.length; t++) {
        slots[t] = -1;
        for (int c = 0; c < candidates.length; c++) {
          if (candidates[c] == targets[t]) {
            slots[t] = c;
            break;
          }
        }
        if (slots[t] < 0) {
          throw new IllegalArgumentException("request " + r + ": ground-truth item " + targets[t]
              + " is not among its candidates, so its logged list cannot be replayed as an impression");
        }
        clicked[t] = positive[t];
      }
      lists[r] = new int[][] {slots};
      clicks[r] = new float[][] {clicked};
    }
    return new Impressions(lists, clicks);
  }

  /** These impressions on {@code rows} only; every other row has none (e.g. a reward model's training requests). */
  public Impressions restrictedTo(int[] rows) {
    int[][][] l = new int[lists.length][][];
    float[][][] c = new float[lists.length][][];
    float[][][] p = logPropensities == null ? null : new float[lists.length][][];
    for (int r : rows) {
      l[r] = lists[r];
      c[r] = clicks[r];
      if (p != null) {
        p[r] = logPropensities[r];
      }
    }
    return new Impressions(l, c, p);
  }

  /**
   * These impressions with {@code more}'s appended row by row: a row {@code more} has gets its lists after its own
   * (both must have it); other rows are unchanged. Propensities are dropped: appended lists were not shown by the
   * logging policy.
   */
  public Impressions appended(Impressions more) {
    if (more.lists.length != lists.length) {
      throw new IllegalArgumentException("appended impressions have " + more.lists.length + " rows, not "
          + lists.length);
    }
    int[][][] l = lists.clone();
    float[][][] c = clicks.clone();
    for (int r = 0; r < lists.length; r++) {
      if (more.lists[r] == null) {
        continue;
      }
      if (lists[r] == null) {
        throw new IllegalArgumentException("row " + r + " has no impressions to append to");
      }
      l[r] = concat(lists[r], more.lists[r]);
      c[r] = concat(clicks[r], more.clicks[r]);
    }
    return new Impressions(l, c);
  }

  /** Shown lists over all rows. */
  public long count() {
    long n = 0;
    for (int[][] row : lists) {
      n += row == null ? 0 : row.length;
    }
    return n;
  }

  private static <T> T[] concat(T[] a, T[] b) {
    T[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
