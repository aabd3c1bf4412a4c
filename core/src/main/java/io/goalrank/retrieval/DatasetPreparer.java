package io.goalrank.retrieval;

import io.goalrank.data.CoreFilter;
import io.goalrank.data.Interactions;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.data.ProtocolConfig.NegativeSampling;
import io.goalrank.data.ProtocolConfig.RequestMode;
import io.goalrank.data.Split;
import io.goalrank.data.Timeline;
import io.goalrank.util.Shuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the N→L protocol of DESIGN.md on a log of interactions and produces the {@link PreparedDataset}:
 *
 * <ol>
 *   <li>iterative k-core filter on users and items;
 *   <li>requests cut from each user's timeline ({@link RequestPlan}): with {@link RequestMode#LAST} the
 *       chronologically last L interactions are the ground truth and the earlier ones the history (users with no
 *       history left are dropped), and users are split at random into train / validation / test; with
 *       {@link RequestMode#SLATES} every L consecutive interactions are a request and each user's last one is test,
 *       the one before validation ({@link io.goalrank.data.Slates});
 *   <li>a BPR matrix-factorisation retriever trained on what comes before each user's held-out ground truth only;
 *   <li>N candidates per request, none seen before the request's ground truth: the retriever's top-N unseen items
 *       with every ground-truth item forced in (replacing the lowest-scored ones), or, with
 *       {@link NegativeSampling#MATCHED}, the ground truth plus items sampled from the same popularity deciles, or,
 *       with {@link NegativeSampling#RANDOM}, plus uniformly drawn unseen items; then shuffled;
 *   <li>labels: 1 for a ground-truth item whose feedback was positive.
 * </ol>
 */
public final class DatasetPreparer {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetPreparer.class);
  private static final int POPULARITY_BINS = 10;
  /** Users scored per retriever call. */
  private static final int USERS_PER_CHUNK = 256;

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
    RequestPlan plan = plan(Timeline.of(data, config.positiveThreshold()), data.numUsers(), data.numItems());
    for (var e : plan.dropped().entrySet()) {
      if (e.getValue() > 0 && e.getKey().endsWith("TooFewUnseen")) {
        LOG.warn("dropped {} {} that had consumed all but fewer than N={} of the {} items", e.getValue(),
            config.requests() == RequestMode.LAST ? "users" : "slates", n, data.numItems());
      }
    }
    int r = plan.size();
    int[] users = new int[r];
    int[][] history = new int[r][];
    byte[][] historyPositive = new byte[r][];
    int[][] targets = new int[r][];
    byte[][] targetPositive = new byte[r][];
    for (int k = 0; k < r; k++) {
      Timeline t = plan.timelines()[k];
      int cut = plan.starts()[k];
      users[k] = t.user();
      int from = Math.max(0, cut - config.maxHistory());
      history[k] = Arrays.copyOfRange(t.items(), from, cut);
      historyPositive[k] = Arrays.copyOfRange(t.positive(), from, cut);
      targets[k] = Arrays.copyOfRange(t.items(), cut, cut + l);
      targetPositive[k] = Arrays.copyOfRange(t.positive(), cut, cut + l);
    }
    byte[] splits = plan.splits();
    int[] itemCounts = plan.itemCounts();

    long retrieverStart = System.nanoTime();
    int[] itemBin = popularityBins(itemCounts);
    int[][] binPools = binPools(itemBin);
    int[][] candidates = new int[r][];
    float[][] labels = new float[r][];
    float[][] scores = new float[r][];
    long[] found = new long[Split.values().length];
    long[] total = new long[Split.values().length];
    float retrieverLoss;
    MfRetriever.Update retrieverUpdate;
    try (MfRetriever retriever = MfRetriever.train(plan.trainHistories(), data.numItems(), retrieverOptions)) {
      retrieverLoss = retriever.lastLoss();
      retrieverUpdate = retriever.update();
      long candidatesStart = System.nanoTime();
      Random rnd = new Random(config.seed() ^ 0x5DEECE66DL);
      // position[i]: where item i is in the current user's timeline, so "seen before start" is one comparison
      int[] position = new int[data.numItems()];
      Arrays.fill(position, Integer.MAX_VALUE);
      int start = 0;
      while (start < r) {
        int end = chunkEnd(users, start, USERS_PER_CHUNK);
        int[] chunkUsers = Arrays.stream(users, start, end).distinct().toArray();
        float[][] all = retriever.scores(chunkUsers);
        int row = -1;
        float[] s = null;
        int[] ranked = null;
        for (int k = start; k < end; k++) {
          Timeline t = plan.timelines()[k];
          if (k == start || users[k] != users[k - 1]) {
            if (k > 0) {
              for (int i : plan.timelines()[k - 1].items()) {
                position[i] = Integer.MAX_VALUE;
              }
            }
            for (int p = 0; p < t.length(); p++) {
              position[t.items()[p]] = p;
            }
            row++;
            s = all[row];
            // the best (latest start + N) items hold the top N unseen items of each of the user's requests
            ranked = best(s, Math.min(data.numItems(), lastStart(plan.starts(), users, k) + n));
          }
          int cut = plan.starts()[k];
          IntPredicate seen = i -> position[i] < cut;
          int[] top = topUnseen(ranked, seen, n);
          Set<Integer> topSet = new HashSet<>();
          for (int i : top) {
            topSet.add(i);
          }
          for (int i : targets[k]) {
            total[splits[k]]++;
            if (topSet.contains(i)) {
              found[splits[k]]++;
            }
          }
          int[] cands = switch (config.negatives()) {
            case RETRIEVER -> forceTargets(top, targets[k], s);
            case MATCHED -> matchedNegatives(targets[k], seen, itemBin, binPools, n, rnd);
            case RANDOM -> randomNegatives(targets[k], seen, data.numItems(), n, rnd);
          };
          Shuffle.inPlace(cands, rnd);
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
        start = end;
      }
      LOG.info("retriever scores and {} candidates for {} requests in {} s", config.negatives().name().toLowerCase(),
          r, String.format("%.1f", (System.nanoTime() - candidatesStart) / 1e9));
    }
    Map<String, String> info = new LinkedHashMap<>();
    info.put("dataset", datasetName);
    info.put("protocol.positiveThreshold", Float.toString(config.positiveThreshold()));
    info.put("protocol.coreK", Integer.toString(config.coreK()));
    info.put("protocol.listLength", Integer.toString(l));
    info.put("protocol.numCandidates", Integer.toString(n));
    info.put("protocol.maxHistory", Integer.toString(config.maxHistory()));
    info.put("protocol.requests", config.requests().name().toLowerCase());
    if (config.requests() == RequestMode.LAST) {
      info.put("protocol.testFraction", Double.toString(config.testFraction()));
      info.put("protocol.validFraction", Double.toString(config.validFraction()));
      info.put("protocol.minValidRequests", Integer.toString(config.minValidRequests()));
    } else {
      info.put("protocol.split", "per user: last slate test, the one before valid, earlier slates train");
    }
    info.put("protocol.negatives", config.negatives().name().toLowerCase());
    info.put("protocol.seed", Long.toString(config.seed()));
    info.put("stats.rawInteractions", Integer.toString(raw.size()));
    info.put("stats.users", Integer.toString(data.numUsers()));
    info.put("stats.items", Integer.toString(data.numItems()));
    info.put("stats.interactions", Integer.toString(data.size()));
    info.put("stats.requests", Integer.toString(r));
    for (var e : plan.dropped().entrySet()) {
      info.put("stats." + e.getKey(), Integer.toString(e.getValue()));
    }
    long[] requestsBySplit = new long[Split.values().length];
    long[] positivesBySplit = new long[Split.values().length];
    long noPositive = 0;
    for (int k = 0; k < r; k++) {
      int p = 0;
      for (float v : labels[k]) {
        p += (int) v;
      }
      requestsBySplit[splits[k]]++;
      positivesBySplit[splits[k]] += p;
      noPositive += p == 0 ? 1 : 0;
    }
    for (Split sp : Split.values()) {
      info.put("stats.requests." + sp.name().toLowerCase(), Long.toString(requestsBySplit[sp.code()]));
    }
    info.put("stats.usersWithRequests", Long.toString(Arrays.stream(users).distinct().count()));
    long positives = Arrays.stream(positivesBySplit).sum();
    long found0 = Arrays.stream(found).sum();
    long total0 = Arrays.stream(total).sum();
    double recall = total0 == 0 ? 0 : (double) found0 / total0;
    double meanHist = Arrays.stream(history).mapToInt(h -> h.length).average().orElse(0);
    info.put("stats.meanPositivesPerRequest", String.format("%.3f", r == 0 ? 0 : (double) positives / r));
    for (Split sp : Split.values()) {
      long c = requestsBySplit[sp.code()];
      info.put("stats.meanPositivesPerRequest." + sp.name().toLowerCase(),
          String.format("%.3f", c == 0 ? 0 : (double) positivesBySplit[sp.code()] / c));
    }
    info.put("stats.requestsWithoutPositive", Long.toString(noPositive));
    info.put("stats.meanHistoryLength", String.format("%.1f", meanHist));
    info.put("stats.retrieverTrainingInteractions",
        Long.toString(Arrays.stream(plan.trainHistories()).mapToLong(h -> h.length).sum()));
    info.put("stats.retrieverRecallAtN", String.format("%.4f", recall));
    for (Split sp : Split.values()) {
      long c = total[sp.code()];
      info.put("stats.retrieverRecallAtN." + sp.name().toLowerCase(),
          String.format("%.4f", c == 0 ? 0 : (double) found[sp.code()] / c));
    }
    info.put("stats.retrieverForcedShare", String.format("%.4f", 1 - recall));
    info.put("stats.retrieverFinalBprLoss", String.format("%.4f", retrieverLoss));
    info.put("stats.retrieverUpdate", retrieverUpdate.name().toLowerCase());
    info.put("stats.retrieverSeconds", String.format("%.1f", (System.nanoTime() - retrieverStart) / 1e9));
    info.put("stats.prepareSeconds", String.format("%.1f", (System.nanoTime() - started) / 1e9));
    LOG.info("prepared {} ({} requests): {} requests (train {} / valid {} / test {}), {} positives per request, "
            + "retriever recall@{} = {} (test {})", datasetName, config.requests().name().toLowerCase(), r,
        requestsBySplit[Split.TRAIN.code()], requestsBySplit[Split.VALID.code()], requestsBySplit[Split.TEST.code()],
        info.get("stats.meanPositivesPerRequest"), n, String.format("%.4f", recall),
        info.get("stats.retrieverRecallAtN.test"));
    return new PreparedDataset(info, data.userIds(), data.itemIds(), data.catalog(), itemCounts, users, splits,
        history, historyPositive, targets, targetPositive, candidates, labels, scores)
        .withConfig(ProtocolConfig.PROVENANCE, config.toJson());
  }

  /** The requests of {@code timelines} and what the retriever may see; no network is involved. */
  RequestPlan plan(List<Timeline> timelines, int numUsers, int numItems) {
    return RequestPlan.of(config, timelines, numUsers, numItems);
  }

  /** The end of the chunk from {@code start} that holds the requests of at most {@code maxUsers} users. */
  private static int chunkEnd(int[] users, int start, int maxUsers) {
    int distinct = 0;
    int end = start;
    while (end < users.length) {
      boolean newUser = end == start || users[end] != users[end - 1];
      if (newUser && distinct == maxUsers) {
        break;
      }
      distinct += newUser ? 1 : 0;
      end++;
    }
    return end;
  }

  /** The latest start among the requests of the user of request {@code k} (adjacent, oldest first). */
  private static int lastStart(int[] starts, int[] users, int k) {
    int last = k;
    while (last + 1 < users.length && users[last + 1] == users[k]) {
      last++;
    }
    return starts[last];
  }

  /** The n highest-scored items not in {@code seen}, best first; ties go to the lower index. */
  static int[] topUnseen(float[] scores, Set<Integer> seen, int n) {
    return topUnseen(best(scores, Math.min(scores.length, seen.size() + n)), seen::contains, n);
  }

  /**
   * The first n items of {@code ranked} (best first) that are not seen. When {@code ranked} holds the best
   * {@code |seen| + n} items, these are the n best unseen ones, so one ranking serves every request of a user.
   */
  static int[] topUnseen(int[] ranked, IntPredicate seen, int n) {
    int[] out = new int[n];
    int w = 0;
    for (int k = 0; k < ranked.length && w < n; k++) {
      if (!seen.test(ranked[k])) {
        out[w++] = ranked[k];
      }
    }
    return w == n ? out : Arrays.copyOf(out, w);
  }

  /** The k highest-scored items, best first; ties go to the lower index. */
  static int[] best(float[] scores, int k) {
    return TopItems.best(scores, k);
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

  /** N candidate slots whose first ones are the targets, which {@code chosen} then holds. */
  private static int[] startWithTargets(int[] targets, int n, Set<Integer> chosen) {
    int[] out = new int[n];
    for (int w = 0; w < targets.length; w++) {
      out[w] = targets[w];
      chosen.add(targets[w]);
    }
    return out;
  }

  /** Targets plus negatives drawn from each target's popularity decile, round-robin over targets. */
  private static int[] matchedNegatives(
      int[] targets, IntPredicate seen, int[] itemBin, int[][] byBin, int n, Random rnd) {
    Set<Integer> chosen = new HashSet<>();
    int[] out = startWithTargets(targets, n, chosen);
    int w = targets.length;
    int k = 0;
    int guard = 0;
    while (w < n) {
      int[] pool = byBin[itemBin[targets[k++ % targets.length]]];
      int item = pool[rnd.nextInt(pool.length)];
      if (guard++ > 100 * n) {
        // a decile can run dry for heavy users: fall back to any unseen item
        item = rnd.nextInt(itemBin.length);
      }
      if (!seen.test(item) && chosen.add(item)) {
        out[w++] = item;
      }
    }
    return out;
  }

  /**
   * Targets plus negatives drawn uniformly from the items not seen and not yet chosen (rejection sampling; the plan
   * guarantees at least N unseen items, targets included).
   */
  static int[] randomNegatives(int[] targets, IntPredicate seen, int numItems, int n, Random rnd) {
    Set<Integer> chosen = new HashSet<>();
    int[] out = startWithTargets(targets, n, chosen);
    int w = targets.length;
    while (w < n) {
      int item = rnd.nextInt(numItems);
      if (!seen.test(item) && chosen.add(item)) {
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
}
