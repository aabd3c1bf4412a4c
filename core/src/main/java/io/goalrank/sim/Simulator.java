package io.goalrank.sim;

import io.goalrank.data.Interactions;
import io.goalrank.data.ItemCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A synthetic population of users with a known, list-aware click model: the project's default data and the
 * ground truth that lets tests assert one ranking policy beats another.
 *
 * <h2>World</h2>
 * Each category {@code g} has a unit centroid {@code c_g ∈ R^d}. Item {@code i} has one or two categories
 * {@code C(i)} and a unit vector {@code v_i = norm(0.8·mean_{g∈C(i)} c_g + 0.6·ε)}, so categories carry signal;
 * user {@code u} likes one or two categories {@code P(u)} and has {@code u = norm(Σ_{g∈P(u)} c_g + 0.7·ε)}
 * ({@code ε} isotropic Gaussian of unit expected norm). Item popularity follows Zipf: with {@code r_i} the item's
 * popularity rank (a random permutation), {@code b_i = β0 + β·(s·mean_j ln r_j − s·ln r_i)}. A sparse symmetric
 * matrix {@code M} marks {@link SimulatorConfig#complementaryPairs} category pairs as complementary.
 *
 * <h2>Click model</h2>
 * The probability that user {@code u} clicks item {@code i = l_k}, shown at rank {@code k} of list {@code l},
 * given the items {@code l_<k} shown above it, is
 * <pre>
 *   p(u, i | l_<k) = σ( α·u·v_i + b_i − γ·|{j ∈ l_<k : C(j) ∩ C(i) ≠ ∅}| + κ·|{j ∈ l_<k : M(C(i), C(j))}| )
 * </pre>
 * so repeating a category is penalised (diversity) and pairing complementary categories is rewarded. A user
 * examines rank {@code k} with probability {@code w_k} (default {@code 1/log2(k+1)}), independently of the rest.
 * The TRUE utility of a list is the expected number of clicks:
 * <pre>
 *   U(u, l) = Σ_k w_k · p(u, l_k | l_<k)
 * </pre>
 * {@link #relevance} is the context-free click probability {@code σ(α·u·v_i + b_i)}.
 *
 * <h2>Logged data</h2>
 * See {@link #generateLog()}: a popularity-leaning, noisy logging policy shows sessions of items and the click
 * model decides the feedback. Simulator ids are {@code 0..users-1} and {@code 0..items-1}; in logs their raw ids
 * are {@code "u<id>"} and {@code "i<id>"}.
 *
 * <p>Instances are immutable and thread-safe; everything is a deterministic function of the config's seed.
 */
public final class Simulator {
  /** Rating logged for an examined item the user clicked (liked). */
  public static final float LIKED_RATING = 5f;
  /** Rating logged for an examined item the user did not click (consumed, not liked). */
  public static final float DISLIKED_RATING = 2f;

  private static final long LOGGING_SALT = 0x6C6F6767696E67L; // "logging": its own stream family

  private final SimulatorConfig config;
  private final double[][] userVec;
  private final double[][] itemVec;
  private final double[] bias;
  private final int[][] itemCategories;
  private final long[] itemMask; // bit g set when the item has category g
  private final long[] itemComplementMask; // bit h set when some category of the item complements h
  private final boolean[][] complementary;
  private final double[] positionBias;
  private final ItemCatalog catalog;

  private Simulator(SimulatorConfig config) {
    this.config = config;
    // separate streams per component, so e.g. changing the pair count does not move the item vectors
    SplittableRandom root = new SplittableRandom(config.seed());
    SplittableRandom catRng = root.split();
    SplittableRandom itemRng = root.split();
    SplittableRandom userRng = root.split();
    SplittableRandom popRng = root.split();
    SplittableRandom pairRng = root.split();
    int d = config.latentDim();
    int numCats = config.categories();

    double[][] centroids = new double[numCats][];
    for (int g = 0; g < numCats; g++) {
      centroids[g] = normalize(gaussian(catRng, d, 1.0));
    }

    int numItems = config.items();
    itemVec = new double[numItems][];
    itemCategories = new int[numItems][];
    itemMask = new long[numItems];
    for (int i = 0; i < numItems; i++) {
      int first = itemRng.nextInt(numCats);
      int[] cats = {first};
      if (numCats > 1 && itemRng.nextDouble() < config.secondCategoryProb()) {
        int second = (first + 1 + itemRng.nextInt(numCats - 1)) % numCats;
        cats = new int[] {Math.min(first, second), Math.max(first, second)};
      }
      itemCategories[i] = cats;
      double[] v = gaussian(itemRng, d, 0.6 / Math.sqrt(d));
      for (int g : cats) {
        itemMask[i] |= 1L << g;
        for (int x = 0; x < d; x++) {
          v[x] += 0.8 * centroids[g][x] / cats.length;
        }
      }
      itemVec[i] = normalize(v);
    }

    userVec = new double[config.users()][];
    for (int u = 0; u < config.users(); u++) {
      double[] v = gaussian(userRng, d, 0.7 / Math.sqrt(d));
      int liked = 1 + (userRng.nextDouble() < 0.5 ? 1 : 0);
      for (int c = 0; c < liked; c++) {
        double[] centroid = centroids[userRng.nextInt(numCats)];
        for (int x = 0; x < d; x++) {
          v[x] += centroid[x];
        }
      }
      userVec[u] = normalize(v);
    }

    bias = popularityBias(config, popRng);
    complementary = complementPairs(numCats, config.complementaryPairs(), pairRng);
    long[] complementOfCategory = new long[numCats];
    for (int g = 0; g < numCats; g++) {
      for (int h = 0; h < numCats; h++) {
        if (complementary[g][h]) {
          complementOfCategory[g] |= 1L << h;
        }
      }
    }
    itemComplementMask = new long[numItems];
    for (int i = 0; i < numItems; i++) {
      for (int g : itemCategories[i]) {
        itemComplementMask[i] |= complementOfCategory[g];
      }
    }
    positionBias = config.positionBias().stream().mapToDouble(Double::doubleValue).toArray();
    catalog = buildCatalog(itemCategories, numCats);
  }

  /** The simulator for {@code config}; the same config always gives the same simulator. */
  public static Simulator create(SimulatorConfig config) {
    return new Simulator(Objects.requireNonNull(config, "config"));
  }

  /**
   * The simulator a prepared dataset was generated by, or null for real data: the exact {@link SimulatorConfig} the
   * dataset records. A file written before configs were recorded holds only five {@code sim.*} info entries; its
   * simulator is rebuilt from those with defaults for the rest, as that build did.
   *
   * @throws IllegalArgumentException when the recorded config is invalid or names a field this build lacks
   */
  public static Simulator of(io.goalrank.data.PreparedDataset data) {
    java.util.Optional<String> json = data.config(SimulatorConfig.PROVENANCE);
    if (json.isPresent()) {
      try {
        return create(SimulatorConfig.fromJson(json.get(), "prepared dataset '" + data.info().getOrDefault("dataset",
            "?") + "': config '" + SimulatorConfig.PROVENANCE + "'"));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    java.util.Map<String, String> info = data.info();
    if (!info.containsKey("sim.seed")) {
      return null;
    }
    return create(SimulatorConfig.builder()
        .users(Integer.parseInt(info.get("sim.users")))
        .items(Integer.parseInt(info.get("sim.items")))
        .interactionsPerUser(Integer.parseInt(info.get("sim.interactions.min")),
            Integer.parseInt(info.get("sim.interactions.max")))
        .seed(Long.parseLong(info.get("sim.seed")))
        .build());
  }

  public SimulatorConfig config() {
    return config;
  }

  public int numUsers() {
    return userVec.length;
  }

  public int numItems() {
    return itemVec.length;
  }

  /** Titles ("item 17"), categories and category names ("topic-3"), indexed by simulator item id. */
  public ItemCatalog catalog() {
    return catalog;
  }

  /** The categories of {@code item}, ascending (a copy). */
  public int[] categories(int item) {
    return itemCategories[item].clone();
  }

  /** Whether categories {@code g} and {@code h} complement each other (symmetric, never {@code g == h}). */
  public boolean complementary(int g, int h) {
    return complementary[g][h];
  }

  /** {@code w_k} for the 0-based {@code rank}. */
  public double positionBias(int rank) {
    return positionBias[rank];
  }

  /** The longest list {@link #trueUtility} accepts: the ranks the position bias covers. */
  public int maxListLength() {
    return positionBias.length;
  }

  /** Raw id of a simulated user in logs: {@code "u<id>"}. */
  public static String userRawId(int simUser) {
    return "u" + simUser;
  }

  /** Raw id of a simulated item in logs: {@code "i<id>"}. */
  public static String itemRawId(int simItem) {
    return "i" + simItem;
  }

  /** The context-free click logit {@code α·u·v_i + b_i}. */
  public double logit(int simUser, int simItem) {
    double[] u = userVec[simUser];
    double[] v = itemVec[simItem];
    double dot = 0;
    for (int x = 0; x < u.length; x++) {
      dot += u[x] * v[x];
    }
    return config.affinityScale() * dot + bias[simItem];
  }

  /** The context-free click probability {@code σ(α·u·v_i + b_i)}: how much {@code simUser} likes the item. */
  public double relevance(int simUser, int simItem) {
    return sigmoid(logit(simUser, simItem));
  }

  /** The popularity term {@code b_i} of the click logit (including the base logit). */
  public double popularityBias(int simItem) {
    return bias[simItem];
  }

  /** {@code p(u, l_k | l_<k)}: the click probability of the item at 0-based {@code rank}, if examined. */
  public double clickProbability(int simUser, int[] simItems, int rank) {
    return sigmoid(logit(simUser, simItems[rank]) + contextLogit(simItems, rank, simItems[rank]));
  }

  /** The true utility {@code U(u, l) = Σ_k w_k · p(u, l_k | l_<k)}: expected clicks on the list. */
  public double trueUtility(int simUser, int[] simItems) {
    if (simItems.length > positionBias.length) {
      throw new IllegalArgumentException(
          "List of " + simItems.length + " items is longer than the " + positionBias.length
              + " ranks the position bias covers");
    }
    double total = 0;
    for (int k = 0; k < simItems.length; k++) {
      total += positionBias[k] * clickProbability(simUser, simItems, k);
    }
    return total;
  }

  /**
   * The logging policy's list for {@code simUser} over {@code candidateSimItems}: {@code L} distinct positions
   * into {@code candidateSimItems} (not item ids), drawn without replacement (Plackett–Luce) from
   * {@code softmax(s_ui / T)} with the score {@link #loggingScore}. It knows relevance only noisily, over-weights
   * popularity and ignores diversity and complementarity; {@code rng} drives only the sampling.
   */
  public int[] loggingPolicyList(int simUser, int[] candidateSimItems, int listLength, Random rng) {
    checkListLength(candidateSimItems.length, listLength);
    int n = candidateSimItems.length;
    double[] scores = new double[n];
    int[] positions = new int[n];
    for (int c = 0; c < n; c++) {
      scores[c] = loggingScore(simUser, candidateSimItems[c]);
      positions[c] = c;
    }
    return sampleLogging(loggingWeights(scores), positions, n, listLength, rng);
  }

  /**
   * The logging policy's score {@code s_ui = α·u·v_i + (1+λ)·b_i + σ_log·ε_ui}, with {@code λ} the extra
   * popularity weight and {@code ε_ui ~ N(0,1)} a fixed function of (seed, user, item): the policy's estimation
   * error is persistent, so it is one fixed stochastic policy {@code π(·|u)} in the log and on any candidates.
   */
  public double loggingScore(int simUser, int simItem) {
    return logit(simUser, simItem) + config.loggingPopularityWeight() * bias[simItem]
        + config.loggingNoise() * loggingError(simUser, simItem);
  }

  /**
   * Greedy maximisation of the true utility: rank by rank, the candidate with the highest click probability given
   * the items already placed (the rank's {@code w_k} is common to all candidates, so this is the greedy step of
   * {@code U}). An upper-bound reference, not necessarily the exact optimum. Returns positions into
   * {@code candidateSimItems}.
   */
  public int[] optimalGreedyList(int simUser, int[] candidateSimItems, int listLength) {
    checkListLength(candidateSimItems.length, listLength);
    int n = candidateSimItems.length;
    double[] base = new double[n];
    for (int c = 0; c < n; c++) {
      base[c] = logit(simUser, candidateSimItems[c]);
    }
    boolean[] used = new boolean[n];
    int[] slots = new int[listLength];
    int[] chosen = new int[listLength];
    for (int k = 0; k < listLength; k++) {
      int best = -1;
      double bestLogit = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < n; c++) {
        if (used[c]) {
          continue;
        }
        // σ is monotone, so comparing logits is enough
        double z = base[c] + contextLogit(chosen, k, candidateSimItems[c]);
        if (z > bestLogit) {
          bestLogit = z;
          best = c;
        }
      }
      used[best] = true;
      slots[k] = best;
      chosen[k] = candidateSimItems[best];
    }
    return slots;
  }

  /**
   * A synthetic interaction log through the same columns as real data.
   *
   * <p>User {@code u} draws a target size {@code T_u} uniformly in {@code [min, max]} and then has sessions at
   * increasing times. In each session the logging policy (see {@link #loggingPolicyList}) shows
   * {@link SimulatorConfig#sessionLength} items drawn from the whole catalogue minus what {@code u} already
   * consumed. Consumption rule: the user examines rank {@code k} with probability {@code w_k}; an examined item is
   * consumed and becomes a row, rated {@value #LIKED_RATING} if clicked (with probability {@code p} from the click
   * model, logit perturbed by {@code N(0, feedbackNoise²)}, context = all items shown above it) and
   * {@value #DISLIKED_RATING} otherwise. Unexamined items leave no trace and may be shown again. The log stops at
   * exactly {@code T_u} rows. Timestamps are seconds, strictly increasing per user (sessions hours to days apart,
   * items within a session seconds apart).
   *
   * <p>Users and items are indexed {@code "u0".."u<users-1>"} and {@code "i0".."i<items-1>"} in id order (so
   * dense index = simulator id, and items never consumed are still indexed); the catalog is aligned with them.
   */
  public Interactions generateLog() {
    return new LogGenerator(this).generate();
  }

  // ---- package-private helpers for LogGenerator ----

  /** {@code −γ·(earlier items sharing a category) + κ·(earlier items of a complementary category)}. */
  double contextLogit(int[] list, int rank, int item) {
    long mask = itemMask[item];
    long complement = itemComplementMask[item];
    int shared = 0;
    int complementing = 0;
    for (int j = 0; j < rank; j++) {
      long other = itemMask[list[j]];
      if ((mask & other) != 0) {
        shared++;
      }
      if ((complement & other) != 0) {
        complementing++;
      }
    }
    return -config.diversityPenalty() * shared + config.complementarityStrength() * complementing;
  }

  /** Softmax weights {@code exp((s − max s) / T)}, unnormalised; indexed like {@code scores}. */
  double[] loggingWeights(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : scores) {
      max = Math.max(max, x);
    }
    double invTemp = 1.0 / config.loggingTemperature();
    double[] w = new double[scores.length];
    for (int c = 0; c < scores.length; c++) {
      // tiny weights only round to 0 at extreme temperatures; ties then go to the lowest position
      w[c] = Math.exp((scores[c] - max) * invTemp);
    }
    return w;
  }

  /**
   * Plackett–Luce sampling of {@code listLength} of the positions {@code 0..n-1}, position {@code c} having weight
   * {@code weights[index[c]]}: the top keys {@code w / Exp(1)} (the exponential race, equivalent to Gumbel-top-k
   * but without logarithms, which matters in the log's inner loop). Returns positions.
   */
  static int[] sampleLogging(double[] weights, int[] index, int n, int listLength, RandomGenerator rng) {
    double[] keys = new double[n];
    for (int c = 0; c < n; c++) {
      keys[c] = weights[index[c]] / rng.nextExponential();
    }
    int[] slots = new int[listLength];
    for (int k = 0; k < listLength; k++) {
      int best = 0;
      for (int c = 1; c < n; c++) {
        if (keys[c] > keys[best]) {
          best = c;
        }
      }
      slots[k] = best;
      keys[best] = Double.NEGATIVE_INFINITY;
    }
    return slots;
  }

  private double loggingError(int simUser, int simItem) {
    long key = (long) simUser * itemVec.length + simItem;
    return new SplittableRandom(mix(config.seed() ^ LOGGING_SALT, key)).nextGaussian();
  }

  /** SplitMix64 finaliser of (seed, key): nearby keys get unrelated random streams. */
  static long mix(long seed, long key) {
    long z = seed + 0x9E3779B97F4A7C15L * (key + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  private static void checkListLength(int candidates, int listLength) {
    if (listLength < 0 || listLength > candidates) {
      throw new IllegalArgumentException(
          "Cannot pick a list of " + listLength + " from " + candidates + " candidates");
    }
  }

  private static double[] popularityBias(SimulatorConfig config, SplittableRandom rng) {
    int n = config.items();
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = i + 1;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    double meanLog = 0;
    for (int r = 1; r <= n; r++) {
      meanLog += Math.log(r) / n;
    }
    double s = config.popularitySkew();
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      // centred so the skew changes the spread, not the overall click rate (baseLogit does that)
      b[i] = config.baseLogit() + config.popularityWeight() * s * (meanLog - Math.log(rank[i]));
    }
    return b;
  }

  private static boolean[][] complementPairs(int numCats, int pairs, SplittableRandom rng) {
    List<int[]> all = new ArrayList<>();
    for (int g = 0; g < numCats; g++) {
      for (int h = g + 1; h < numCats; h++) {
        all.add(new int[] {g, h});
      }
    }
    boolean[][] m = new boolean[numCats][numCats];
    for (int p = 0; p < pairs; p++) {
      int pick = p + rng.nextInt(all.size() - p); // partial Fisher–Yates: pairs distinct
      int[] pair = all.get(pick);
      all.set(pick, all.get(p));
      all.set(p, pair);
      m[pair[0]][pair[1]] = true;
      m[pair[1]][pair[0]] = true;
    }
    return m;
  }

  private static ItemCatalog buildCatalog(int[][] categories, int numCats) {
    List<String> titles = new ArrayList<>(categories.length);
    List<int[]> cats = new ArrayList<>(categories.length);
    for (int i = 0; i < categories.length; i++) {
      titles.add("item " + i);
      cats.add(categories[i].clone());
    }
    List<String> names = new ArrayList<>(numCats);
    for (int g = 0; g < numCats; g++) {
      names.add("topic-" + g);
    }
    return new ItemCatalog(titles, cats, names);
  }

  private static double[] gaussian(SplittableRandom rng, int d, double scale) {
    double[] v = new double[d];
    for (int x = 0; x < d; x++) {
      v[x] = scale * rng.nextGaussian();
    }
    return v;
  }

  private static double[] normalize(double[] v) {
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      return v;
    }
    for (int x = 0; x < v.length; x++) {
      v[x] /= norm;
    }
    return v;
  }
}
