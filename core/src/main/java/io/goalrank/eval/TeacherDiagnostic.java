package io.goalrank.eval;

import io.goalrank.core.ListUtility;
import io.goalrank.core.RequestBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How well a teacher (the reward model r̂) orders the lists of a request, measured against the true utility where
 * the data has one (the simulator). GoalRank's reference policy only uses the order of r̂ within a group (after
 * z-scoring), so what matters is not r̂'s calibration but whether it ranks a request's candidate lists the way the
 * truth does (the paper's Eq. 3: r̂'s errors must be smaller than the gaps between lists).
 *
 * <p>Per request, over the distinct lists it is given: the fraction of pairs with different true utilities that r̂
 * orders the same way (a tie in r̂ counts one half), Kendall's τ-b between r̂ and the truth, and whether r̂'s best
 * list is also the truth's best. Means are over requests with at least two distinct lists.
 *
 * @param lists which lists were judged (e.g. "training groups", "generator samples")
 * @param requests requests with at least two distinct lists
 * @param meanLists mean distinct lists per request
 * @param pairwiseAccuracy mean over requests of the share of correctly ordered pairs
 * @param kendallTau mean over requests of τ-b (requests where either side is constant are left out of this mean)
 * @param bestListAgreement share of requests where r̂'s best list has the truth's best utility
 * @param regret mean over requests of (truth's best − truth of r̂'s best), the utility lost by trusting r̂
 */
public record TeacherDiagnostic(String lists, int requests, double meanLists, double pairwiseAccuracy,
    double kendallTau, double bestListAgreement, double regret) {

  /** Where the judged lists come from: {@code [B][K][L]} candidate slots for a batch. */
  @FunctionalInterface
  public interface ListSource {
    int[][][] lists(RequestBatch batch, long seed);
  }

  /** Judges {@code teacher} against {@code truth} on the lists {@code source} gives for each batch. */
  public static TeacherDiagnostic measure(String label, ListUtility teacher, ListUtility truth,
      List<RequestBatch> batches, ListSource source, long seed) {
    Accumulator acc = new Accumulator();
    long batchSeed = seed;
    for (RequestBatch batch : batches) {
      int[][][] lists = distinct(source.lists(batch, batchSeed++));
      // utilities score the same number of lists per request: pad with copies of a request's first list, read back
      // only its own
      int[][][] padded = padded(lists);
      float[][] predicted = teacher.score(batch, padded);
      float[][] actual = truth.score(batch, padded);
      for (int b = 0; b < lists.length; b++) {
        int k = lists[b].length;
        acc.add(Arrays.copyOf(predicted[b], k), Arrays.copyOf(actual[b], k));
      }
    }
    return acc.result(label);
  }

  /** The diagnostic of one request's scores, exposed for tests. */
  static TeacherDiagnostic ofScores(String label, float[][] predicted, float[][] actual) {
    Accumulator acc = new Accumulator();
    for (int b = 0; b < predicted.length; b++) {
      acc.add(predicted[b], actual[b]);
    }
    return acc.result(label);
  }

  /** Each request's lists without repeats: a group often holds one list several times, which would count twice. */
  static int[][][] distinct(int[][][] lists) {
    int[][][] out = new int[lists.length][][];
    for (int b = 0; b < lists.length; b++) {
      java.util.LinkedHashMap<List<Integer>, int[]> seen = new java.util.LinkedHashMap<>();
      for (int[] list : lists[b]) {
        seen.putIfAbsent(Arrays.stream(list).boxed().toList(), list);
      }
      out[b] = seen.values().toArray(new int[0][]);
    }
    return out;
  }

  /** Every request's lists padded to the largest count with copies of its first list. */
  static int[][][] padded(int[][][] lists) {
    int most = 1;
    for (int[][] request : lists) {
      most = Math.max(most, request.length);
    }
    int[][][] out = new int[lists.length][most][];
    for (int b = 0; b < lists.length; b++) {
      for (int k = 0; k < most; k++) {
        out[b][k] = lists[b][k < lists[b].length ? k : 0];
      }
    }
    return out;
  }

  /** One line for logs and reports. */
  public String summary() {
    return String.format(Locale.ROOT,
        "teacher vs true utility on %s: pairwise accuracy %.3f, Kendall tau %.3f, best list agrees %.1f%%, "
            + "regret %.4f (%d requests, %.1f distinct lists each)",
        lists, pairwiseAccuracy, kendallTau, 100 * bestListAgreement, regret, requests, meanLists);
  }

  private static final class Accumulator {
    private int requests;
    private int tauRequests;
    private double lists;
    private double accuracy;
    private double tau;
    private double agree;
    private double regret;

    void add(float[] predicted, float[] actual) {
      int k = predicted.length;
      if (k < 2) {
        return;
      }
      long concordant = 0;
      long discordant = 0;
      long tiedPredicted = 0;
      long tiedActual = 0;
      double correct = 0;
      long judged = 0;
      for (int i = 0; i < k; i++) {
        for (int j = i + 1; j < k; j++) {
          int p = Float.compare(predicted[i], predicted[j]);
          int a = Float.compare(actual[i], actual[j]);
          if (a != 0) {
            judged++;
            correct += p == 0 ? 0.5 : p == a ? 1 : 0;
          }
          if (p == 0 && a == 0) {
            continue; // tied on both sides: in neither τ-b term
          }
          if (p == 0) {
            tiedPredicted++;
          } else if (a == 0) {
            tiedActual++;
          } else if (p == a) {
            concordant++;
          } else {
            discordant++;
          }
        }
      }
      requests++;
      lists += k;
      accuracy += judged == 0 ? 0.5 : correct / judged;
      double denominator = Math.sqrt((double) (concordant + discordant + tiedPredicted)
          * (concordant + discordant + tiedActual));
      if (denominator > 0 && concordant + discordant > 0) {
        tau += (concordant - discordant) / denominator;
        tauRequests++;
      }
      int bestPredicted = 0;
      int bestActual = 0;
      for (int i = 1; i < k; i++) {
        if (predicted[i] > predicted[bestPredicted]) {
          bestPredicted = i;
        }
        if (actual[i] > actual[bestActual]) {
          bestActual = i;
        }
      }
      agree += actual[bestPredicted] == actual[bestActual] ? 1 : 0;
      regret += actual[bestActual] - actual[bestPredicted];
    }

    TeacherDiagnostic result(String label) {
      int n = Math.max(requests, 1);
      return new TeacherDiagnostic(label, requests, lists / n, accuracy / n,
          tauRequests == 0 ? Double.NaN : tau / tauRequests, agree / n, regret / n);
    }
  }
}
