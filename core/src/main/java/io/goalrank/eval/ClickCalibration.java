package io.goalrank.eval;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.Impressions;
import io.goalrank.data.PreparedDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The list-level check real slates allow: on shown lists with per-position feedback that the reward model did not
 * train on (held-out slates of {@code prepare --requests slates}, or held-out simulated impressions), how well r̂'s
 * per-position click probabilities match what users did. Real logs have no true list utility, so
 * {@link TeacherDiagnostic}'s ordering check cannot run there; this can.
 *
 * <ul>
 *   <li>AUC of the predicted click probability of every shown position against its observed click (pooled over
 *       positions; ties count half): does r̂ put clicks above non-clicks?
 *   <li>calibration: reliability bins (equal-width in the predicted probability: mean prediction, observed click
 *       rate, count), the expected calibration error {@code ECE = Σ_b n_b/n · |mean p_b − rate_b|}, and the
 *       log-loss.
 *       r̂ = expected clicks is a sum of these probabilities, so a miscalibrated model misjudges a list by their sum.
 * </ul>
 *
 * @param lists which lists were judged (e.g. "held-out slates (test)")
 * @param shown lists judged
 * @param positions positions judged (shown lists × their length)
 * @param clickRate observed clicks per position
 * @param meanPredicted mean predicted click probability
 * @param auc pooled AUC (NaN when every position was clicked, or none)
 * @param logLoss mean binary cross-entropy, predictions clamped to [1e-7, 1 − 1e-7]
 * @param ece expected calibration error over {@code bins}
 * @param bins reliability bins, lowest prediction first; empty bins are left out
 */
public record ClickCalibration(String lists, int shown, long positions, double clickRate, double meanPredicted,
    double auc, double logLoss, double ece, List<Bin> bins) {

  /** Equal-width bins of the predicted probability, as in reliability diagrams. */
  public static final int DEFAULT_BINS = 10;

  public ClickCalibration {
    bins = List.copyOf(bins);
  }

  /**
   * One reliability bin.
   *
   * @param low lower edge of the predicted probability
   * @param high upper edge
   * @param count positions whose prediction falls in it
   * @param meanPredicted their mean prediction
   * @param clickRate their observed click rate
   */
  public record Bin(double low, double high, long count, double meanPredicted, double clickRate) {}

  /** A model's click probability of every position of the given shown lists. */
  @FunctionalInterface
  public interface PositionClicks {
    /**
     * @param lists {@code [B][K][L]} candidate slots of the shown lists of each request of {@code batch}
     * @return {@code [B][K][L]} click probabilities
     */
    float[][][] clickProbabilities(RequestBatch batch, int[][][] lists);
  }

  /**
   * Judges {@code model} on the impressions of {@code rows} (rows without impressions are skipped).
   *
   * @throws IllegalArgumentException when none of {@code rows} has impressions
   */
  public static ClickCalibration measure(String label, PositionClicks model, PreparedDataset data,
      Impressions impressions, int[] rows, int batchSize) {
    int[] judged = impressions.withImpressions(rows);
    if (judged.length == 0) {
      throw new IllegalArgumentException("no request of '" + label + "' has shown lists to judge");
    }
    int perRow = impressions.lists()[judged[0]].length * impressions.lists()[judged[0]][0].length;
    float[] predicted = new float[judged.length * perRow];
    float[] observed = new float[predicted.length];
    int at = 0;
    int shown = 0;
    for (RequestBatch batch : data.batches(judged, batchSize)) {
      int[][][] lists = new int[batch.size()][][];
      for (int b = 0; b < batch.size(); b++) {
        lists[b] = impressions.lists()[batch.requestIds()[b]];
      }
      float[][][] p = model.clickProbabilities(batch, lists);
      for (int b = 0; b < batch.size(); b++) {
        float[][] clicks = impressions.clicks()[batch.requestIds()[b]];
        for (int k = 0; k < clicks.length; k++) {
          shown++;
          for (int t = 0; t < clicks[k].length; t++) {
            if (at == predicted.length) { // rows with more lists than the first: grow
              predicted = Arrays.copyOf(predicted, 2 * at);
              observed = Arrays.copyOf(observed, 2 * at);
            }
            predicted[at] = p[b][k][t];
            observed[at] = clicks[k][t];
            at++;
          }
        }
      }
    }
    return of(label, shown, Arrays.copyOf(predicted, at), Arrays.copyOf(observed, at), DEFAULT_BINS);
  }

  /** The check of predictions against observed clicks (1 clicked, 0 not), over {@code bins} equal-width bins. */
  public static ClickCalibration of(String label, int shown, float[] predicted, float[] observed, int bins) {
    if (predicted.length != observed.length || predicted.length == 0 || bins < 1) {
      throw new IllegalArgumentException("need as many predictions as observations, at least one, and a bin");
    }
    int n = predicted.length;
    long[] count = new long[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    double logLoss = 0;
    double clicks = 0;
    double meanP = 0;
    for (int i = 0; i < n; i++) {
      double p = predicted[i];
      double y = observed[i] > 0 ? 1 : 0;
      int b = Math.min(bins - 1, Math.max(0, (int) (p * bins)));
      count[b]++;
      sumP[b] += p;
      sumY[b] += y;
      double q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
      logLoss -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
      clicks += y;
      meanP += p;
    }
    List<Bin> out = new ArrayList<>();
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] == 0) {
        continue;
      }
      double mp = sumP[b] / count[b];
      double rate = sumY[b] / count[b];
      out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b], mp, rate));
      ece += (double) count[b] / n * Math.abs(mp - rate);
    }
    return new ClickCalibration(label, shown, n, clicks / n, meanP / n, auc(predicted, observed), logLoss / n, ece,
        out);
  }

  /** AUC over all (prediction, click) pairs, by the rank-sum; tied predictions count half. */
  public static double auc(float[] predicted, float[] observed) {
    int n = predicted.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(predicted[a], predicted[b]));
    double rankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && predicted[order[j + 1]] == predicted[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie block
      for (int k = i; k <= j; k++) {
        if (observed[order[k]] > 0) {
          rankSum += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Whether every judged position has the same feedback, so there is nothing for r̂ to order. */
  public boolean oneClass() {
    return clickRate == 0 || clickRate == 1;
  }

  /** One line for logs and reports. */
  public String summary() {
    String line = String.format(Locale.ROOT,
        "teacher clicks on %s: AUC %.4f, log-loss %.4f, ECE %.4f (mean predicted %.4f vs click rate %.4f; %d "
            + "lists, %d positions)",
        lists, auc, logLoss, ece, meanPredicted, clickRate, shown, positions);
    if (!oneClass()) {
      return line;
    }
    // implicit data (e.g. Amazon-Book's slates hold only consumed items): the check has no negatives, and its
    // log-loss and ECE only say how far the predictions are from 1
    return line + "; " + (clickRate == 1 ? "every" : "no") + " shown position is a click, so the AUC is undefined "
        + "and this check cannot tell good predictions from bad here (the reward model's validation AUC on the "
        + "candidates' labels is in its checkpoints/history.csv)";
  }

  /** The reliability bins as a Markdown table. */
  public String reliabilityTable() {
    StringBuilder sb =
        new StringBuilder("| predicted | positions | mean predicted | click rate |\n|---|---:|---:|---:|\n");
    for (Bin b : bins) {
      sb.append(String.format(Locale.ROOT, "| %.1f–%.1f | %d | %.4f | %.4f |%n", b.low(), b.high(), b.count(),
          b.meanPredicted(), b.clickRate()));
    }
    return sb.toString();
  }
}
