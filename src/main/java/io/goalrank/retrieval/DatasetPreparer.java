package io.goalrank.retrieval;

import io.goalrank.data.CoreFilter;
import io.goalrank.data.Interactions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.NegativeSampling;
import io.goalrank.data.Split;
import io.goalrank.data.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the N→L protocol of DESIGN.md on a log of interactions and produces the {@link PreparedDataset}:
 *
 * <ol>
 *   <li>iterative k-core filter on users and items;
 *   <li>per user, the chronologically last L interactions are the ground truth and the earlier ones the history
 *       (users with no history left are dropped);
 *   <li>a seeded split of users into train / validation / test;
 *   <li>a BPR matrix-factorisation retriever trained on the histories only;
 *   <li>N candidates per request: the retriever's top-N unseen items with every ground-truth item forced in
 *       (replacing the lowest-scored ones), or, with {@link NegativeSampling#MATCHED}, the ground truth plus items
 *       sampled from the same popularity deciles; then shuffled;
 *   <li>labels: 1 for a ground-truth item whose feedback was positive.
 * </ol>
 */
public final class DatasetPreparer {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetPreparer.class);
  private static final int POPULARITY_BINS = 10;

  private final ProtocolConfig config;
  private final MfRetriever.Options retrieverOptions;

  public DatasetPreparer(ProtocolConfig config, MfRetriever.Options retrieverOptions) {
    this.config = config;
    this.retrieverOptions = retrieverOptions;
  }

  public PreparedDataset prepare(String datasetName, Interactions raw) {
    long started = System.nanoTime();
    Interactions data = CoreFilter.apply(raw, config.coreK());
    if (data.size() == 0) {
      throw new IllegalArgumentException("No interactions left after the " + config.coreK()
          + "-core filter (" + raw.size() + " before); lower --core");
    }
    int l = config.listLength();
    int n = config.numCandidates();
    if (data.numItems() < n) {
      throw new IllegalArgumentException("Only " + data.numItems() + " items after filtering, fewer than N=" + n);
    }
    int numUsers = data.numUsers();
    int[][] trainHistories = new int[numUsers][0];
    int[] itemCounts = new int[data.numItems()];
    List<Timeline> timelines = new ArrayList<>();
    int tooFewUnseen = 0;
    for (Timeline t : Timeline.of(data, config.positiveThreshold())) {
      if (t.length() <= l) {
        continue;
      }
      int cut = t.length() - l;
      // the retriever and popularity see everything before the targets, not only the truncated history
      trainHistories[t.user()] = Arrays.copyOf(t.items(), cut);
      for (int i = 0; i < cut; i++) {
        itemCounts[t.items()[i]]++;
      }
      if (data.numItems() - cut < n) {
        // fewer than N items this user has not consumed: no request of N distinct unseen candidates exists
        tooFewUnseen++;
        continue;
      }
      timelines.add(t);
    }
    if (tooFewUnseen > 0) {
      LOG.warn("dropped {} users who consumed all but fewer than N={} of the {} items", tooFewUnseen, n,
          data.numItems());
    }
    int r = timelines.size();
    int[] users = new int[r];
    int[][] history = new int[r][];
    byte[][] historyPositive = new byte[r][];
    int[][] targets = new int[r][];
    byte[][] targetPositive = new byte[r][];
    for (int k = 0; k < r; k++) {
      Timeline t = timelines.get(k);
      int cut = t.length() - l;
      users[k] = t.user();
      int from = Math.max(0, cut - config.maxHistory());
      history[k] = Arrays.copyOfRange(t.items(), from, cut);
      historyPositive[k] = Arrays.copyOfRange(t.positive(), from, cut);
      targets[k] = Arrays.copyOfRange(t.items(), cut, t.length());
      targetPositive[k] = Arrays.copyOfRange(t.positive(), cut, t.length());
    }
    byte[] splits = splitUsers(r);

    long retrieverStart = System.nanoTime();
    int[] itemBin = popularityBins(itemCounts);
    int[][] binPools = binPools(itemBin);
    int[][] candidates = new int[r][];
    float[][] labels = new float[r][];
    float[][] scores = new float[r][];
    long found = 0;
    long total = 0;
    float retrieverLoss;
    try (MfRetriever retriever = MfRetriever.train(trainHistories, data.numItems(), retrieverOptions)) {
      retrieverLoss = retriever.lastLoss();
      Random rnd = new Random(config.seed() ^ 0x5DEECE66DL);
      int chunk = 256;
      for (int start = 0; start < r; start += chunk) {
        int end = Math.min(r, start + chunk);
        int[] chunkUsers = Arrays.copyOfRange(users, start, end);
        float[][] all = retriever.scores(chunkUsers);
        for (int k = start; k < end; k++) {
          float[] s = all[k - start];
          Set<Integer> seen = new HashSet<>();
          for (int i : trainHistories[users[k]]) {
            seen.add(i);
          }
          int[] top = topUnseen(s, seen, n);
          Set<Integer> topSet = new HashSet<>();
          for (int i : top) {
            topSet.add(i);
          }
          for (int i : targets[k]) {
            total++;
            if (topSet.contains(i)) {
              found++;
            }
          }
          int[] cands = config.negatives() == NegativeSampling.RETRIEVER
              ? forceTargets(top, targets[k], s)
              : matchedNegatives(targets[k], seen, itemBin, binPools, n, rnd);
          shuffle(cands, rnd);
          candidates[k] = cands;
          labels[k] = new float[n];
          scores[k] = new float[n];
          for (int c = 0; c < n; c++) {
            scores[k][c] = s[cands[c]];
            for (int g = 0; g < targets[k].length; g++) {
              if (targets[k][g] == cands[c] && targetPositive[k][g] == 1) {
                labels[k][c] = 1f;
              }
            }
          }
        }
      }
    }
    double recall = total == 0 ? 0 : (double) found / total;
    Map<String, String> info = new LinkedHashMap<>();
    info.put("dataset", datasetName);
    info.put("protocol.positiveThreshold", Float.toString(config.positiveThreshold()));
    info.put("protocol.coreK", Integer.toString(config.coreK()));
    info.put("protocol.listLength", Integer.toString(l));
    info.put("protocol.numCandidates", Integer.toString(n));
    info.put("protocol.maxHistory", Integer.toString(config.maxHistory()));
    info.put("protocol.testFraction", Double.toString(config.testFraction()));
    info.put("protocol.validFraction", Double.toString(config.validFraction()));
    info.put("protocol.minValidRequests", Integer.toString(config.minValidRequests()));
    info.put("protocol.negatives", config.negatives().name().toLowerCase());
    info.put("protocol.seed", Long.toString(config.seed()));
    info.put("stats.rawInteractions", Integer.toString(raw.size()));
    info.put("stats.users", Integer.toString(data.numUsers()));
    info.put("stats.items", Integer.toString(data.numItems()));
    info.put("stats.interactions", Integer.toString(data.size()));
    info.put("stats.requests", Integer.toString(r));
    info.put("stats.usersDroppedTooFewUnseen", Integer.toString(tooFewUnseen));
    for (Split sp : Split.values()) {
      long c = 0;
      for (byte b : splits) {
        if (b == sp.code()) {
          c++;
        }
      }
      info.put("stats.requests." + sp.name().toLowerCase(), Long.toString(c));
    }
    long positives = 0;
    long noPositive = 0;
    for (float[] lab : labels) {
      int p = 0;
      for (float v : lab) {
        p += (int) v;
      }
      positives += p;
      noPositive += p == 0 ? 1 : 0;
    }
    double meanHist = Arrays.stream(history).mapToInt(h -> h.length).average().orElse(0);
    info.put("stats.meanPositivesPerRequest", String.format("%.3f", r == 0 ? 0 : (double) positives / r));
    info.put("stats.requestsWithoutPositive", Long.toString(noPositive));
    info.put("stats.meanHistoryLength", String.format("%.1f", meanHist));
    info.put("stats.retrieverRecallAtN", String.format("%.4f", recall));
    info.put("stats.retrieverForcedShare", String.format("%.4f", 1 - recall));
    info.put("stats.retrieverFinalBprLoss", String.format("%.4f", retrieverLoss));
    info.put("stats.retrieverSeconds", String.format("%.1f", (System.nanoTime() - retrieverStart) / 1e9));
    info.put("stats.prepareSeconds", String.format("%.1f", (System.nanoTime() - started) / 1e9));
    LOG.info("prepared {}: {} requests, retriever recall@{} = {}", datasetName, r, n, String.format("%.4f", recall));
    return new PreparedDataset(info, data.userIds(), data.itemIds(), data.catalog(), itemCounts, users, splits,
        history, historyPositive, targets, targetPositive, candidates, labels, scores);
  }

  /** Seeded user split: testFraction of requests to TEST, then {@link ProtocolConfig#validRequests} to VALID. */
  private byte[] splitUsers(int r) {
    Integer[] order = new Integer[r];
    for (int k = 0; k < r; k++) {
      order[k] = k;
    }
    java.util.Collections.shuffle(Arrays.asList(order), new Random(config.seed()));
    int test = (int) Math.round(r * config.testFraction());
    int valid = config.validRequests(r - test);
    byte[] splits = new byte[r];
    for (int k = 0; k < r; k++) {
      Split s = k < test ? Split.TEST : k < test + valid ? Split.VALID : Split.TRAIN;
      splits[order[k]] = s.code();
    }
    return splits;
  }

  /** The n highest-scored items not in {@code seen}, best first. */
  static int[] topUnseen(float[] scores, Set<Integer> seen, int n) {
    // a bounded min-heap keeps this O(items · log n)
    java.util.PriorityQueue<Integer> heap =
        new java.util.PriorityQueue<>((a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : b - a);
    for (int i = 0; i < scores.length; i++) {
      if (seen.contains(i)) {
        continue;
      }
      heap.add(i);
      if (heap.size() > n) {
        heap.poll();
      }
    }
    int[] out = new int[heap.size()];
    for (int k = out.length - 1; k >= 0; k--) {
      out[k] = heap.poll();
    }
    return out;
  }

  /** Puts every target into the top list, replacing the lowest-scored non-targets. */
  static int[] forceTargets(int[] top, int[] targets, float[] scores) {
    Set<Integer> targetSet = new HashSet<>();
    for (int t : targets) {
      targetSet.add(t);
    }
    Set<Integer> present = new HashSet<>();
    for (int i : top) {
      present.add(i);
    }
    List<Integer> missing = new ArrayList<>();
    for (int t : targets) {
      if (!present.contains(t)) {
        missing.add(t);
      }
    }
    int[] out = top.clone();
    int slot = out.length - 1;
    for (int t : missing) {
      while (targetSet.contains(out[slot])) {
        slot--;
      }
      out[slot--] = t;
    }
    return out;
  }

  /** Targets plus negatives drawn from each target's popularity decile, round-robin over targets. */
  private static int[] matchedNegatives(
      int[] targets, Set<Integer> seen, int[] itemBin, int[][] byBin, int n, Random rnd) {
    Set<Integer> chosen = new HashSet<>();
    int[] out = new int[n];
    int w = 0;
    for (int t : targets) {
      out[w++] = t;
      chosen.add(t);
    }
    int k = 0;
    int guard = 0;
    while (w < n) {
      int[] pool = byBin[itemBin[targets[k++ % targets.length]]];
      int item = pool[rnd.nextInt(pool.length)];
      if (guard++ > 100 * n) {
        // a decile can run dry for heavy users: fall back to any unseen item
        item = rnd.nextInt(itemBin.length);
      }
      if (!seen.contains(item) && chosen.add(item)) {
        out[w++] = item;
      }
    }
    return out;
  }

  /** The items of each popularity bin, ascending (built once, not per request). */
  private static int[][] binPools(int[] itemBin) {
    int[] size = new int[POPULARITY_BINS];
    for (int b : itemBin) {
      size[b]++;
    }
    int[][] pools = new int[POPULARITY_BINS][];
    for (int b = 0; b < POPULARITY_BINS; b++) {
      pools[b] = new int[size[b]];
    }
    int[] w = new int[POPULARITY_BINS];
    for (int i = 0; i < itemBin.length; i++) {
      pools[itemBin[i]][w[itemBin[i]]++] = i;
    }
    return pools;
  }

  private static int[] popularityBins(int[] counts) {
    Integer[] order = new Integer[counts.length];
    for (int i = 0; i < counts.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(counts[a], counts[b]));
    int[] bin = new int[counts.length];
    for (int rank = 0; rank < order.length; rank++) {
      bin[order[rank]] = (int) ((long) rank * POPULARITY_BINS / order.length);
    }
    return bin;
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
