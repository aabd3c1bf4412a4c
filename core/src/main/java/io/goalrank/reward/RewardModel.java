package io.goalrank.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.goalrank.core.ListUtility;
import io.goalrank.core.RankedLists;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.TopK;
import io.goalrank.data.PreparedDataset;
import io.goalrank.model.BatchTensors;
import io.goalrank.model.Checkpoint;
import io.goalrank.model.ContextEncoder;
import io.goalrank.model.ListRewardNetwork;
import io.goalrank.model.ModelKind;
import io.goalrank.model.ModelKinds;
import io.goalrank.model.NetworkTrainer;
import io.goalrank.model.ScoringNetwork;
import io.goalrank.policy.ScoreCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The frozen reward model r̂, in one of two forms:
 *
 * <ul>
 *   <li><b>pointwise</b> (kind {@code reward}): a {@link ScoringNetwork} trained with BCE on the candidate labels
 *       gives each candidate a click probability p in the context of the whole candidate set and the user's
 *       history; {@code r̂(l) = Σ_i p(l_i) / log2(i+1)}. The only form real data without impression logs allows.
 *   <li><b>list-aware</b> (kind {@code list-reward}): a {@link ListRewardNetwork} trained on logged impressions
 *       gives the click probability of each position given the items above it; {@code r̂(l) = Σ_k p_k}, the
 *       expected clicks. It sees diversity and complementarity, which a pointwise model cannot.
 * </ul>
 *
 * <p>Or a composite of saved reward models ({@link RewardCombination}): an ensemble of list-aware models (kind
 * {@code ensemble-reward}, mean − λ·std of the members' rewards) or a pointwise + list-aware mixture (kind
 * {@code mixture-reward}); a composite's directory holds its members in sub-directories and a {@code model.json}
 * naming them, written last.
 *
 * <p>Optional Gaussian noise {@code r̂ + λ·N(0,1)} (seeded by request id and list index) degrades it on purpose
 * for the robustness analysis, in training and evaluation alike. Rewards never carry gradients: the reward model
 * is frozen.
 */
public final class RewardModel implements TensorListUtility, io.goalrank.core.HasArgmax, AutoCloseable {
  private final NetworkTrainer<?> net;
  private final boolean listAware;
  private final float[] weights;
  private final float noise;
  private final long noiseSeed;
  /** Pointwise probabilities computed once per dataset request (null: computed live). */
  private final Function<RequestBatch, float[][]> cachedProbabilities;
  /** A composite's members (empty for a single network, whose {@link #net} is then set) and how they combine. */
  private final List<RewardModel> members;
  private final RewardCombination combination;

  private RewardModel(NetworkTrainer<?> net, boolean listAware, float noise, long noiseSeed,
      Function<RequestBatch, float[][]> cachedProbabilities) {
    this.net = net;
    this.listAware = listAware;
    this.weights = PositionWeights.dcg(config(net).listLength());
    this.noise = noise;
    this.noiseSeed = noiseSeed;
    this.cachedProbabilities = cachedProbabilities;
    this.members = List.of();
    this.combination = null;
  }

  private RewardModel(RewardCombination combination, List<RewardModel> members, float noise, long noiseSeed) {
    this.net = null;
    this.listAware = members.stream().anyMatch(RewardModel::isListAware);
    this.weights = members.get(0).weights;
    this.noise = noise;
    this.noiseSeed = noiseSeed;
    this.cachedProbabilities = null;
    this.members = List.copyOf(members);
    this.combination = combination;
  }

  /**
   * A composite of trained reward models ({@link RewardCombination}); closing it closes them. A mixture takes a
   * pointwise member, then a list-aware one.
   */
  public static RewardModel composite(RewardCombination combination, List<RewardModel> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a composite reward model needs members");
    }
    if (combination instanceof RewardCombination.Mixture
        && (members.size() != 2 || members.get(0).isListAware() || !members.get(1).isListAware())) {
      throw new IllegalArgumentException("a mixture takes a pointwise reward model, then a list-aware one");
    }
    return new RewardModel(combination, members, 0f, 0);
  }

  /** The single network behind this model, or null for a composite (see {@link #members}). */
  public NetworkTrainer<?> network() {
    return net;
  }

  /** The sub-directories a saved composite keeps its members in, in member order ({@link #saveComposite}). */
  public List<String> memberDirs() {
    if (combination == null) {
      throw new IllegalStateException("not a composite reward model");
    }
    return RewardCombination.memberDirs(combination, members.size());
  }

  /** The composite's members (empty for a single network). */
  public List<RewardModel> members() {
    return members;
  }

  /** How a composite combines its members, or null for a single network. */
  public RewardCombination combination() {
    return combination;
  }

  /**
   * Saves a composite: its members must already be saved in {@code dir}'s sub-directories
   * ({@code member-0, ...} for an ensemble, {@code pointwise} and {@code list} for a mixture); this writes the
   * {@code model.json} that names them, last, so a directory with it is complete.
   */
  public void saveComposite(Path dir, java.util.Map<String, String> provenance) throws IOException {
    if (combination == null) {
      throw new IllegalStateException("not a composite reward model");
    }
    var p = new java.util.LinkedHashMap<>(provenance);
    p.put("members", String.join(",", RewardCombination.memberDirs(combination, members.size())));
    p.putAll(combination.provenance());
    p.put("combination", combination.describe());
    new Checkpoint(combination.kind(), config(firstNetwork()), p).saveMetadata(dir);
  }

  private NetworkTrainer<?> firstNetwork() {
    return net != null ? net : members.get(0).firstNetwork();
  }

  /** A pointwise reward model over a trained per-candidate scorer. */
  /** The checkpoint kinds whose networks read the whole shown list. */
  public static final java.util.Set<String> LIST_AWARE_KINDS = java.util.Set.of("list-reward", "pairwise-reward");

  public static RewardModel pointwise(NetworkTrainer<? extends ScoringNetwork> net) {
    return new RewardModel(net, false, 0f, 0, null);
  }

  /**
   * A list-aware reward model over a trained click model of shown lists ({@link ListRewardNetwork} or
   * {@link io.goalrank.model.PairwiseClickModel}): r̂ is its expected clicks, {@code Σ_k P(click at k)}.
   */
  public static RewardModel listAware(NetworkTrainer<? extends io.goalrank.model.ImpressionClickModel> net) {
    return new RewardModel(net, true, 0f, 0, null);
  }

  /**
   * Loads a saved reward model (kind {@code reward}, {@code click-reward} or {@code list-reward}, or a composite:
   * {@code ensemble-reward}, {@code mixture-reward}).
   */
  @SuppressWarnings("unchecked")
  public static RewardModel load(Path dir) throws IOException {
    Checkpoint cp = Checkpoint.read(dir);
    if (ModelKinds.withRole(ModelKind.Role.REWARD).stream().noneMatch(k -> k.name().equals(cp.kind()))
        && ModelKinds.withRole(ModelKind.Role.COMPOSITE_REWARD).stream().noneMatch(k -> k.name().equals(cp.kind()))) {
      throw new IOException(dir + " holds a '" + cp.kind() + "' model, not a reward model");
    }
    RewardCombination combination = RewardCombination.of(cp);
    if (combination != null) {
      List<RewardModel> loaded = new java.util.ArrayList<>();
      try {
        for (String member : cp.provenance().getOrDefault("members", "").split(",")) {
          loaded.add(load(dir.resolve(member.trim())));
        }
      } catch (IOException | RuntimeException e) {
        loaded.forEach(RewardModel::close);
        throw new IOException(dir + ": a " + cp.kind() + " whose members cannot all be loaded: " + e.getMessage(), e);
      }
      return composite(combination, loaded);
    }
    var net = new NetworkTrainer<>(cp.newBlock(), 0f, 0f, 0f, 0);
    net.loadWeights(dir);
    return LIST_AWARE_KINDS.contains(cp.kind())
        ? listAware((NetworkTrainer<io.goalrank.model.ImpressionClickModel>) (NetworkTrainer<?>) net)
        : pointwise((NetworkTrainer<ScoringNetwork>) (NetworkTrainer<?>) net);
  }

  /** The same network with noise level λ. */
  public RewardModel withNoise(float lambda, long seed) {
    return combination != null ? new RewardModel(combination, members, lambda, seed)
        : new RewardModel(net, listAware, lambda, seed, cachedProbabilities);
  }

  /**
   * The same network with the pointwise click probabilities of every request of {@code data} computed once (a
   * training loop asks for the same requests every epoch). A list-aware model reads each list, so nothing to cache.
   */
  public RewardModel cachedOn(PreparedDataset data) {
    if (combination != null) {
      return new RewardModel(combination, members.stream().map(x -> x.cachedOn(data)).toList(), noise, noiseSeed);
    }
    if (listAware) {
      return this;
    }
    return new RewardModel(net, false, noise, noiseSeed, ScoreCache.of(data, this::probabilities, 256));
  }

  @Override
  public String name() {
    return "reward";
  }

  public boolean isListAware() {
    return listAware;
  }

  /**
   * Whether this model learnt from the candidate labels (kind {@code reward}), the labels evaluation also reads;
   * false for the models learnt from impressions ({@code click-reward}, {@code list-reward}).
   */
  public boolean isTrainedOnLabels() {
    if (combination != null) {
      return members.stream().allMatch(RewardModel::isTrainedOnLabels);
    }
    return !listAware && !(net.block() instanceof io.goalrank.model.PositionDebiasedScorer);
  }

  /**
   * Click probabilities {@code [B][N]}: pointwise, p of each candidate; list-aware, the probability of a click on
   * each candidate shown alone at the top.
   */
  public float[][] probabilities(RequestBatch batch) {
    if (combination != null) {
      List<float[][]> each = members.stream().map(x -> x.probabilities(batch)).toList();
      float[][] out = new float[batch.size()][batch.numCandidates()];
      float[] at = new float[each.size()];
      for (int b = 0; b < out.length; b++) {
        for (int c = 0; c < out[b].length; c++) {
          for (int k = 0; k < at.length; k++) {
            at[k] = each.get(k)[b][c];
          }
          out[b][c] = combination.combineProbabilities(at);
        }
      }
      return out;
    }
    if (cachedProbabilities != null) {
      return cachedProbabilities.apply(batch);
    }
    try (NDManager m = net.manager().newSubManager()) {
      NDArray p;
      if (listAware) {
        NDArray alone = m.arange(0, batch.numCandidates()).toType(DataType.INT64, false)
            .reshape(1, batch.numCandidates(), 1).repeat(0, batch.size());
        p = Activation.sigmoid(clickLogits(m, batch, alone)).squeeze(-1);
      } else {
        p = pointwiseProbabilities(m, batch);
      }
      return reshape(p.toFloatArray(), batch.size(), batch.numCandidates());
    }
  }

  /**
   * Batched list reward of every list of every request, one pass for the whole group, without gradient; noise
   * (when set) included, the same for a (request, list index) wherever it is computed.
   *
   * @param lists {@code [B, G, L]} int64 slots
   * @return {@code [B, G]}
   */
  @Override
  public NDArray listReward(NDManager m, RequestBatch batch, NDArray lists) {
    NDArray reward;
    if (combination != null) {
      reward = combinedReward(m, batch, lists);
    } else if (listAware) {
      reward = Activation.sigmoid(clickLogits(m, batch, lists)).sum(new int[] {2});
    } else {
      NDArray p = cachedProbabilities != null
          ? BatchTensors.matrix(m, cachedProbabilities.apply(batch))
          : pointwiseProbabilities(m, batch);
      Shape s = lists.getShape();
      NDArray picked = p.gather(lists.reshape(s.get(0), s.get(1) * s.get(2)), 1).reshape(s);
      // a prefix (the composite's greedy step) takes the first weights
      float[] w = s.get(2) == weights.length ? weights : java.util.Arrays.copyOf(weights, (int) s.get(2));
      reward = picked.mul(m.create(w).reshape(1, 1, s.get(2))).sum(new int[] {2});
    }
    if (noise > 0) {
      reward = reward.add(m.create(noise(batch, (int) lists.getShape().get(1)), reward.getShape()));
    }
    return reward.stopGradient();
  }

  /**
   * The click probability r̂ gives every position of the shown {@code lists} ({@code [B][K][L]} candidate slots):
   * what {@link io.goalrank.eval.ClickCalibration} checks against observed per-position feedback. A model trained on
   * impressions (list-aware, or pointwise with position offsets) gives the probability of a click at that position
   * of that list; the pointwise model of the candidate labels knows no position and gives each item's p.
   */
  public float[][][] clickProbabilities(RequestBatch batch, int[][][] lists) {
    if (combination != null) {
      // the members' probabilities combined as their probabilities are (an ensemble's mean, a mixture's weights)
      List<float[][][]> each = members.stream().map(x -> x.clickProbabilities(batch, lists)).toList();
      float[][][] out = new float[lists.length][lists[0].length][lists[0][0].length];
      float[] at = new float[each.size()];
      for (int r = 0; r < out.length; r++) {
        for (int j = 0; j < out[r].length; j++) {
          for (int t = 0; t < out[r][j].length; t++) {
            for (int k = 0; k < at.length; k++) {
              at[k] = each.get(k)[r][j][t];
            }
            out[r][j][t] = combination.combineProbabilities(at);
          }
        }
      }
      return out;
    }
    int b = batch.size();
    int k = lists[0].length;
    int l = lists[0][0].length;
    long[] flat = new long[b * k * l];
    for (int r = 0; r < b; r++) {
      if (lists[r].length != k) {
        throw new IllegalArgumentException("every request needs the same number of lists");
      }
      for (int j = 0; j < k; j++) {
        for (int t = 0; t < l; t++) {
          flat[(r * k + j) * l + t] = lists[r][j][t];
        }
      }
    }
    float[] p;
    try (NDManager m = net.manager().newSubManager()) {
      NDArray slots = m.create(flat, new Shape(b, k, l));
      if (net.block() instanceof io.goalrank.model.ImpressionClickModel clicks) {
        var t = BatchTensors.of(m, batch, clicks.config().maxHistory());
        p = Activation.sigmoid(clicks.clickLogits(net.parameterStore(), t, slots, false)).toFloatArray();
      } else {
        p = pointwiseProbabilities(m, batch).gather(slots.reshape(b, k * l), 1).toFloatArray();
      }
    }
    float[][][] out = new float[b][k][l];
    for (int r = 0; r < b; r++) {
      for (int j = 0; j < k; j++) {
        System.arraycopy(p, (r * k + j) * l, out[r][j], 0, l);
      }
    }
    return out;
  }

  /** The members' rewards of {@code lists} combined, without noise: {@code [B, G]}. */
  private NDArray combinedReward(NDManager m, RequestBatch batch, NDArray lists) {
    NDList each = new NDList();
    for (RewardModel member : members) {
      each.add(member.listReward(m, batch, lists));
    }
    return combination.combine(NDArrays.stack(each)).stopGradient();
  }

  /** {@code λ·N(0,1)} per (request, list index), seeded by the request id: {@code [B·G]}. */
  private float[] noise(RequestBatch batch, int lists) {
    float[] out = new float[batch.size() * lists];
    for (int r = 0; r < batch.size(); r++) {
      SplittableRandom rnd = new SplittableRandom(noiseSeed * 31 + batch.requestIds()[r]);
      for (int k = 0; k < lists; k++) {
        out[r * lists + k] = noise * (float) gaussian(rnd);
      }
    }
    return out;
  }

  /**
   * The reward model's own best list, built greedily: each rank takes the candidate with the highest reward gain
   * given the ranks above (pointwise, simply the top-L by p; list-aware, the highest click probability at that
   * rank after the chosen prefix).
   *
   * <p>As a ranking policy named {@code reward-greedy}: Table 1's reference row and the {@code teacher-greedy} group
   * source.
   */
  @Override
  public io.goalrank.core.RankingPolicy greedyPolicy() {
    return new io.goalrank.core.RankingPolicy() {
      @Override
      public String name() {
        return "reward-greedy";
      }

      @Override
      public RankedLists rank(RequestBatch batch, int listLength) {
        return greedy(batch, listLength);
      }
    };
  }

  /**
   * The reward model's own best list, built greedily: each rank takes the candidate with the highest reward gain
   * given the ranks above (pointwise, simply the top-L by p; list-aware, the highest click probability at that
   * rank after the chosen prefix).
   */
  public RankedLists greedy(RequestBatch batch, int listLength) {
    if (combination != null) {
      return compositeGreedy(batch, listLength);
    }
    if (!listAware) {
      float[][] p = probabilities(batch);
      int[][] lists = new int[batch.size()][];
      for (int b = 0; b < batch.size(); b++) {
        lists[b] = TopK.select(p[b], listLength);
      }
      return RankedLists.of(lists);
    }
    if (net.block() instanceof io.goalrank.model.PairwiseClickModel pairwise) {
      try (NDManager m = manager().newSubManager()) {
        return RankedLists.of(pairwise.greedyLists(net.parameterStore(),
            BatchTensors.of(m, batch, pairwise.config().maxHistory()), listLength));
      }
    }
    if (!(net.block() instanceof ListRewardNetwork)) {
      return compositeGreedy(batch, listLength); // one pass per rank over every candidate appended: the same rule
    }
    int n = batch.numCandidates();
    int size = batch.size();
    try (NDManager m = net.manager().newSubManager()) {
      ContextEncoder.Encoded enc = encode(m, batch);
      NDArray every = m.arange(0, n).toType(DataType.INT64, false).reshape(1, n, 1).repeat(0, size);
      NDArray prefix = null; // [B, 1, t]
      NDArray used = m.zeros(new Shape(size, n));
      for (int t = 0; t < listLength; t++) {
        // every candidate appended to the prefix: [B, N, t+1]
        NDArray tried = prefix == null ? every
            : NDArrays.concat(new NDList(prefix.repeat(1, n), every), 2);
        NDArray last = listNetwork().clickLogits(net.parameterStore(), enc, tried, false)
            .get(":, :, " + t); // [B, N]
        NDArray best = last.add(used.mul(BatchTensors.BLOCKED)).argMax(1).reshape(size, 1, 1);
        prefix = prefix == null ? best : NDArrays.concat(new NDList(prefix, best), 2);
        used = used.add(best.reshape(size).oneHot(n).toType(DataType.FLOAT32, false));
      }
      long[] flat = prefix.toLongArray();
      int[][] lists = new int[size][listLength];
      for (int b = 0; b < size; b++) {
        for (int t = 0; t < listLength; t++) {
          lists[b][t] = (int) flat[b * listLength + t];
        }
      }
      return RankedLists.of(lists);
    }
  }

  /**
   * A composite's greedy list, and a list-aware model's other than {@link ListRewardNetwork}'s: each rank takes the
   * candidate whose list so far has the highest reward (the rewards of every prefix extended by each unused
   * candidate, one pass per rank; without noise). For a single pointwise or list-aware model this is the same list as
   * the per-rank rule's.
   */
  private RankedLists compositeGreedy(RequestBatch batch, int listLength) {
    int n = batch.numCandidates();
    int size = batch.size();
    int[][] chosen = new int[size][listLength];
    boolean[][] used = new boolean[size][n];
    for (int t = 0; t < listLength; t++) {
      long[] flat = new long[size * n * (t + 1)];
      for (int b = 0; b < size; b++) {
        for (int c = 0; c < n; c++) {
          int at = (b * n + c) * (t + 1);
          for (int i = 0; i < t; i++) {
            flat[at + i] = chosen[b][i];
          }
          flat[at + t] = c;
        }
      }
      float[] r;
      try (NDManager m = manager().newSubManager()) {
        NDArray tried = m.create(flat, new Shape(size, n, t + 1));
        r = (combination != null ? combinedReward(m, batch, tried)
            : Activation.sigmoid(clickLogits(m, batch, tried)).sum(new int[] {2})).toFloatArray();
      }
      for (int b = 0; b < size; b++) {
        int best = -1;
        for (int c = 0; c < n; c++) {
          if (!used[b][c] && (best < 0 || r[b * n + c] > r[b * n + best])) {
            best = c;
          }
        }
        chosen[b][t] = best;
        used[b][best] = true;
      }
    }
    return RankedLists.of(chosen);
  }

  private NDManager manager() {
    return firstNetwork().manager();
  }

  @Override
  public float[][] score(RequestBatch batch, int[][][] lists) {
    int b = batch.size();
    int g = lists[0].length;
    int l = lists[0][0].length;
    try (NDManager m = manager().newSubManager()) {
      long[] flat = new long[b * g * l];
      for (int r = 0; r < b; r++) {
        if (lists[r].length != g) {
          throw new IllegalArgumentException("every request needs the same number of lists");
        }
        for (int k = 0; k < g; k++) {
          for (int t = 0; t < l; t++) {
            flat[(r * g + k) * l + t] = lists[r][k][t];
          }
        }
      }
      return reshape(listReward(m, batch, m.create(flat, new Shape(b, g, l))).toFloatArray(), b, g);
    }
  }

  public float noise() {
    return noise;
  }

  private NDArray pointwiseProbabilities(NDManager m, RequestBatch batch) {
    ScoringNetwork scorer = (ScoringNetwork) net.block();
    BatchTensors t = BatchTensors.of(m, batch, scorer.config().maxHistory());
    return Activation.sigmoid(scorer.logits(net.parameterStore(), t, false));
  }

  private NDArray clickLogits(NDManager m, RequestBatch batch, NDArray lists) {
    var block = (io.goalrank.model.ImpressionClickModel) net.block();
    return block.clickLogits(net.parameterStore(), BatchTensors.of(m, batch, block.config().maxHistory()), lists,
        false);
  }

  private ContextEncoder.Encoded encode(NDManager m, RequestBatch batch) {
    ListRewardNetwork block = listNetwork();
    return block.encode(net.parameterStore(), BatchTensors.of(m, batch, block.config().maxHistory()), false);
  }

  private ListRewardNetwork listNetwork() {
    return (ListRewardNetwork) net.block();
  }

  private static io.goalrank.model.ModelConfig config(NetworkTrainer<?> net) {
    return net.block() instanceof io.goalrank.model.ImpressionClickModel clicks ? clicks.config()
        : ((ScoringNetwork) net.block()).config();
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = Math.max(rnd.nextDouble(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  static float[][] reshape(float[] flat, int rows, int cols) {
    float[][] out = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * cols, out[r], 0, cols);
    }
    return out;
  }

  @Override
  public void close() {
    if (net != null) {
      net.close();
    }
    members.forEach(RewardModel::close);
  }
}
