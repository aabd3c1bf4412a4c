package io.goalrank.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every kind of saved network. A new per-candidate baseline is one block class (a {@link ScorerBlock}) and one
 * {@link Role#SCORER} line here: it then loads from checkpoints, trains in the experiments with its own seed offset,
 * gets a Table 1 row, joins the G-n pool and the bench's multi-generator systems, and the scaling analysis' pool.
 */
public final class ModelKinds {
  private static final Map<String, ModelKind> BY_NAME = new LinkedHashMap<>();

  static {
    add("generator", ModelKind.Role.GENERATOR, 0, c -> new PointerGenerator(c.config()),
        "pointer-network generator (GoalRank, Seq2Slate, EG-Rerank)");
    add("conditioned-generator", ModelKind.Role.GENERATOR, 0,
        c -> new PointerGenerator(c.config(), objectiveCount(c)),
        "pointer-network generator conditioned on objective weights");
    add("reward", ModelKind.Role.REWARD, 0, c -> new CandidateScorer(c.config()),
        "pointwise reward model trained on the candidate labels");
    add("click-reward", ModelKind.Role.REWARD, 0, c -> new PositionDebiasedScorer(c.config()),
        "pointwise click model with per-position offsets, trained on impressions");
    add("list-reward", ModelKind.Role.REWARD, 0, c -> new ListRewardNetwork(c.config()),
        "list-aware click model trained on impressions");
    add("pairwise-reward", ModelKind.Role.REWARD, 0, c -> new PairwiseClickModel(c.config(), categoryCount(c)),
        "click model with position examination and category-pair interactions with the items above, on "
            + "impressions");
    add("ensemble-reward", ModelKind.Role.COMPOSITE_REWARD, 0, ModelKinds::noBlock,
        "ensemble of list-aware reward models with different seeds: mean - penalty x std of their rewards");
    add("mixture-reward", ModelKind.Role.COMPOSITE_REWARD, 0, ModelKinds::noBlock,
        "mixture of a pointwise (position-debiased) and a list-aware reward model");
    // scorer baselines, in Table 1's order; the seed offsets are the ones every earlier run used
    add("dnn", ModelKind.Role.SCORER, 2, c -> new PointwiseScorer(c.config()),
        "DNN: pointwise MLP scorer over [user; item] (PointwiseScorer), BCE on labels, greedy top-6");
    add("prm", ModelKind.Role.SCORER, 4, c -> new CandidateScorer(c.config()),
        "PRM: Transformer over the candidate set with history cross-attention (CandidateScorer, the reward "
            + "model's architecture, own seed), BCE, greedy top-6");
    add("dlcm", ModelKind.Role.SCORER, 5, c -> new GruListScorer(c.config()),
        "DLCM-style: GRU over the candidates in their stored (shuffled) order, started from the user state "
            + "(GruListScorer), BCE, greedy top-6");
  }

  private ModelKinds() {}

  private static void add(String name, ModelKind.Role role, long seedOffset,
      Function<Checkpoint, ai.djl.nn.Block> factory, String description) {
    register(new ModelKind(name, role, factory, seedOffset, description));
  }

  /**
   * Registers {@code kind}; a name may be registered once. The kinds above are registered for good (a new baseline
   * is one {@code add} line there); closing the returned registration removes {@code kind} again (tests).
   */
  public static synchronized io.goalrank.util.Registration register(ModelKind kind) {
    if (BY_NAME.putIfAbsent(kind.name(), kind) != null) {
      throw new IllegalStateException("model kind '" + kind.name() + "' registered twice");
    }
    return () -> {
      synchronized (ModelKinds.class) {
        BY_NAME.remove(kind.name());
      }
    };
  }

  /** The kind named {@code name}; an unknown name fails with the known ones. */
  public static synchronized ModelKind get(String name) {
    ModelKind kind = BY_NAME.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("Unknown model kind '" + name + "'; known kinds: " + BY_NAME.keySet());
    }
    return kind;
  }

  /** Every kind of {@code role}, in registration order. */
  public static synchronized List<ModelKind> withRole(ModelKind.Role role) {
    return BY_NAME.values().stream().filter(k -> k.role() == role).toList();
  }

  /** The names of the scorer baselines ({@code dnn}, {@code prm}, {@code dlcm}), in Table 1's order. */
  public static List<String> scorerNames() {
    return withRole(ModelKind.Role.SCORER).stream().map(ModelKind::name).toList();
  }

  /** The scorer baseline {@code name}; another name fails. */
  public static synchronized ModelKind scorer(String name) {
    ModelKind kind = BY_NAME.get(name);
    if (kind == null || kind.role() != ModelKind.Role.SCORER) {
      throw new IllegalArgumentException("unknown scorer kind '" + name + "'; choose from " + scorerNames());
    }
    return kind;
  }

  /** A composite kind has no network of its own; its members do. */
  private static ai.djl.nn.Block noBlock(Checkpoint c) {
    throw new IllegalArgumentException("a '" + c.kind() + "' model has no network of its own: its members are saved "
        + "in its sub-directories (" + c.provenance().getOrDefault("members", "?") + "); load it as a reward model");
  }

  /** How many item categories a pairwise click model reads: the count its provenance records. */
  static int categoryCount(Checkpoint c) {
    String n = c.provenance().get(PairwiseClickModel.CATEGORIES);
    if (n == null) {
      throw new IllegalArgumentException("a pairwise click model's checkpoint must record its category count ('"
          + PairwiseClickModel.CATEGORIES + "')");
    }
    return Integer.parseInt(n.trim());
  }

  /**
   * How many objectives a conditioned generator reads: the names its provenance records ({@code objectives},
   * written with the model since conditioned generators exist).
   */
  static int objectiveCount(Checkpoint c) {
    String names = c.provenance().get("objectives");
    if (names == null || names.isBlank()) {
      throw new IllegalArgumentException("a conditioned generator's checkpoint must record its objectives");
    }
    return names.split(",").length;
  }
}
