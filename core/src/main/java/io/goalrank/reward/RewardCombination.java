package io.goalrank.reward;

import ai.djl.ndarray.NDArray;
import io.goalrank.model.Scalars;
import java.util.List;
import java.util.Locale;

/**
 * How a composite reward model turns its members' rewards of the same lists into one (issue 20). Members' rewards
 * are stacked on a leading axis; the result has the shape of one member's.
 */
public sealed interface RewardCombination {

  /** The checkpoint kind a composite of this combination is saved as. */
  String kind();

  /** The combined reward: {@code stacked} is {@code [K, ...]}, one slice per member, in member order. */
  NDArray combine(NDArray stacked);

  /** The combined click probability of members' probabilities (a composite's {@code probabilities}). */
  float combineProbabilities(float[] members);

  /** One line for logs and {@code goalrank info}. */
  String describe();

  /** Its settings, as a saved composite's {@code model.json} records them (read back by {@link #of}). */
  java.util.Map<String, String> provenance();

  /** The combination a saved composite's checkpoint records, or null when the checkpoint is of one network. */
  static RewardCombination of(io.goalrank.model.Checkpoint cp) {
    return switch (cp.kind()) {
      case "ensemble-reward" -> new Ensemble(Float.parseFloat(cp.provenance().getOrDefault("ensemblePenalty", "0")));
      case "mixture-reward" -> new Mixture(Float.parseFloat(cp.provenance().getOrDefault("mixtureWeight", "0.5")));
      default -> null;
    };
  }

  /**
   * An ensemble of K reward models of the same kind trained with different seeds: {@code r̂(l) = mean_k r̂_k(l) −
   * λ·std_k r̂_k(l)}, so a list the members disagree on (one they never saw the like of) is rewarded less. The
   * standard deviation is the population one (divided by K).
   *
   * @param penalty λ ≥ 0 ({@code --ensemble-penalty})
   */
  record Ensemble(float penalty) implements RewardCombination {
    public Ensemble {
      if (!(penalty >= 0) || Float.isInfinite(penalty)) {
        throw new IllegalArgumentException("--ensemble-penalty must be non-negative and finite, got " + penalty);
      }
    }

    @Override
    public String kind() {
      return "ensemble-reward";
    }

    @Override
    public NDArray combine(NDArray stacked) {
      NDArray mean = stacked.mean(new int[] {0});
      if (penalty == 0) {
        return mean;
      }
      NDArray centred = stacked.sub(mean.expandDims(0));
      NDArray std = centred.mul(centred).mean(new int[] {0}).sqrt();
      return mean.sub(Scalars.mul(std, penalty));
    }

    @Override
    public float combineProbabilities(float[] members) {
      double sum = 0;
      for (float p : members) {
        sum += p;
      }
      return (float) (sum / members.length);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "ensemble: mean - %.3g x std of its members' rewards", penalty);
    }

    @Override
    public java.util.Map<String, String> provenance() {
      return java.util.Map.of("ensemblePenalty", Float.toString(penalty));
    }
  }

  /**
   * A pointwise and a list-aware reward model mixed: {@code r̂(l) = (1 − w)·r̂_pointwise(l) + w·r̂_list(l)}. Both
   * are expected clicks on the list (the pointwise one discounted by position), so their scales agree. Members in
   * that order: pointwise first.
   *
   * @param listWeight w in [0, 1] ({@code --mixture-weight})
   */
  record Mixture(float listWeight) implements RewardCombination {
    public Mixture {
      if (!(listWeight >= 0 && listWeight <= 1)) {
        throw new IllegalArgumentException("--mixture-weight must be in [0, 1], got " + listWeight);
      }
    }

    @Override
    public String kind() {
      return "mixture-reward";
    }

    @Override
    public NDArray combine(NDArray stacked) {
      return Scalars.mul(stacked.get(0), 1 - listWeight).add(Scalars.mul(stacked.get(1), listWeight));
    }

    @Override
    public float combineProbabilities(float[] members) {
      return (1 - listWeight) * members[0] + listWeight * members[1];
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "mixture: %.3g x pointwise + %.3g x list-aware", 1 - listWeight, listWeight);
    }

    @Override
    public java.util.Map<String, String> provenance() {
      return java.util.Map.of("mixtureWeight", Float.toString(listWeight));
    }
  }

  /** The member directory names of a composite saved with {@code members} members. */
  static List<String> memberDirs(RewardCombination c, int members) {
    if (c instanceof Mixture) {
      return List.of("pointwise", "list");
    }
    return java.util.stream.IntStream.range(0, members).mapToObj(k -> "member-" + k).toList();
  }
}
